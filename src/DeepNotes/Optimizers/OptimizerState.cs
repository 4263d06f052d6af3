namespace DeepNotes.Optimizers;

/// <summary>
/// One parameter's optimizer state: the number of updates applied, the optimizer's per-parameter scalars (e.g. NAdam's
/// <c>mu_product</c>) and up to three buffers shaped like the parameter (e.g. Adam's <c>exp_avg</c>, <c>exp_avg_sq</c>,
/// <c>max_exp_avg_sq</c>), in the slots the optimizer names. Staging copies serve non-contiguous parameters and gradients.
/// </summary>
internal sealed class OptimizerState
{
    public OptimizerState(int scalarCount) => Scalars = new double[scalarCount];

    /// <summary>Updates applied to the parameter so far (PyTorch's <c>state["step"]</c>).</summary>
    public long Step;

    /// <summary>The optimizer's scalars, in the order of its scalar names.</summary>
    public double[] Scalars { get; }

    /// <summary>Buffer slots 0–2 (null when the optimizer's options do not use a slot).</summary>
    public Tensor?[] Buffers { get; } = new Tensor?[3];

    /// <summary>A contiguous copy of a non-contiguous parameter, updated then copied back.</summary>
    public Tensor? ParameterStaging;

    /// <summary>The named state of a <see cref="CustomOptimizer"/>'s parameter (null for the built-in optimizers).</summary>
    public ParameterState? Custom;

    /// <summary>A contiguous copy of a non-contiguous gradient.</summary>
    public Tensor? GradientStaging;

    /// <summary>The buffer in <paramref name="slot"/>, which the optimizer's options use.</summary>
    public Tensor Buffer(int slot) => Buffers[slot] ?? throw new InvalidOperationException($"Internal error: optimizer state slot {slot} is not allocated.");
}
