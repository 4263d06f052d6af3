using DeepNotes.Layers;

namespace DeepNotes.Losses;

/// <summary>
/// The base of the loss modules whose forward pass takes more than an input and a target (PyTorch's <c>_Loss</c> as
/// well): <see cref="MarginRankingLoss"/>, <see cref="CosineEmbeddingLoss"/>, <see cref="TripletMarginLoss"/>,
/// <see cref="TripletMarginWithDistanceLoss"/>, <see cref="GaussianNllLoss"/> and <see cref="CtcLoss"/>. Each defines
/// its own <c>Forward</c> with PyTorch's arguments and calls the function of the same name in <see cref="Functional"/>.
/// </summary>
public abstract class MultiInputLoss : Module
{
    /// <summary>Creates a loss with the given reduction.</summary>
    /// <param name="reduction">Mean, Sum or None.</param>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is BatchMean or undefined.</exception>
    protected MultiInputLoss(Reduction reduction)
    {
        Functional.CheckLossReduction(GetType().Name, reduction);
        Reduction = reduction;
    }

    /// <summary>How per-sample losses are combined: Mean (the default), Sum or None.</summary>
    public Reduction Reduction { get; }
}
