using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// NAdam, Adam with Nesterov momentum (Dozat, 2016), with PyTorch's <c>torch.optim.NAdam</c> update rule and its
/// momentum schedule. Per parameter and step t (from 1), with gradient g and ψ = momentumDecay:
/// <code>
/// g ← −g                                  (maximize)
/// g ← g + weightDecay · p                 (weightDecay ≠ 0)
/// μₜ = β₁ · (1 − ½ · 0.96^(t·ψ)),  μₜ₊₁ = β₁ · (1 − ½ · 0.96^((t+1)·ψ))
/// Πₜ = Πₜ₋₁ · μₜ                           (mu_product, starts at 1)
/// m ← β₁ · m + (1 − β₁) · g;   v ← β₂ · v + (1 − β₂) · g²
/// d = √(v / (1 − β₂ᵗ)) + ε
/// p ← p − lr · (1 − μₜ) / (1 − Πₜ) · g / d − lr · μₜ₊₁ / (1 − Πₜ · μₜ₊₁) · m / d
/// </code>
/// The last denominator is PyTorch's since 2.0 (pytorch/pytorch#92699); PyTorch 1.13 multiplied Πₜ by μₜ once more.
/// State: <c>step</c>, <c>mu_product</c> (Πₜ), <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v).
/// </summary>
public sealed class NAdam : Optimizer
{
    private static readonly string?[] s_bufferNames = ["exp_avg", "exp_avg_sq", null];
    private static readonly string[] s_scalarNames = ["mu_product"];

    /// <summary>Creates NAdam over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="momentumDecay">ψ of the momentum schedule (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public NAdam(IEnumerable<Tensor> parameters, double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (Beta1, Beta2, Epsilon, MomentumDecay, Maximize) = Validate(beta1, beta2, epsilon, momentumDecay, maximize);

    /// <summary>Creates NAdam over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="momentumDecay">ψ of the momentum schedule (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public NAdam(IEnumerable<ParameterGroup> groups, double learningRate = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, double momentumDecay = 4e-3, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (Beta1, Beta2, Epsilon, MomentumDecay, Maximize) = Validate(beta1, beta2, epsilon, momentumDecay, maximize);

    /// <summary>Decay of the first-moment average (β₁).</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment average (β₂).</summary>
    public double Beta2 { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>ψ of the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)).</summary>
    public double MomentumDecay { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => s_bufferNames;

    private protected override string[] ScalarNames => s_scalarNames;

    private protected override double InitialScalar(int index) => 1; // mu_product

    private static (double, double, double, double, bool) Validate(double beta1, double beta2, double epsilon,
        double momentumDecay, bool maximize)
    {
        HyperParameters.CheckUnitInterval(nameof(NAdam), "beta1", beta1, nameof(beta1));
        HyperParameters.CheckUnitInterval(nameof(NAdam), "beta2", beta2, nameof(beta2));
        HyperParameters.CheckNonNegative(nameof(NAdam), "epsilon", epsilon, nameof(epsilon));
        HyperParameters.CheckNonNegative(nameof(NAdam), "momentum decay", momentumDecay, nameof(momentumDecay));
        return (beta1, beta2, epsilon, momentumDecay, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state)
    {
        double lr = group.LearningRate, t = state.Step;
        double mu = Beta1 * (1 - 0.5 * Math.Pow(0.96, t * MomentumDecay));
        double muNext = Beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * MomentumDecay));
        double muProduct = state.Scalars[0] *= mu;
        double muProductNext = muProduct * muNext;
        RunKernel(new NAdamKernel
        {
            Beta1 = Beta1,
            Beta2 = Beta2,
            Epsilon = Epsilon,
            BiasCorrection2 = 1 - Math.Pow(Beta2, t),
            GradientCoefficient = lr * (1 - mu) / (1 - muProduct),
            MomentumCoefficient = lr * muNext / (1 - muProductNext),
            WeightDecay = group.WeightDecay,
            Maximize = Maximize,
        }, parameter, gradient, state);
    }

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"betas=({Beta1}, {Beta2})", $"eps={Epsilon}", $"weight_decay={ParameterGroups[0].WeightDecay}",
         $"momentum_decay={MomentumDecay}", $"maximize={Maximize}"];
}
