using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;

namespace DeepNotes.Tests.Fuzz;

/// <summary>
/// Independent, deliberately small readers of safetensors and IDX written from the format descriptions (no validation
/// beyond what decoding needs), to compare with the library's readers on every input those accept.
/// </summary>
internal static class MinimalReaders
{
    /// <summary>Decodes each tensor of a safetensors file to doubles: name → (shape, values).</summary>
    public static Dictionary<string, (long[] Shape, double[] Values)> SafeTensors(byte[] file)
    {
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var doc = JsonDocument.Parse(file.AsMemory(8, (int)n));
        var result = new Dictionary<string, (long[], double[])>();
        long dataStart = 8 + n;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__") continue;
            string dtype = p.Value.GetProperty("dtype").GetString()!;
            long[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long begin = p.Value.GetProperty("data_offsets")[0].GetInt64();
            long count = shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[count];
            var bytes = file.AsSpan((int)(dataStart + begin));
            for (int i = 0; i < count; i++)
                values[i] = dtype switch
                {
                    "F32" => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
                    "F64" => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                    "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                    "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
                    "I64" => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
                    "I32" => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
                    "I16" => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
                    "U16" => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]),
                    "I8" => (sbyte)bytes[i],
                    "U8" => bytes[i],
                    "BOOL" => bytes[i],
                    _ => throw new InvalidDataException(dtype),
                };
            result[p.Name] = (shape, values);
        }
        return result;
    }

    /// <summary>Decodes an IDX file (raw, or one gzip member) to its dimensions and values as doubles.</summary>
    public static (int[] Dims, double[] Values) Idx(byte[] file)
    {
        if (file.Length >= 2 && file[0] == 0x1F && file[1] == 0x8B)
        {
            using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            using var raw = new MemoryStream();
            gzip.CopyTo(raw);
            file = raw.ToArray();
        }
        byte type = file[2];
        int rank = file[3];
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(4 + 4 * i));
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var data = file.AsSpan(4 + 4 * rank);
        var values = new double[count];
        for (int i = 0; i < count; i++)
            values[i] = type switch
            {
                0x08 => data[i],
                0x09 => (sbyte)data[i],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(data[(2 * i)..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(data[(4 * i)..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(data[(4 * i)..]),
                0x0E => BinaryPrimitives.ReadDoubleBigEndian(data[(8 * i)..]),
                _ => throw new InvalidDataException(type.ToString()),
            };
        return (dims, values);
    }
}
