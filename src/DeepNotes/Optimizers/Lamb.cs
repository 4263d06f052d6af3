namespace DeepNotes.Optimizers;

/// <summary>
/// LAMB, layer-wise adaptive moments for large batches (You et al., 2020, <i>Large Batch Optimization for Deep
/// Learning: Training BERT in 76 minutes</i>, Algorithm 2, with Adam's bias correction). Per parameter (one "layer")
/// and step t, with gradient g:
/// <code>
/// m ← β₁ · m + (1 − β₁) · g,   v ← β₂ · v + (1 − β₂) · g²
/// r ← (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε) + weightDecay · p
/// trust ← ‖p‖ / ‖r‖ when both norms are positive, else 1
/// p ← p − lr · trust · r
/// </code>
/// State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v). Hyper-parameters <c>beta1</c>, <c>beta2</c>, <c>eps</c> may differ per
/// <see cref="ParameterGroup"/>. PyTorch has no built-in LAMB; this follows the paper (the identity scaling φ(x) = x).
/// Built on the public <see cref="CustomOptimizer"/> extension point.
/// </summary>
public sealed class Lamb : CustomOptimizer
{
    /// <summary>Creates LAMB over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">Decoupled weight decay λ added to the update direction as λ·p (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public Lamb(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-6, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, Options(beta1, beta2, epsilon))
    {
    }

    /// <summary>Creates LAMB over parameter groups (each may override lr, weight_decay, beta1, beta2 and eps).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Default decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Default decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Default ε (≥ 0).</param>
    /// <param name="weightDecay">Weight decay of groups without their own.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public Lamb(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-6, double weightDecay = 0)
        : base(groups, learningRate, weightDecay, Options(beta1, beta2, epsilon))
    {
    }

    private static Dictionary<string, double> Options(double beta1, double beta2, double epsilon) =>
        new() { ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = epsilon };

    /// <inheritdoc/>
    protected override void ValidateHyperParameter(string name, double value)
    {
        if (name == "eps") HyperParameters.CheckNonNegative(nameof(Lamb), "epsilon", value, name);
        else HyperParameters.CheckUnitInterval(nameof(Lamb), name, value, name);
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        double lr = group.LearningRate, beta1 = group["beta1"], beta2 = group["beta2"], eps = group["eps"], t = state.Step;
        var m = state.GetOrCreate("exp_avg", like: parameter);
        var v = state.GetOrCreate("exp_avg_sq", like: parameter);
        m.MultiplyInPlace(beta1).AddInPlace(gradient, 1 - beta1);
        v.MultiplyInPlace(beta2).AddInPlace(gradient * gradient, 1 - beta2);
        var r = m / (1 - Math.Pow(beta1, t)) / ((v / (1 - Math.Pow(beta2, t))).Sqrt() + eps);
        if (group.WeightDecay != 0) r.AddInPlace(parameter, group.WeightDecay);
        double weightNorm = parameter.Norm().Item(), updateNorm = r.Norm().Item();
        double trust = weightNorm > 0 && updateNorm > 0 ? weightNorm / updateNorm : 1;
        parameter.AddInPlace(r, -lr * trust);
    }
}
