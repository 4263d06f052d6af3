using DeepNotes.Kernels;
using DeepNotes.Ops.Sorting;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Cumulative ops along one dimension (same shape out): Cumsum, Cumprod, Logcumsumexp, Cummax/Cummin. Backward:
/// Cumsum's is the reversed cumulative sum of g; Cumprod's is exact with zeros in the input (PyTorch's formula
/// (Σ_{k≥i} g_k·y_k)/x_i when no input is zero, a division-free prefix/suffix scan otherwise); Logcumsumexp's is
/// Σ_{k≥i} g_k·exp(x_i − y_k) scanned stably; Cummax/Cummin send g to the index each output came from. With createGraph
/// the gradients are written in differentiable ops (Cumprod: the same formula on the output with its graph, or with
/// zeros the derivative of an n×n masked product; Logcumsumexp: an n×n masked sum of exponentials), so they differentiate again.
/// </summary>
internal static class Cumulative
{
    public static Tensor Cumsum(Tensor x, int dim, bool reverse = false)
    {
        if (x.DType == DType.Bool) x = x.ConvertRaw(DType.Int32);
        int d = AxisRows.Dim("Cumsum", dim, x.Rank);
        if (x.Rank > 1 && d < x.Rank - 1 && x.IsContiguous)
            return Tensor.RecordDifferentiable(Middle(x, d, reverse), "CumsumBackward", [x], g => [Cumsum(g, d, !reverse)]);
        Tensor result = Rows(x, d, x.DType, (src, dst, outer, n) =>
        {
            switch (x.DType)
            {
                case DType.Float32: ScanKernel.CumSum(src.Span<float>(), dst.Span<float>(), outer, n, reverse); break;
                case DType.Float64: ScanKernel.CumSum(src.Span<double>(), dst.Span<double>(), outer, n, reverse); break;
                case DType.Int64: ScanKernel.CumSum(src.Span<long>(), dst.Span<long>(), outer, n, reverse); break;
                default: ScanKernel.CumSum(src.Span<int>(), dst.Span<int>(), outer, n, reverse); break;
            }
        });
        return Tensor.RecordDifferentiable(result, "CumsumBackward", [x], g => [Cumsum(g, d, !reverse)]);
    }

    public static Tensor Cumprod(Tensor x, int dim)
    {
        if (x.DType == DType.Bool) x = x.ConvertRaw(DType.Int32);
        int d = AxisRows.Dim("Cumprod", dim, x.Rank);
        Tensor result = Rows(x, d, x.DType, (src, dst, outer, n) =>
        {
            switch (x.DType)
            {
                case DType.Float32: ScanKernel.CumProd(src.Span<float>(), dst.Span<float>(), outer, n); break;
                case DType.Float64: ScanKernel.CumProd(src.Span<double>(), dst.Span<double>(), outer, n); break;
                case DType.Int64: ScanKernel.CumProd(src.Span<long>(), dst.Span<long>(), outer, n); break;
                default: ScanKernel.CumProd(src.Span<int>(), dst.Span<int>(), outer, n); break;
            }
        });
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "CumprodBackward", [x], g =>
        {
            bool hasZero = Sum.Forward(Comparison.Equal(x, Tensor.Zeros(Shape.Scalar, x.DType)), null, false).Item() > 0;
            if (Autograd.IsCreatingGraph) // differentiable forms: the same formula on the output with its graph, or (zeros) a composite
                return hasZero ? Tensor.CompositeGradients([x], t => CumprodComposite(t[0], d), g)
                    : [Divide.Forward(Cumsum(Multiply.Forward(g, result), d, reverse: true), x)];
            if (!hasZero) return [Divide.Forward(Cumsum(Multiply.Forward(g, output), d, reverse: true), x)];
            return [Rows2(x, g, d, (xs, gs, dst, outer, n) =>
            {
                if (x.DType == DType.Float32) ScanKernel.CumProdBackward(xs.Span<float>(), gs.Span<float>(), dst.Span<float>(), outer, n);
                else ScanKernel.CumProdBackward(xs.Span<double>(), gs.Span<double>(), dst.Span<double>(), outer, n);
            })];
        }, x, output);
    }

    public static Tensor Logcumsumexp(Tensor x, int dim)
    {
        x.CheckFloatingPoint("Logcumsumexp");
        int d = AxisRows.Dim("Logcumsumexp", dim, x.Rank);
        Tensor result = Rows(x, d, x.DType, (src, dst, outer, n) =>
        {
            if (x.DType == DType.Float32) ScanKernel.LogCumSumExp(src.Span<float>(), dst.Span<float>(), outer, n);
            else ScanKernel.LogCumSumExp(src.Span<double>(), dst.Span<double>(), outer, n);
        });
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "LogcumsumexpBackward", [x], g =>
        {
            if (Autograd.IsCreatingGraph) return [LogcumsumexpGradient(x, result, g, d)];
            Tensor gy = Stack2(g, output);
            return [Rows2(x, gy, d, (xs, gys, dst, outer, n) =>
            {
                // gys holds [g rows | y rows] side by side: split them
                if (x.DType == DType.Float32)
                {
                    var both = gys.Span<float>();
                    ScanKernel.LogCumSumExpBackward(xs.Span<float>(), both[(outer * n)..], both[..(outer * n)], dst.Span<float>(), outer, n);
                }
                else
                {
                    var both = gys.Span<double>();
                    ScanKernel.LogCumSumExpBackward(xs.Span<double>(), both[(outer * n)..], both[..(outer * n)], dst.Span<double>(), outer, n);
                }
            }, pairedSecond: true)];
        }, x, output);
    }

    public static ValuesAndIndices CumExtreme(Tensor x, int dim, bool max)
    {
        string op = max ? "Cummax" : "Cummin";
        x.CheckNumeric(op);
        int d = AxisRows.Dim(op, dim, x.Rank);
        Tensor indices = null!;
        Tensor values = Rows(x, d, x.DType, (src, dst, outer, n) =>
        {
            var idx = new Tensor(dst.Shape, DType.Int32);
            switch (x.DType)
            {
                case DType.Float32: ScanKernel.CumExtreme(src.Span<float>(), dst.Span<float>(), idx.Span<int>(), outer, n, max); break;
                case DType.Float64: ScanKernel.CumExtreme(src.Span<double>(), dst.Span<double>(), idx.Span<int>(), outer, n, max); break;
                case DType.Int64: ScanKernel.CumExtreme(src.Span<long>(), dst.Span<long>(), idx.Span<int>(), outer, n, max); break;
                default: ScanKernel.CumExtreme(src.Span<int>(), dst.Span<int>(), idx.Span<int>(), outer, n, max); break;
            }
            indices = idx;
        });
        indices = x.Rank == 0 ? Reshape.Raw(indices, Shape.Scalar) : AxisRows.Restore(indices, d);
        return new(AxisGather.RecordPicked(values, op + "Backward", x, d, indices, keptDim: true), indices);
    }

    /// <summary>
    /// Cumprod in differentiable ops (for createGraph with zeros in x): x broadcast to an n×n block along <paramref name="d"/>
    /// (output position k, input position j), the entries j &gt; k set to 1, and the block's product over j.
    /// </summary>
    private static Tensor CumprodComposite(Tensor x, int d)
    {
        if (x.Rank == 0) return x;
        int n = x.Shape.Dims[d];
        int[] dims = x.Shape.ToArray();
        int[] wide = [.. dims[..d], n, .. dims[d..]];
        Tensor xe = Expand.Forward(Squeeze.Unsqueeze(x, d), wide);
        var lower = new bool[n * n];
        for (int k = 0; k < n; k++) for (int j = 0; j <= k; j++) lower[k * n + j] = true;
        int[] maskShape = [n, n, .. Enumerable.Repeat(1, x.Rank - d - 1)];
        Tensor mask = Tensor.FromArray(lower, new Shape(maskShape));
        return Prod.Forward(Where.Forward(mask, xe, Tensor.Scalar(1, x.DType)), [d + 1], keepDim: false);
    }

    /// <summary>
    /// Logcumsumexp's gradient Σ_{k≥i} g_k·exp(x_i − y_k) in differentiable ops (for createGraph): an n×n block along
    /// <paramref name="d"/> (input i, output k) of x_i − y_k, which is ≤ 0 where k ≥ i and set to −∞ elsewhere, so its
    /// exponential never overflows; weighted by g_k and summed over k.
    /// </summary>
    private static Tensor LogcumsumexpGradient(Tensor x, Tensor y, Tensor g, int d)
    {
        if (x.Rank == 0) return g;
        int n = x.Shape.Dims[d];
        var upper = new bool[n * n];
        for (int i = 0; i < n; i++) for (int k = i; k < n; k++) upper[i * n + k] = true;
        Tensor mask = Tensor.FromArray(upper, new Shape([n, n, .. Enumerable.Repeat(1, x.Rank - d - 1)]));
        Tensor diff = Subtract.Forward(Squeeze.Unsqueeze(x, d + 1), Squeeze.Unsqueeze(y, d));
        Tensor weights = UnaryMath.Exp(Where.Forward(mask, diff, Tensor.Scalar(double.NegativeInfinity, x.DType)));
        return Sum.Forward(Multiply.Forward(Squeeze.Unsqueeze(g, d), weights), [d + 1], keepDim: false);
    }

    /// <summary>Cumsum of a contiguous tensor along a dimension that is not the last, without transposing.</summary>
    private static Tensor Middle(Tensor x, int d, bool reverse)
    {
        int outer = 1, inner = 1, n = x.Shape.Dims[d];
        for (int i = 0; i < d; i++) outer *= x.Shape.Dims[i];
        for (int i = d + 1; i < x.Rank; i++) inner *= x.Shape.Dims[i];
        var result = new Tensor(x.Shape, x.DType);
        switch (x.DType)
        {
            case DType.Float32: ScanKernel.CumSumMiddle(x.Span<float>(), result.Span<float>(), outer, n, inner, reverse); break;
            case DType.Float64: ScanKernel.CumSumMiddle(x.Span<double>(), result.Span<double>(), outer, n, inner, reverse); break;
            case DType.Int64: ScanKernel.CumSumMiddle(x.Span<long>(), result.Span<long>(), outer, n, inner, reverse); break;
            default: ScanKernel.CumSumMiddle(x.Span<int>(), result.Span<int>(), outer, n, inner, reverse); break;
        }
        return result;
    }

    /// <summary>Runs <paramref name="body"/>(rows in, rows out, outer, n) with <paramref name="d"/> innermost and puts the result back in x's layout.</summary>
    private static Tensor Rows(Tensor x, int d, DType dtype, Action<Tensor, Tensor, int, int> body)
    {
        Tensor src = x.Rank == 0 ? Reshape.Raw(x.ContiguousRaw(), new Shape(1)) : x;
        var (data, outer, n) = AxisRows.Arrange(src, d);
        var rows = new Tensor(data.Shape, dtype);
        body(data, rows, outer, n);
        return x.Rank == 0 ? Reshape.Raw(rows, Shape.Scalar) : AxisRows.Restore(rows, d);
    }

    /// <summary>As <see cref="Rows"/> with a second same-shaped input (or, with <paramref name="pairedSecond"/>, a [2, ...] stack of two).</summary>
    private static Tensor Rows2(Tensor x, Tensor second, int d, Action<Tensor, Tensor, Tensor, int, int> body, bool pairedSecond = false)
    {
        bool scalar = x.Rank == 0;
        Tensor xs = scalar ? Reshape.Raw(x.ContiguousRaw(), new Shape(1)) : x;
        Tensor ss = scalar ? Reshape.Raw(second.ContiguousRaw(), pairedSecond ? new Shape(2, 1) : new Shape(1)) : second;
        var (xd, outer, n) = AxisRows.Arrange(xs, d);
        Tensor sd = pairedSecond ? AxisRows.Arrange(ss, d + 1).Data : AxisRows.Arrange(ss, d).Data;
        var rows = new Tensor(xd.Shape, x.DType);
        body(xd, sd, rows, outer, n);
        return scalar ? Reshape.Raw(rows, Shape.Scalar) : AxisRows.Restore(rows, d);
    }

    private static Tensor Stack2(Tensor a, Tensor b) => Concat.Stack([a.Detach(), b], 0);
}
