using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// RMSprop (Hinton's lecture 6e) with PyTorch's <c>torch.optim.RMSprop</c> update rule, including the centered
/// variant and momentum. Per parameter and step, with gradient g:
/// <code>
/// g ← −g                                  (maximize)
/// g ← g + weightDecay · p                 (weightDecay ≠ 0)
/// a ← α · a + (1 − α) · g²
/// centered: ḡ ← α · ḡ + (1 − α) · g;  r = √(a − ḡ²) + ε      otherwise r = √a + ε
/// momentum &gt; 0: b ← momentum · b + g / r;  p ← p − lr · b      otherwise p ← p − lr · g / r
/// </code>
/// ε is added outside the square root, as in PyTorch (TensorFlow adds it inside). State: <c>step</c>,
/// <c>square_avg</c> (a), <c>grad_avg</c> (ḡ, centered only), <c>momentum_buffer</c> (b, momentum &gt; 0 only).
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly string?[] _bufferNames;

    /// <summary>Creates RMSprop over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="alpha">Smoothing constant of the squared-gradient average, in [0, 1].</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="momentum">Momentum factor (≥ 0; 0 disables it).</param>
    /// <param name="centered">Normalise by an estimate of the gradient's variance instead of its second moment.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public RmsProp(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (_bufferNames, Alpha, Epsilon, Momentum, Centered, Maximize) = Validate(alpha, epsilon, momentum, centered, maximize);

    /// <summary>Creates RMSprop over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="alpha">Smoothing constant of the squared-gradient average, in [0, 1].</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="momentum">Momentum factor (≥ 0; 0 disables it).</param>
    /// <param name="centered">Normalise by an estimate of the gradient's variance instead of its second moment.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public RmsProp(IEnumerable<ParameterGroup> groups, double learningRate = 1e-2, double alpha = 0.99, double epsilon = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (_bufferNames, Alpha, Epsilon, Momentum, Centered, Maximize) = Validate(alpha, epsilon, momentum, centered, maximize);

    /// <summary>The smoothing constant α of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => _bufferNames;

    private static (string?[], double, double, double, bool, bool) Validate(double alpha, double epsilon, double momentum,
        bool centered, bool maximize)
    {
        HyperParameters.CheckClosedUnitInterval(nameof(RmsProp), "alpha", alpha, nameof(alpha));
        HyperParameters.CheckNonNegative(nameof(RmsProp), "epsilon", epsilon, nameof(epsilon));
        HyperParameters.CheckNonNegative(nameof(RmsProp), "momentum", momentum, nameof(momentum));
        string?[] names = ["square_avg", centered ? "grad_avg" : null, momentum > 0 ? "momentum_buffer" : null];
        return (names, alpha, epsilon, momentum, centered, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        RunKernel(new RmsPropKernel
        {
            LearningRate = group.LearningRate,
            Alpha = Alpha,
            Epsilon = Epsilon,
            WeightDecay = group.WeightDecay,
            Momentum = Momentum,
            Centered = Centered,
            Maximize = Maximize,
        }, parameter, gradient, state);

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"alpha={Alpha}", $"eps={Epsilon}", $"weight_decay={ParameterGroups[0].WeightDecay}",
         $"momentum={Momentum}", $"centered={Centered}", $"maximize={Maximize}"];
}
