using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>
/// Max/Min over all or chosen axes. Backward as in PyTorch: over one given axis (<c>torch.max(x, dim)</c>) the
/// gradient goes to the first extreme element, the one ArgMax/ArgMin returns; over all or several axes
/// (<c>max()</c>, <c>amax</c>) it is shared evenly among ties.
/// </summary>
internal static class MaxMinReduction
{
    public static Tensor Max(Tensor x, int[]? axes, bool keepDim) => Forward("Max", x, axes, keepDim, max: true);

    public static Tensor Min(Tensor x, int[]? axes, bool keepDim) => Forward("Min", x, axes, keepDim, max: false);

    /// <summary>Over one axis, the gradient goes to the index ArgMax/ArgMin picks (the first on ties).</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDim) => ForwardOneAxis("Max", x, axis, keepDim, max: true);

    /// <inheritdoc cref="Max(Tensor, int, bool)"/>
    public static Tensor Min(Tensor x, int axis, bool keepDim) => ForwardOneAxis("Min", x, axis, keepDim, max: false);

    private static Tensor ForwardOneAxis(string op, Tensor x, int axis, bool keepDim, bool max)
    {
        // Without a gradient to route, or with a single element to choose from, the general path is the same.
        if (!Tensor.NeedsGrad(x) || x.Rank == 0) return Forward(op, x, [axis], keepDim, max);
        Tensor result;
        using (Autograd.NoGrad()) result = Forward(op, x, [axis], keepDim, max);
        int d = Permute.Axis(op, axis, x.Rank);
        return Tensor.RecordDifferentiable(result, op + "Backward", [x], g =>
        {
            Tensor index = max ? ArgMaxMin.ArgMax(x, d, keepDim: true) : ArgMaxMin.ArgMin(x, d, keepDim: true);
            var positions = new int[x.Rank];
            Array.Fill(positions, 1);
            positions[d] = x.Shape.Dims[d];
            Tensor range = Reshape.Raw(Tensor.Arange(x.Shape.Dims[d], DType.Int32), new Shape(positions));
            Tensor oneHot = Comparison.Equal(range, index).ConvertRaw(g.DType);
            return [Multiply.Forward(ReductionOperation.ExpandBack(g, x.Shape, [d], keepDim), oneHot)];
        }, x);
    }

    private static Tensor Forward(string op, Tensor x, int[]? axes, bool keepDim, bool max)
    {
        x.CheckNumeric(op);
        int[] ax = ReductionOperation.Axes(op, axes, x.Rank);
        var (data, outer, inner) = ReductionOperation.Arrange(x, ax);
        if (inner == 0 && outer > 0 || x.ElementCount == 0 && ax.Length == x.Rank)
            throw new ArgumentException($"{op}: cannot reduce an empty tensor (shape {x.Shape}) over axes [{string.Join(", ", ax)}]; the result has no identity.");
        var result = new Tensor(ReductionOperation.OutputShape(x.Shape, ax, keepDim), x.DType);
        switch (x.DType)
        {
            case DType.Float32: Rows(data.Span<float>(), result.Span<float>(), outer, inner, max); break;
            case DType.Float64: Rows(data.Span<double>(), result.Span<double>(), outer, inner, max); break;
            case DType.Int64: Rows(data.Span<long>(), result.Span<long>(), outer, inner, max); break;
            default: Rows(data.Span<int>(), result.Span<int>(), outer, inner, max); break;
        }
        if (!Tensor.NeedsGrad(x)) return result;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, op + "Backward", [x], g =>
        {
            Tensor expanded = ReductionOperation.ExpandBack(output, x.Shape, ax, keepDim);
            Tensor mask = Comparison.Equal(x, expanded).ConvertRaw(g.DType);
            Tensor count = Sum.Forward(mask, ax, keepDim: true);
            Tensor share = Divide.Forward(mask, count);
            return [Multiply.Forward(ReductionOperation.ExpandBack(g, x.Shape, ax, keepDim), share)];
        }, x, output);
    }

    private static void Rows<T>(ReadOnlySpan<T> data, Span<T> result, int outer, int inner, bool max) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var row = data.Slice(o * inner, inner);
            result[o] = max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
        }
    }
}
