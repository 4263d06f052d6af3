using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// Errors for bad configuration, shapes, targets and lengths of the issue-14 losses, and their edge cases: stability
/// at extreme inputs, zero distances, impossible CTC alignments, and the modules agreeing with their functions.
/// </summary>
public class MoreLossesBehaviourTests
{
    private static Tensor D(double[] v, Shape s) => Make(v, s);

    private static Tensor Z(Shape s) => Tensor.Zeros(s, DType.Float64);

    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void PointwiseLossesNameBadShapesDtypesAndOptions()
    {
        Throws<ArgumentException>(() => Functional.SmoothL1Loss(Z([4, 3]), Z([3, 4])), "SmoothL1Loss", "[4, 3]", "[3, 4]");
        Throws<ArgumentOutOfRangeException>(() => Functional.SmoothL1Loss(Z([2]), Z([2]), beta: -1), "SmoothL1Loss", "beta", "-1");
        Throws<ArgumentOutOfRangeException>(() => new SmoothL1Loss(beta: double.NaN), "beta");
        Throws<ArgumentException>(() => Functional.SoftMarginLoss(Z([2]), Tensor.Zeros([2])), "SoftMarginLoss", "Float32");
        Throws<ArgumentException>(() => Functional.PoissonNllLoss(Z([2]), Z([2]), reduction: Reduction.BatchMean), "PoissonNllLoss", "BatchMean");
        Throws<ArgumentOutOfRangeException>(() => new PoissonNllLoss(eps: double.PositiveInfinity), "eps");
        Throws<ArgumentException>(() => new SoftMarginLoss(Reduction.BatchMean), "BatchMean");
    }

    [Fact]
    public void GaussianNllChecksTheVarianceShapeAndSign()
    {
        Throws<ArgumentException>(() => Functional.GaussianNllLoss(Z([4, 3]), Z([4, 3]), Tensor.Ones([3], DType.Float64)),
            "GaussianNllLoss", "var", "[4, 3]", "[3]");
        Throws<ArgumentException>(() => Functional.GaussianNllLoss(Z([4, 3]), Z([4, 3]), Tensor.Ones([4, 2], DType.Float64)), "[4, 2]");
        Throws<ArgumentException>(() => Functional.GaussianNllLoss(Z([2]), Z([2]), D([1, -0.5], [2])), "negative");
        Throws<ArgumentOutOfRangeException>(() => new GaussianNllLoss(eps: -1), "eps");
        // a variance below eps is clamped in value, yet its gradient is that of the clamped value (straight through)
        var v = D([1e-9], [1]);
        v.RequiresGrad = true;
        Functional.GaussianNllLoss(D([1], [1]), D([0], [1]), v, eps: 0.5, reduction: Reduction.Sum).Backward();
        Assert.Equal(0.5 * (1 / 0.5 - 1 / (0.5 * 0.5)), v.Grad!.Item(), 12);
    }

    [Fact]
    public void MultiLabelLossesCheckTargets()
    {
        Throws<ArgumentException>(() => Functional.MultiLabelMarginLoss(Z([2, 3]), Ints([0, 3, -1, 1, -1, 0], [2, 3])),
            "MultiLabelMarginLoss", "class 3", "row 0", "[0, 3)");
        Throws<ArgumentException>(() => Functional.MultiLabelMarginLoss(Z([2, 3]), Ints([0, 1], [2])), "[2, 3] Int32", "[2]");
        Throws<ArgumentException>(() => Functional.MultiLabelMarginLoss(Z([2, 3]), Z([2, 3])), "Int32", "Float64");
        Throws<ArgumentException>(() => Functional.MultiLabelMarginLoss(Z([2, 3, 1]), Ints(new int[6], [2, 3, 1])), "[C] or [N, C]");
        Throws<ArgumentException>(() => Functional.MultiLabelSoftMarginLoss(Z([]), Z([])), "0-dim");
        Throws<ArgumentException>(() => Functional.MultiLabelSoftMarginLoss(Z([2, 3]), Z([2, 3]), Tensor.Ones([2], DType.Float64)),
            "weight", "[2]", "[2, 3]");
        // classes after the first −1 are ignored, whatever they are
        Tensor a = Functional.MultiLabelMarginLoss(D([0.1, 0.2, 0.4, 0.8], [4]), Ints([3, 0, -1, 1], [4]));
        Tensor b = Functional.MultiLabelMarginLoss(D([0.1, 0.2, 0.4, 0.8], [4]), Ints([3, 0, -1, -1], [4]));
        Assert.Equal(b.Item(), a.Item());
        Assert.Equal(0, a.Rank);
    }

    [Fact]
    public void PairLossesCheckRanksAndShapes()
    {
        Throws<ArgumentException>(() => Functional.MarginRankingLoss(Z([3]), Z([3]), Z([3, 1])), "MarginRankingLoss", "[3, 1]");
        Throws<ArgumentException>(() => Functional.MarginRankingLoss(Z([3]), Z([2]), Z([3])), "cannot be broadcast");
        Throws<ArgumentException>(() => Functional.HingeEmbeddingLoss(Z([3]), Z([4])), "HingeEmbeddingLoss", "[3]", "[4]");
        Throws<ArgumentException>(() => Functional.CosineEmbeddingLoss(Z([2, 3]), Z([2, 3]), Z([2, 1])), "CosineEmbeddingLoss", "[2, 1]");
        Throws<ArgumentException>(() => Functional.CosineEmbeddingLoss(Z([2, 3]), Z([2, 4]), Z([2])), "[2, D]", "[2, 4]");
        Throws<ArgumentException>(() => Functional.CosineEmbeddingLoss(Z([3, 3]), Z([3, 3]), Z([2])), "[2, D]", "[3, 3]");
        Throws<ArgumentException>(() => Functional.TripletMarginLoss(Z([2, 3]), Z([2, 3]), Z([3])), "TripletMarginLoss", "same number of dimensions");
        Throws<ArgumentOutOfRangeException>(() => Functional.TripletMarginLoss(Z([2, 3]), Z([2, 3]), Z([2, 3]), p: -1), "p");
        Throws<ArgumentOutOfRangeException>(() => new TripletMarginWithDistanceLoss(margin: 0), "greater than 0");
        Throws<InvalidOperationException>(() => Functional.TripletMarginWithDistanceLoss(Z([2, 3]), Z([2, 3]), Z([2, 3]), (_, _) => null!), "null");
    }

    [Fact]
    public void DistancesCheckTheirArguments()
    {
        Throws<ArgumentOutOfRangeException>(() => Functional.CosineSimilarity(Z([2, 3]), Z([2, 3]), dim: 2), "CosineSimilarity", "dim 2");
        Throws<ArgumentException>(() => Functional.CosineSimilarity(Z([2, 3]), Z([3, 2])), "[2, 3]", "[3, 2]");
        Throws<ArgumentOutOfRangeException>(() => new CosineSimilarity(eps: -1), "eps");
        Throws<ArgumentOutOfRangeException>(() => Functional.PairwiseDistance(Z([2, 3]), Z([2, 3]), p: double.NaN), "PairwiseDistance", "p");
        Throws<ArgumentException>(() => Functional.PairwiseDistance(Z([]), Z([])), "rank at least 1");
        Throws<ArgumentException>(() => Functional.Cdist(Z([3]), Z([2, 3])), "Cdist", "[*, P, M]", "[3]");
        Throws<ArgumentException>(() => Functional.Cdist(Z([2, 3]), Z([2, 4])), "same M", "[2, 4]");
        Throws<ArgumentException>(() => Functional.Cdist(Z([2, 4, 3]), Z([3, 5, 3])), "batch", "[2]", "[3]");
        Throws<ArgumentException>(() => Functional.Cdist(Z([4, 3]), Tensor.Zeros([5, 3])), "x2", "Float64");
        Throws<ArgumentOutOfRangeException>(() => Functional.Cdist(Z([4, 3]), Z([5, 3]), -2), "p");
    }

    [Fact]
    public void CtcChecksShapesLengthsAndLabels()
    {
        Tensor lp = Z([5, 2, 4]);
        Tensor tl = Ints([2, 1], [2]), il = Ints([5, 4], [2]);
        Throws<ArgumentException>(() => Functional.CtcLoss(Z([5, 2, 4, 1]), Ints([1, 2, 3, 0], [2, 2]), il, tl), "CtcLoss", "[T, N, C]", "[5, 2, 4, 1]");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), Ints([5], [1]), tl), "inputLengths", "[2] Int32", "[1]");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), Ints([6, 4], [2]), tl), "inputLengths[0] = 6", "[0, 5]");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), il, Ints([3, 1], [2])), "targetLengths[0] = 3", "padded target length 2");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), il, Ints([-1, 1], [2])), "targetLengths[0] = -1");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 0, 3, 0], [2, 2]), il, tl), "label 0", "blank (0)");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 4, 3, 0], [2, 2]), il, tl), "label 4", "[0, 4)");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 1], [4]), il, tl), "[3] (concatenated", "[4]");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Z([2, 2]), il, tl), "Int32", "Float64");
        Throws<ArgumentOutOfRangeException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), il, tl, blank: 4), "blank", "[0, 4)");
        Throws<ArgumentException>(() => Functional.CtcLoss(lp, Ints([1, 2, 3, 0], [2, 2]), il, tl, reduction: Reduction.BatchMean), "BatchMean");
        Throws<ArgumentOutOfRangeException>(() => new CtcLoss(blank: -1), "blank");
    }

    [Fact]
    public void CtcIsStableOnLongSequencesAndHandlesImpossibleAlignments()
    {
        // 400 frames: probabilities of single alignments underflow in linear space, not in log space
        var g = new Generator(5);
        Tensor logits = Tensor.Randn([400, 1, 6], DType.Float32, g);
        int[] labels = Enumerable.Range(0, 120).Select(i => 1 + i % 5).ToArray();
        Tensor loss = Functional.CtcLoss(logits.LogSoftmax(2), Ints(labels, [1, 120]), [400], [120], reduction: Reduction.Sum);
        Assert.True(double.IsFinite(loss.Item()) && loss.Item() > 100, $"loss {loss.Item()}");

        // three repeated labels need five frames: with four the loss is infinite (NaN gradients), or 0 with zeroInfinity
        Tensor x = Make(Normal(4 * 2 * 3, 6), [4, 2, 3], requiresGrad: true);
        Tensor targets = Ints([1, 1, 1, 2, 0, 0], [2, 3]);
        Tensor none = Functional.CtcLoss(x.LogSoftmax(2), targets, [4, 4], [3, 1], reduction: Reduction.None);
        Assert.True(double.IsPositiveInfinity(none.ToArray<double>()[0]));
        Tensor zeroed = Functional.CtcLoss(x.LogSoftmax(2), targets, [4, 4], [3, 1], reduction: Reduction.None, zeroInfinity: true);
        Assert.Equal(0, zeroed.ToArray<double>()[0]);
        Assert.Equal(none.ToArray<double>()[1], zeroed.ToArray<double>()[1]);
        zeroed.Sum().Backward();
        double[] grad = x.Grad!.ToArray<double>();
        for (int t = 0; t < 4; t++)
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(0, grad[(t * 2 + 0) * 3 + c]);
                Assert.True(double.IsFinite(grad[(t * 2 + 1) * 3 + c]));
            }

        // an empty target: the only alignment is all blanks
        Tensor lp = Make(Normal(3 * 1 * 3, 7), [3, 1, 3]).LogSoftmax(2);
        double blanks = -Enumerable.Range(0, 3).Sum(t => lp.ToArray<double>()[t * 3]);
        Assert.Equal(blanks, Functional.CtcLoss(lp, Ints([], [1, 0]), [3], [0], reduction: Reduction.Sum).Item(), 12);
        // Mean divides by the target length clamped to 1
        Assert.Equal(blanks, Functional.CtcLoss(lp, Ints([], [1, 0]), [3], [0]).Item(), 12);
    }

    [Fact]
    public void CtcPaddedConcatenatedAndModuleAgree()
    {
        Tensor lp = Make(Normal(6 * 2 * 4, 8), [6, 2, 4]).LogSoftmax(2);
        Tensor padded = Functional.CtcLoss(lp, Ints([1, 2, 2, 3, 0, 0], [2, 3]), [6, 5], [3, 1]);
        Tensor concatenated = Functional.CtcLoss(lp, Ints([1, 2, 2, 3], [4]), Ints([6, 5], [2]), Ints([3, 1], [2]));
        Tensor module = new CtcLoss().Forward(lp, Ints([1, 2, 2, 3, 0, 0], [2, 3]), Ints([6, 5], [2]), Ints([3, 1], [2]));
        Assert.Equal(padded.Item(), concatenated.Item(), 14);
        Assert.Equal(padded.Item(), module.Item(), 14);
        Assert.Equal(DType.Float32, Functional.CtcLoss(lp.To(DType.Float32), Ints([1, 2, 2, 3], [4]), [6, 5], [3, 1]).DType);
    }

    [Fact]
    public void LogisticLossesStayFiniteAtExtremeLogits()
    {
        var x = D([1000, -1000, 800], [3]);
        x.RequiresGrad = true;
        Tensor loss = Functional.SoftMarginLoss(x, D([-1, 1, 1], [3]), Reduction.Sum);
        Assert.Equal(2000, loss.Item(), 9);
        loss.Backward();
        Assert.Equal([1, -1, 0], x.Grad!.ToArray<double>());
        var m = D([1000, -1000], [1, 2]);
        m.RequiresGrad = true;
        Tensor ml = Functional.MultiLabelSoftMarginLoss(m, D([0, 1], [1, 2]));
        Assert.Equal(1000, ml.Item(), 9);
        ml.Backward();
        Assert.All(m.Grad!.ToArray<double>(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void ZeroDistancesHaveTheZeroSubgradient()
    {
        // coincident points in both compute modes: distance 0 (1e−15 after the product form's clamp), gradient 0, no NaN
        foreach (var mode in new[] { CdistComputeMode.DoNotUseMmForEuclidDist, CdistComputeMode.UseMmForEuclidDist })
        {
            var a = D([0.3, -1.2, 2.5, 0.7, 0.1, -0.4], [2, 3]);
            a.RequiresGrad = true;
            Tensor b = D([0.3, -1.2, 2.5], [1, 3]);
            Tensor d = Functional.Cdist(a, b, computeMode: mode);
            Assert.True(d.ToArray<double>()[0] <= 1e-7, $"{mode}: {d.ToArray<double>()[0]}");
            d.Sum().Backward();
            double[] g = a.Grad!.ToArray<double>();
            Assert.Equal([0, 0, 0], g[..3]);
            Assert.All(g, v => Assert.True(double.IsFinite(v)));
        }
        var z = Tensor.Zeros([2, 3], DType.Float64, requiresGrad: true);
        Functional.Cdist(z, Tensor.Zeros([4, 3], DType.Float64), 1.5).Sum().Backward();
        Assert.All(z.Grad!.ToArray<double>(), v => Assert.Equal(0, v));
        // a zero vector has cosine similarity 0 with anything
        Assert.Equal(0, Functional.CosineSimilarity(Z([1, 3]), D([1, 2, 3], [1, 3])).Item());
    }

    [Fact]
    public void ModulesMatchTheirFunctionsAndDescribeThemselves()
    {
        Tensor x = Make(Normal(12, 9), [4, 3]), y = Make(Normal(12, 10), [4, 3]), n = Make(Normal(12, 11), [4, 3]);
        Tensor signs = D([1, -1, 1, -1], [4]);
        Assert.Equal(Functional.SmoothL1Loss(x, y, beta: 0.3).Item(), new SmoothL1Loss(beta: 0.3).Forward(x, y).Item());
        Assert.Equal(Functional.SoftMarginLoss(x, y, Reduction.Sum).Item(), new SoftMarginLoss(Reduction.Sum).Forward(x, y).Item());
        Assert.Equal(Functional.PoissonNllLoss(x, y.Abs(), full: true).Item(), new PoissonNllLoss(full: true).Forward(x, y.Abs()).Item());
        Assert.Equal(Functional.HingeEmbeddingLoss(x, y.Sign(), 0.5).Item(), new HingeEmbeddingLoss(0.5).Forward(x, y.Sign()).Item());
        Assert.Equal(Functional.MarginRankingLoss(x, y, n.Sign(), 0.2).Item(), new MarginRankingLoss(0.2).Forward(x, y, n.Sign()).Item());
        Assert.Equal(Functional.CosineEmbeddingLoss(x, y, signs, 0.1).Item(), new CosineEmbeddingLoss(0.1).Forward(x, y, signs).Item());
        Assert.Equal(Functional.TripletMarginLoss(x, y, n, 0.5, 1, swap: true).Item(),
            new TripletMarginLoss(0.5, 1, swap: true).Forward(x, y, n).Item());
        Assert.Equal(Functional.GaussianNllLoss(x, y, n.Abs(), full: true).Item(), new GaussianNllLoss(full: true).Forward(x, y, n.Abs()).Item());
        Assert.Equal(Functional.PairwiseDistance(x, y, 3).ToArray<double>(), new PairwiseDistance(3).Forward(x, y).ToArray<double>());
        Assert.Equal(Functional.CosineSimilarity(x, y, 0).ToArray<double>(), new CosineSimilarity(0).Forward(x, y).ToArray<double>());

        var w = D([0.5, 1, 2], [3]);
        var msm = new MultiLabelSoftMarginLoss(w, Reduction.None);
        Assert.Equal(Functional.MultiLabelSoftMarginLoss(x, y.Abs().Clamp(max: 1), w, Reduction.None).ToArray<double>(),
            msm.Forward(x, y.Abs().Clamp(max: 1)).ToArray<double>());
        Assert.Equal(["weight"], msm.StateDict().Select(kv => kv.Key));
        Assert.Empty(msm.Parameters());
        Assert.Equal("MultiLabelSoftMarginLoss(reduction: None, weight: [3])", msm.Describe());
        Assert.Equal("SmoothL1Loss(reduction: Mean, beta: 0.5)", new SmoothL1Loss(beta: 0.5).Describe());
        Assert.Equal("CtcLoss(blank: 2, reduction: Sum, zeroInfinity: True)", new CtcLoss(2, Reduction.Sum, true).Describe());
        Assert.Equal("TripletMarginLoss(margin: 1, p: 2, eps: 1E-06, swap: False, reduction: Mean)", new TripletMarginLoss().Describe());
        Assert.Equal(Reduction.Sum, new GaussianNllLoss(reduction: Reduction.Sum).Reduction);
        Throws<ArgumentException>(() => new TripletMarginLoss(reduction: Reduction.BatchMean), "TripletMarginLoss", "BatchMean");
    }
    [Fact]
    public void CdistAndCtcDoNotDependOnTheThreadCount()
    {
        double[] Run(int threads)
        {
            int saved = Parallelism.ThreadCount;
            Parallelism.ThreadCount = threads;
            try
            {
                var x1 = Make(Normal(2 * 300 * 5, 12), [2, 300, 5], DType.Float32, requiresGrad: true);
                var x2 = Make(Normal(2 * 30 * 5, 13), [2, 30, 5], DType.Float32, requiresGrad: true);
                Tensor d = Functional.Cdist(x1, x2, 1.5);
                (d * d).Sum().Backward();
                var logits = Make(Normal(30 * 8 * 5, 14), [30, 8, 5], DType.Float32, requiresGrad: true);
                Tensor ctc = Functional.CtcLoss(logits.LogSoftmax(2), Ints(Classes(8 * 6, 4, 15).Select(v => v + 1).ToArray(), [8, 6]),
                    Enumerable.Repeat(30, 8).ToArray(), [6, 5, 4, 3, 6, 2, 1, 0], reduction: Reduction.None);
                ctc.Sum().Backward();
                return [.. d.ToArray<double>(), .. x1.Grad!.ToArray<double>(), .. x2.Grad!.ToArray<double>(),
                    .. ctc.ToArray<double>(), .. logits.Grad!.ToArray<double>()];
            }
            finally { Parallelism.ThreadCount = saved; }
        }
        double[] one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }
}
