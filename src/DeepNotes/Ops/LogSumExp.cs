namespace DeepNotes.Ops;

/// <summary>
/// log Σ exp(x) over all or chosen axes, computed stably as m + log Σ exp(x − m) with m the (detached) maximum,
/// so large inputs do not overflow. Its gradient, softmax(x), follows from the composition.
/// </summary>
internal static class LogSumExp
{
    public static Tensor Forward(Tensor x, int[]? axes, bool keepDim)
    {
        x.CheckFloatingPoint("LogSumExp");
        int[] ax = ReductionOperation.Axes("LogSumExp", axes, x.Rank);
        Tensor m;
        if (x.ElementCount == 0)
            m = Tensor.Zeros(ReductionOperation.OutputShape(x.Shape, ax, keepDim: true), x.DType);
        else
        {
            using (Autograd.NoGrad())
            {
                m = MaxMinReduction.Max(x.Detach(), ax, keepDim: true);
                // an all −inf (or +inf/NaN) row would turn x − m into NaN: shift by 0 there instead
                Tensor finite = Comparison.Equal(Subtract.Forward(m, m), Tensor.Zeros(Shape.Scalar, x.DType));
                m = Where.Compute(finite, m, Tensor.Zeros(Shape.Scalar, x.DType));
            }
        }
        Tensor lse = Add.Forward(UnaryMath.Log(Sum.Forward(UnaryMath.Exp(Subtract.Forward(x, m)), ax, keepDim: true)), m);
        return keepDim ? lse : Reshape.Forward(lse, ReductionOperation.OutputShape(x.Shape, ax, keepDim: false).ToArray());
    }
}
