using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepNotes.Serialization;

/// <summary>The tensors and string metadata of a safetensors file, tensors in the order of their data in the file.</summary>
/// <param name="Tensors">The tensors by name.</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (empty when the file has none).</param>
public sealed record SafeTensorsContent(OrderedDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Reads and writes the <see href="https://github.com/huggingface/safetensors">safetensors</see> format, the one
/// PyTorch users share weights in: an 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype": "F32", "shape": [8, 4], "data_offsets": [0, 128]}, "__metadata__": {...}}</c>), then the data.
/// </summary>
/// <remarks>
/// <para>Writing follows the reference implementation: tensors ordered by descending dtype (I64, F64, F32, BOOL) then by
/// name, compact JSON with <c>__metadata__</c> first, the header padded with spaces to a multiple of 8 bytes.
/// Float32 is written as F32, Float64 as F64, Bool as BOOL, Int32 as I32 and Int64 as I64 (PyTorch's integer dtype,
/// e.g. for <c>num_batches_tracked</c>), Float16 as F16 and BFloat16 as BF16, so every dtype round-trips bit for bit and PyTorch reads the values with the dtypes it expects.</para>
/// <para>Reading accepts F32, F64, F16 and BF16 (as the storage-only Float16 and BFloat16, bit for bit), I64 (to Int64, exactly), I32, I16, U16, I8,
/// U8 (to Int32) and BOOL. The reader trusts nothing: every malformed file (header length
/// beyond the file or above 100 MB, invalid UTF-8 or JSON, duplicate keys, unknown dtypes, negative or non-integer
/// shapes, element counts above Int32.MaxValue, byte ranges that do not match shape × dtype size or do not tile the
/// data exactly, trailing bytes, BOOL bytes other than 0 and 1) throws <see cref="InvalidDataException"/>.</para>
/// </remarks>
public static class SafeTensors
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>The largest single read or write of raw tensor bytes (1 GiB).</summary>
    private const int SliceBytes = 1 << 30;

    // ------------------------------------------------------------------ writing

    /// <summary>Writes <paramref name="tensors"/> (any shapes and dtypes) and optional string metadata to a file, atomically.</summary>
    /// <remarks>Everything is validated before the disk is touched; the data goes to a temporary file in the same folder,
    /// is flushed to disk and then renamed over <paramref name="path"/>. A failure at any point (an invalid argument, a
    /// full disk, a crash or kill of the process) leaves the previous file as it was.</remarks>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors by name, e.g. <c>model.StateDict()</c>.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    /// <exception cref="ArgumentException">A name is <c>__metadata__</c>, a key or a metadata value is null.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        CheckLittleEndian();
        var (header, ordered) = SafeTensorsWriter.BuildHeader(tensors, metadata);
        AtomicFile.Write(path, stream => WriteBody(stream, header, ordered));
    }

    /// <summary>Writes <paramref name="tensors"/> and optional metadata to <paramref name="stream"/> at its position.</summary>
    /// <remarks>Everything is validated before the first byte is written.</remarks>
    /// <param name="stream">A writable stream; it is left open.</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    /// <exception cref="ArgumentException">A name is <c>__metadata__</c>, a key or a metadata value is null.</exception>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        CheckLittleEndian();
        var (header, ordered) = SafeTensorsWriter.BuildHeader(tensors, metadata);
        WriteBody(stream, header, ordered);
    }

    private static void WriteBody(Stream stream, byte[] header, List<(string Name, Tensor Tensor)> ordered)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in ordered) WriteData(stream, tensor);
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        var t = tensor.ContiguousRaw();
        switch (t.DType)
        {
            case DType.Float32: WriteRaw(stream, t.Span<float>()[..t.ElementCount]); break;
            case DType.Float64: WriteRaw(stream, t.Span<double>()[..t.ElementCount]); break;
            case DType.Bool: WriteRaw(stream, t.Span<bool>()[..t.ElementCount]); break;
            case DType.Int64: WriteRaw(stream, t.Span<long>()[..t.ElementCount]); break;
            case DType.Float16: WriteRaw(stream, t.Span<Half>()[..t.ElementCount]); break;
            case DType.BFloat16: WriteRaw(stream, t.Span<BFloat16>()[..t.ElementCount]); break;
            default: WriteRaw(stream, t.Span<int>()[..t.ElementCount]); break;
        }
    }

    /// <summary>Writes the bytes of <paramref name="values"/> in slices of at most <see cref="SliceBytes"/>, so that
    /// tensors of 2 GiB and more (whose byte count exceeds a span's Int32 length) are written too.</summary>
    private static void WriteRaw<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        int perSlice = SliceBytes / Unsafe.SizeOf<T>();
        for (int i = 0; i < values.Length; i += Math.Min(perSlice, values.Length - i))
            stream.Write(MemoryMarshal.AsBytes(values.Slice(i, Math.Min(perSlice, values.Length - i))));
    }

    // ------------------------------------------------------------------ reading

    /// <summary>Reads every tensor of a safetensors file, in the order of their data in the file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors by name (fresh contiguous tensors, not requiring grad).</returns>
    /// <exception cref="InvalidDataException">The file is malformed (see the class remarks).</exception>
    public static OrderedDictionary<string, Tensor> Load(string path) => Read(path).Tensors;

    /// <summary>Reads every tensor of a safetensors stream from its position.</summary>
    /// <param name="stream">A readable stream, consumed to its end; it is left open.</param>
    /// <returns>The tensors by name.</returns>
    /// <exception cref="InvalidDataException">The data is malformed.</exception>
    public static OrderedDictionary<string, Tensor> Load(Stream stream) => Read(stream).Tensors;

    /// <summary>Reads the tensors and the metadata of a safetensors file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors and the <c>__metadata__</c> entries.</returns>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes);
        return Read(stream);
    }

    /// <summary>Reads the tensors and the metadata of a safetensors stream from its position to its end.</summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <returns>The tensors and the <c>__metadata__</c> entries.</returns>
    /// <exception cref="InvalidDataException">The data is malformed.</exception>
    public static SafeTensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckLittleEndian();
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw SafeTensorsHeader.Bad("the file is shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > SafeTensorsHeader.MaxHeaderSize)
            throw SafeTensorsHeader.Bad($"the header length {headerLength} exceeds the limit of {SafeTensorsHeader.MaxHeaderSize} bytes");
        if (available is { } total && (long)headerLength > total - 8)
            throw SafeTensorsHeader.Bad($"the header length {headerLength} exceeds the {total - 8} bytes that follow it");
        // A stream of unknown length may claim a header far longer than what it holds: read what arrives.
        var header = GrowingRead.Exactly(stream, (int)headerLength)
            ?? throw SafeTensorsHeader.Bad($"the stream ends inside the {headerLength}-byte header");

        var (entries, metadata, dataSize) = SafeTensorsHeader.Parse(header);
        if (available is { } all && all - 8 - (long)headerLength != dataSize)
        {
            long actual = all - 8 - (long)headerLength;
            throw SafeTensorsHeader.Bad(actual > dataSize
                ? $"{actual - dataSize} trailing bytes after the {dataSize} bytes of tensor data"
                : $"the header describes {dataSize} bytes of tensor data but only {actual} follow it (data_offsets out of range)");
        }

        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var entry in entries)
            {
                if (available is not null)
                {
                    // The length was checked against the header: every byte the tensors claim is there.
                    tensors.Add(entry.Name, ReadTensor(stream, entry, chunk));
                    continue;
                }
                // Unknown length: take the tensor's bytes as they arrive before allocating it, so that memory is bounded
                // by the bytes read, not by the shape the header claims.
                using var bytes = GrowingRead.AsStream(stream, entry.End - entry.Begin)
                    ?? throw SafeTensorsHeader.Bad($"the stream ends inside the data of tensor '{entry.Name}' (data_offsets out of range)");
                tensors.Add(entry.Name, ReadTensor(bytes, entry, chunk));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (available is null && stream.ReadByte() >= 0)
            throw SafeTensorsHeader.Bad($"trailing bytes after the {dataSize} bytes of tensor data");
        return new SafeTensorsContent(tensors, metadata.AsReadOnly());
    }

    private static Tensor ReadTensor(Stream stream, TensorEntry entry, byte[] chunk)
    {
        var tensor = new Tensor(new Shape(entry.Shape), entry.DType.TensorDType());
        int count = tensor.ElementCount;
        switch (entry.DType)
        {
            case FileDType.F32: ReadRaw(stream, tensor.Span<float>()[..count], entry); return tensor;
            case FileDType.F64: ReadRaw(stream, tensor.Span<double>()[..count], entry); return tensor;
            case FileDType.I32: ReadRaw(stream, tensor.Span<int>()[..count], entry); return tensor;
            case FileDType.I64: ReadRaw(stream, tensor.Span<long>()[..count], entry); return tensor;
            case FileDType.F16: ReadRaw(stream, tensor.Span<Half>()[..count], entry); return tensor;
            case FileDType.BF16: ReadRaw(stream, tensor.Span<BFloat16>()[..count], entry); return tensor;
        }

        int size = entry.DType.Size();
        int perChunk = ChunkBytes / size;
        for (int start = 0; start < count; start += Math.Min(perChunk, count - start))
        {
            int n = Math.Min(perChunk, count - start);
            var bytes = chunk.AsSpan(0, n * size);
            ReadExactly(stream, bytes, entry);
            switch (entry.DType)
            {
                case FileDType.Bool:
                {
                    var dst = tensor.Span<bool>().Slice(start, n);
                    for (int i = 0; i < n; i++)
                    {
                        if (bytes[i] > 1) throw SafeTensorsHeader.Bad($"tensor '{entry.Name}': BOOL element {start + i} is {bytes[i]}, not 0 or 1");
                        dst[i] = bytes[i] != 0;
                    }
                    break;
                }
                default:
                {
                    var dst = tensor.Span<int>().Slice(start, n);
                    for (int i = 0; i < n; i++)
                        dst[i] = entry.DType switch
                        {
                            FileDType.U8 => bytes[i],
                            FileDType.I8 => (sbyte)bytes[i],
                            FileDType.I16 => MemoryMarshal.Cast<byte, short>(bytes)[i],
                            _ => MemoryMarshal.Cast<byte, ushort>(bytes)[i],
                        };
                    break;
                }
            }
        }
        return tensor;
    }

    /// <summary>Reads the raw bytes of <paramref name="values"/> in slices of at most <see cref="SliceBytes"/> (a tensor of
    /// 2 GiB or more has more bytes than a span can count).</summary>
    private static void ReadRaw<T>(Stream stream, Span<T> values, TensorEntry entry) where T : unmanaged
    {
        int perSlice = SliceBytes / Unsafe.SizeOf<T>();
        for (int i = 0; i < values.Length; i += Math.Min(perSlice, values.Length - i))
            ReadExactly(stream, MemoryMarshal.AsBytes(values.Slice(i, Math.Min(perSlice, values.Length - i))), entry);
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, TensorEntry entry)
    {
        if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) < destination.Length)
            throw SafeTensorsHeader.Bad($"the stream ends inside the data of tensor '{entry.Name}' (data_offsets out of range)");
    }

    private static void CheckLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("SafeTensors: big-endian machines are not supported.");
    }
}
