using DeepNotes.Data;
using static DeepNotes.Tests.Data.DataTestHelpers;

namespace DeepNotes.Tests.Data;

public class IdxTests
{
    /// <summary>Hand-assembled files: header bytes, big-endian payload and the values they encode (IEEE bit patterns
    /// of 1.0f = 3F800000, −π as float = C0490FDB, π as double = 400921FB54442D18).</summary>
    public static TheoryData<byte, int[], byte[], double[], DType> HandBuilt => new()
    {
        { 0x08, [2, 2], [0x00, 0x01, 0x7F, 0xFF], [0, 1, 127, 255], DType.Int32 },
        { 0x09, [3], [0x80, 0xFF, 0x7F], [-128, -1, 127], DType.Int32 },
        { 0x0B, [2], [0x01, 0x02, 0xFF, 0xFE], [258, -2], DType.Int32 },
        { 0x0C, [2, 1], [0x01, 0x02, 0x03, 0x04, 0x80, 0x00, 0x00, 0x00], [16909060, int.MinValue], DType.Int32 },
        { 0x0D, [2], [0x3F, 0x80, 0x00, 0x00, 0xC0, 0x49, 0x0F, 0xDB], [1.0, -MathF.PI], DType.Float32 },
        { 0x0E, [1], [0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18], [Math.PI], DType.Float64 },
    };

    [Theory]
    [MemberData(nameof(HandBuilt))]
    public void Read_DecodesBigEndianPayload_AndWriteProducesTheSameBytes(byte code, int[] dims, byte[] payload, double[] values, DType dtype)
    {
        byte[] file = Concat(Header(code, dims), payload);
        foreach (byte[] input in new[] { file, Gzip(file) })
        {
            IdxArray array = Idx.Read(new MemoryStream(input));
            Assert.Equal((IdxElementType)code, array.ElementType);
            Assert.Equal(new Shape(dims), array.Shape);
            Tensor t = array.ToTensor();
            Assert.Equal(dtype, t.DType);
            Assert.Equal(new Shape(dims), t.Shape);
            Assert.Equal(values, t.ToArray<double>());
            Assert.Equal(values, Idx.ReadTensor(new MemoryStream(input)).ToArray<double>());
        }

        var written = new MemoryStream();
        Idx.Write(written, Idx.Read(new MemoryStream(file)));
        Assert.Equal(file, written.ToArray());
    }

    public static TheoryData<IdxElementType, bool, bool> TypesAndCompression()
    {
        var data = new TheoryData<IdxElementType, bool, bool>();
        foreach (IdxElementType type in Enum.GetValues<IdxElementType>())
            foreach (bool gzip in new[] { false, true })
                foreach (bool viaFile in new[] { false, true })
                    data.Add(type, gzip, viaFile);
        return data;
    }

    [Theory]
    [MemberData(nameof(TypesAndCompression))]
    public void RoundTrip_EveryTypeCode_RawAndGzip(IdxElementType type, bool gzip, bool viaFile)
    {
        var g = new Generator(11);
        int[] dims = [3, 4, 5];
        Array data = type switch
        {
            IdxElementType.UByte => Enumerable.Range(0, 60).Select(_ => (byte)g.NextInt32(0, 256)).ToArray(),
            IdxElementType.SByte => Enumerable.Range(0, 60).Select(_ => (sbyte)g.NextInt32(-128, 128)).ToArray(),
            IdxElementType.Short => Enumerable.Range(0, 60).Select(_ => (short)g.NextInt32(short.MinValue, short.MaxValue + 1)).ToArray(),
            IdxElementType.Int => Enumerable.Range(0, 60).Select(_ => (int)g.NextUInt64()).ToArray(),
            IdxElementType.Float => Enumerable.Range(0, 60).Select(_ => (float)g.NextNormal() * 1e10f).Append(float.NaN).Take(60).ToArray(),
            _ => Enumerable.Range(0, 60).Select(_ => g.NextNormal() * 1e-200).ToArray(),
        };
        var original = new IdxArray(type, new Shape(dims), data);
        IdxArray back;
        if (viaFile)
        {
            using var folder = new TempFolder();
            // The name says nothing about the content: gzip under a plain name, raw under a .gz name.
            string path = folder.File(gzip ? "data-idx3" : "data-idx3.gz");
            Idx.Write(path, original, compress: gzip);
            byte[] head = File.ReadAllBytes(path)[..2];
            Assert.Equal(gzip, head[0] == 0x1F && head[1] == 0x8B);
            back = Idx.Read(path);
        }
        else
        {
            var stream = new MemoryStream();
            Idx.Write(stream, original, gzip);
            stream.Position = 0;
            back = Idx.Read(stream);
        }
        Assert.Equal(type, back.ElementType);
        Assert.Equal(original.Shape, back.Shape);
        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void Write_ByPathCompressesWhenTheNameEndsInGz()
    {
        using var folder = new TempFolder();
        var array = new IdxArray(IdxElementType.UByte, [3], new byte[] { 1, 2, 3 });
        Idx.Write(folder.File("a.gz"), array);
        Idx.Write(folder.File("a"), array);
        Assert.Equal(0x1F, File.ReadAllBytes(folder.File("a.gz"))[0]);
        Assert.Equal(Concat(Header(0x08, 3), [1, 2, 3]), File.ReadAllBytes(folder.File("a")));
    }

    [Fact]
    public void Read_RankZeroAndEmptyDimensions()
    {
        IdxArray scalar = Idx.Read(new MemoryStream(Concat(Header(0x0C), [0, 0, 0, 42])));
        Assert.Equal(0, scalar.Shape.Rank);
        Assert.Equal(42, scalar.ToTensor().Item<int>());

        IdxArray empty = Idx.Read(new MemoryStream(Header(0x0D, 4, 0, 3)));
        Assert.Equal(new Shape(4, 0, 3), empty.Shape);
        Assert.Empty(empty.Data);
    }

    [Fact]
    public void Read_NonSeekableStreams_RawAndGzip()
    {
        byte[] file = Concat(Header(0x0B, 3), [0x00, 0x01, 0x01, 0x00, 0x80, 0x00]);
        Assert.Equal(new[] { 1, 256, -32768 }, Idx.Read(new NonSeekableStream(file)).ToTensor().ToArray<int>());
        Assert.Equal(new[] { 1, 256, -32768 }, Idx.Read(new NonSeekableStream(Gzip(file))).ToTensor().ToArray<int>());
    }

    [Fact]
    public void Read_LargeGzipPayload_GrowsItsBufferToTheDeclaredSize()
    {
        // 3 MB of floats: more than the 1 MB first chunk used when the decompressed length is unknown.
        var values = new float[750_000];
        for (int i = 0; i < values.Length; i++) values[i] = i * 0.5f;
        var stream = new MemoryStream();
        Idx.Write(stream, new IdxArray(IdxElementType.Float, [750, 1000], values), compress: true);
        stream.Position = 0;
        IdxArray back = Idx.Read(new NonSeekableStream(stream.ToArray()));
        Assert.Equal(values, (float[])back.Data);
    }
}
