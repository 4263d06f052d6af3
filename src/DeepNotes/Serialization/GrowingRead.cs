namespace DeepNotes.Serialization;

/// <summary>
/// Reads a claimed number of bytes from a stream whose length is unknown (a network or pipe stream) without trusting
/// the claim: memory grows with the bytes that actually arrive (segments of 64 KiB doubling up to 64 MiB), so a short
/// stream that claims gigabytes costs what it holds, not what it claims.
/// </summary>
internal static class GrowingRead
{
    private const int FirstSegment = 1 << 16, LargestSegment = 1 << 26;

    /// <summary>Reads exactly <paramref name="count"/> bytes into a new array, or returns null when the stream ends first.</summary>
    public static byte[]? Exactly(Stream stream, int count)
    {
        var segments = Segments(stream, count);
        if (segments is null) return null;
        if (segments.Count == 1 && segments[0].Length == count) return segments[0];
        var result = new byte[count];
        int offset = 0;
        foreach (var s in segments)
        {
            s.CopyTo(result, offset);
            offset += s.Length;
        }
        return result;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into a read-only stream over them, or returns null when the
    /// stream ends first.</summary>
    public static Stream? AsStream(Stream stream, long count)
    {
        var segments = Segments(stream, count);
        return segments is null ? null : new SegmentStream(segments, count);
    }

    private static List<byte[]>? Segments(Stream stream, long count)
    {
        var segments = new List<byte[]>();
        long remaining = count;
        int next = FirstSegment;
        while (remaining > 0)
        {
            var segment = new byte[(int)Math.Min(next, remaining)];
            if (stream.ReadAtLeast(segment, segment.Length, throwOnEndOfStream: false) < segment.Length) return null;
            segments.Add(segment);
            remaining -= segment.Length;
            next = Math.Min(next * 2, LargestSegment);
        }
        return segments;
    }

    /// <summary>A forward-only read-only stream over byte segments.</summary>
    private sealed class SegmentStream(List<byte[]> segments, long length) : Stream
    {
        private int _segment, _offset;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int total = 0;
            while (buffer.Length > 0 && _segment < segments.Count)
            {
                var source = segments[_segment].AsSpan(_offset);
                int n = Math.Min(source.Length, buffer.Length);
                source[..n].CopyTo(buffer);
                buffer = buffer[n..];
                total += n;
                _offset += n;
                if (_offset == segments[_segment].Length)
                {
                    segments[_segment] = []; // let the GC reclaim what was decoded
                    _segment++;
                    _offset = 0;
                }
            }
            _position += total;
            return total;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
