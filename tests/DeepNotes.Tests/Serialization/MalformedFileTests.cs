using System.Text;
using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>Every malformed safetensors file is rejected with an InvalidDataException naming the problem.</summary>
public class MalformedFileTests
{
    private const string OneF32 = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    private static void Rejected(byte[] file, string expectedText)
    {
        var e = Assert.Throws<InvalidDataException>(() => FromBytes(file));
        Assert.Contains(expectedText, e.Message);
        // A non-seekable stream takes the other checking path (no length known in advance) and must reject it too.
        using var stream = new NonSeekableStream(file);
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(stream));
    }

    [Fact]
    public void WellFormedBaseline_Loads()
    {
        var t = FromBytes(Craft(OneF32, 8)).Tensors["a"];
        Assert.Equal(new Shape(2), t.Shape);
    }

    [Fact]
    public void ShorterThanHeaderLength() => Rejected([1, 2, 3], "shorter than the 8-byte header length");

    [Fact]
    public void HeaderLengthBeyondFile() => Rejected(Craft(OneF32, 8, headerLength: 1000), "exceeds the");

    [Fact]
    public void HeaderLengthAboveLimit() => Rejected(Craft(OneF32, 8, headerLength: 100_000_001), "exceeds the limit of 100000000");

    [Fact]
    public void HeaderLengthHuge() => Rejected(Craft(OneF32, 8, headerLength: ulong.MaxValue), "exceeds the limit");

    [Fact]
    public void InvalidUtf8() => Rejected(Craft([.. Encoding.UTF8.GetBytes("{\"a\xff"), 0xFF, .. Encoding.UTF8.GetBytes("\":1}")], []), "not valid UTF-8");

    [Fact]
    public void NotJson() => Rejected(Craft("{\"a\":{\"dtype\":", 0), "not valid JSON");

    [Fact]
    public void LoneSurrogateEscape() => Rejected(Craft("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0), "invalid JSON string");

    [Fact]
    public void DeepNesting() => Rejected(Craft("{\"__metadata__\":{\"a\":[[[[[[[[[[1]]]]]]]]]]}}", 0), "must be a string");

    [Fact]
    public void EmptyHeaderObject_IsValid() => Assert.Empty(FromBytes(Craft("{}      ", 0)).Tensors);

    [Fact]
    public void JsonArrayRoot() => Rejected(Craft("[1,2]", 0), "not a JSON object");

    [Fact]
    public void ContentAfterObject() => Rejected(Craft("{} {}", 0), "not valid JSON");

    [Fact]
    public void DuplicateKeys() =>
        Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "appears more than once");

    [Fact]
    public void DuplicateField() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "'dtype' appears more than once");

    [Fact]
    public void UnknownField() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8), "unknown field 'x'");

    [Fact]
    public void MissingField() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8), "missing field 'data_offsets'");

    [Fact]
    public void UnknownDType() => Rejected(Craft("{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "unknown dtype 'F33'");

    [Fact]
    public void UnsupportedDType() => Rejected(Craft("{\"a\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8), "not supported");

    [Fact]
    public void NegativeShape() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "non-negative integers, got -2");

    [Fact]
    public void FractionalShape() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8), "non-negative integers, got 2.5");

    [Fact]
    public void StringShape() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", 8), "non-negative integers");

    [Fact]
    public void ShapeProductOverflow() =>
        Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647,4],\"data_offsets\":[0,8]}}", 8), "more than 2147483647 elements");

    [Fact]
    public void ShapeEntryAboveInt32() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967298],\"data_offsets\":[0,8]}}", 8), "exceeds 2147483647");

    [Fact]
    public void OffsetsWrongCount() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8), "must hold 2 numbers");

    [Fact]
    public void OffsetsReversed() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8), "end before they begin");

    [Fact]
    public void ByteSizeNotShapeTimesDType() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12");

    [Fact]
    public void OffsetsBeyondData() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "only 4 follow");

    [Fact]
    public void Gap() =>
        Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "gap");

    [Fact]
    public void GapAtStart() => Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "gap");

    [Fact]
    public void Overlap() =>
        Rejected(Craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlap");

    [Fact]
    public void TrailingBytes() => Rejected(Craft(OneF32, 9), "1 trailing bytes");

    [Fact]
    public void MetadataNotStrings() => Rejected(Craft("{\"__metadata__\":{\"k\":1}}", 0), "must be a string");

    [Fact]
    public void MetadataNotObject() => Rejected(Craft("{\"__metadata__\":[]}", 0), "must be an object of strings");

    [Fact]
    public void EntryNotObject() => Rejected(Craft("{\"a\":3}", 0), "the entry must be an object");

    [Fact]
    public void I64OutOfInt32Range_IsReadExactlyAsInt64()
    {
        // Before Int64 existed this was rejected ("does not fit in Int32"); now I64 loads losslessly.
        var data = BitConverter.GetBytes(1L << 40);
        Tensor n = SafeTensors.Load(new MemoryStream(Craft(Encoding.UTF8.GetBytes("{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}"), data)))["n"];
        Assert.Equal(DType.Int64, n.DType);
        Assert.Equal(1L << 40, n.Item<long>());
    }

    [Fact]
    public void BoolByteNotZeroOrOne() =>
        Rejected(Craft(Encoding.UTF8.GetBytes("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}"), [1, 7]), "not 0 or 1");

    [Fact]
    public void TrailingBytes_File()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Craft(OneF32, 12));
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
            Assert.Contains("4 trailing bytes", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

}
