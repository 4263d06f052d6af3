using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015) with PyTorch's <c>torch.optim.Adam</c> update rule, including the AMSGrad variant.
/// Per parameter and step t (counted per parameter from 1), with gradient g:
/// <code>
/// g ← −g                            (maximize)
/// g ← g + weightDecay · p           (weightDecay ≠ 0; coupled L2 — see AdamW for decoupled decay)
/// m ← β₁ · m + (1 − β₁) · g
/// v ← β₂ · v + (1 − β₂) · g²
/// v̂ ← max(v̂, v) and use v̂ for v below (amsgrad)
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// ε is added outside the square root after the bias correction, exactly as PyTorch does. State: <c>step</c>,
/// <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v), <c>max_exp_avg_sq</c> (v̂, amsgrad only).
/// </summary>
public class Adam : Optimizer
{
    private readonly string?[] _bufferNames;

    /// <summary>Creates Adam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="amsgrad">Use the maximum of all second-moment averages so far (AMSGrad).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, decoupled: false)
    {
    }

    /// <summary>Creates Adam over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="amsgrad">Use the maximum of all second-moment averages so far (AMSGrad).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public Adam(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, maximize, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<Tensor> parameters, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool amsgrad, bool maximize, bool decoupled)
        : base(parameters, learningRate, weightDecay) =>
        (_bufferNames, Beta1, Beta2, Epsilon, Amsgrad, Maximize, DecoupledWeightDecay) =
            Validate(beta1, beta2, epsilon, amsgrad, maximize, decoupled);

    private protected Adam(IEnumerable<ParameterGroup> groups, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool amsgrad, bool maximize, bool decoupled)
        : base(groups, learningRate, weightDecay) =>
        (_bufferNames, Beta1, Beta2, Epsilon, Amsgrad, Maximize, DecoupledWeightDecay) =
            Validate(beta1, beta2, epsilon, amsgrad, maximize, decoupled);

    /// <summary>Decay of the first-moment average (β₁).</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment average (β₂).</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool Amsgrad { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    /// <summary>True for <see cref="AdamW"/>: weight decay shrinks the parameter (p ← p·(1 − lr·λ)) instead of entering the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    private protected override string?[] BufferNames => _bufferNames;

    private (string?[], double, double, double, bool, bool, bool) Validate(double beta1, double beta2, double epsilon,
        bool amsgrad, bool maximize, bool decoupled)
    {
        HyperParameters.CheckUnitInterval(Name, "beta1", beta1, nameof(beta1));
        HyperParameters.CheckUnitInterval(Name, "beta2", beta2, nameof(beta2));
        HyperParameters.CheckNonNegative(Name, "epsilon", epsilon, nameof(epsilon));
        string?[] names = amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq", null];
        return (names, beta1, beta2, epsilon, amsgrad, maximize, decoupled);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state)
    {
        double lr = group.LearningRate, weightDecay = group.WeightDecay, t = state.Step;
        RunKernel(new AdamKernel
        {
            Beta1 = Beta1,
            Beta2 = Beta2,
            Epsilon = Epsilon,
            StepSize = lr / (1 - Math.Pow(Beta1, t)),
            BiasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, t)),
            WeightDecay = DecoupledWeightDecay ? 0 : weightDecay,
            DecayFactor = DecoupledWeightDecay ? 1 - lr * weightDecay : 1,
            Amsgrad = Amsgrad,
            Maximize = Maximize,
        }, parameter, gradient, state);
    }

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"betas=({Beta1}, {Beta2})", $"eps={Epsilon}",
         $"weight_decay={ParameterGroups[0].WeightDecay}", $"amsgrad={Amsgrad}", $"maximize={Maximize}"];
}
