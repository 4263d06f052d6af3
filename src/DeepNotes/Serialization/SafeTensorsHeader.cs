using System.Text;
using System.Text.Json;

namespace DeepNotes.Serialization;

/// <summary>One tensor's entry in a safetensors header, validated: dtype, shape and its byte range in the data buffer.</summary>
internal sealed record TensorEntry(string Name, FileDType DType, int[] Shape, long Begin, long End);

/// <summary>
/// Parses and validates a safetensors header with <see cref="Utf8JsonReader"/> (no reflection), trusting nothing: strict
/// UTF-8, one JSON object, no duplicate keys, known dtypes, non-negative integer shapes whose products do not overflow,
/// byte ranges equal to shape × dtype size that tile the data buffer exactly, without gaps or overlaps.
/// </summary>
internal static class SafeTensorsHeader
{
    /// <summary>The largest header accepted, as in the reference implementation (100 MB).</summary>
    public const long MaxHeaderSize = 100_000_000;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="header"/>; returns the entries sorted by offset and the total data size.</summary>
    /// <exception cref="InvalidDataException">Anything about the header is malformed.</exception>
    public static (List<TensorEntry> Entries, Dictionary<string, string> Metadata, long DataSize) Parse(ReadOnlySpan<byte> header)
    {
        try
        {
            s_strictUtf8.GetCharCount(header);
        }
        catch (DecoderFallbackException e)
        {
            throw Bad($"the header is not valid UTF-8 ({e.Message})");
        }

        var entries = new List<TensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Bad("the header is not a JSON object");
            var keys = new HashSet<string>(StringComparer.Ordinal);
            bool sawMetadata = false;
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                string key = reader.GetString()!;
                if (!keys.Add(key)) throw Bad($"the key '{key}' appears more than once");
                Next(ref reader);
                if (key == "__metadata__")
                {
                    sawMetadata = true;
                    ReadMetadata(ref reader, metadata);
                }
                else
                {
                    entries.Add(ReadEntry(ref reader, key));
                }
            }
            _ = sawMetadata;
            if (reader.Read()) throw Bad("the header has content after its JSON object");
        }
        catch (JsonException e)
        {
            throw Bad($"the header is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            // GetString on a string with an invalid escape, e.g. a lone surrogate "\ud800".
            throw Bad($"the header holds an invalid JSON string ({e.Message})");
        }

        // Data regions must tile [0, size) exactly: sorted by (begin, end), each begins where the previous ended.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        foreach (var e in entries)
        {
            if (e.Begin != position)
                throw Bad(e.Begin > position
                    ? $"tensor '{e.Name}' begins at byte {e.Begin} but the previous data ends at {position}: the data regions leave a gap"
                    : $"tensor '{e.Name}' begins at byte {e.Begin}, inside the previous data region ending at {position}: the data regions overlap");
            position = e.End;
        }
        return (entries, metadata, position);
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw Bad("the header ends before its JSON object is complete");
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Bad("'__metadata__' must be an object of strings");
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            string key = reader.GetString()!;
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.String)
                throw Bad($"'__metadata__' value of '{key}' must be a string, got {reader.TokenType}");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw Bad($"the metadata key '{key}' appears more than once");
        }
    }

    private static TensorEntry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Bad($"tensor '{name}': the entry must be an object, got {reader.TokenType}");
        string? dtypeName = null;
        long[]? shape = null, offsets = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string field = reader.GetString()!;
            Next(ref reader);
            switch (field)
            {
                case "dtype" when dtypeName is null:
                    if (reader.TokenType != JsonTokenType.String) throw Bad($"tensor '{name}': 'dtype' must be a string");
                    dtypeName = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Bad($"tensor '{name}': the field '{field}' appears more than once");
                default:
                    throw Bad($"tensor '{name}': unknown field '{field}' (expected dtype, shape, data_offsets)");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
            throw Bad($"tensor '{name}': missing field '{(dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets")}'");
        if (!FileDTypes.TryParse(dtypeName, out var dtype))
            throw Bad(FileDTypes.IsSpecified(dtypeName)
                ? $"tensor '{name}': dtype {dtypeName} is not supported by DeepNotes"
                : $"tensor '{name}': unknown dtype '{dtypeName}'");
        if (offsets.Length != 2) throw Bad($"tensor '{name}': 'data_offsets' must hold 2 numbers [begin, end], got {offsets.Length}");

        var dims = new int[shape.Length];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] > int.MaxValue) throw Bad($"tensor '{name}': shape entry {shape[i]} exceeds {int.MaxValue}");
            dims[i] = (int)shape[i];
            // The product saturates at above int.MaxValue, so a later 0 cannot hide an overflow of the true product.
            count = Math.Min(count * dims[i], (long)int.MaxValue + 1);
        }
        if (count > int.MaxValue)
            throw Bad($"tensor '{name}': shape [{string.Join(", ", shape)}] has more than {int.MaxValue} elements");
        long begin = offsets[0], end = offsets[1];
        if (end < begin) throw Bad($"tensor '{name}': data_offsets [{begin}, {end}] end before they begin");
        long expected = count * dtype.Size();
        if (end - begin != expected)
            throw Bad($"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes, but shape [{string.Join(", ", shape)}] of {dtypeName} needs {expected}");
        return new TensorEntry(name, dtype, dims, begin, end);
    }

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Bad($"tensor '{name}': '{field}' must be an array of integers");
        var values = new List<long>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray) return [.. values];
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw Bad($"tensor '{name}': '{field}' must hold non-negative integers, got {(reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString())}");
            if (values.Count >= Shape.MaxRank) throw Bad(field == "shape" ? $"tensor '{name}': rank above the maximum rank {Shape.MaxRank} ('shape' has more than {Shape.MaxRank} entries)" : $"tensor '{name}': '{field}' has more than {Shape.MaxRank} entries");
            values.Add(v);
        }
    }

    internal static InvalidDataException Bad(string message) => new($"Invalid safetensors file: {message}.");
}
