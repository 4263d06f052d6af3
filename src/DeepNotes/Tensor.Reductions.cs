using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements (0-dim result), or over <paramref name="axes"/>; reduced axes stay as size 1 with <paramref name="keepDim"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An axis is outside [-Rank, Rank).</exception>
    public Tensor Sum(int[]? axes = null, bool keepDim = false) => Ops.Sum.Forward(this, axes, keepDim);

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Ops.Sum.Forward(this, [axis], keepDim);

    /// <summary>Mean of all elements, or over <paramref name="axes"/> (floating point).</summary>
    public Tensor Mean(int[]? axes = null, bool keepDim = false) => Ops.Mean.Forward(this, axes, keepDim);

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Ops.Mean.Forward(this, [axis], keepDim);

    /// <summary>Largest element overall or over <paramref name="axes"/>; ties share the gradient.</summary>
    public Tensor Max(int[]? axes = null, bool keepDim = false) => MaxMinReduction.Max(this, axes, keepDim);

    /// <summary>Largest element over one axis; the gradient goes to the first maximal element, as with <c>torch.max(x, dim)</c>.</summary>
    public Tensor Max(int axis, bool keepDim = false) => MaxMinReduction.Max(this, axis, keepDim);

    /// <summary>Smallest element overall or over <paramref name="axes"/>; ties share the gradient.</summary>
    public Tensor Min(int[]? axes = null, bool keepDim = false) => MaxMinReduction.Min(this, axes, keepDim);

    /// <summary>Smallest element over one axis; the gradient goes to the first minimal element, as with <c>torch.min(x, dim)</c>.</summary>
    public Tensor Min(int axis, bool keepDim = false) => MaxMinReduction.Min(this, axis, keepDim);

    /// <summary>Variance overall or over <paramref name="axes"/>, dividing by N − <paramref name="correction"/> (1: unbiased, as in PyTorch).</summary>
    public Tensor Var(int[]? axes = null, int correction = 1, bool keepDim = false) => VarianceStd.Var(this, axes, correction, keepDim);

    /// <summary>Variance over one axis.</summary>
    public Tensor Var(int axis, int correction = 1, bool keepDim = false) => VarianceStd.Var(this, [axis], correction, keepDim);

    /// <summary>Standard deviation overall or over <paramref name="axes"/> (square root of <see cref="Var(int[], int, bool)"/>).</summary>
    public Tensor Std(int[]? axes = null, int correction = 1, bool keepDim = false) => VarianceStd.Std(this, axes, correction, keepDim);

    /// <summary>Standard deviation over one axis.</summary>
    public Tensor Std(int axis, int correction = 1, bool keepDim = false) => VarianceStd.Std(this, [axis], correction, keepDim);

    /// <summary>log Σ exp, computed stably (no overflow for large inputs), overall or over <paramref name="axes"/>.</summary>
    public Tensor LogSumExp(int[]? axes = null, bool keepDim = false) => Ops.LogSumExp.Forward(this, axes, keepDim);

    /// <summary>log Σ exp over one axis.</summary>
    public Tensor LogSumExp(int axis, bool keepDim = false) => Ops.LogSumExp.Forward(this, [axis], keepDim);

    /// <summary>Index of the largest element over <paramref name="axis"/>, or of the flattened tensor when null (Int32, first on ties).</summary>
    public Tensor ArgMax(int? axis = null, bool keepDim = false) => ArgMaxMin.ArgMax(this, axis, keepDim);

    /// <summary>Index of the smallest element over <paramref name="axis"/>, or of the flattened tensor when null (Int32, first on ties).</summary>
    public Tensor ArgMin(int? axis = null, bool keepDim = false) => ArgMaxMin.ArgMin(this, axis, keepDim);
}
