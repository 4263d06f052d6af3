namespace DeepNotes.Data;

/// <summary>
/// A read-only stream of the decompressed bytes of gzip data (RFC 1952) that accepts exactly what <c>gunzip</c>
/// decompresses without complaint: one gzip member, or several concatenated members (their contents joined), and
/// then the end of the source. Each member's header, CRC-32 and length are checked. Any other byte after the last
/// member is rejected, whatever sizes the source's reads return, because the decoder (<see cref="Inflater"/>)
/// knows exactly where each member ends.
/// </summary>
/// <remarks>
/// Errors throw <see cref="InvalidDataException"/>: "the gzip data is corrupt (...)", "the gzip data is truncated
/// (...)", or "N unexpected trailing byte(s) after the end of the gzip data". Disposing it leaves the source open.
/// </remarks>
internal sealed class GzipDecoderStream(Stream source) : Stream
{
    private const int FlagHeaderCrc = 2, FlagExtra = 4, FlagName = 8, FlagComment = 16, FlagsReserved = 0xE0;

    private readonly Inflater _inflater = new(source);
    private bool _inMember, _ended;
    private int _members;
    private uint _crc;
    private uint _size;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _ended) return 0;
        while (true)
        {
            if (!_inMember)
            {
                if (!StartMember()) return 0;
            }
            int n = _inflater.Read(buffer);
            if (n > 0)
            {
                _crc = Crc32.Update(_crc, buffer[..n]);
                _size += (uint)n;
                return n;
            }
            FinishMember();
        }
    }

    /// <summary>Parses the next member's header; false at a clean end after at least one member.</summary>
    private bool StartMember()
    {
        int id1 = _inflater.ReadByte();
        if (id1 < 0 && _members > 0)
        {
            _ended = true;
            return false;
        }
        int id2 = id1 < 0 ? -1 : _inflater.ReadByte();
        if (id1 != 0x1F || id2 != 0x8B)
        {
            if (_members == 0) throw Inflater.Corrupt("it does not start with the gzip magic bytes 1F 8B");
            long extra = (id1 < 0 ? 0 : 1) + (id2 < 0 ? 0 : 1) + _inflater.SkipToEnd();
            _ended = true;
            throw new InvalidDataException(
                $"{extra} unexpected trailing byte(s) after the end of the gzip data; the stream must hold one gzip file and nothing after it");
        }
        uint headerCrc = Crc32.Update(0, [0x1F, 0x8B]);
        int method = HeaderByte(ref headerCrc);
        if (method != 8) throw Inflater.Corrupt($"unknown compression method {method}; gzip uses 8 (deflate)");
        int flags = HeaderByte(ref headerCrc);
        if ((flags & FlagsReserved) != 0) throw Inflater.Corrupt($"reserved header flags are set (0x{flags:X2})");
        for (int i = 0; i < 6; i++) HeaderByte(ref headerCrc); // modification time, extra flags, operating system
        if ((flags & FlagExtra) != 0)
        {
            int length = HeaderByte(ref headerCrc) | HeaderByte(ref headerCrc) << 8;
            for (int i = 0; i < length; i++) HeaderByte(ref headerCrc);
        }
        if ((flags & FlagName) != 0) while (HeaderByte(ref headerCrc) != 0) { }
        if ((flags & FlagComment) != 0) while (HeaderByte(ref headerCrc) != 0) { }
        if ((flags & FlagHeaderCrc) != 0)
        {
            uint expected = headerCrc & 0xFFFF;
            uint stored = (uint)(HeaderByte(ref headerCrc) | HeaderByte(ref headerCrc) << 8);
            if (stored != expected) throw Inflater.Corrupt($"header checksum 0x{stored:X4}, expected 0x{expected:X4}");
        }
        _inflater.Reset();
        _crc = 0;
        _size = 0;
        _inMember = true;
        _members++;
        return true;
    }

    /// <summary>Checks the 8-byte trailer (CRC-32 and length mod 2³², little-endian) that ends a member.</summary>
    private void FinishMember()
    {
        _inflater.AlignToByte();
        uint crc = TrailerWord(), size = TrailerWord();
        if (crc != _crc) throw Inflater.Corrupt($"CRC-32 0x{_crc:X8} of the decompressed data, the trailer says 0x{crc:X8}");
        if (size != _size) throw Inflater.Corrupt($"{_size} decompressed bytes (mod 2^32), the trailer says {size}");
        _inMember = false;
    }

    private int HeaderByte(ref uint crc)
    {
        int b = _inflater.ReadByte();
        if (b < 0) throw new InvalidDataException("the gzip data is truncated (the stream ends inside a gzip header)");
        crc = Crc32.Update(crc, [(byte)b]);
        return b;
    }

    private uint TrailerWord()
    {
        uint word = 0;
        for (int i = 0; i < 4; i++)
        {
            int b = _inflater.ReadByte();
            if (b < 0) throw new InvalidDataException("the gzip data is truncated (the stream ends inside the 8-byte gzip trailer)");
            word |= (uint)b << (8 * i);
        }
        return word;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
