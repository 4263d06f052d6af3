namespace DeepNotes.Optimizers;

/// <summary>
/// Lion, "EvoLved Sign Momentum" (Chen et al., 2023, <i>Symbolic Discovery of Optimization Algorithms</i>), in the
/// formulation of the reference <c>lion-pytorch</c> implementation. Per parameter and step, with gradient g:
/// <code>
/// p ← p · (1 − lr · weightDecay)              (decoupled weight decay)
/// p ← p − lr · sign(β₁ · m + (1 − β₁) · g)
/// m ← β₂ · m + (1 − β₂) · g
/// </code>
/// State: <c>exp_avg</c> (m). Hyper-parameters <c>beta1</c> and <c>beta2</c> may differ per <see cref="ParameterGroup"/>.
/// Lion's update has unit size per element, so its learning rate is usually 3–10× smaller than AdamW's and its weight
/// decay 3–10× larger. Built on the public <see cref="CustomOptimizer"/> extension point.
/// </summary>
public sealed class Lion : CustomOptimizer
{
    /// <summary>Creates Lion over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Interpolation between momentum and gradient for the update's sign, in [0, 1].</param>
    /// <param name="beta2">Decay of the momentum, in [0, 1].</param>
    /// <param name="weightDecay">Decoupled weight decay λ: p ← p·(1 − lr·λ) (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public Lion(IEnumerable<Tensor> parameters, double learningRate = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0)
        : base(parameters, learningRate, weightDecay, Options(beta1, beta2))
    {
    }

    /// <summary>Creates Lion over parameter groups (each may override lr, weight_decay, beta1 and beta2).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Default interpolation between momentum and gradient for the update's sign, in [0, 1].</param>
    /// <param name="beta2">Default decay of the momentum, in [0, 1].</param>
    /// <param name="weightDecay">Decoupled weight decay of groups without their own.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public Lion(IEnumerable<ParameterGroup> groups, double learningRate = 1e-4, double beta1 = 0.9, double beta2 = 0.99, double weightDecay = 0)
        : base(groups, learningRate, weightDecay, Options(beta1, beta2))
    {
    }

    private static Dictionary<string, double> Options(double beta1, double beta2) => new() { ["beta1"] = beta1, ["beta2"] = beta2 };

    /// <inheritdoc/>
    protected override void ValidateHyperParameter(string name, double value) =>
        HyperParameters.CheckClosedUnitInterval(nameof(Lion), name, value, name);

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        double lr = group.LearningRate, beta1 = group["beta1"], beta2 = group["beta2"];
        var m = state.GetOrCreate("exp_avg", like: parameter);
        if (group.WeightDecay != 0) parameter.MultiplyInPlace(1 - lr * group.WeightDecay);
        var update = (m * beta1).AddInPlace(gradient, 1 - beta1).Sign();
        parameter.AddInPlace(update, -lr);
        m.MultiplyInPlace(beta2).AddInPlace(gradient, 1 - beta2);
    }
}
