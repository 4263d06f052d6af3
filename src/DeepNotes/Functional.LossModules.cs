namespace DeepNotes;

/// <summary>
/// The internal doors of the loss modules that are not a single loss function: the reduction check their constructors
/// make once, and the weight penalties of <see cref="Losses.Penalty"/>.
/// </summary>
public static partial class Functional
{
    /// <summary>Throws unless <paramref name="reduction"/> is defined (and BatchMean only where <paramref name="allowBatchMean"/>).</summary>
    internal static void CheckLossReduction(string op, Losses.Reduction reduction, bool allowBatchMean = false) =>
        Ops.Losses.LossReduce.Check(op, reduction.ToOps(), allowBatchMean);

    /// <summary>Throws unless a label smoothing ε is in [0, 1] (the one check, shared by CrossEntropyLoss's constructor and Functional.CrossEntropy).</summary>
    internal static void CheckLabelSmoothing(string op, double labelSmoothing) => Ops.Losses.CrossEntropy.CheckLabelSmoothing(op, labelSmoothing);

    /// <summary>λ₁·Σ|p| + λ₂·Σp² over the parameters, a 0-dim tensor; negative or non-finite weights throw naming <paramref name="op"/>.</summary>
    internal static Tensor NormPenalty(string op, IEnumerable<Tensor> parameters, double l1, double l2, string l1Name = "l1",
        string l2Name = "l2") => Ops.Losses.NormPenalty.Forward(op, parameters, l1, l2, l1Name, l2Name);
}
