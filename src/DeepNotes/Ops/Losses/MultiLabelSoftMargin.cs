
namespace DeepNotes.Ops.Losses;

/// <summary>
/// Multi-label one-versus-all logistic loss, as PyTorch's <c>multilabel_soft_margin_loss</c>: per element
/// −(y·ln σ(x) + (1 − y)·ln σ(−x)) = y·softplus(−x) + (1 − y)·softplus(x) (stable for any logit), times the optional
/// weight, averaged over the class axis (the last); the reduction then runs over the samples. Composed of
/// differentiable ops, so input and target both receive gradients.
/// </summary>
internal static class MultiLabelSoftMargin
{
    private const string Op = "MultiLabelSoftMarginLoss";

    public static Tensor Forward(Tensor input, Tensor target, Tensor? weight, LossReduction reduction)
    {
        LossReduce.Check(Op, reduction);
        PointwiseLoss.CheckInputAndTarget(Op, input, target);
        if (input.Rank == 0)
            throw new ArgumentException($"{Op}: input [C] or [N, C] expected (classes on the last axis), got a 0-dim tensor.", nameof(input));
        Tensor? w = weight is null ? null : PointwiseLoss.ExpandWeight(Op, "weight", weight, input);
        int classes = input.Shape.Dims[^1];
        Tensor loss = target * (-input).Softplus(1, double.PositiveInfinity) + (1 - target) * input.Softplus(1, double.PositiveInfinity);
        if (w is not null) loss = loss * w;
        loss = loss.Sum(input.Rank - 1) / classes;
        return CompositeLoss.Reduce(loss, reduction);
    }
}
