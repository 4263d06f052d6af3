using DeepNotes.Data;
using static DeepNotes.Tests.Data.DataTestHelpers;

namespace DeepNotes.Tests.Data;

public class IdxValidationTests
{
    /// <summary>Reads the bytes raw (seekable), gzip-compressed, and raw from a non-seekable stream: all three code
    /// paths must reject the file with a message containing every fragment.</summary>
    private static void AssertRejected(byte[] file, params string[] fragments)
    {
        foreach (Stream stream in new Stream[] { new MemoryStream(file), new MemoryStream(Gzip(file)), new NonSeekableStream(file) })
        {
            var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(stream));
            foreach (string fragment in fragments) Assert.Contains(fragment, ex.Message);
        }
    }

    [Fact]
    public void EmptyOrShortHeader() => AssertRejected([0, 0, 8], "ends after 3 byte(s)", "4-byte header");

    [Fact]
    public void EmptyInput()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([])));
        Assert.Contains("ends after 0 byte(s)", ex.Message);
    }

    [Fact]
    public void BadMagic() => AssertRejected([0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7], "bad magic number 01 00 08 01", "two zero bytes");

    [Fact]
    public void UnknownTypeCode() => AssertRejected(Concat(Header(0x0A, 1), [5]), "unknown element type code 0x0A", "0x08 (ubyte)");

    [Fact]
    public void HeaderCutInsideTheDimensions() =>
        AssertRejected([0, 0, 0x08, 3, 0, 0, 0, 2, 0], "declares 3 dimension(s)", "ends after 5 of those bytes");

    [Fact]
    public void NegativeDimension() => AssertRejected(Header(0x08, 2, -1), "dimension 1", "[2, -1]", "negative");

    [Fact]
    public void DimensionProductOverflow()
    {
        // 65536 × 65536 ubytes = 2^32 elements: rejected before any allocation, also when gzip hides the length.
        AssertRejected(Header(0x08, 65536, 65536), "declares 4294967296 elements", "ubyte [65536, 65536]");
        AssertRejected(Header(0x0E, int.MaxValue, int.MaxValue, 2), "elements", "more than");
    }

    [Fact]
    public void TruncatedData()
    {
        AssertRejected(Concat(Header(0x08, 10), new byte[7]), "truncated", "ubyte [10]", "declares 10 data bytes", "only 7");
        // A float cut in the middle of an element.
        AssertRejected(Concat(Header(0x0D, 2), new byte[6]), "truncated", "declares 8 data bytes", "only 6");
        AssertRejected(Header(0x0C, 3, 2), "truncated", "declares 24 data bytes", "only 0");
    }

    [Fact]
    public void TrailingBytes()
    {
        AssertRejected(Concat(Header(0x08, 4), new byte[7]), "3 unexpected trailing byte(s)", "after the 4 data bytes");
        AssertRejected(Concat(Header(0x0E, 1), new byte[9]), "1 unexpected trailing byte(s)", "double [1]");
    }

    [Fact]
    public void TruncatedGzipStream()
    {
        byte[] gz = Gzip(Concat(Header(0x08, 1000), Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray()));
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gz[..(gz.Length / 2)])));
        Assert.Contains("IDX:", ex.Message);
    }

    [Fact]
    public void CorruptGzipData()
    {
        byte[] gz = Gzip(Concat(Header(0x08, 1000), new byte[1000]));
        for (int i = 10; i < gz.Length - 8; i++) gz[i] = 0xFF; // garbage deflate blocks after a valid gzip header
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gz)));
        Assert.Contains("IDX:", ex.Message);
    }

    [Fact]
    public void ReadByPath_PrefixesThePath()
    {
        using var folder = new TempFolder();
        string path = folder.File("broken-idx1-ubyte");
        File.WriteAllBytes(path, [0x00, 0x00, 0x07, 0x01]);
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.StartsWith(path + ": IDX: unknown element type code 0x07", ex.Message);
    }

    [Fact]
    public void IdxArray_ChecksArrayTypeLengthAndConversions()
    {
        Assert.Contains("needs a Byte[]", Assert.Throws<ArgumentException>(() => new IdxArray(IdxElementType.UByte, [2], new int[2])).Message);
        Assert.Contains("holds 6 elements, the array has 5",
            Assert.Throws<ArgumentException>(() => new IdxArray(IdxElementType.Float, [2, 3], new float[5])).Message);
        var floats = new IdxArray(IdxElementType.Float, [2], new[] { 1.5f, -2.25f });
        Assert.Throws<ArgumentException>(() => floats.ToTensor(DType.Int32));
        Assert.Throws<ArgumentException>(() => floats.ToTensor(DType.Bool));
        Assert.Equal(new[] { 1.5, -2.25 }, floats.ToTensor(DType.Float64).ToArray<double>());
        var bytes = new IdxArray(IdxElementType.UByte, [3], new byte[] { 0, 128, 255 });
        Assert.Equal(new[] { 0f, 128f, 255f }, bytes.ToTensor(DType.Float32).ToArray<float>());
        Assert.Equal(DType.Int32, bytes.ToTensor().DType);
    }

    [Fact]
    public void FromTensor_ChecksDTypeAndRange()
    {
        var ints = Tensor.FromArray(new[] { 0, 255, 7 }, [3]);
        Assert.Equal(new byte[] { 0, 255, 7 }, (byte[])IdxArray.FromTensor(ints, IdxElementType.UByte).Data);
        var ex = Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.FromArray(new[] { 0, 256 }), IdxElementType.UByte));
        Assert.Contains("value 256 at flat index 1", ex.Message);
        Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.FromArray(new[] { -129 }), IdxElementType.SByte));
        Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.FromArray(new[] { 40000 }), IdxElementType.Short));
        Assert.Throws<ArgumentException>(() => IdxArray.FromTensor(Tensor.FromArray(new[] { 1f }), IdxElementType.Int));
        // A transposed (non-contiguous) tensor is written in row-major order of its logical shape.
        var t = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3]).T;
        IdxArray a = IdxArray.FromTensor(t, IdxElementType.Double);
        Assert.Equal(new Shape(3, 2), a.Shape);
        Assert.Equal(new[] { 1.0, 4, 2, 5, 3, 6 }, (double[])a.Data);
    }
}
