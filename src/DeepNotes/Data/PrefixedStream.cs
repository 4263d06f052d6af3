namespace DeepNotes.Data;

/// <summary>
/// A read-only forward stream that yields a few bytes already taken from <c>inner</c> (the sniffed magic bytes) and
/// then the rest of <c>inner</c>; lets <see cref="Idx"/> look at a stream's first bytes without seeking. Disposing
/// it leaves <c>inner</c> open.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
{
    private int _prefixPosition;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        int left = prefix.Length - _prefixPosition;
        if (left <= 0) return inner.Read(buffer);
        int n = Math.Min(left, buffer.Length);
        prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
        _prefixPosition += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
