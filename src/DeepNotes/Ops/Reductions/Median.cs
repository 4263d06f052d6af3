using DeepNotes.Ops.Sorting;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// Median and Nanmedian: the lower median (sorted position ⌊(n − 1)/2⌋), as PyTorch. Median propagates NaN (the
/// result is the first NaN and its index); Nanmedian ignores NaN (all-NaN rows give NaN at index 0). Over one
/// dimension they return values and indices and the gradient goes to that index; over the whole tensor the
/// gradient is shared evenly among the elements equal to the result (PyTorch's evenly_distribute_backward).
/// </summary>
internal static class Median
{
    public static ValuesAndIndices Forward(Tensor x, int dim, bool keepDim, bool ignoreNan)
    {
        string op = ignoreNan ? "Nanmedian" : "Median";
        x.CheckNumeric(op);
        int d = AxisRows.Dim(op, dim, x.Rank);
        return Sort.PickSelected(op, x, d, keepDim, (nan, n) => Position(nan, n, ignoreNan));
    }

    public static Tensor All(Tensor x, bool ignoreNan)
    {
        string op = ignoreNan ? "Nanmedian" : "Median";
        x.CheckNumeric(op);
        if (x.ElementCount == 0) return Tensor.Full(Shape.Scalar, double.NaN, x.DType == DType.Int32 ? DType.Float32 : x.DType);
        Tensor flat = Reshape.Raw(x.ContiguousRaw(), new Shape(x.ElementCount));
        Tensor value;
        using (Autograd.NoGrad()) value = Sort.PickSelected(op, flat, 0, false, (nan, n) => Position(nan, n, ignoreNan)).Values;
        if (!Tensor.NeedsGrad(x)) return value;
        var output = value.Detach();
        return Tensor.RecordDifferentiable(value, op + "Backward", [x], g =>
        {
            Tensor mask = Comparison.Equal(x, output);
            if (double.IsNaN(output.Item()))
                mask = Comparison.NotEqual(x, x);
            Tensor share = mask.ConvertRaw(g.DType);
            share = Divide.Forward(share, Sum.Forward(share, null, keepDim: false));
            return [Multiply.Forward(g, share)];
        }, x, output);
    }

    /// <summary>Sorted position of the (nan)median in a row of <paramref name="n"/> with <paramref name="nan"/> NaNs (which sort last).</summary>
    private static int Position(int nan, int n, bool ignoreNan)
    {
        int finite = n - nan;
        if (ignoreNan) return finite == 0 ? 0 : (finite - 1) / 2;
        return nan > 0 ? finite : (n - 1) / 2;
    }
}
