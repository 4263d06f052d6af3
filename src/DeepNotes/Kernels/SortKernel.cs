using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Stable argsort of contiguous rows. Each value becomes an unsigned key whose integer order is the value order
/// (floats: sign-flipped bits, −0 mapped to +0, every NaN to one key above +∞, as PyTorch sorts NaN as the largest),
/// complemented for a descending sort. Short rows use insertion sort; longer rows an LSD radix sort on bytes (skipping
/// bytes all keys share), which is stable by construction and O(n) per pass, so equal values keep their order.
/// </summary>
internal static class SortKernel
{
    private const int InsertionLimit = 48;

    /// <summary>Sortable key of a float: integer order of the keys equals the value order, NaN above +∞, −0 = +0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Key(float v)
    {
        // branch-free (random signs would mispredict): flip all bits of negatives, the sign bit of the rest
        uint b = BitConverter.SingleToUInt32Bits(v);
        uint key = b ^ ((uint)((int)b >> 31) | 0x80000000u);
        key = v == 0f ? 0x80000000u : key;
        return float.IsNaN(v) ? 0xFFC00000u : key;
    }

    /// <inheritdoc cref="Key(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(double v)
    {
        ulong b = BitConverter.DoubleToUInt64Bits(v);
        ulong key = b ^ ((ulong)((long)b >> 63) | 0x8000000000000000ul);
        key = v == 0d ? 0x8000000000000000ul : key;
        return double.IsNaN(v) ? 0xFFF8000000000000ul : key;
    }

    /// <summary>Sortable key of an int.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Key(int v) => (uint)v ^ 0x80000000u;

    /// <summary>Sortable key of a long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(long v) => (ulong)v ^ 0x8000000000000000ul;

    /// <summary>Writes, for each of the <paramref name="outer"/> rows of length <paramref name="n"/>, the stable sorting permutation of the row.</summary>
    public static void ArgSortRows(ReadOnlySpan<float> data, Span<int> order, int outer, int n, bool descending) =>
        ArgSortRows<float, uint, FloatKey>(data, order, outer, n, descending);

    /// <inheritdoc cref="ArgSortRows(ReadOnlySpan{float}, Span{int}, int, int, bool)"/>
    public static void ArgSortRows(ReadOnlySpan<double> data, Span<int> order, int outer, int n, bool descending) =>
        ArgSortRows<double, ulong, DoubleKey>(data, order, outer, n, descending);

    /// <inheritdoc cref="ArgSortRows(ReadOnlySpan{float}, Span{int}, int, int, bool)"/>
    public static void ArgSortRows(ReadOnlySpan<int> data, Span<int> order, int outer, int n, bool descending) =>
        ArgSortRows<int, uint, IntKey>(data, order, outer, n, descending);

    /// <inheritdoc cref="ArgSortRows(ReadOnlySpan{float}, Span{int}, int, int, bool)"/>
    public static void ArgSortRows(ReadOnlySpan<long> data, Span<int> order, int outer, int n, bool descending) =>
        ArgSortRows<long, ulong, LongKey>(data, order, outer, n, descending);

    /// <summary>The sortable unsigned key of a value (see <see cref="Key(float)"/>), as a static interface so the generic
    /// row sort (and <see cref="SelectKernel"/>) inlines it.</summary>
    internal interface ISortKey<TValue, TKey>
    {
        static abstract TKey Of(TValue value);
    }

    internal readonly struct FloatKey : ISortKey<float, uint>
    {
        public static uint Of(float value) => Key(value);
    }

    internal readonly struct DoubleKey : ISortKey<double, ulong>
    {
        public static ulong Of(double value) => Key(value);
    }

    internal readonly struct IntKey : ISortKey<int, uint>
    {
        public static uint Of(int value) => Key(value);
    }

    internal readonly struct LongKey : ISortKey<long, ulong>
    {
        public static ulong Of(long value) => Key(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ArgSortRows<TValue, TKey, TKeyOf>(ReadOnlySpan<TValue> data, Span<int> order, int outer, int n, bool descending)
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
        where TKeyOf : struct, ISortKey<TValue, TKey>
    {
        if (n == 0) return;
        TKey[] keyBuffer = ArrayPool<TKey>.Shared.Rent(n), scratchKeyBuffer = ArrayPool<TKey>.Shared.Rent(n);
        int[] scratchIdxBuffer = ArrayPool<int>.Shared.Rent(n);
        var keys = keyBuffer.AsSpan(0, n);
        var scratchKeys = scratchKeyBuffer.AsSpan(0, n);
        var scratchIdx = scratchIdxBuffer.AsSpan(0, n);
        TKey flip = descending ? TKey.AllBitsSet : TKey.Zero;
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            for (int i = 0; i < n; i++) keys[i] = TKeyOf.Of(row[i]) ^ flip;
            SortKeys<TKey>(keys, order.Slice(o * n, n), scratchKeys, scratchIdx);
        }
        ArrayPool<TKey>.Shared.Return(keyBuffer);
        ArrayPool<TKey>.Shared.Return(scratchKeyBuffer);
        ArrayPool<int>.Shared.Return(scratchIdxBuffer);
    }

    /// <summary>Sorts Int32 values ascending in place (LSD radix on the sign-flipped bits, no positions carried).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SortInts(Span<int> values)
    {
        int n = values.Length;
        if (n < 2) return;
        var keys = System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(values);
        for (int i = 0; i < n; i++) keys[i] ^= 0x80000000u;
        uint[] scratchBuffer = ArrayPool<uint>.Shared.Rent(n);
        var scratch = scratchBuffer.AsSpan(0, n);
        Span<int> counts = stackalloc int[4 * 256];
        counts.Clear();
        foreach (uint k in keys)
        {
            counts[(int)(k & 0xFF)]++;
            counts[256 + (int)((k >> 8) & 0xFF)]++;
            counts[512 + (int)((k >> 16) & 0xFF)]++;
            counts[768 + (int)(k >> 24)]++;
        }
        Span<uint> src = keys, dst = scratch;
        bool inScratch = false;
        Span<int> offsets = stackalloc int[256];
        for (int b = 0; b < 4; b++)
        {
            var c = counts.Slice(b * 256, 256);
            int shift = 8 * b;
            if (c[(int)((src[0] >> shift) & 0xFF)] == n) continue;
            int sum = 0;
            for (int d = 0; d < 256; d++) { offsets[d] = sum; sum += c[d]; }
            foreach (uint k in src) dst[offsets[(int)((k >> shift) & 0xFF)]++] = k;
            var t = src; src = dst; dst = t;
            inScratch = !inScratch;
        }
        if (inScratch) src.CopyTo(keys);
        ArrayPool<uint>.Shared.Return(scratchBuffer);
        for (int i = 0; i < n; i++) keys[i] ^= 0x80000000u;
    }

    /// <summary>Stable sorting permutation of <paramref name="keys"/> (which it sorts in place) into <paramref name="order"/>.</summary>
    public static void SortKeysStable<TKey>(TKey[] keys, Span<int> order) where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey> =>
        SortKeys<TKey>(keys, order, new TKey[keys.Length], new int[keys.Length]);

    /// <summary>Sorts <paramref name="keys"/> stably and writes into <paramref name="idx"/> the original position of each sorted key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortKeys<TKey>(Span<TKey> keys, Span<int> idx, Span<TKey> scratchKeys, Span<int> scratchIdx)
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        int n = keys.Length;
        for (int i = 0; i < n; i++) idx[i] = i;
        if (n <= InsertionLimit)
        {
            for (int i = 1; i < n; i++)
            {
                TKey k = keys[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > k)
                {
                    keys[j + 1] = keys[j];
                    idx[j + 1] = idx[j];
                    j--;
                }
                keys[j + 1] = k;
                idx[j + 1] = i;
            }
            return;
        }
        RadixSort(keys, idx, scratchKeys[..n], scratchIdx[..n]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSort<TKey>(Span<TKey> keys, Span<int> idx, Span<TKey> scratchKeys, Span<int> scratchIdx)
        where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        int n = keys.Length;
        int bytes = System.Runtime.CompilerServices.Unsafe.SizeOf<TKey>();
        Span<int> counts = stackalloc int[8 * 256];
        counts = counts[..(bytes * 256)];
        counts.Clear();
        for (int i = 0; i < n; i++)
        {
            TKey k = keys[i];
            for (int b = 0; b < bytes; b++) counts[b * 256 + (int)(uint.CreateTruncating(k >> (8 * b)) & 0xFF)]++;
        }
        Span<TKey> srcK = keys, dstK = scratchKeys;
        Span<int> srcI = idx, dstI = scratchIdx;
        bool inScratch = false;
        Span<int> offsets = stackalloc int[256];
        for (int b = 0; b < bytes; b++)
        {
            var c = counts.Slice(b * 256, 256);
            int shift = 8 * b;
            if (c[(int)(uint.CreateTruncating(srcK[0] >> shift) & 0xFF)] == n) continue; // every key shares this byte
            int sum = 0;
            for (int d = 0; d < 256; d++) { offsets[d] = sum; sum += c[d]; }
            for (int i = 0; i < n; i++)
            {
                TKey k = srcK[i];
                int pos = offsets[(int)(uint.CreateTruncating(k >> shift) & 0xFF)]++;
                dstK[pos] = k;
                dstI[pos] = srcI[i];
            }
            var tk = srcK; srcK = dstK; dstK = tk;
            var ti = srcI; srcI = dstI; dstI = ti;
            inScratch = !inScratch;
        }
        if (inScratch)
        {
            srcK.CopyTo(keys);
            srcI.CopyTo(idx);
        }
    }
}
