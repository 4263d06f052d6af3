using DeepNotes.Layers;

namespace DeepNotes.Losses;

/// <summary>
/// The base of the loss modules, like PyTorch's <c>_Loss</c>: a module holding the loss's options (its
/// <see cref="Reduction"/>, class weights as buffers) whose <see cref="Forward"/> compares a prediction with a target.
/// Each loss module calls the function of the same name in <see cref="Functional"/>.
/// </summary>
/// <example>
/// <code>
/// var criterion = new CrossEntropyLoss(labelSmoothing: 0.1);
/// Tensor loss = criterion.Forward(model.Forward(x), labels); // logits [N, C], Int32 labels [N]
/// loss.Backward();
/// </code>
/// </example>
public abstract class Loss : Module
{
    /// <summary>Creates a loss with the given reduction.</summary>
    /// <param name="reduction">How per-element losses are combined.</param>
    /// <param name="allowBatchMean">Whether <see cref="Reduction.BatchMean"/> is meaningful for this loss (KLDivLoss only).</param>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is BatchMean where it is not allowed, or undefined.</exception>
    protected Loss(Reduction reduction, bool allowBatchMean = false)
    {
        Functional.CheckLossReduction(GetType().Name, reduction, allowBatchMean);
        Reduction = reduction;
    }

    /// <summary>How per-element losses are combined: Mean (the default), Sum or None.</summary>
    public Reduction Reduction { get; }

    /// <summary>Computes the loss of <paramref name="input"/> against <paramref name="target"/>.</summary>
    /// <param name="input">The model's output (shape depends on the loss).</param>
    /// <param name="target">What it should have been.</param>
    /// <returns>A 0-dim tensor, or per-element losses with <see cref="Reduction.None"/>.</returns>
    public abstract Tensor Forward(Tensor input, Tensor target);

    /// <summary>Registers an optional constant weight as a persistent buffer (as PyTorch does), or nothing when null.</summary>
    /// <returns>Whether a buffer was registered.</returns>
    private protected bool RegisterOptionalBuffer(string name, Tensor? value)
    {
        if (value is null) return false;
        if (!value.DType.IsFloatingPoint())
            throw new ArgumentException($"{GetType().Name}: {name} must be Float32 or Float64, got {value.DType}.", name);
        RegisterBuffer(name, value);
        return true;
    }

    /// <summary>The buffer <paramref name="name"/> if <paramref name="present"/>, else null.</summary>
    private protected Tensor? OptionalBuffer(string name, bool present) => present ? GetBuffer(name) : null;
}
