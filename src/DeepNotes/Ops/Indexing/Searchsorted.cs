using System.Numerics;
using System.Runtime.CompilerServices;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// Binary search for insertion points, like <c>torch.searchsorted</c> and <c>torch.bucketize</c>: for each value the
/// index i into the sorted innermost dimension such that entries before i are &lt; value (left) or ≤ value (right).
/// A 1-D sequence serves every value; an N-D sequence pairs its leading dimensions with the values'. An optional
/// Int32 <c>sorter</c> gives the order of an unsorted sequence. Comparisons are written as PyTorch's, so NaN values and entries land where they do there.
/// Result Int32, shaped like the values; no gradient.
/// </summary>
internal static class Searchsorted
{
    public static Tensor Forward(Tensor sorted, Tensor values, bool right, SearchSide? side, Tensor? sorter, string op = "Searchsorted")
    {
        if (side is SearchSide s && right && s == SearchSide.Left)
            throw new ArgumentException($"{op}: side and right can't be set to opposites, got side Left while right was true.", nameof(side));
        bool upper = right || side == SearchSide.Right;
        sorted.CheckNumeric(op);
        values.CheckNumeric(op);
        if (sorted.Rank == 0)
            throw new ArgumentException($"{op}: the sorted sequence must have at least one dimension, got a 0-dim tensor.", nameof(sorted));
        if (sorted.Rank > 1)
        {
            bool leadingMatch = values.Rank == sorted.Rank;
            for (int d = 0; leadingMatch && d < sorted.Rank - 1; d++) leadingMatch = sorted.Shape.Dims[d] == values.Shape.Dims[d];
            if (!leadingMatch)
                throw new ArgumentException(
                    $"{op}: the sorted sequence must be 1-D or share all but its last dimension with the values, got sequence {sorted.Shape} and values {values.Shape}.", nameof(values));
        }
        int m = sorted.Shape.Dims[^1];
        int[]? order = null;
        if (sorter is not null)
        {
            sorter = IndexChecks.AsInt32Index(op, sorter, "sorter");
            if (sorter.Shape != sorted.Shape)
                throw new ArgumentException($"{op}: the sorter must have the sorted sequence's shape {sorted.Shape}, got {sorter.Shape}.", nameof(sorter));
            IndexChecks.InRange(op, sorter, sorted.Rank - 1, m, sorted.Shape);
            order = sorter.ToArray<int>();
        }
        DType common = sorted.DType == values.DType ? sorted.DType
            : sorted.DType.IsInteger() && values.DType.IsInteger() ? DType.Int64 : DType.Float64;
        var result = new Tensor(values.Shape, DType.Int32);
        int rows = 1;
        for (int d = 0; d < sorted.Rank - 1; d++) rows *= sorted.Shape.Dims[d];
        if (values.ElementCount == 0) return result;
        switch (common)
        {
            case DType.Float32: Run(sorted.ToArray<float>(), values.ToArray<float>(), order, m, rows, upper, result.Span<int>()); break;
            case DType.Float64: Run(sorted.ToArray<double>(), values.ToArray<double>(), order, m, rows, upper, result.Span<int>()); break;
            case DType.Int64: Run(sorted.ToArray<long>(), values.ToArray<long>(), order, m, rows, upper, result.Span<int>()); break;
            default: Run(sorted.ToArray<int>(), values.ToArray<int>(), order, m, rows, upper, result.Span<int>()); break;
        }
        return result;
    }

    /// <summary><c>torch.bucketize</c>: a 1-D boundaries tensor; <paramref name="right"/> false gives boundaries[i-1] &lt; x ≤ boundaries[i].</summary>
    public static Tensor Bucketize(Tensor input, Tensor boundaries, bool right)
    {
        if (boundaries.Rank != 1)
            throw new ArgumentException($"Bucketize: the boundaries must be 1-D, got shape {boundaries.Shape}.", nameof(boundaries));
        return Forward(boundaries, input, right, null, null, "Bucketize");
    }

    private static void Run<T>(T[] seq, T[] vals, int[]? order, int m, int rows, bool upper, Span<int> result) where T : INumber<T>
    {
        var output = new int[vals.Length];
        var body = new SearchBody<T> { Seq = seq, Vals = vals, Order = order, M = m, PerRow = rows == 1 ? vals.Length : vals.Length / rows, UseUpper = upper, Result = output };
        RangeJob<SearchBody<T>>.Run(body, vals.Length, RangeJob.Grain(16));   // each value independent: any split gives the same result
        output.CopyTo(result);
    }

    private struct SearchBody<T> : IRangeBody where T : INumber<T>
    {
        public T[] Seq, Vals;
        public int[]? Order;
        public int[] Result;
        public int M, PerRow;
        public bool UseUpper;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Run(int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                int begin = i / PerRow * M;
                Result[i] = UseUpper ? Upper(Seq, begin, M, Vals[i], Order) : Lower(Seq, begin, M, Vals[i], Order);
            }
        }
    }

    // first position whose entry is not < value, probing the midpoints PyTorch probes and comparing as it does, so
    // that NaN values and entries land where they do there; the step is branch-free (the branch is unpredictable)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Lower<T>(T[] seq, int start, int m, T value, int[]? order) where T : INumber<T>
    {
        int lo = 0, hi = m;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            T entry = order is null ? seq[start + mid] : seq[start + order[start + mid]];
            int right = -(!(entry >= value) ? 1 : 0);   // all ones when the answer lies right of mid
            lo = ((mid + 1) & right) | (lo & ~right);
            hi = (hi & right) | (mid & ~right);
        }
        return lo;
    }

    // first position whose entry is > value
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Upper<T>(T[] seq, int start, int m, T value, int[]? order) where T : INumber<T>
    {
        int lo = 0, hi = m;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            T entry = order is null ? seq[start + mid] : seq[start + order[start + mid]];
            int right = -(!(entry > value) ? 1 : 0);
            lo = ((mid + 1) & right) | (lo & ~right);
            hi = (hi & right) | (mid & ~right);
        }
        return lo;
    }
}
