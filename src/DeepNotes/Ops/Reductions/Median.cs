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
        return Sort.PickSorted(op, x, d, keepDim, (o, rows) => Position(rows, o, ignoreNan), descending: false);
    }

    public static Tensor All(Tensor x, bool ignoreNan)
    {
        string op = ignoreNan ? "Nanmedian" : "Median";
        x.CheckNumeric(op);
        if (x.ElementCount == 0) return Tensor.Full(Shape.Scalar, double.NaN, x.DType == DType.Int32 ? DType.Float32 : x.DType);
        Tensor flat = Reshape.Raw(x.ContiguousRaw(), new Shape(x.ElementCount));
        Tensor value;
        using (Autograd.NoGrad()) value = Sort.PickSorted(op, flat, 0, false, (o, rows) => Position(rows, o, ignoreNan), descending: false).Values;
        if (!Tensor.NeedsGrad(x)) return value;
        var output = value.Detach();
        return Tensor.Record(value, op + "Backward", [x], g =>
        {
            Tensor mask = Comparison.Equal(x, output);
            if (double.IsNaN(output.Item()))
                mask = Comparison.NotEqual(x, x);
            Tensor share = mask.ConvertRaw(g.DType);
            share = Divide.Forward(share, Sum.Forward(share, null, keepDim: false));
            return [Multiply.Forward(g, share)];
        }, x, output);
    }

    /// <summary>Sorted position of the (nan)median in row <paramref name="o"/> of the sorted rows (NaNs sort last).</summary>
    private static int Position(Tensor rows, int o, bool ignoreNan)
    {
        int n = rows.Shape.Dims[1];
        int finite = n;
        if (rows.DType.IsFloatingPoint())
            while (finite > 0 && double.IsNaN(rows.GetRaw(o * n + finite - 1))) finite--;
        if (ignoreNan) return finite == 0 ? 0 : (finite - 1) / 2;
        return finite < n ? finite : (n - 1) / 2;
    }
}
