namespace DeepNotes.Optimizers;

/// <summary>
/// Rectified Adam (Liu et al., 2020) with PyTorch's <c>torch.optim.RAdam</c> update rule (1.13). Per parameter and step
/// t (counted per parameter from 1), with gradient g:
/// <code>
/// g ← g + weightDecay · p                              (coupled L2)
/// m ← β₁ · m + (1 − β₁) · g,   v ← β₂ · v + (1 − β₂) · g²
/// ρ∞ = 2 / (1 − β₂) − 1,   ρₜ = ρ∞ − 2t · β₂ᵗ / (1 − β₂ᵗ)
/// ρₜ &gt; 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ));  p ← p − lr · m / (1 − β₁ᵗ) · r · √(1 − β₂ᵗ) / (√v + ε)
/// else:    p ← p − lr · m / (1 − β₁ᵗ)                  (un-adapted momentum SGD while the variance is untrustworthy)
/// </code>
/// State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v). Hyper-parameters <c>beta1</c>, <c>beta2</c>, <c>eps</c> may differ per
/// <see cref="ParameterGroup"/>. Built on the public <see cref="CustomOptimizer"/> extension point.
/// </summary>
public sealed class RAdam : CustomOptimizer
{
    /// <summary>Creates RAdam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public RAdam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, Options(beta1, beta2, epsilon))
    {
    }

    /// <summary>Creates RAdam over parameter groups (each may override lr, weight_decay, beta1, beta2 and eps).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Default decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Default decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Default ε (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public RAdam(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : base(groups, learningRate, weightDecay, Options(beta1, beta2, epsilon))
    {
    }

    private static Dictionary<string, double> Options(double beta1, double beta2, double epsilon) =>
        new() { ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = epsilon };

    /// <inheritdoc/>
    protected override void ValidateHyperParameter(string name, double value)
    {
        if (name == "eps") HyperParameters.CheckNonNegative(nameof(RAdam), "epsilon", value, name);
        else HyperParameters.CheckUnitInterval(nameof(RAdam), name, value, name);
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        double lr = group.LearningRate, beta1 = group["beta1"], beta2 = group["beta2"], eps = group["eps"], t = state.Step;
        var m = state.GetOrCreate("exp_avg", like: parameter);
        var v = state.GetOrCreate("exp_avg_sq", like: parameter);
        var g = group.WeightDecay != 0 ? gradient + parameter * group.WeightDecay : gradient;
        double biasCorrection1 = 1 - Math.Pow(beta1, t), biasCorrection2 = 1 - Math.Pow(beta2, t);
        m.MultiplyInPlace(beta1).AddInPlace(g, 1 - beta1);
        v.MultiplyInPlace(beta2).AddInPlace(g * g, 1 - beta2);
        var corrected = m / biasCorrection1;
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.Pow(beta2, t) / biasCorrection2;
        if (rhoT > 5)
        {
            double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            var adaptive = Math.Sqrt(biasCorrection2) / (v.Sqrt() + eps);
            parameter.AddInPlace(corrected * lr * adaptive * rect, -1);
        }
        else
        {
            parameter.AddInPlace(corrected * lr, -1);
        }
    }
}
