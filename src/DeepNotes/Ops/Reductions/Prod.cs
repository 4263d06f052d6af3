using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Product over all or chosen axes (an empty product is 1). Backward as PyTorch, exact with zeros: g·y/x when no
/// input is zero (composed of differentiable ops), otherwise g times the product of each element's row-mates from a
/// prefix/suffix scan (so one zero in a row gets the product of the others, and two zeros give 0 everywhere).
/// </summary>
internal static class Prod
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        if (x.DType == DType.Bool) x = x.ConvertRaw(DType.Int32);
        int[] ax = Reduction.Axes("Prod", axes, x.Rank);
        Shape outShape = Reduction.OutputShape(x.Shape, ax, keepDim);
        var (data, outer, inner) = Reduction.Arrange(x, ax);
        var result = new Tensor(outShape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), result.Span<float>(), outer, inner); break;
            case DType.Float64: Rows(data.Span<double>(), result.Span<double>(), outer, inner); break;
            default: RowsInt(data.Span<int>(), result.Span<int>(), outer, inner); break;
        }
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "ProdBackward", [x], g =>
        {
            Tensor ge = Reduction.ExpandBack(g, x.Shape, ax, keepDim);
            bool hasZero;
            using (Autograd.NoGrad()) hasZero = Sum.Forward(Comparison.Equal(x, Tensor.Zeros(Shape.Scalar, x.DType)), null, false).Item() > 0;
            Tensor y = Autograd.IsCreatingGraph ? result : output; // the output with its graph when differentiating again
            if (!hasZero) return [Multiply.Forward(ge, Divide.Forward(Reduction.ExpandBack(y, x.Shape, ax, keepDim), x))];
            if (Autograd.IsCreatingGraph)
                throw new NotSupportedException("ProdBackward does not support createGraph when an input is zero yet: that gradient runs a fused kernel.");
            var (xs, o, n) = Reduction.Arrange(x, ax);
            Tensor gc = g.ContiguousRaw();
            var rows = new Tensor(xs.Shape, x.DType);
            if (x.DType == DType.Float32) ScanKernel.ProdBackward(xs.Span<float>(), gc.Span<float>(), rows.Span<float>(), o, n);
            else ScanKernel.ProdBackward(xs.Span<double>(), gc.Span<double>(), rows.Span<double>(), o, n);
            return [Unarrange(rows, x.Rank, ax)];
        }, x, output);
    }

    /// <summary>Puts a tensor in <see cref="Reduction.Arrange"/>'s layout (kept axes, then reduced axes) back in the original order, contiguous.</summary>
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

    private static void RowsInt(ReadOnlySpan<int> data, Span<int> result, int outer, int inner)
    {
        for (int o = 0; o < outer; o++)
        {
            int p = 1;
            foreach (int v in data.Slice(o * inner, inner)) p = unchecked(p * v);
            result[o] = p;
        }
    }
}
