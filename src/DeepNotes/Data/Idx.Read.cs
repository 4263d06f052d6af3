using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DeepNotes.Data;

/// <summary>
/// Reads and writes IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, an element type code
/// (<see cref="IdxElementType"/>), the rank, one big-endian int32 size per dimension, then the elements big-endian
/// in row-major order. Gzip-compressed files are recognised by their magic bytes (1F 8B), whatever their name.
/// </summary>
/// <remarks>
/// Reading validates everything and throws <see cref="InvalidDataException"/> with a message naming what was
/// expected and what was found: a bad magic number, an unknown type code, a header cut short, dimensions whose
/// product overflows an array, data shorter than the header declares (truncated) or longer (trailing bytes), and
/// corrupt gzip data. The stream must hold exactly one IDX file.
/// </remarks>
public static partial class Idx
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Reads the IDX file at <paramref name="path"/> (raw or gzip-compressed).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file; the message starts with the path.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return Read(file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads one IDX file (raw or gzip-compressed) from the current position of <paramref name="stream"/> to its end.
    /// The stream is left open.
    /// </summary>
    /// <exception cref="InvalidDataException">The data is not a valid IDX file.</exception>
    public static IdxArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("Idx.Read: the stream is not readable.", nameof(stream));
        var start = new byte[2];
        int got = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        var prefixed = new PrefixedStream(start[..got], stream);
        if (got == 2 && start[0] == 0x1F && start[1] == 0x8B)
        {
            // Our own decoder, not GZipStream: it knows where the gzip data ends, so bytes after it are always rejected.
            using var gzip = new GzipDecoderStream(prefixed);
            return ReadCore(gzip, remaining: null, compressed: true);
        }
        long? remaining = stream.CanSeek ? got + stream.Length - stream.Position : null;
        return ReadCore(prefixed, remaining, compressed: false);
    }

    /// <summary>Reads an IDX file and converts it with <see cref="IdxArray.ToTensor()"/> (integers → Int32, float → Float32, double → Float64).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file.</exception>
    public static Tensor ReadTensor(string path) => Read(path).ToTensor();

    /// <summary>Reads an IDX stream and converts it with <see cref="IdxArray.ToTensor()"/> (integers → Int32, float → Float32, double → Float64).</summary>
    /// <exception cref="InvalidDataException">The data is not a valid IDX file.</exception>
    public static Tensor ReadTensor(Stream stream) => Read(stream).ToTensor();

    private static IdxArray ReadCore(Stream source, long? remaining, bool compressed)
    {
        Span<byte> header = stackalloc byte[4];
        int n = ReadBlock(source, header, compressed);
        if (n < 4)
            throw new InvalidDataException($"IDX: the data ends after {n} byte(s), inside the 4-byte header (00 00 <type code> <rank>).");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException(
                $"IDX: bad magic number {header[0]:X2} {header[1]:X2} {header[2]:X2} {header[3]:X2}; an IDX file starts with two zero bytes, a type code and the rank.");
        byte code = header[2];
        if (!IdxElementTypeExtensions.IsDefined(code))
            throw new InvalidDataException(
                $"IDX: unknown element type code 0x{code:X2}; expected 0x08 (ubyte), 0x09 (sbyte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double).");
        var type = (IdxElementType)code;
        int rank = header[3];
        if (rank > Shape.MaxRank)
            throw new InvalidDataException($"IDX: rank {rank} exceeds the maximum rank {Shape.MaxRank} (header {header[0]:X2} {header[1]:X2} {header[2]:X2} {header[3]:X2}).");

        var dimBytes = new byte[4 * rank];
        n = ReadBlock(source, dimBytes, compressed);
        if (n < dimBytes.Length)
            throw new InvalidDataException(
                $"IDX: the header declares {rank} dimension(s) ({4 * rank} size bytes) but the data ends after {n} of those bytes.");
        var dims = new int[rank];
        BigInteger product = BigInteger.One;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
            product *= dims[i];
        }
        string described = $"{type.Name()} [{string.Join(", ", dims)}]";
        for (int i = 0; i < rank; i++)
        {
            if (dims[i] < 0)
                throw new InvalidDataException($"IDX: dimension {i} of the header {described} is negative.");
        }
        if (product > Array.MaxLength)
            throw new InvalidDataException(
                $"IDX: the header {described} declares {product} elements, more than the {Array.MaxLength} an array (and a tensor) can hold.");
        int count = (int)product;
        int size = type.ElementSize();
        long dataBytes = (long)count * size;

        if (remaining is long total)
        {
            long after = total - 4 - 4L * rank;
            if (after < dataBytes) throw Truncated(described, dataBytes, after);
            if (after > dataBytes) throw Trailing(described, dataBytes, after - dataBytes);
        }
        bool lengthKnown = remaining is not null;
        Array data = type switch
        {
            IdxElementType.UByte => ReadElements<byte>(source, count, lengthKnown, compressed, described),
            IdxElementType.SByte => ReadElements<sbyte>(source, count, lengthKnown, compressed, described),
            IdxElementType.Short => ReadElements<short>(source, count, lengthKnown, compressed, described),
            IdxElementType.Int => ReadElements<int>(source, count, lengthKnown, compressed, described),
            IdxElementType.Float => ReadElements<float>(source, count, lengthKnown, compressed, described),
            _ => ReadElements<double>(source, count, lengthKnown, compressed, described),
        };
        if (!lengthKnown)
        {
            long extra = 0;
            Span<byte> probe = stackalloc byte[4096];
            while ((n = ReadBlock(source, probe, compressed)) > 0) extra += n;
            if (extra > 0) throw Trailing(described, dataBytes, extra);
        }
        FromBigEndian(data, type);
        return new IdxArray(type, new Shape(dims), data);
    }

    /// <summary>Reads <paramref name="count"/> elements; when the length is unknown (gzip), the array grows as data arrives,
    /// so a corrupt header cannot make us allocate far more than the data holds.</summary>
    private static T[] ReadElements<T>(Stream source, int count, bool lengthKnown, bool compressed, string described) where T : unmanaged
    {
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var data = new T[lengthKnown ? count : Math.Min(count, ChunkBytes / size)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == data.Length)
                Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            int chunk = Math.Min(data.Length - filled, ChunkBytes / size);
            Span<byte> bytes = MemoryMarshal.AsBytes(data.AsSpan(filled, chunk));
            int got = ReadBlock(source, bytes, compressed);
            if (got < bytes.Length) throw Truncated(described, (long)count * size, (long)filled * size + got);
            filled += chunk;
        }
        return data;
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    private static int ReadBlock(Stream source, Span<byte> buffer, bool compressed)
    {
        try
        {
            return source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e) when (compressed)
        {
            throw new InvalidDataException($"IDX: {e.Message}", e);
        }
    }

    private static InvalidDataException Truncated(string described, long expected, long actual) =>
        new($"IDX: truncated data; the header {described} declares {expected} data bytes but only {actual} follow it.");

    private static InvalidDataException Trailing(string described, long expected, long extra) =>
        new($"IDX: {extra} unexpected trailing byte(s) after the {expected} data bytes declared by the header {described}.");

    private static void FromBigEndian(Array data, IdxElementType type)
    {
        if (!BitConverter.IsLittleEndian) return;
        switch (type)
        {
            case IdxElementType.Short:
            {
                Span<short> s = (short[])data;
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            }
            case IdxElementType.Int:
            {
                Span<int> s = (int[])data;
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            }
            case IdxElementType.Float:
            {
                Span<int> s = MemoryMarshal.Cast<float, int>(((float[])data).AsSpan());
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            }
            case IdxElementType.Double:
            {
                Span<long> s = MemoryMarshal.Cast<double, long>(((double[])data).AsSpan());
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            }
        }
    }
}
