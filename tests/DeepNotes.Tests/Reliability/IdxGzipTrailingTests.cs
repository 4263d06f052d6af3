using System.IO.Compression;
using System.Text;
using DeepNotes.Data;
using static DeepNotes.Tests.Data.DataTestHelpers;

namespace DeepNotes.Tests.Reliability;


/// <summary>Issue 12: bytes after the gzip data (or after a raw IDX file) are rejected, however the stream is chunked.</summary>
public class IdxGzipTrailingTests
{
    /// <summary>The three read patterns: 0 = one byte per read, 1 = pseudo-random 1..13 bytes, 2 = all requested.</summary>
    private static readonly int[] ChunkModes = [0, 1, 2];

    private static NonSeekableStream Chunked(byte[] data, int mode) => mode switch
    {
        0 => new NonSeekableStream(data, maxRead: 1),
        1 => NonSeekableStream.RandomReads(data, seed: 1, maxRead: 13),
        _ => NonSeekableStream.Unlimited(data),
    };

    private static readonly byte[] s_file = Concat(Header(0x08, 10, 100), Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 251)).ToArray());

    private static IEnumerable<Stream> Streams(byte[] bytes)
    {
        foreach (int mode in ChunkModes) yield return Chunked(bytes, mode);
        yield return new MemoryStream(bytes); // seekable
    }

    public static TheoryData<string> Tails => new() { "41", "1F", "1F41", "1F8C", "00000000", "41424344454647", "1F1F8B" };

    [Theory]
    [MemberData(nameof(Tails))]
    public void GzipWithTrailingBytes_IsRejected_WithTheSameMessage_ForEveryChunking(string tailHex)
    {
        byte[] tail = Convert.FromHexString(tailHex);
        byte[] input = Concat(Gzip(s_file), tail);
        foreach (Stream stream in Streams(input))
        {
            var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(stream));
            Assert.Equal($"IDX: {tail.Length} unexpected trailing byte(s) after the end of the gzip data; the stream must hold one gzip file and nothing after it",
                ex.Message);
        }
    }

    [Fact]
    public void GzipWithALongTrailingTail_CountsEveryByte()
    {
        byte[] input = Concat(Gzip(s_file), Enumerable.Repeat((byte)0x41, 100_000).ToArray());
        foreach (Stream stream in Streams(input))
            Assert.StartsWith("IDX: 100000 unexpected trailing byte(s)", Assert.Throws<InvalidDataException>(() => Idx.Read(stream)).Message);
    }

    [Theory]
    [InlineData("1F8B")]
    [InlineData("1F8B08")]
    [InlineData("1F8B0800000000000003")]
    public void GzipFollowedByACutGzipHeader_IsRejectedAsTruncated(string tailHex)
    {
        byte[] input = Concat(Gzip(s_file), Convert.FromHexString(tailHex));
        foreach (Stream stream in Streams(input))
            Assert.StartsWith("IDX: the gzip data is truncated (the stream ends inside ",
                Assert.Throws<InvalidDataException>(() => Idx.Read(stream)).Message);
    }

    [Fact]
    public void GzipFollowedByAnotherMemberWithData_IsRejectedAsTrailingIdxData()
    {
        // Concatenated members decompress to one stream (as gunzip does): the extra bytes are after the IDX data.
        byte[] input = Concat(Gzip(s_file), Gzip([1, 2, 3]));
        foreach (Stream stream in Streams(input))
            Assert.Equal("IDX: 3 unexpected trailing byte(s) after the 1000 data bytes declared by the header ubyte [10, 100].",
                Assert.Throws<InvalidDataException>(() => Idx.Read(stream)).Message);
    }

    [Fact]
    public void OneIdxFileSplitAcrossGzipMembers_IsRead_AsGunzipWould()
    {
        byte[] input = Concat(Gzip(s_file[..37]), Gzip(s_file[37..600]), Gzip(s_file[600..]), EmptyMember());
        foreach (Stream stream in Streams(input))
            Assert.Equal(s_file[12..], (byte[])Idx.Read(stream).Data);
    }

    [Fact]
    public void RawWithTrailingBytes_IsRejected_ForEveryChunking()
    {
        foreach (string tailHex in new[] { "41", "1F", "1F8B", "0000" })
        {
            byte[] tail = Convert.FromHexString(tailHex);
            foreach (Stream stream in Streams(Concat(s_file, tail)))
                Assert.Equal($"IDX: {tail.Length} unexpected trailing byte(s) after the 1000 data bytes declared by the header ubyte [10, 100].",
                    Assert.Throws<InvalidDataException>(() => Idx.Read(stream)).Message);
        }
    }

    [Fact]
    public void CleanFiles_AreRead_ForEveryChunking()
    {
        foreach (byte[] input in new[] { s_file, Gzip(s_file) })
            foreach (Stream stream in Streams(input))
                Assert.Equal(s_file[12..], (byte[])Idx.Read(stream).Data);
    }

    [Fact]
    public void BadTrailer_IsReportedAsCorrupt()
    {
        byte[] gz = Gzip(s_file);
        byte[] badCrc = (byte[])gz.Clone();
        badCrc[^8] ^= 1;
        Assert.Contains("the gzip data is corrupt (CRC-32", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(badCrc))).Message);
        byte[] badSize = (byte[])gz.Clone();
        badSize[^4] ^= 1;
        Assert.Contains("decompressed bytes (mod 2^32), the trailer says", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(badSize))).Message);
        Assert.Contains("truncated (the stream ends inside the 8-byte gzip trailer)",
            Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gz[..^3]))).Message);
    }

    [Fact]
    public void GzipHeaderFields_NameCommentExtraAndHeaderCrc_AreSkippedAndChecked()
    {
        byte[] gz = Gzip(s_file);
        var header = new List<byte> { 0x1F, 0x8B, 8, 2 | 4 | 8 | 16, 1, 2, 3, 4, 0, 3, 3, 0, 9, 8, 7 };
        header.AddRange(Encoding.ASCII.GetBytes("train-idx\0a comment\0"));
        uint crc = Crc32.Update(0, header.ToArray());
        header.AddRange([(byte)crc, (byte)(crc >> 8)]);
        byte[] input = Concat(header.ToArray(), gz[10..]);
        foreach (Stream stream in Streams(input))
            Assert.Equal(s_file[12..], (byte[])Idx.Read(stream).Data);
        input[header.Count - 1] ^= 0xFF;
        Assert.Contains("header checksum", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(input))).Message);
        byte[] reserved = (byte[])gz.Clone();
        reserved[3] = 0x20;
        Assert.Contains("reserved header flags", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(reserved))).Message);
        byte[] method = (byte[])gz.Clone();
        method[2] = 7;
        Assert.Contains("unknown compression method 7", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(method))).Message);
    }

    /// <summary>An empty gzip member, written by hand (GZipStream writes nothing when nothing is written to it).</summary>
    private static byte[] EmptyMember() => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Update(0, "123456789"u8));
        Assert.Equal(0u, Crc32.Update(0, []));
        // Split updates equal one update (slicing path and byte path mixed).
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 13)).ToArray();
        Assert.Equal(Crc32.Update(0, data), Crc32.Update(Crc32.Update(0, data.AsSpan(0, 333)), data.AsSpan(333)));
    }

    public static TheoryData<CompressionLevel, int, int> Levels()
    {
        var data = new TheoryData<CompressionLevel, int, int>();
        foreach (CompressionLevel level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
            foreach (int size in new[] { 0, 1, 300, 70_000, 1_200_000 })
                data.Add(level, size, size % 7);
        return data;
    }

    /// <summary>The decoder against .NET's compressor: stored, fixed and dynamic Huffman blocks, long matches and
    /// distances beyond the output chunk, over data that mixes runs, text-like repeats and noise.</summary>
    [Theory]
    [MemberData(nameof(Levels))]
    public void Decoder_ReproducesWhatGZipStreamCompressed(CompressionLevel level, int size, int seed)
    {
        var g = new Generator((ulong)seed + 1);
        var data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            int region = i / 5000 % 3;
            data[i] = region switch
            {
                0 => (byte)g.NextInt32(0, 256),
                1 => (byte)(i / 300 % 4),
                _ => (byte)"the quick brown fox jumps over the lazy dog "[(i * 3 + i / 977) % 44],
            };
        }
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, level, leaveOpen: true)) gz.Write(data);
        byte[] compressed = output.Length > 0 ? output.ToArray() : EmptyMember();
        foreach (int mode in new[] { 1, 2 })
        {
            using var decoder = new GzipDecoderStream(Chunked(compressed, mode));
            var back = new MemoryStream();
            decoder.CopyTo(back, 4093);
            Assert.Equal(data, back.ToArray());
        }
    }

    /// <summary>Random byte flips, insertions and cuts of gzip files (stored, fixed and dynamic blocks): the decoder
    /// either returns data or throws <see cref="InvalidDataException"/>, never anything else.</summary>
    [Fact]
    public void Decoder_Fuzzed_ThrowsOnlyInvalidData()
    {
        var g = new Generator(12);
        var seeds = new List<byte[]>();
        foreach (CompressionLevel level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.SmallestSize })
            foreach (int size in new[] { 40, 3000 })
            {
                var output = new MemoryStream();
                using (var gz = new GZipStream(output, level, leaveOpen: true))
                    gz.Write(Concat(Header(0x08, size), Enumerable.Range(0, size).Select(i => (byte)(i % 17 == 0 ? g.NextInt32(0, 256) : i / 50)).ToArray()));
                seeds.Add(output.ToArray());
            }
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] input = (byte[])seeds[trial % seeds.Count].Clone();
            int edits = 1 + g.NextInt32(0, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = g.NextInt32(2, input.Length);
                switch (g.NextInt32(0, 3))
                {
                    case 0: input[at] ^= (byte)(1 << g.NextInt32(0, 8)); break;
                    case 1: input[at] = (byte)g.NextInt32(0, 256); break;
                    default: input = input[..at]; break;
                }
                if (input.Length < 3) break;
            }
            try
            {
                Idx.Read(Chunked(input, trial % 3));
            }
            catch (InvalidDataException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 2500, $"only {rejected} of 3000 damaged files were rejected");
    }
}
