using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;
using L = DeepNotes.Layers;
using LS = DeepNotes.Losses;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the losses and distances, as functions and as modules. Inputs of the piecewise losses (L1,
/// Huber, smooth L1, the hinges and margins) come through tanh or another smooth map, so their second derivatives are not
/// identically zero, and are drawn from fixed seeds whose values lie well away from the kinks (the check steps by 10⁻⁶).
/// Targets that PyTorch differentiates (MSE, BCE, KL divergence, Poisson and Gaussian NLL, soft margin, probability
/// cross-entropy, margin ranking) require grad too; class indices, lengths and ±1 labels are constants.
/// </summary>
public sealed class LossGradGradCases : IGradGradCaseSource
{
    private static Tensor Ints(int[] values, params int[] shape) => Tensor.FromArray(values, new Shape(shape));

    private static Tensor Constant(double[] values, params int[] shape) => Tensor.FromArray(values, new Shape(shape));

    private static Tensor ClassWeight(int c) => Tensor.Rand([c], DType.Float64, new Generator(7)) + 0.5;

    /// <summary>A case for the functional form and one for the module form of a two-argument loss.</summary>
    private static IEnumerable<GradGradCase> Both(string name, Func<Tensor, Tensor, Tensor> functional, Func<LS.Loss> module,
        Func<Tensor[], Tensor> prepare0, Func<Tensor[], Tensor> prepare1, Func<Tensor[]> inputs, string label = "")
    {
        yield return new GradGradCase($"Functional.{name}", label, t => functional(prepare0(t), prepare1(t)), inputs);
        LS.Loss loss = module();
        yield return new GradGradCase($"Losses.{name switch
        {
            "BinaryCrossEntropy" => "BceLoss",
            "BinaryCrossEntropyWithLogits" => "BceWithLogitsLoss",
            "CrossEntropy" => "CrossEntropyLoss",
            _ => name,
        }}", label, t => loss.Forward(prepare0(t), prepare1(t)), inputs);
    }

    public IEnumerable<GradGradCase> Cases()
    {
        foreach (var c in PointwiseCases()) yield return c;
        foreach (var c in ClassCases()) yield return c;
        foreach (var c in MarginCases()) yield return c;
        foreach (var c in DistanceCases()) yield return c;
        foreach (var c in CtcCases()) yield return c;
    }

    public IEnumerable<(string Api, string Reason)> NotDifferentiable() =>
    [
        ("Functional.OneHot", "integer result: a one-hot encoding of Int32 class indices has no gradient"),
    ];

    private static IEnumerable<GradGradCase> PointwiseCases()
    {
        Func<Tensor[]> xy = () => [Randn(11, 3, 4), Randn(12, 3, 4)];
        Tensor weight = Tensor.Rand([4], DType.Float64, new Generator(13)) + 0.5;
        Tensor posWeight = Tensor.Rand([4], DType.Float64, new Generator(14)) + 0.5;
        foreach (var c in Both("MseLoss", (a, b) => Functional.MseLoss(a, b), () => new LS.MseLoss(),
            t => t[0].Tanh(), t => t[1], xy)) yield return c;
        foreach (var c in Both("L1Loss", (a, b) => Functional.L1Loss(a, b, Reduction.Sum), () => new LS.L1Loss(Reduction.Sum),
            t => t[0].Tanh(), t => t[1], xy)) yield return c;
        foreach (var c in Both("HuberLoss", (a, b) => Functional.HuberLoss(a, b, delta: 0.8), () => new LS.HuberLoss(delta: 0.8),
            t => t[0].Tanh() * 2, t => t[1], xy)) yield return c;
        foreach (var c in Both("SmoothL1Loss", (a, b) => Functional.SmoothL1Loss(a, b, Reduction.None, beta: 0.7),
            () => new LS.SmoothL1Loss(Reduction.None, beta: 0.7), t => t[0].Tanh() * 2, t => t[1], xy)) yield return c;
        foreach (var c in Both("BinaryCrossEntropy", (a, b) => Functional.BinaryCrossEntropy(a, b, weight), () => new LS.BceLoss(weight),
            t => t[0].Sigmoid(), t => t[1].Sigmoid(), xy)) yield return c;
        foreach (var c in Both("BinaryCrossEntropyWithLogits", (a, b) => Functional.BinaryCrossEntropyWithLogits(a, b, weight, posWeight: posWeight),
            () => new LS.BceWithLogitsLoss(weight, posWeight: posWeight), t => t[0], t => t[1].Sigmoid(), xy)) yield return c;
        foreach (var c in Both("KLDivLoss", (a, b) => Functional.KLDivLoss(a, b, Reduction.BatchMean), () => new LS.KLDivLoss(Reduction.BatchMean),
            t => t[0].LogSoftmax(1), t => t[1].Softmax(1), xy)) yield return c;
        foreach (var c in Both("KLDivLoss", (a, b) => Functional.KLDivLoss(a, b, logTarget: true), () => new LS.KLDivLoss(logTarget: true),
            t => t[0].LogSoftmax(1), t => t[1].LogSoftmax(1), xy, "logTarget")) yield return c;
        foreach (var c in Both("PoissonNllLoss", (a, b) => Functional.PoissonNllLoss(a, b), () => new LS.PoissonNllLoss(),
            t => t[0], t => t[1].Exp(), xy)) yield return c;
        foreach (var c in Both("PoissonNllLoss", (a, b) => Functional.PoissonNllLoss(a, b, logInput: false, full: true),
            () => new LS.PoissonNllLoss(logInput: false, full: true), t => t[0].Exp(), t => t[1].Exp() * 2, xy, "rates, full")) yield return c;
        foreach (var c in Both("SoftMarginLoss", (a, b) => Functional.SoftMarginLoss(a, b), () => new LS.SoftMarginLoss(),
            t => t[0], t => t[1].Tanh(), xy)) yield return c;
        foreach (var c in Both("MultiLabelSoftMarginLoss", (a, b) => Functional.MultiLabelSoftMarginLoss(a, b, weight),
            () => new LS.MultiLabelSoftMarginLoss(weight), t => t[0], t => t[1].Sigmoid(), xy)) yield return c;

        Func<Tensor[]> xyv = () => [Randn(15, 3, 4), Randn(16, 3, 4), Uniform(17, 0.5, 2, 3, 4)];
        yield return new GradGradCase("Functional.GaussianNllLoss", "", t => Functional.GaussianNllLoss(t[0], t[1], t[2], full: true), xyv);
        var gaussian = new LS.GaussianNllLoss(reduction: Reduction.Sum);
        yield return new GradGradCase("Losses.GaussianNllLoss", "", t => gaussian.Forward(t[0], t[1], t[2]), xyv);
    }

    private static IEnumerable<GradGradCase> ClassCases()
    {
        Tensor weight = ClassWeight(5);
        Tensor target = Ints([1, 4, 0], 3);
        Func<Tensor[]> x = () => [Randn(21, 3, 5)];
        yield return new GradGradCase("Functional.CrossEntropy", "weight, smoothing",
            t => Functional.CrossEntropy(t[0], target, weight, labelSmoothing: 0.2), x);
        yield return new GradGradCase("Functional.CrossEntropy", "probabilities",
            t => Functional.CrossEntropy(t[0], t[1].Softmax(1), weight), () => [Randn(22, 3, 5), Randn(23, 3, 5)]);
        var ce = new LS.CrossEntropyLoss(weight, ignoreIndex: 4);
        yield return new GradGradCase("Losses.CrossEntropyLoss", "ignoreIndex", t => ce.Forward(t[0], target), x);
        yield return new GradGradCase("Functional.NllLoss", "", t => Functional.NllLoss(t[0].LogSoftmax(1), target, weight), x);
        var nll = new LS.NllLoss(weight, reduction: Reduction.None);
        yield return new GradGradCase("Losses.NllLoss", "", t => nll.Forward(t[0].LogSoftmax(1), target), x);
        yield return new GradGradCase("Functional.MultiMarginLoss", "p = 2, weight",
            t => Functional.MultiMarginLoss(t[0].Tanh(), target, p: 2, margin: 0.9, weight: weight), x);
        var mm = new LS.MultiMarginLoss(margin: 1.1);
        yield return new GradGradCase("Losses.MultiMarginLoss", "p = 1", t => mm.Forward(t[0].Tanh() * 2, target), x);
        Tensor labels = Ints([3, 0, -1, 0, 0, 1, -1, 0, 0, 0, 2, 4, 1, -1, 0], 3, 5);
        yield return new GradGradCase("Functional.MultiLabelMarginLoss", "",
            t => Functional.MultiLabelMarginLoss(t[0].Tanh() * 2, labels), x);
        var mlm = new LS.MultiLabelMarginLoss(Reduction.Sum);
        yield return new GradGradCase("Losses.MultiLabelMarginLoss", "", t => mlm.Forward(t[0].Tanh() * 2, labels), x);
    }

    private static IEnumerable<GradGradCase> MarginCases()
    {
        Tensor pm = Constant([1, -1, 1, -1, -1, 1], 6);
        Func<Tensor[]> pair = () => [Randn(31, 6), Randn(32, 6)];
        yield return new GradGradCase("Functional.MarginRankingLoss", "",
            t => Functional.MarginRankingLoss(t[0].Tanh(), t[1].Tanh(), pm, margin: 0.3), pair);
        var ranking = new LS.MarginRankingLoss(margin: 0.3, Reduction.Sum);
        yield return new GradGradCase("Losses.MarginRankingLoss", "", t => ranking.Forward(t[0].Tanh(), t[1].Tanh(), pm), pair);
        yield return new GradGradCase("Functional.HingeEmbeddingLoss", "",
            t => Functional.HingeEmbeddingLoss(t[0].Tanh() * 2, pm, margin: 1.2), () => [Randn(33, 6)]);
        var hinge = new LS.HingeEmbeddingLoss(margin: 1.2, Reduction.None);
        yield return new GradGradCase("Losses.HingeEmbeddingLoss", "", t => hinge.Forward(t[0].Tanh() * 2, pm), () => [Randn(33, 6)]);

        Tensor pm3 = Constant([1, -1, -1], 3);
        Func<Tensor[]> rows = () => [Randn(34, 3, 4), Randn(35, 3, 4)];
        yield return new GradGradCase("Functional.CosineEmbeddingLoss", "",
            t => Functional.CosineEmbeddingLoss(t[0], t[1], pm3, margin: -0.9), rows);
        var cosine = new LS.CosineEmbeddingLoss(margin: -0.9);
        yield return new GradGradCase("Losses.CosineEmbeddingLoss", "", t => cosine.Forward(t[0], t[1], pm3), rows);

        Func<Tensor[]> triplet = () => [Randn(36, 3, 4), Randn(37, 3, 4), Randn(38, 3, 4)];
        yield return new GradGradCase("Functional.TripletMarginLoss", "swap",
            t => Functional.TripletMarginLoss(t[0], t[1], t[2], margin: 3, swap: true), triplet);
        var tml = new LS.TripletMarginLoss(margin: 3, p: 3);
        yield return new GradGradCase("Losses.TripletMarginLoss", "p = 3", t => tml.Forward(t[0], t[1], t[2]), triplet);
        yield return new GradGradCase("Functional.TripletMarginWithDistanceLoss", "cosine distance",
            t => Functional.TripletMarginWithDistanceLoss(t[0], t[1], t[2], (a, b) => 1 - Functional.CosineSimilarity(a, b), margin: 2), triplet);
        var twd = new LS.TripletMarginWithDistanceLoss(margin: 3, swap: true);
        yield return new GradGradCase("Losses.TripletMarginWithDistanceLoss", "Euclidean, swap", t => twd.Forward(t[0], t[1], t[2]), triplet);
    }

    private static IEnumerable<GradGradCase> DistanceCases()
    {
        Func<Tensor[]> rows = () => [Randn(41, 3, 4), Randn(42, 3, 4)];
        yield return new GradGradCase("Functional.CosineSimilarity", "", t => Functional.CosineSimilarity(t[0], t[1]), rows);
        var cos = new L.CosineSimilarity(dim: 0);
        yield return new GradGradCase("Layers.CosineSimilarity", "dim 0", t => cos.Forward(t[0], t[1]), rows);
        yield return new GradGradCase("Functional.PairwiseDistance", "p = 3", t => Functional.PairwiseDistance(t[0], t[1], p: 3), rows);
        var pd = new L.PairwiseDistance(keepDim: true);
        yield return new GradGradCase("Layers.PairwiseDistance", "", t => pd.Forward(t[0], t[1]), rows);

        Func<Tensor[]> sets = () => [Randn(43, 3, 4), Randn(44, 5, 4)];
        yield return new GradGradCase("Functional.Cdist", "p = 2 direct", t => Functional.Cdist(t[0], t[1]), sets);
        yield return new GradGradCase("Functional.Cdist", "p = 2 matrix product",
            t => Functional.Cdist(t[0], t[1], computeMode: CdistComputeMode.UseMmForEuclidDist), sets);
        yield return new GradGradCase("Functional.Cdist", "p = 1.5", t => Functional.Cdist(t[0], t[1], 1.5), sets);
        yield return new GradGradCase("Functional.Cdist", "p = 1 of tanh", t => Functional.Cdist(t[0].Tanh(), t[1].Tanh(), 1), sets);
    }

    private static IEnumerable<GradGradCase> CtcCases()
    {
        // T = 6, N = 2, C = 4; the first target repeats a label (the recursion must pass a blank between the two)
        Tensor targets = Ints([1, 2, 2, 3, 1, 0], 2, 3);
        Tensor inputLengths = Ints([6, 5], 2), targetLengths = Ints([3, 2], 2);
        Func<Tensor[]> x = () => [Randn(51, 6, 2, 4)];
        yield return new GradGradCase("Functional.CtcLoss", "log-softmax input",
            t => Functional.CtcLoss(t[0].LogSoftmax(2), targets, inputLengths, targetLengths), x);
        yield return new GradGradCase("Functional.CtcLoss", "raw log-probabilities, int[] lengths, sum",
            t => Functional.CtcLoss(t[0] - 1.5, targets, [6, 5], [3, 2], reduction: Reduction.Sum), x);
        var ctc = new LS.CtcLoss(blank: 3, Reduction.None);
        Tensor targets3 = Ints([1, 2, 2, 0, 1, 1], 2, 3);
        yield return new GradGradCase("Losses.CtcLoss", "blank 3, none",
            t => ctc.Forward(t[0].LogSoftmax(2), targets3, inputLengths, targetLengths), x);
    }
}
