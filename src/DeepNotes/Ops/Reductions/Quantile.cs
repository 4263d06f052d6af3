using DeepNotes.Ops.Indexing;
using DeepNotes.Ops.Sorting;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// q-quantiles along one dimension (or of the flattened tensor), as <c>torch.quantile</c>/<c>nanquantile</c>: the
/// input is sorted, q·(n − 1) is the fractional sorted position and the interpolation picks or blends its two
/// neighbours. A row with NaN gives NaN (Quantile) or is quantiled over its non-NaN values (Nanquantile; all-NaN
/// gives NaN). With a 1-D q the result gains a leading dimension of q's length. Backward flows through the sort and
/// the blend: g·(1 − w) to the lower neighbour's position and g·w to the upper one's.
/// </summary>
internal static class Quantile
{
    public static Tensor Forward(Tensor x, Tensor q, int? dim, bool keepDim, QuantileInterpolation interpolation, bool ignoreNan)
    {
        string op = ignoreNan ? "Nanquantile" : "Quantile";
        x.CheckFloatingPoint(op);
        if (q.Rank > 1) throw new ArgumentException($"{op}: q must be a scalar or 1-D tensor, got shape {q.Shape}.");
        if (!q.DType.IsFloatingPoint()) throw new ArgumentException($"{op}: q must be a floating-point tensor, got {q.DType}.");
        double[] qs = q.ToArray<double>();
        foreach (double v in qs)
            if (!(v >= 0 && v <= 1)) throw new ArgumentOutOfRangeException(nameof(q), v, $"{op}: q values must be in the range [0, 1], got {v}.");
        if (x.ElementCount == 0 && dim is null || x.Rank > 0 && dim is int dd && x.Shape[dd] == 0)
            throw new ArgumentException($"{op}: cannot compute quantiles of an empty dimension (shape {x.Shape}).");

        Tensor source = dim is null ? Reshape.Forward(x, [-1]) : x;
        int d = dim is int a ? AxisRows.Dim(op, a, x.Rank) : 0;
        if (source.Rank == 0) source = Reshape.Forward(source, [1]);
        int n = source.Shape.Dims[d];
        Tensor sorted = Sort.Forward(source, d, descending: false).Values;
        // d innermost (differentiable permute): rows [others..., n]
        var perm = new int[source.Rank];
        int k = 0;
        for (int i = 0; i < source.Rank; i++) if (i != d) perm[k++] = i;
        perm[k] = d;
        Tensor rows = Permute.Forward(sorted, perm);
        int outer = source.ElementCount / n;

        int nq = qs.Length;
        Shape idxShape = AxisRows.ArrangedShape(source.Shape, d, nq);
        var lo = new Tensor(idxShape, DType.Int32);
        var hi = new Tensor(idxShape, DType.Int32);
        var w = new Tensor(idxShape, x.DType);
        Tensor flatSorted = sorted.Detach();
        Tensor sortedRows = AxisRows.Arrange(flatSorted, d).Data;
        for (int o = 0; o < outer; o++)
        {
            int valid = n;
            while (valid > 0 && double.IsNaN(sortedRows.GetRaw(o * n + valid - 1))) valid--;
            for (int j = 0; j < nq; j++)
            {
                int at = o * nq + j;
                if (valid < n && !ignoreNan || valid == 0)
                {
                    lo.SetRaw(at, n - 1); hi.SetRaw(at, n - 1); // NaN result
                    continue;
                }
                double pos = qs[j] * (valid - 1);
                int below = (int)Math.Floor(pos), above = (int)Math.Ceiling(pos);
                double weight = pos - below;
                switch (interpolation)
                {
                    case QuantileInterpolation.Lower: above = below; weight = 0; break;
                    case QuantileInterpolation.Higher: below = above; weight = 0; break;
                    case QuantileInterpolation.Nearest: below = above = (int)Math.Round(pos, MidpointRounding.ToEven); weight = 0; break;
                    case QuantileInterpolation.Midpoint: weight = below == above ? 0 : 0.5; break;
                }
                lo.SetRaw(at, below);
                hi.SetRaw(at, above);
                w.SetRaw(at, weight);
            }
        }
        int last = rows.Rank - 1;
        Tensor low = Gather.Forward(rows, last, lo);
        Tensor high = Gather.Forward(rows, last, hi);
        Tensor result = Add.Forward(low, Multiply.Forward(Subtract.Forward(high, low), w)); // [others..., Q]

        // q's dimension first, then the kept (or size-1) dimensions
        var toFront = new int[result.Rank];
        toFront[0] = last;
        for (int i = 1; i < result.Rank; i++) toFront[i] = i - 1;
        result = Permute.Forward(result, toFront);
        var outDims = new List<int>();
        if (q.Rank == 1) outDims.Add(nq);
        if (dim is null)
        {
            if (keepDim) for (int i = 0; i < x.Rank; i++) outDims.Add(1);
        }
        else outDims.AddRange(AxisRows.Reduced(x.Shape, d, keepDim).ToArray());
        return Reshape.Forward(result, outDims.ToArray());
    }
}
