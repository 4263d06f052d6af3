using System.Text;
using DeepNotes.Data;
using DeepNotes.Serialization;
using DeepNotes.Tests.Data;
using static DeepNotes.Tests.Data.DataTestHelpers;

namespace DeepNotes.Tests.Reliability;

/// <summary>One rank limit, <see cref="Shape.MaxRank"/>, for shapes, tensors and both file readers.</summary>
public class RankLimitTests
{
    [Fact]
    public void MaxRank_Is16()
    {
        Assert.Equal(16, Shape.MaxRank);
    }

    [Fact]
    public void Shape_AcceptsMaxRank_RejectsOneMore()
    {
        var ones = Enumerable.Repeat(1, Shape.MaxRank).ToArray();
        Assert.Equal(Shape.MaxRank, new Shape(ones).Rank);
        var t = Tensor.Ones(ones);
        Assert.Equal(Shape.MaxRank, (t + t).Rank); // ops run at the limit
        var ex = Assert.Throws<ArgumentException>(() => new Shape([.. ones, 1]));
        Assert.Contains("rank 17 exceeds the maximum rank 16", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([.. ones, 1]));
        Assert.Throws<ArgumentException>(() => t.Unsqueeze(0));
    }

    [Fact]
    public void Idx_RejectsRankAboveTheLimit_RawGzipAndNonSeekable()
    {
        byte[] atLimit = Concat(Header(0x08, Enumerable.Repeat(1, 16).ToArray()), [42]);
        Assert.Equal(16, Idx.Read(new MemoryStream(atLimit)).Shape.Rank);
        foreach (int rank in new[] { 17, 255 })
        {
            byte[] file = Concat(Header(0x08, Enumerable.Repeat(1, rank).ToArray()), [42]);
            foreach (Stream stream in new Stream[] { new MemoryStream(file), new MemoryStream(Gzip(file)), new NonSeekableStream(file) })
            {
                var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(stream));
                Assert.Contains($"IDX: rank {rank} exceeds the maximum rank 16", ex.Message);
            }
        }
    }

    private static byte[] SafeTensorsFile(int rank)
    {
        string shape = string.Join(",", Enumerable.Repeat("1", rank));
        byte[] header = Encoding.UTF8.GetBytes($"{{\"x\":{{\"dtype\":\"F32\",\"shape\":[{shape}],\"data_offsets\":[0,4]}}}}");
        var file = new byte[8 + header.Length + 4];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (long)header.Length);
        header.CopyTo(file, 8);
        BitConverter.TryWriteBytes(file.AsSpan(8 + header.Length), 2.5f);
        return file;
    }

    [Fact]
    public void SafeTensors_RejectsRankAboveTheLimit()
    {
        var loaded = SafeTensors.Load(new MemoryStream(SafeTensorsFile(16)));
        Assert.Equal(16, loaded["x"].Rank);
        Assert.Equal(2.5f, loaded["x"].Reshape(1).ToArray<float>()[0]);
        foreach (int rank in new[] { 17, 64, 65 })
        {
            foreach (Stream stream in new Stream[] { new MemoryStream(SafeTensorsFile(rank)), new NonSeekableStream(SafeTensorsFile(rank)) })
            {
                var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(stream));
                Assert.Contains("Invalid safetensors file: tensor 'x': rank above the maximum rank 16", ex.Message);
            }
        }
    }
}
