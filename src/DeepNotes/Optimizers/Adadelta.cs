using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// Adadelta (Zeiler, 2012) with PyTorch's <c>torch.optim.Adadelta</c> update rule. Per parameter and step, with
/// gradient g:
/// <code>
/// g ← −g                                   (maximize)
/// g ← g + weightDecay · p                  (weightDecay ≠ 0)
/// a ← ρ · a + (1 − ρ) · g²
/// δ = √(u + ε) / √(a + ε) · g
/// u ← ρ · u + (1 − ρ) · δ²
/// p ← p − lr · δ
/// </code>
/// State: <c>step</c>, <c>square_avg</c> (a), <c>acc_delta</c> (u).
/// </summary>
public sealed class Adadelta : Optimizer
{
    private static readonly string?[] s_bufferNames = ["square_avg", "acc_delta", null];

    /// <summary>Creates Adadelta over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">Scales the update δ (≥ 0; 1 is the paper's method).</param>
    /// <param name="rho">Decay of the running averages, in [0, 1].</param>
    /// <param name="epsilon">Added inside the square roots for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public Adadelta(IEnumerable<Tensor> parameters, double learningRate = 1.0, double rho = 0.9, double epsilon = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (Rho, Epsilon, Maximize) = Validate(rho, epsilon, maximize);

    /// <summary>Creates Adadelta over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">Scales the update δ for groups without their own.</param>
    /// <param name="rho">Decay of the running averages, in [0, 1].</param>
    /// <param name="epsilon">Added inside the square roots for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public Adadelta(IEnumerable<ParameterGroup> groups, double learningRate = 1.0, double rho = 0.9, double epsilon = 1e-6,
        double weightDecay = 0, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (Rho, Epsilon, Maximize) = Validate(rho, epsilon, maximize);

    /// <summary>The decay ρ of the running averages.</summary>
    public double Rho { get; }

    /// <summary>The ε added inside the square roots.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => s_bufferNames;

    private static (double, double, bool) Validate(double rho, double epsilon, bool maximize)
    {
        HyperParameters.CheckClosedUnitInterval(nameof(Adadelta), "rho", rho, nameof(rho));
        HyperParameters.CheckNonNegative(nameof(Adadelta), "epsilon", epsilon, nameof(epsilon));
        return (rho, epsilon, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        RunKernel(new AdadeltaKernel
        {
            LearningRate = group.LearningRate,
            Rho = Rho,
            Epsilon = Epsilon,
            WeightDecay = group.WeightDecay,
            Maximize = Maximize,
        }, parameter, gradient, state);

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"rho={Rho}", $"eps={Epsilon}", $"weight_decay={ParameterGroups[0].WeightDecay}", $"maximize={Maximize}"];
}
