using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepNotes.Data;

/// <summary>The Huffman-coded blocks of <see cref="Inflater"/>: the decoding loops and the code tables.</summary>
internal sealed partial class Inflater
{
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
