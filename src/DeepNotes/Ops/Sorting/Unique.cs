using DeepNotes.Ops.Indexing;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Sorting;

/// <summary>
/// Unique and UniqueConsecutive, of the flattened tensor or of slices along one dimension, as <c>torch.unique</c> /
/// <c>torch.unique_consecutive</c>: Unique's values come out sorted ascending (slices lexicographically), NaN is
/// unequal to everything (each NaN its own entry, placed last), the inverse maps every input element (or slice) to
/// its entry and counts say how often each occurs. Not differentiable, as in PyTorch.
/// </summary>
internal static class Unique
{
    public static UniqueResult Forward(Tensor x, bool returnInverse, bool returnCounts, int? dim, bool consecutive)
    {
        string op = consecutive ? "UniqueConsecutive" : "Unique";
        Tensor src = x.Detach();
        bool isBool = src.DType == DType.Bool;
        if (isBool) src = src.ConvertRaw(DType.Int32);
        if (dim is null) src = Reshape.Raw(src.ContiguousRaw(), new Shape(src.ElementCount));
        int d = dim is int a ? Permute.Axis(op, a, x.Rank) : 0;
        if (x.Rank == 0 && dim is not null) throw new ArgumentException($"{op}: a 0-dim tensor has no dimension {dim}.");
        if (dim is null && !consecutive)
        {
            var flat = Flat(src, returnInverse, returnCounts);
            Tensor? flatInverse = flat.Inverse is null ? null : Reshape.Raw(flat.Inverse, x.Shape);
            return new(isBool ? flat.Values.ConvertRaw(DType.Bool) : flat.Values, flatInverse, flat.Counts);
        }
        // slices along d as rows [n, width]
        int n = src.Shape.Dims[d];
        var perm = new int[src.Rank];
        perm[0] = d;
        for (int i = 0, k = 1; i < src.Rank; i++) if (i != d) perm[k++] = i;
        Tensor rows = Permute.Raw(src, perm).ContiguousRaw();
        int width = n == 0 ? 0 : rows.ElementCount / n;
        double[] v = rows.ToArray<double>();

        int[] order;
        if (consecutive) order = Enumerable.Range(0, n).ToArray();
        else if (width == 1) order = Sort.SortedRows(rows.Rank == 1 ? rows : Reshape.Raw(rows, new Shape(n)), 0, descending: false).Order.ToArray<int>();
        else
        {
            order = Enumerable.Range(0, n).ToArray();
            Array.Sort(order, (i, j) =>
            {
                int c = CompareRows(v, i, j, width);
                return c != 0 ? c : i.CompareTo(j);
            });
        }

        var first = new List<int>();
        var counts = new List<int>();
        var inverse = new int[n];
        for (int r = 0; r < n; r++)
        {
            int i = order[r];
            if (r == 0 || !RowsEqual(v, order[r - 1], i, width))
            {
                first.Add(i);
                counts.Add(0);
            }
            counts[^1]++;
            inverse[i] = first.Count - 1;
        }
        Tensor values;
        if (dim is null) values = Gather.Raw(src, 0, Tensor.FromArray(first.ToArray()));
        else
        {
            values = IndexSelect.Forward(Permute.Raw(src, perm), 0, Tensor.FromArray(first.ToArray()));
            var back = new int[perm.Length];
            for (int i = 0; i < perm.Length; i++) back[perm[i]] = i;
            values = Permute.Raw(values, back).ContiguousRaw();
        }
        if (isBool) values = values.ConvertRaw(DType.Bool);
        Tensor? inv = null;
        if (returnInverse)
        {
            inv = Tensor.FromArray(inverse);
            if (dim is null) inv = Reshape.Raw(inv, x.Shape);
        }
        Tensor? cnt = returnCounts ? Tensor.FromArray(counts.ToArray()) : null;
        return new(values, inv, cnt);
    }

    /// <summary>Unique of a 1-D tensor: one stable sort, then runs of equal neighbours on the typed sorted values.</summary>
    private static UniqueResult Flat(Tensor flat, bool returnInverse, bool returnCounts)
    {
        if (flat.DType == DType.Int32 && !returnInverse)
        {
            // no inverse wanted: sort the values themselves, no positions carried
            var values = flat.ContiguousRaw().CloneRaw();
            SortKernel.SortInts(values.Span<int>());
            return Runs(values.Span<int>(), default, DType.Int32, false, returnCounts);
        }
        var (sorted, order) = Sort.SortedRows(flat, 0, descending: false);
        return flat.DType switch
        {
            DType.Float32 => Runs(sorted.Span<float>(), order.Span<int>(), DType.Float32, returnInverse, returnCounts),
            DType.Float64 => Runs(sorted.Span<double>(), order.Span<int>(), DType.Float64, returnInverse, returnCounts),
            DType.Int64 => Runs(sorted.Span<long>(), order.Span<int>(), DType.Int64, returnInverse, returnCounts),
            _ => Runs(sorted.Span<int>(), order.Span<int>(), DType.Int32, returnInverse, returnCounts),
        };
    }

    private static UniqueResult Runs<T>(ReadOnlySpan<T> sorted, ReadOnlySpan<int> order, DType dtype, bool returnInverse, bool returnCounts)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        int n = sorted.Length, groups = 0;
        var counts = new int[n];
        var inverse = returnInverse ? new int[n] : null;
        var values = new Tensor(new Shape(n), dtype);
        var v = values.Span<T>();
        for (int r = 0; r < n; r++)
        {
            if (r == 0 || sorted[r] != sorted[r - 1]) v[groups++] = sorted[r]; // NaN != NaN: each NaN its own entry
            counts[groups - 1]++;
            if (inverse is not null) inverse[order[r]] = groups - 1;
        }
        Tensor uniques = Narrow.Forward(values, 0, 0, groups).ContiguousRaw();
        return new(uniques, inverse is null ? null : Tensor.FromArray(inverse), returnCounts ? Tensor.FromArray(counts[..groups]) : null);
    }

    private static bool RowsEqual(double[] v, int i, int j, int width)
    {
        for (int k = 0; k < width; k++) if (!(v[i * width + k] == v[j * width + k])) return false; // NaN never equal
        return true;
    }

    private static int CompareRows(double[] v, int i, int j, int width)
    {
        for (int k = 0; k < width; k++)
        {
            ulong a = SortKernel.Key(v[i * width + k]), b = SortKernel.Key(v[j * width + k]);
            if (a != b) return a < b ? -1 : 1;
        }
        return 0;
    }
}
