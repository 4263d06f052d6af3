using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using DeepNotes.Serialization;

namespace DeepNotes.Data;

public static partial class Idx
{
    /// <summary>
    /// Writes <paramref name="array"/> as an IDX file at <paramref name="path"/> (created or replaced atomically: the data
    /// goes to a temporary file in the same folder that is flushed to disk and renamed over the target, so a failure
    /// leaves the previous file as it was).
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="array">The element type, dimensions and elements.</param>
    /// <param name="compress">Gzip the file; null (the default) compresses when <paramref name="path"/> ends in
    /// <c>.gz</c>. (Reading never looks at the name: it recognises gzip by its magic bytes.)</param>
    public static void Write(string path, IdxArray array, bool? compress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(array);
        bool gzip = compress ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, file => Write(file, array, gzip));
    }

    /// <summary>Writes <paramref name="array"/> as an IDX file to <paramref name="stream"/>, which is left open.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="array">The element type, dimensions and elements.</param>
    /// <param name="compress">Gzip the output (one gzip member).</param>
    public static void Write(Stream stream, IdxArray array, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        if (!stream.CanWrite) throw new ArgumentException("Idx.Write: the stream is not writable.", nameof(stream));
        if (compress)
        {
            using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
            WriteCore(gzip, array);
        }
        else
        {
            WriteCore(stream, array);
        }
    }

    private static void WriteCore(Stream output, IdxArray array)
    {
        int rank = array.Shape.Rank;
        var header = new byte[4 + 4 * rank];
        header[2] = (byte)array.ElementType;
        header[3] = (byte)rank;
        for (int i = 0; i < rank; i++)
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), array.Shape[i]);
        output.Write(header);
        switch (array.ElementType)
        {
            case IdxElementType.UByte: output.Write((byte[])array.Data); break;
            case IdxElementType.SByte: output.Write(MemoryMarshal.AsBytes(((sbyte[])array.Data).AsSpan())); break;
            case IdxElementType.Short: WriteBigEndian<short>(output, (short[])array.Data); break;
            case IdxElementType.Int: WriteBigEndian<int>(output, (int[])array.Data); break;
            case IdxElementType.Float: WriteBigEndian<int>(output, MemoryMarshal.Cast<float, int>((float[])array.Data)); break;
            default: WriteBigEndian<long>(output, MemoryMarshal.Cast<double, long>((double[])array.Data)); break;
        }
    }

    /// <summary>Writes integers big-endian, a pooled chunk at a time.</summary>
    private static void WriteBigEndian<T>(Stream output, ReadOnlySpan<T> values) where T : unmanaged
    {
        int chunk = 16384;
        T[] buffer = ArrayPool<T>.Shared.Rent(chunk);
        try
        {
            for (int start = 0; start < values.Length; start += chunk)
            {
                int n = Math.Min(chunk, values.Length - start);
                Span<T> part = buffer.AsSpan(0, n);
                ReadOnlySpan<T> source = values.Slice(start, n);
                if (!BitConverter.IsLittleEndian) source.CopyTo(part);
                else if (typeof(T) == typeof(short)) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, short>(source), MemoryMarshal.Cast<T, short>(part));
                else if (typeof(T) == typeof(int)) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, int>(source), MemoryMarshal.Cast<T, int>(part));
                else BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<T, long>(source), MemoryMarshal.Cast<T, long>(part));
                output.Write(MemoryMarshal.AsBytes(part));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }
}
