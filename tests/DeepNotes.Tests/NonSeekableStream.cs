namespace DeepNotes.Tests;

/// <summary>
/// A read-only stream that hides its length and refuses to seek, like a network or pipe stream, and returns reads of a
/// chosen size: at most 7 bytes by default (short reads on purpose), a fixed cap, pseudo-random sizes, or whatever is
/// asked. Readers must give the same verdict whatever the read sizes.
/// </summary>
internal sealed class NonSeekableStream : Stream
{
    private readonly Stream _inner;
    private readonly Func<int> _limit;

    /// <summary>Over <paramref name="data"/>, each read returning at most <paramref name="maxRead"/> bytes.</summary>
    public NonSeekableStream(byte[] data, int maxRead = 7) : this(new MemoryStream(data, writable: false), maxRead)
    {
    }

    /// <summary>Over <paramref name="inner"/> (read from its position), each read returning at most <paramref name="maxRead"/> bytes.</summary>
    public NonSeekableStream(Stream inner, int maxRead) : this(inner, () => maxRead)
    {
    }

    private NonSeekableStream(Stream inner, Func<int> limit)
    {
        _inner = inner;
        _limit = limit;
    }

    /// <summary>Reads of whatever size is asked (a pipe that always has data).</summary>
    public static NonSeekableStream Unlimited(byte[] data) => new(data, int.MaxValue);

    /// <summary>Reads of pseudo-random sizes in [1, <paramref name="maxRead"/>], the same for the same seed.</summary>
    public static NonSeekableStream RandomReads(byte[] data, int seed, int maxRead)
    {
        var random = new Random(seed);
        return new NonSeekableStream(new MemoryStream(data, writable: false), () => random.Next(1, maxRead + 1));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, _limit())]);
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
