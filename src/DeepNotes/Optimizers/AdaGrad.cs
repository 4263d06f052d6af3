using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

/// <summary>
/// AdaGrad (Duchi et al., 2011) with PyTorch's <c>torch.optim.Adagrad</c> update rule. Per parameter and step t
/// (from 1), with gradient g:
/// <code>
/// g ← −g                          (maximize)
/// g ← g + weightDecay · p         (weightDecay ≠ 0)
/// s ← s + g²                      (s starts at initialAccumulatorValue)
/// p ← p − lr / (1 + (t − 1) · lrDecay) · g / (√s + ε)
/// </code>
/// State: <c>step</c>, <c>sum</c> (s).
/// </summary>
public sealed class AdaGrad : Optimizer
{
    private static readonly string?[] s_bufferNames = ["sum", null, null];

    /// <summary>Creates AdaGrad over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate (≥ 0).</param>
    /// <param name="learningRateDecay">Decay of the learning rate per step: lr / (1 + (t − 1)·decay) (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient as λ·p (≥ 0).</param>
    /// <param name="initialAccumulatorValue">Starting value of the sum of squared gradients (≥ 0).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or NaN.</exception>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or repeated.</exception>
    public AdaGrad(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double learningRateDecay = 0,
        double weightDecay = 0, double initialAccumulatorValue = 0, double epsilon = 1e-10, bool maximize = false)
        : base(parameters, learningRate, weightDecay) =>
        (LearningRateDecay, InitialAccumulatorValue, Epsilon, Maximize) = Validate(learningRateDecay, initialAccumulatorValue, epsilon, maximize);

    /// <summary>Creates AdaGrad over parameter groups (each may override the learning rate and weight decay).</summary>
    /// <param name="groups">The parameter groups.</param>
    /// <param name="learningRate">The learning rate of groups without their own.</param>
    /// <param name="learningRateDecay">Decay of the learning rate per step: lr / (1 + (t − 1)·decay) (≥ 0).</param>
    /// <param name="weightDecay">L2 penalty of groups without their own.</param>
    /// <param name="initialAccumulatorValue">Starting value of the sum of squared gradients (≥ 0).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability (≥ 0).</param>
    /// <param name="maximize">Maximise the objective instead of minimising it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or NaN.</exception>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    public AdaGrad(IEnumerable<ParameterGroup> groups, double learningRate = 1e-2, double learningRateDecay = 0,
        double weightDecay = 0, double initialAccumulatorValue = 0, double epsilon = 1e-10, bool maximize = false)
        : base(groups, learningRate, weightDecay) =>
        (LearningRateDecay, InitialAccumulatorValue, Epsilon, Maximize) = Validate(learningRateDecay, initialAccumulatorValue, epsilon, maximize);

    /// <summary>The learning-rate decay per step.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The starting value of the sum of squared gradients.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>The ε added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the objective is maximised.</summary>
    public bool Maximize { get; }

    private protected override string?[] BufferNames => s_bufferNames;

    private protected override double InitialBufferValue(int slot) => InitialAccumulatorValue;

    private static (double, double, double, bool) Validate(double learningRateDecay, double initialAccumulatorValue, double epsilon, bool maximize)
    {
        HyperParameters.CheckNonNegative(nameof(AdaGrad), "learning-rate decay", learningRateDecay, nameof(learningRateDecay));
        HyperParameters.CheckNonNegative(nameof(AdaGrad), "initial accumulator value", initialAccumulatorValue, nameof(initialAccumulatorValue));
        HyperParameters.CheckNonNegative(nameof(AdaGrad), "epsilon", epsilon, nameof(epsilon));
        return (learningRateDecay, initialAccumulatorValue, epsilon, maximize);
    }

    private protected override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        RunKernel(new AdaGradKernel
        {
            StepSize = group.LearningRate / (1 + (state.Step - 1) * LearningRateDecay),
            Epsilon = Epsilon,
            WeightDecay = group.WeightDecay,
            Maximize = Maximize,
        }, parameter, gradient, state);

    private protected override IEnumerable<string> DescribeHyperParameters() =>
        [$"lr={LearningRate}", $"lr_decay={LearningRateDecay}", $"weight_decay={ParameterGroups[0].WeightDecay}",
         $"initial_accumulator_value={InitialAccumulatorValue}", $"eps={Epsilon}", $"maximize={Maximize}"];
}
