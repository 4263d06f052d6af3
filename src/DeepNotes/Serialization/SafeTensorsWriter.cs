using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeepNotes.Serialization;

/// <summary>Builds a safetensors header the way the reference writer does.</summary>
internal static class SafeTensorsWriter
{
    /// <summary>
    /// Orders the tensors by descending file dtype rank, then by ordinal name (the reference writer's order), assigns
    /// contiguous data offsets and writes the compact JSON header, padded with spaces to a multiple of 8 bytes.
    /// </summary>
    public static (byte[] Header, List<(string Name, Tensor Tensor)> Ordered) BuildHeader(
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var ordered = new List<(string Name, Tensor Tensor)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(tensors));
            if (tensor is null) throw new ArgumentException($"SafeTensors.Save: the tensor '{name}' is null.", nameof(tensors));
            if (name == "__metadata__") throw new ArgumentException("SafeTensors.Save: '__metadata__' is reserved and cannot name a tensor.", nameof(tensors));
            ordered.Add((name, tensor));
        }
        ordered.Sort((a, b) =>
        {
            int byDType = FileDTypes.ForTensor(b.Tensor.DType).Rank().CompareTo(FileDTypes.ForTensor(a.Tensor.DType).Rank());
            return byDType != 0 ? byDType : string.CompareOrdinal(a.Name, b.Name);
        });

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    ArgumentNullException.ThrowIfNull(key, nameof(metadata));
                    if (value is null) throw new ArgumentException($"SafeTensors.Save: the metadata value of '{key}' is null.", nameof(metadata));
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                var dtype = FileDTypes.ForTensor(tensor.DType);
                long end = offset + (long)tensor.ElementCount * dtype.Size();
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.Name());
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return (header, ordered);
    }
}
