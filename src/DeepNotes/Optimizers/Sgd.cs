using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay and maximisation,
/// with PyTorch's <c>torch.optim.SGD</c> update rule. Per parameter and step, with gradient g:
/// <code>
/// g ← −g                      (maximize)
/// g ← g + weightDecay · p     (weightDecay ≠ 0)
/// b ← g on the first step, then b ← momentum · b + (1 − dampening) · g      (momentum ≠ 0)
/// g ← g + momentum · b (nesterov) or g ← b                                   (momentum ≠ 0)
/// p ← p − lr · g
/// </code>
/// State: <c>momentum_buffer</c> (momentum ≠ 0).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly string?[] _bufferNames;

    /// <summary>Creates SGD over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0; PyTorch requires it too).</param>
    /// <param name="momentum">The momentum factor (≥ 0; 0 disables momentum).</param>
    /// <param name="dampening">Dampening of the momentum buffer's gradient term (must be 0 with Nesterov).</param>
    /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and dampening = 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or NaN.</exception>
    /// <exception cref="ArgumentException">Nesterov without momentum or with dampening; no parameters.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
        bool nesterov = false, double weightDecay = 0, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (_bufferNames, Momentum, Dampening, Nesterov, Maximize) = Validate(momentum, dampening, nesterov, maximize);

    /// <summary>Creates SGD over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="momentum">The momentum factor (≥ 0; 0 disables momentum).</param>
    /// <param name="dampening">Dampening of the momentum buffer's gradient term (must be 0 with Nesterov).</param>
    /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and dampening = 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or NaN.</exception>
    /// <exception cref="ArgumentException">Nesterov without momentum or with dampening; no groups.</exception>
    public Sgd(IEnumerable<ParameterGroup> groups, double learningRate, double momentum = 0, double dampening = 0,
        bool nesterov = false, double weightDecay = 0, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (_bufferNames, Momentum, Dampening, Nesterov, Maximize) = Validate(momentum, dampening, nesterov, maximize);

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the momentum buffer's gradient term.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => _bufferNames;

    private static (string?[], double, double, bool, bool) Validate(double momentum, double dampening, bool nesterov, bool maximize)
    {
        HyperParameters.CheckNonNegative(nameof(Sgd), "momentum", momentum, nameof(momentum));
        if (!double.IsFinite(dampening))
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, $"Sgd: the dampening must be a finite number, got {dampening}.");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException(
                $"Sgd: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum {momentum} and dampening {dampening}.", nameof(nesterov));
        return (momentum != 0 ? ["momentum_buffer", null, null] : [null, null, null], momentum, dampening, nesterov, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        RunKernel(new SgdKernel
        {
            LearningRate = group.LearningRate,
            Momentum = Momentum,
            Dampening = Dampening,
            Nesterov = Nesterov,
            WeightDecay = group.WeightDecay,
            Maximize = Maximize,
            FirstStep = state.Step == 1,
        }, parameter, gradient, state);

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"momentum={Momentum}", $"dampening={Dampening}", $"nesterov={Nesterov}",
         $"weight_decay={ParameterGroups[0].WeightDecay}", $"maximize={Maximize}"];
}
