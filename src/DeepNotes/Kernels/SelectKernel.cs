using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Selection on contiguous rows without a full sort, in the order <see cref="SortKernel"/> defines (NaN largest, −0 =
/// +0) with ties broken by position, so every answer equals the one a stable sort would give: the element at one
/// sorted position (KthValue, Median; quickselect, O(n) expected) or the first k in sorted order (TopK; quickselect,
/// then a stable sort of those k).
/// </summary>
internal static class SelectKernel
{
    /// <summary>For each row, the input position of the element at sorted position <paramref name="position"/>(row, NaN count).</summary>
    public static void PickRows(ReadOnlySpan<float> data, Span<int> picked, int outer, int n, Func<int, int, int> position) =>
        PickRowsNarrow<float, SortKernel.FloatKey>(data, picked, outer, n, position);

    /// <inheritdoc cref="PickRows(ReadOnlySpan{float}, Span{int}, int, int, Func{int, int, int})"/>
    public static void PickRows(ReadOnlySpan<double> data, Span<int> picked, int outer, int n, Func<int, int, int> position) =>
        PickRowsWide<double, SortKernel.DoubleKey>(data, picked, outer, n, position);

    /// <inheritdoc cref="PickRows(ReadOnlySpan{float}, Span{int}, int, int, Func{int, int, int})"/>
    public static void PickRows(ReadOnlySpan<int> data, Span<int> picked, int outer, int n, Func<int, int, int> position) =>
        PickRowsNarrow<int, SortKernel.IntKey>(data, picked, outer, n, position);

    /// <inheritdoc cref="PickRows(ReadOnlySpan{float}, Span{int}, int, int, Func{int, int, int})"/>
    public static void PickRows(ReadOnlySpan<long> data, Span<int> picked, int outer, int n, Func<int, int, int> position) =>
        PickRowsWide<long, SortKernel.LongKey>(data, picked, outer, n, position);

    /// <summary>For each row, the input positions of its first <paramref name="k"/> elements in (descending) sorted order.</summary>
    public static void FirstRows(ReadOnlySpan<float> data, Span<int> order, int outer, int n, int k, bool descending) =>
        FirstRowsNarrow<float, SortKernel.FloatKey>(data, order, outer, n, k, descending);

    /// <inheritdoc cref="FirstRows(ReadOnlySpan{float}, Span{int}, int, int, int, bool)"/>
    public static void FirstRows(ReadOnlySpan<double> data, Span<int> order, int outer, int n, int k, bool descending) =>
        FirstRowsWide<double, SortKernel.DoubleKey>(data, order, outer, n, k, descending);

    /// <inheritdoc cref="FirstRows(ReadOnlySpan{float}, Span{int}, int, int, int, bool)"/>
    public static void FirstRows(ReadOnlySpan<int> data, Span<int> order, int outer, int n, int k, bool descending) =>
        FirstRowsNarrow<int, SortKernel.IntKey>(data, order, outer, n, k, descending);

    /// <inheritdoc cref="FirstRows(ReadOnlySpan{float}, Span{int}, int, int, int, bool)"/>
    public static void FirstRows(ReadOnlySpan<long> data, Span<int> order, int outer, int n, int k, bool descending) =>
        FirstRowsWide<long, SortKernel.LongKey>(data, order, outer, n, k, descending);

    /// <summary>32-bit keys (float, int): key and position packed in one ulong, so the selection moves one array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PickRowsNarrow<TValue, TKeyOf>(ReadOnlySpan<TValue> data, Span<int> picked, int outer, int n, Func<int, int, int> position)
        where TValue : INumberBase<TValue> where TKeyOf : struct, SortKernel.ISortKey<TValue, uint>
    {
        var packed = new ulong[n];
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            int nan = 0;
            for (int i = 0; i < n; i++)
            {
                packed[i] = (ulong)TKeyOf.Of(row[i]) << 32 | (uint)i;
                if (TValue.IsNaN(row[i])) nan++;
            }
            int p = position(o, nan);
            SelectPacked(packed, p);
            picked[o] = (int)(uint)packed[p];
        }
    }

    /// <summary>64-bit keys (double, long): keys and positions in two arrays moved together.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PickRowsWide<TValue, TKeyOf>(ReadOnlySpan<TValue> data, Span<int> picked, int outer, int n, Func<int, int, int> position)
        where TValue : INumberBase<TValue> where TKeyOf : struct, SortKernel.ISortKey<TValue, ulong>
    {
        var keys = new ulong[n];
        var idx = new int[n];
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            int nan = 0;
            for (int i = 0; i < n; i++)
            {
                keys[i] = TKeyOf.Of(row[i]);
                idx[i] = i;
                if (TValue.IsNaN(row[i])) nan++;
            }
            int p = position(o, nan);
            Select<ulong>(keys, idx, p);
            picked[o] = idx[p];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FirstRowsNarrow<TValue, TKeyOf>(ReadOnlySpan<TValue> data, Span<int> order, int outer, int n, int k, bool descending)
        where TKeyOf : struct, SortKernel.ISortKey<TValue, uint>
    {
        var packed = new ulong[n];
        uint flip = descending ? uint.MaxValue : 0u;
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            for (int i = 0; i < n; i++) packed[i] = (ulong)(TKeyOf.Of(row[i]) ^ flip) << 32 | (uint)i;
            FirstPacked(packed, k, order.Slice(o * k, k));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FirstRowsWide<TValue, TKeyOf>(ReadOnlySpan<TValue> data, Span<int> order, int outer, int n, int k, bool descending)
        where TKeyOf : struct, SortKernel.ISortKey<TValue, ulong>
    {
        var keys = new ulong[n];
        var idx = new int[n];
        ulong flip = descending ? ulong.MaxValue : 0ul;
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * n, n);
            for (int i = 0; i < n; i++) keys[i] = TKeyOf.Of(row[i]) ^ flip;
            First<ulong>(keys, idx, k, order.Slice(o * k, k));
        }
    }

    /// <summary>
    /// The stable sort's first k: for k ≤ 32 one pass over the row keeping the best k in order; otherwise quickselect
    /// of the k smallest (key, index) pairs, then ordered by index and stably by key.
    /// </summary>
    private static void First<TKey>(TKey[] keys, int[] idx, int k, Span<int> result) where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        if (k == 0) return;
        if (k <= 32)
        {
            // one pass keeping the best k in order: most elements are rejected by one comparison with the worst kept
            Span<TKey> bestKeys = stackalloc TKey[k];
            Span<int> bestIdx = stackalloc int[k];
            int count = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                TKey key = keys[i];
                int slot;
                if (count == k)
                {
                    if (!(key < bestKeys[k - 1])) continue; // an equal key came later: it ranks after
                    slot = k - 1;
                }
                else slot = count++;
                int j = slot - 1;
                while (j >= 0 && bestKeys[j] > key)
                {
                    bestKeys[j + 1] = bestKeys[j];
                    bestIdx[j + 1] = bestIdx[j];
                    j--;
                }
                bestKeys[j + 1] = key;
                bestIdx[j + 1] = i;
            }
            bestIdx.CopyTo(result);
            return;
        }
        for (int i = 0; i < idx.Length; i++) idx[i] = i;
        Select<TKey>(keys, idx, k - 1);
        var firstIdx = idx.AsSpan(0, k).ToArray();
        var firstKeys = keys.AsSpan(0, k).ToArray();
        Array.Sort(firstIdx, firstKeys);
        var order = new int[k];
        SortKernel.SortKeysStable(firstKeys, order);
        for (int j = 0; j < k; j++) result[j] = firstIdx[order[j]];
    }

    /// <summary>The first k of (key &lt;&lt; 32 | index) composites in ascending order (all distinct, so this is the stable order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FirstPacked(ulong[] packed, int k, Span<int> result)
    {
        if (k == 0) return;
        if (k <= 32)
        {
            Span<ulong> best = stackalloc ulong[k];
            int count = 0;
            for (int i = 0; i < packed.Length; i++)
            {
                ulong c = packed[i];
                int slot;
                if (count == k)
                {
                    if (c >= best[k - 1]) continue;
                    slot = k - 1;
                }
                else slot = count++;
                int j = slot - 1;
                while (j >= 0 && best[j] > c)
                {
                    best[j + 1] = best[j];
                    j--;
                }
                best[j + 1] = c;
            }
            for (int j = 0; j < k; j++) result[j] = (int)(uint)best[j];
            return;
        }
        SelectPacked(packed, k - 1);
        Array.Sort(packed, 0, k);
        for (int j = 0; j < k; j++) result[j] = (int)(uint)packed[j];
    }

    /// <summary>Quickselect on distinct composites: afterwards position <paramref name="p"/> holds the p-th smallest, smaller ones before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectPacked(Span<ulong> a, int p)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi - lo >= 16)
        {
            int mid = lo + (hi - lo) / 2;
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            ulong pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (pivot < a[j]) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (p <= j) hi = j;
            else if (p >= i) lo = i;
            else return;
        }
        for (int i = lo + 1; i <= hi; i++)
        {
            ulong v = a[i];
            int j = i - 1;
            while (j >= lo && a[j] > v)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /// <summary>Quickselect on (key, index) pairs (all distinct): afterwards position <paramref name="p"/> holds the p-th smallest, smaller ones before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select<TKey>(Span<TKey> keys, Span<int> idx, int p) where TKey : unmanaged, IBinaryInteger<TKey>, IUnsignedNumber<TKey>
    {
        int lo = 0, hi = keys.Length - 1;
        while (hi > lo)
        {
            if (hi - lo < 16)
            {
                for (int i = lo + 1; i <= hi; i++)
                {
                    TKey key = keys[i];
                    int id = idx[i];
                    int j = i - 1;
                    while (j >= lo && Less(key, id, keys[j], idx[j]))
                    {
                        keys[j + 1] = keys[j];
                        idx[j + 1] = idx[j];
                        j--;
                    }
                    keys[j + 1] = key;
                    idx[j + 1] = id;
                }
                return;
            }
            int mid = lo + (hi - lo) / 2;
            if (Less(keys[mid], idx[mid], keys[lo], idx[lo])) Swap(keys, idx, mid, lo);
            if (Less(keys[hi], idx[hi], keys[lo], idx[lo])) Swap(keys, idx, hi, lo);
            if (Less(keys[hi], idx[hi], keys[mid], idx[mid])) Swap(keys, idx, hi, mid);
            TKey pk = keys[mid];
            int pi = idx[mid];
            int a = lo, b = hi;
            while (a <= b)
            {
                while (Less(keys[a], idx[a], pk, pi)) a++;
                while (Less(pk, pi, keys[b], idx[b])) b--;
                if (a <= b)
                {
                    Swap(keys, idx, a, b);
                    a++;
                    b--;
                }
            }
            if (p <= b) hi = b;
            else if (p >= a) lo = a;
            else return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less<TKey>(TKey ka, int ia, TKey kb, int ib) where TKey : unmanaged, IBinaryInteger<TKey> =>
        ka < kb || ka == kb && ia < ib;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap<TKey>(Span<TKey> keys, Span<int> idx, int a, int b)
    {
        (keys[a], keys[b]) = (keys[b], keys[a]);
        (idx[a], idx[b]) = (idx[b], idx[a]);
    }
}
