using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Product over all or chosen axes (an empty product is 1). Backward as PyTorch, exact with zeros: g·y/x when no
/// input is zero (composed of differentiable ops), otherwise g times the product of each element's row-mates from a
/// prefix/suffix scan (so one zero in a row gets the product of the others, and two zeros give 0 everywhere). With
/// createGraph: g·y/x with the graph when no input is zero, else g times <see cref="ProductOfOthers"/> (differentiable
/// to any order, zeros included).
/// </summary>
internal static class Prod
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        if (x.DType == DType.Bool) x = x.ConvertRaw(DType.Int32);
        int[] ax = ReductionOperation.Axes("Prod", axes, x.Rank);
        Shape outShape = ReductionOperation.OutputShape(x.Shape, ax, keepDim);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        var result = new Tensor(outShape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), result.Span<float>(), outer, inner); break;
            case DType.Float64: Rows(data.Span<double>(), result.Span<double>(), outer, inner); break;
            case DType.Int64: RowsInt(data.Span<long>(), result.Span<long>(), outer, inner); break;
            default: RowsInt(data.Span<int>(), result.Span<int>(), outer, inner); break;
        }
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "ProdBackward", [x], g =>
        {
            Tensor ge = ReductionOperation.ExpandBack(g, x.Shape, ax, keepDim);
            bool hasZero;
            using (Autograd.NoGrad()) hasZero = Sum.Forward(Comparison.Equal(x, Tensor.Zeros(Shape.Scalar, x.DType)), null, false).Item() > 0;
            Tensor y = Autograd.IsCreatingGraph ? result : output; // the output with its graph when differentiating again
            if (!hasZero) return [Multiply.Forward(ge, Divide.Forward(ReductionOperation.ExpandBack(y, x.Shape, ax, keepDim), x))];
            if (Autograd.IsCreatingGraph) return [Multiply.Forward(ge, ProductOfOthers(x, ax))];
            var (xs, o, n) = ReductionOperation.Arrange(x, ax);
            Tensor gc = g.ContiguousRaw();
            var rows = new Tensor(xs.Shape, x.DType);
            if (x.DType == DType.Float32) ScanKernel.ProdBackward(xs.Span<float>(), gc.Span<float>(), rows.Span<float>(), o, n);
            else ScanKernel.ProdBackward(xs.Span<double>(), gc.Span<double>(), rows.Span<double>(), o, n);
            return [Unarrange(rows, x.Rank, ax)];
        }, x, output);
    }

    /// <summary>
    /// For each element of x, the product of the other elements of its reduction group (over <paramref name="axes"/>),
    /// in differentiable ops: the group flattened to n, broadcast to n×n with the diagonal set to 1, reduced by
    /// <see cref="Forward"/> (O(n²) per group; run only in createGraph passes with a zero input, where y/x is undefined).
    /// </summary>
    internal static Tensor ProductOfOthers(Tensor x, int[] axes)
    {
        int rank = x.Rank;
        var perm = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++) if (Array.IndexOf(axes, d) < 0) perm[k++] = d;
        int kept = k, n = 1;
        foreach (int a in axes) { perm[k++] = a; n *= x.Shape.Dims[a]; }
        Tensor xp = rank == 0 ? x : Permute.Forward(x, perm);
        int[] permuted = xp.Shape.ToArray();
        int[] rows = [.. permuted[..kept], n];
        Tensor xr = Reshape.Forward(xp, rows);
        Tensor xe = Expand.Forward(Squeeze.Unsqueeze(xr, kept), [.. permuted[..kept], n, n]);
        var eye = new bool[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = true;
        Tensor others = Forward(Where.Forward(Tensor.FromArray(eye, new Shape(n, n)), Tensor.Scalar(1, x.DType), xe), [kept + 1], keepDim: false);
        others = Reshape.Forward(others, permuted);
        if (rank == 0) return others;
        var inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
        return Permute.Forward(others, inverse);
    }

    /// <summary>Puts a tensor in <see cref="ReductionOperation.Arrange"/>'s layout (kept axes, then reduced axes) back in the original order, contiguous.</summary>
    internal static Tensor Unarrange(Tensor rows, int rank, int[] axes)
    {
        var perm = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++) if (Array.IndexOf(axes, d) < 0) perm[k++] = d;
        foreach (int a in axes) perm[k++] = a;
        var inverse = new int[rank];
        for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
        return Permute.Raw(rows, inverse).ContiguousRaw();
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++) result[o] = inner == 0 ? T.One : RowReduceKernel.Product<T>(data.Slice(o * inner, inner));
    }

    private static void RowsInt<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (int o = 0; o < outer; o++)
        {
            T p = T.One;
            foreach (T v in data.Slice(o * inner, inner)) p = unchecked(p * v);
            result[o] = p;
        }
    }
}
