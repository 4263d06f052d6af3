using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// Adamax, the infinity-norm variant of Adam (Kingma &amp; Ba, 2015, section 7), with PyTorch's
/// <c>torch.optim.Adamax</c> update rule. Per parameter and step t (from 1), with gradient g:
/// <code>
/// g ← −g                          (maximize)
/// g ← g + weightDecay · p         (weightDecay ≠ 0)
/// m ← β₁ · m + (1 − β₁) · g
/// u ← max(β₂ · u, |g| + ε)
/// p ← p − (lr / (1 − β₁ᵗ)) · m / u
/// </code>
/// State: <c>step</c>, <c>exp_avg</c> (m), <c>exp_inf</c> (u).
/// </summary>
public sealed class Adamax : Optimizer
{
    private static readonly string?[] s_bufferNames = ["exp_avg", "exp_inf", null];

    /// <summary>Creates Adamax over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the infinity-norm estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to |g| for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public Adamax(IEnumerable<Tensor> parameters, double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (Beta1, Beta2, Epsilon, Maximize) = Validate(beta1, beta2, epsilon, maximize);

    /// <summary>Creates Adamax over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the infinity-norm estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to |g| for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public Adamax(IEnumerable<ParameterGroup> groups, double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (Beta1, Beta2, Epsilon, Maximize) = Validate(beta1, beta2, epsilon, maximize);

    /// <summary>Decay of the first-moment average (β₁).</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the infinity-norm estimate (β₂).</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to |g|.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => s_bufferNames;

    private static (double, double, double, bool) Validate(double beta1, double beta2, double epsilon, bool maximize)
    {
        HyperParameters.CheckUnitInterval(nameof(Adamax), "beta1", beta1, nameof(beta1));
        HyperParameters.CheckUnitInterval(nameof(Adamax), "beta2", beta2, nameof(beta2));
        HyperParameters.CheckNonNegative(nameof(Adamax), "epsilon", epsilon, nameof(epsilon));
        return (beta1, beta2, epsilon, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        RunKernel(new AdamaxKernel
        {
            Beta1 = Beta1,
            Beta2 = Beta2,
            Epsilon = Epsilon,
            StepSize = group.LearningRate / (1 - Math.Pow(Beta1, state.Step)),
            WeightDecay = group.WeightDecay,
            Maximize = Maximize,
        }, parameter, gradient, state);

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"betas=({Beta1}, {Beta2})", $"eps={Epsilon}", $"weight_decay={ParameterGroups[0].WeightDecay}", $"maximize={Maximize}"];
}
