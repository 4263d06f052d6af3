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
internal sealed class Inflater(Stream source)
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

    private void DecodeHuffman(int limit)
    {
        while (_end < limit && _inBlock)
        {
            if (_inputEnd - _inputPos >= 8) DecodeFast(limit);
            else DecodeOne();
        }
    }

    /// <summary>
    /// The hot loop, with the bit buffer and positions in locals: runs while at least 8 input bytes are buffered, so
    /// each symbol pair (at most 48 bits) needs one branch-free refill and no end-of-input checks.
    /// </summary>
    private void DecodeFast(int limit)
    {
        byte[] input = _input, w = _window;
        ushort[] literals = _literals.Entries, distances = _distances.Entries;
        ulong literalMask = _literals.Mask, distanceMask = _distances.Mask;
        ulong bits = _bits;
        int count = _count, pos = _inputPos, end = _end, lastRefill = _inputEnd - 8;
        bool blockEnded = false;
        // No try/finally (it would keep the locals in memory): after an exception the decoder is not used again.
        while (end < limit && pos <= lastRefill)
        {
            if (count < 56)
            {
                int take = (63 - count) >> 3;
                bits |= (BinaryPrimitives.ReadUInt64LittleEndian(input.AsSpan(pos)) & (ulong.MaxValue >> (64 - 8 * take))) << count;
                pos += take;
                count += 8 * take;
            }
            int entry = literals[(int)(bits & literalMask)];
            int codeLength = entry & 15;
            if (codeLength == 0) throw InvalidCode(_literals.Kind);
            bits >>= codeLength;
            count -= codeLength;
            int symbol = entry >> 4;
            if (symbol < 256)
            {
                w[end++] = (byte)symbol;
                continue;
            }
            if (symbol == 256)
            {
                blockEnded = true;
                break;
            }
            symbol -= 257;
            if (symbol >= 29) throw InvalidSymbol("literal/length", symbol + 257);
            int extra = s_lengthExtra[symbol];
            int length = s_lengthBase[symbol] + (int)(bits & ((1UL << extra) - 1));
            bits >>= extra;
            count -= extra;
            entry = distances[(int)(bits & distanceMask)];
            codeLength = entry & 15;
            if (codeLength == 0) throw InvalidCode(_distances.Kind);
            bits >>= codeLength;
            count -= codeLength;
            int d = entry >> 4;
            if (d >= 30) throw InvalidSymbol("distance", d);
            extra = s_distanceExtra[d];
            int distance = s_distanceBase[d] + (int)(bits & ((1UL << extra) - 1));
            bits >>= extra;
            count -= extra;
            if (distance > end) throw TooFarBack(distance);
            CopyMatch(w, end, distance, length);
            end += length;
        }
        _bits = bits;
        _count = count;
        _inputPos = pos;
        _end = end;
        if (blockEnded) EndBlock();
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="distance"/> back to <paramref name="end"/>, where
    /// the source may overlap the destination (a run). Eight bytes at a time when they do not overlap within a step;
    /// it may write up to 7 bytes past the match, into the window's slack, which later output overwrites.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch(byte[] w, int end, int distance, int length)
    {
        if (distance >= 8)
        {
            ref byte b = ref MemoryMarshal.GetArrayDataReference(w);
            int from = end - distance, to = end, stop = end + length;
            do
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref b, to), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, from)));
                from += 8;
                to += 8;
            }
            while (to < stop);
        }
        else if (distance == 1) w.AsSpan(end, length).Fill(w[end - 1]);
        else for (int i = 0; i < length; i++) w[end + i] = w[end - distance + i];
    }

    /// <summary>One literal, match or end of block, refilling with checks (used near the end of the buffered input).</summary>
    private void DecodeOne()
    {
        byte[] w = _window;
        int symbol = Decode(_literals);
        if (symbol < 256)
        {
            w[_end++] = (byte)symbol;
            return;
        }
        if (symbol == 256)
        {
            EndBlock();
            return;
        }
        symbol -= 257;
        if (symbol >= 29) throw InvalidSymbol("literal/length", symbol + 257);
        int length = s_lengthBase[symbol] + Bits(s_lengthExtra[symbol]);
        int d = Decode(_distances);
        if (d >= 30) throw InvalidSymbol("distance", d);
        int distance = s_distanceBase[d] + Bits(s_distanceExtra[d]);
        if (distance > _end) throw TooFarBack(distance);
        CopyMatch(w, _end, distance, length);
        _end += length;
    }

    private void ReadDynamicTables()
    {
        int literalCount = Bits(5) + 257, distanceCount = Bits(5) + 1, codeLengthCount = Bits(4) + 4;
        if (literalCount > 286 || distanceCount > 30)
            throw Corrupt($"a block declares {literalCount} literal/length and {distanceCount} distance codes (at most 286 and 30)");
        Span<byte> lengths = stackalloc byte[286 + 30];
        lengths.Clear();
        for (int i = 0; i < codeLengthCount; i++) lengths[s_codeLengthOrder[i]] = (byte)Bits(3);
        _codeLengths.Build(lengths[..19], "code length", allowLoneCode: false);
        int total = literalCount + distanceCount;
        lengths.Clear();
        for (int i = 0; i < total;)
        {
            int symbol = Decode(_codeLengths);
            if (symbol < 16)
            {
                lengths[i++] = (byte)symbol;
                continue;
            }
            (byte value, int repeat) = symbol switch
            {
                16 when i == 0 => throw Corrupt("a code length repeat has no previous length"),
                16 => (lengths[i - 1], 3 + Bits(2)),
                17 => ((byte)0, 3 + Bits(3)),
                _ => ((byte)0, 11 + Bits(7)),
            };
            if (i + repeat > total) throw Corrupt("code length repeats run past the declared number of codes");
            lengths.Slice(i, repeat).Fill(value);
            i += repeat;
        }
        if (lengths[256] == 0) throw Corrupt("a block has no end-of-block code");
        _dynamicLiterals.Build(lengths[..literalCount], "literal/length");
        _dynamicDistances.Build(lengths.Slice(literalCount, distanceCount), "distance");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Decode(HuffmanTable table)
    {
        if (_count < MaxCodeBits) Refill();
        int entry = table.Entries[(int)(_bits & table.Mask)];
        int length = entry & 15;
        if (length == 0 || length > _count)
            throw length == 0 && _count >= table.Bits ? Corrupt($"invalid {table.Kind} code") : Truncated();
        Drop(length);
        return entry >> 4;
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

    private static HuffmanTable FixedTable(int count, Func<int, int> length)
    {
        var lengths = new byte[count];
        for (int s = 0; s < count; s++) lengths[s] = (byte)length(s);
        var table = new HuffmanTable();
        table.Build(lengths, "fixed");
        return table;
    }

    /// <summary>
    /// A canonical Huffman code as one lookup table indexed by the next <see cref="Bits"/> input bits (LSB first):
    /// each entry is <c>symbol &lt;&lt; 4 | code length</c>, 0 where no code matches.
    /// </summary>
    private sealed class HuffmanTable
    {
        public ushort[] Entries = [];
        public int Bits;
        public ulong Mask;
        public string Kind = "";

        public void Build(ReadOnlySpan<byte> lengths, string kind, bool allowLoneCode = true)
        {
            Kind = kind;
            Span<int> counts = stackalloc int[MaxCodeBits + 1];
            counts.Clear();
            foreach (byte l in lengths) counts[l]++;
            counts[0] = 0;
            int max = 0, left = 1;
            for (int len = 1; len <= MaxCodeBits; len++)
            {
                left = 2 * left - counts[len];
                if (left < 0) throw Corrupt($"the {kind} code lengths are over-subscribed");
                if (counts[len] > 0) max = len;
            }
            // Like zlib: an incomplete code is an error, except a lone one-bit literal/length or distance code (a
            // block using a single distance); the code-length code must always be complete.
            if (left > 0 && (max > 1 || !allowLoneCode)) throw Corrupt($"the {kind} code lengths are incomplete");
            Bits = Math.Max(max, 1);
            Mask = (1UL << Bits) - 1;
            int size = 1 << Bits;
            if (Entries.Length < size) Entries = new ushort[size];
            else Array.Clear(Entries, 0, size);
            Span<int> next = stackalloc int[MaxCodeBits + 1];
            int code = 0;
            for (int len = 1; len <= MaxCodeBits; len++)
            {
                code = (code + counts[len - 1]) << 1;
                next[len] = code;
            }
            for (int symbol = 0; symbol < lengths.Length; symbol++)
            {
                int len = lengths[symbol];
                if (len == 0) continue;
                int reversed = Reverse(next[len]++, len);
                for (int i = reversed; i < size; i += 1 << len) Entries[i] = (ushort)(symbol << 4 | len);
            }
        }

        private static int Reverse(int code, int length)
        {
            int r = 0;
            for (int i = 0; i < length; i++)
            {
                r = r << 1 | (code & 1);
                code >>= 1;
            }
            return r;
        }
    }
}
