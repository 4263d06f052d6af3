using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepNotes.Data;

/// <summary>
/// A DEFLATE (RFC 1951) decoder that reads its compressed input from a stream and knows exactly where the
/// compressed data ends, so that what follows it (a gzip trailer, then nothing) can be checked byte for byte,
/// whatever sizes the stream's reads return. <see cref="System.IO.Compression.GZipStream"/> cannot tell: it reads
/// ahead and drops or reinterprets what follows a member depending on how its reads were chunked.
/// </summary>
/// <remarks>
/// Memory is bounded (a 16 KiB input buffer; an output window that starts at 4 KiB and grows with the output to
/// 32 KiB of history plus 64 KiB; decoding tables sized by the longest code, at most 64 KiB each), whatever the data
/// declares, so a small input costs little. Errors throw <see cref="InvalidDataException"/> with a message starting
/// "the gzip data is corrupt" or "the gzip data is truncated".
/// </remarks>
internal sealed partial class Inflater(Stream source)
{
    private const int HistorySize = 32768;
    private const int MaxMatch = 258;
    private const int MaxWindow = HistorySize + (1 << 16) + MaxMatch + 8;
    private const int MaxCodeBits = 15;

    private static readonly ushort[] s_lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] s_lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] s_distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] s_distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly byte[] s_codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly HuffmanTable s_fixedLiterals = FixedTable(288, s => s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
    private static readonly HuffmanTable s_fixedDistances = FixedTable(32, _ => 5);

    // Input: a buffer of the source's bytes and a bit accumulator (LSB first, bits above _count always zero).
    private readonly byte[] _input = new byte[1 << 14];
    private int _inputPos, _inputEnd;
    private bool _sourceEnded;
    private ulong _bits;
    private int _count;

    // Output: [0, _end) holds history then fresh output; [_start, _end) is not yet handed out.
    private byte[] _window = new byte[4096];
    private int _start, _end;

    // Block state between calls.
    private bool _inBlock, _stored, _finalBlock, _done;
    private int _storedLeft;
    private HuffmanTable _literals = s_fixedLiterals, _distances = s_fixedDistances;
    private readonly HuffmanTable _dynamicLiterals = new(), _dynamicDistances = new(), _codeLengths = new();

    /// <summary>Prepares for a new deflate stream (the next gzip member); the input read so far is kept.</summary>
    public void Reset()
    {
        _start = _end = 0;
        _inBlock = _finalBlock = _done = false;
    }

    /// <summary>Copies decompressed bytes into <paramref name="destination"/>; returns 0 only at the end of the deflate stream.</summary>
    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty) return 0;
        while (_start == _end)
        {
            if (_done) return 0;
            Produce();
        }
        int n = Math.Min(destination.Length, _end - _start);
        _window.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    /// <summary>Drops the bits left in the last byte of the deflate data, so that the byte reads that follow are aligned.</summary>
    public void AlignToByte() => Drop(_count & 7);

    /// <summary>The next input byte after the bits consumed (call <see cref="AlignToByte"/> first), or −1 at the end of the source.</summary>
    public int ReadByte()
    {
        if (_count >= 8)
        {
            int b = (int)(_bits & 0xFF);
            Drop(8);
            return b;
        }
        if (_inputPos == _inputEnd && !FillInput()) return -1;
        return _input[_inputPos++];
    }

    /// <summary>Counts and discards the rest of the source (after <see cref="AlignToByte"/>).</summary>
    public long SkipToEnd()
    {
        long n = _count / 8 + (_inputEnd - _inputPos);
        _bits = 0;
        _count = 0;
        _inputPos = _inputEnd;
        while (FillInput()) n += _inputEnd - _inputPos;
        _inputPos = _inputEnd;
        return n;
    }

    private void Produce()
    {
        if (_window.Length < MaxWindow && _end > _window.Length / 2)
            Array.Resize(ref _window, Math.Min(MaxWindow, 2 * _window.Length));
        else if (_end > HistorySize && _window.Length == MaxWindow)
        {
            Buffer.BlockCopy(_window, _end - HistorySize, _window, 0, HistorySize);
            _start = _end = HistorySize;
        }
        int limit = _window.Length - MaxMatch - 8; // room for a match and CopyMatch's overshoot
        while (_end < limit && !_done)
        {
            if (!_inBlock) StartBlock();
            else if (_stored) CopyStored(limit);
            else DecodeHuffman(limit);
        }
    }

    private void StartBlock()
    {
        _finalBlock = Bits(1) == 1;
        int type = Bits(2);
        _stored = type == 0;
        switch (type)
        {
            case 0:
                AlignToByte();
                int len = ReadByteOrThrow() | ReadByteOrThrow() << 8;
                int nlen = ReadByteOrThrow() | ReadByteOrThrow() << 8;
                if ((len ^ 0xFFFF) != nlen) throw Corrupt($"a stored block's length {len} does not match its complement {nlen}");
                _storedLeft = len;
                break;
            case 1:
                _literals = s_fixedLiterals;
                _distances = s_fixedDistances;
                break;
            case 2:
                ReadDynamicTables();
                _literals = _dynamicLiterals;
                _distances = _dynamicDistances;
                break;
            default:
                throw Corrupt("invalid block type 3");
        }
        _inBlock = true;
    }

    private void EndBlock()
    {
        _inBlock = false;
        if (_finalBlock) _done = true;
    }

    private void CopyStored(int limit)
    {
        while (_storedLeft > 0 && _end < limit)
        {
            int want = Math.Min(_storedLeft, limit - _end);
            int got = 0;
            while (got < want && _count >= 8)
            {
                _window[_end + got++] = (byte)_bits;
                Drop(8);
            }
            while (got < want)
            {
                if (_inputPos == _inputEnd && !FillInput()) throw Truncated();
                int n = Math.Min(want - got, _inputEnd - _inputPos);
                Buffer.BlockCopy(_input, _inputPos, _window, _end + got, n);
                _inputPos += n;
                got += n;
            }
            _end += got;
            _storedLeft -= got;
        }
        if (_storedLeft == 0) EndBlock();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bits(int n)
    {
        if (_count < n)
        {
            Refill();
            if (_count < n) throw Truncated();
        }
        int value = (int)(_bits & ((1UL << n) - 1));
        Drop(n);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Drop(int n)
    {
        _bits >>= n;
        _count -= n;
    }

    private int ReadByteOrThrow()
    {
        int b = ReadByte();
        return b >= 0 ? b : throw Truncated();
    }

    private void Refill()
    {
        if (_count > 56) return;
        if (_inputEnd - _inputPos >= 8)
        {
            int take = (63 - _count) >> 3;
            _bits |= (BinaryPrimitives.ReadUInt64LittleEndian(_input.AsSpan(_inputPos)) & (ulong.MaxValue >> (64 - 8 * take))) << _count;
            _inputPos += take;
            _count += 8 * take;
            return;
        }
        while (_count <= 56)
        {
            if (_inputPos == _inputEnd && !FillInput()) return;
            _bits |= (ulong)_input[_inputPos++] << _count;
            _count += 8;
        }
    }

    private bool FillInput()
    {
        if (_sourceEnded) return false;
        int n = source.Read(_input, 0, _input.Length);
        if (n <= 0)
        {
            _sourceEnded = true;
            return false;
        }
        _inputPos = 0;
        _inputEnd = n;
        return true;
    }

    internal static InvalidDataException Corrupt(string detail) => new($"the gzip data is corrupt ({detail})");

    private static InvalidDataException InvalidCode(string kind) => Corrupt($"invalid {kind} code");

    private static InvalidDataException InvalidSymbol(string kind, int symbol) => Corrupt($"invalid {kind} symbol {symbol}");

    private static InvalidDataException TooFarBack(int distance) => Corrupt($"a match refers {distance} bytes back, before the start of the data");

    internal static InvalidDataException Truncated() => new("the gzip data is truncated (the stream ends inside the compressed data)");
}
