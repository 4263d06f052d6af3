using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// Float64 finite-difference checks of the issue-14 losses and distances, in every reduction and over contiguous,
/// transposed and sliced inputs. Inputs are drawn (or re-drawn with the next seed) so that every kink of the loss is at
/// least 0.05 away, where finite differences are valid.
/// </summary>
public class MoreLossesGradCheckTests
{
    public static TheoryData<Reduction, StorageLayout> ReductionsAndLayouts()
    {
        var data = new TheoryData<Reduction, StorageLayout>();
        foreach (var r in new[] { Reduction.None, Reduction.Sum, Reduction.Mean })
            foreach (var l in LayoutInputs.All)
                data.Add(r, l);
        return data;
    }

    public static TheoryData<StorageLayout> Layouts() => new(LayoutInputs.All);

    private static Tensor V(double[] v, Shape s, StorageLayout l) => LayoutInputs.Leaf(v, s, l);

    private static Tensor C(double[] v, Shape s) => Make(v, s);

    private static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert.True(GradCheck.Check(f, inputs));

    /// <summary>Values from the first seed ≥ <paramref name="seed"/> for which <paramref name="ok"/> holds.</summary>
    private static double[] Draw(int count, ulong seed, Func<double[], bool> ok, double scale = 1)
    {
        for (ulong s = seed; ; s++)
        {
            double[] v = Normal(count, s, scale);
            if (ok(v)) return v;
        }
    }

    private static double[] Signs(int count, ulong seed) => Uniform(count, 0, 1, seed).Select(u => u < 0.5 ? -1.0 : 1.0).ToArray();

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void SmoothL1SoftMarginAndPoisson(Reduction r, StorageLayout l)
    {
        double[] x = Normal(12, 1);
        double[] mags = [0.2, 0.35, 0.8, 1.4, 2.1, 0.65];
        double[] y = x.Select((v, i) => v + mags[i % mags.Length] * (i % 3 == 0 ? -1 : 1)).ToArray();
        Check(a => Functional.SmoothL1Loss(a[0], a[1], r), V(x, [3, 4], l), V(y, [3, 4], l));
        Check(a => Functional.SmoothL1Loss(a[0], a[1], r, beta: 0.5), V(x, [3, 4], l), V(y, [3, 4], l));
        Check(a => Functional.SmoothL1Loss(a[0], a[1], r, beta: 0), V(x, [3, 4], l), V(y, [3, 4], l));
        Check(a => Functional.SoftMarginLoss(a[0], a[1], r), V(Normal(12, 2, 3), [3, 4], l), V(Signs(12, 3), [3, 4], l));
        double[] counts = Uniform(12, 0, 5, 4).Select(v => Math.Abs(v - 1) < 0.1 ? v + 0.3 : v).ToArray();
        Check(a => Functional.PoissonNllLoss(a[0], a[1], reduction: r, full: true), V(Normal(12, 5), [3, 4], l), V(counts, [3, 4], l));
        Check(a => Functional.PoissonNllLoss(a[0], a[1], logInput: false, full: true, eps: 0.01, reduction: r),
            V(Uniform(12, 0.2, 3, 6), [3, 4], l), V(counts, [3, 4], l));
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void GaussianNllWithEachVarianceShape(Reduction r, StorageLayout l)
    {
        Tensor x = V(Normal(12, 11), [4, 3], l), y = V(Normal(12, 12), [4, 3], l);
        Check(a => Functional.GaussianNllLoss(a[0], a[1], a[2], reduction: r), x, y, V(Uniform(12, 0.3, 2, 13), [4, 3], l));
        Check(a => Functional.GaussianNllLoss(a[0], a[1], a[2], full: true, reduction: r), x, y, V(Uniform(4, 0.3, 2, 14), [4, 1], l));
        Check(a => Functional.GaussianNllLoss(a[0], a[1], a[2], eps: 0.01, reduction: r), x, y, V(Uniform(4, 0.3, 2, 15), [4], l));
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void MultiLabelLosses(Reduction r, StorageLayout l)
    {
        Tensor w = C([0.5, 2.0, 1.5, 1.0], [4]);
        Check(a => Functional.MultiLabelSoftMarginLoss(a[0], a[1], w, r), V(Normal(12, 21, 3), [3, 4], l), V(Uniform(12, 0, 1, 22), [3, 4], l));
        Check(a => Functional.MultiLabelSoftMarginLoss(a[0], a[1], reduction: r), V(Normal(4, 23), [4], l), V(Uniform(4, 0, 1, 24), [4], l));
        int[] t = [3, 0, -1, 1, 2, 2, 1, 0, -1, 3, -1, 0];
        double[] x = Draw(12, 25, v =>
        {
            for (int n = 0; n < 3; n++)
            {
                var targets = t.Skip(n * 4).Take(4).TakeWhile(c => c >= 0).ToHashSet();
                foreach (int y in targets)
                    for (int i = 0; i < 4; i++)
                        if (!targets.Contains(i) && Math.Abs(1 - v[n * 4 + y] + v[n * 4 + i]) < 0.05) return false;
            }
            return true;
        });
        Check(a => Functional.MultiLabelMarginLoss(a[0], Ints(t, [3, 4]), r), V(x, [3, 4], l));
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void RankingHingeAndCosineEmbedding(Reduction r, StorageLayout l)
    {
        double[] y = Signs(8, 31);
        double[] x1 = Normal(8, 32);
        double[] x2 = Draw(8, 33, v => v.Select((b, i) => Math.Abs(0.3 - y[i] * (x1[i] - b))).Min() > 0.05);
        Check(a => Functional.MarginRankingLoss(a[0], a[1], a[2], 0.3, r), V(x1, [2, 4], l), V(x2, [2, 4], l), V(y, [2, 4], l));
        double[] d = Uniform(8, 0, 2, 34).Select(v => Math.Abs(v - 1.2) < 0.05 ? v + 0.1 : v).ToArray();
        Check(a => Functional.HingeEmbeddingLoss(a[0], C(y, [2, 4]), 1.2, r), V(d, [2, 4], l));
        Tensor ct = C([1, -1, -1, 1, -1], [5]);
        double[] e1 = Normal(15, 35);
        double[] e2 = Draw(15, 36, v =>
        {
            for (int n = 0; n < 5; n++)
            {
                double dot = 0, a2 = 0, b2 = 0;
                for (int k = 0; k < 3; k++) { dot += e1[n * 3 + k] * v[n * 3 + k]; a2 += e1[n * 3 + k] * e1[n * 3 + k]; b2 += v[n * 3 + k] * v[n * 3 + k]; }
                if (Math.Abs(dot / Math.Sqrt(a2 * b2) + 0.1) < 0.05) return false;
            }
            return true;
        });
        Check(a => Functional.CosineEmbeddingLoss(a[0], a[1], ct, -0.1, r), V(e1, [5, 3], l), V(e2, [5, 3], l));
    }

    /// <summary>Triplets whose hinge and swap minimum stay away from their kinks for the norms used below.</summary>
    private static (double[] A, double[] P, double[] N) Triplets(ulong seed)
    {
        for (ulong s = seed; ; s += 3)
        {
            double[] a = Normal(12, s), p = Normal(12, s + 1), n = Normal(12, s + 2);
            bool ok = true;
            foreach (double norm in new[] { 1.0, 2.0, 3.0 })
                for (int i = 0; i < 4 && ok; i++)
                {
                    double Dist(double[] u, double[] v)
                    {
                        double acc = 0;
                        for (int k = 0; k < 3; k++) acc += Math.Pow(Math.Abs(u[i * 3 + k] - v[i * 3 + k] + 1e-6), norm);
                        return Math.Pow(acc, 1 / norm);
                    }
                    double dp = Dist(a, p), dn = Dist(a, n), ds = Dist(p, n);
                    ok &= Math.Abs(1 + dp - dn) > 0.05 && Math.Abs(1 + dp - Math.Min(dn, ds)) > 0.05 && Math.Abs(dn - ds) > 0.05;
                    for (int k = 0; k < 3; k++)
                        ok &= Math.Abs(a[i * 3 + k] - p[i * 3 + k]) > 0.05 && Math.Abs(a[i * 3 + k] - n[i * 3 + k]) > 0.05
                            && Math.Abs(p[i * 3 + k] - n[i * 3 + k]) > 0.05;
                }
            if (ok) return (a, p, n);
        }
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void TripletMarginLosses(Reduction r, StorageLayout l)
    {
        var (a, p, n) = Triplets(41);
        Tensor ta = V(a, [4, 3], l), tp = V(p, [4, 3], l), tn = V(n, [4, 3], l);
        Check(x => Functional.TripletMarginLoss(x[0], x[1], x[2], reduction: r), ta, tp, tn);
        Check(x => Functional.TripletMarginLoss(x[0], x[1], x[2], p: 1, swap: true, reduction: r), ta, tp, tn);
        Check(x => Functional.TripletMarginLoss(x[0], x[1], x[2], p: 3, swap: true, reduction: r), ta, tp, tn);
        Check(x => Functional.TripletMarginWithDistanceLoss(x[0], x[1], x[2], swap: true, reduction: r), ta, tp, tn);
        Check(x => Functional.TripletMarginWithDistanceLoss(x[0], x[1], x[2], (u, v) => 1 - Functional.CosineSimilarity(u, v),
            margin: 0.35, reduction: r), ta, tp, tn);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void SimilarityAndDistances(StorageLayout l)
    {
        var (a, p, _) = Triplets(51);
        Tensor x1 = V(a, [4, 3], l), x2 = V(p, [4, 3], l);
        Check(x => Functional.CosineSimilarity(x[0], x[1]), x1, x2);
        Check(x => Functional.CosineSimilarity(x[0], x[1], dim: 0), x1, x2);
        Check(x => Functional.CosineSimilarity(x[0], x[1], dim: -1), x1, V(Normal(3, 52), [3], l));
        Check(x => Functional.PairwiseDistance(x[0], x[1]), x1, x2);
        Check(x => Functional.PairwiseDistance(x[0], x[1], p: 1, keepDim: true), x1, x2);
        Check(x => Functional.PairwiseDistance(x[0], x[1], p: 3), x1, x2);
        Check(x => Functional.PairwiseDistance(x[0], x[1], p: double.PositiveInfinity), x1, x2);
        Check(x => new DeepNotes.Layers.PairwiseDistance(p: 1.5).Forward(x[0], x[1]), x1, x2);
        Check(x => new DeepNotes.Layers.CosineSimilarity(dim: 1).Forward(x[0], x[1]), x1, x2);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Cdist(StorageLayout l)
    {
        // distinct coordinates on a grid: no difference is 0 and no two differences of a pair tie (p = ∞ has one maximum)
        var g = new Generator(61);
        double[] grid = Enumerable.Range(0, 48).Select(i => -1.2 + 0.05 * i + 0.001 * g.NextDouble()).OrderBy(_ => g.NextDouble()).ToArray();
        Tensor x1 = V(grid[..18], [2, 3, 3], l), x2 = V(grid[18..42], [2, 4, 3], l);
        foreach (double p in new[] { 1.0, 1.5, 2.0, 3.0, 0.5, double.PositiveInfinity })
            Check(x => Functional.Cdist(x[0], x[1], p), x1, x2);
        Check(x => Functional.Cdist(x[0], x[1], computeMode: CdistComputeMode.UseMmForEuclidDist), x1, x2);
        Check(x => Functional.Cdist(x[0], x[1], 2, CdistComputeMode.UseMmForEuclidDist), V(grid[..6], [2, 3], l), x2);
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void CtcOnLogitsAndOnLogProbabilities(Reduction r, StorageLayout l)
    {
        Tensor logits = V(Normal(5 * 2 * 4, 71), [5, 2, 4], l);
        Tensor padded = Ints([1, 1, 2, 3, 2, 0], [2, 3]), lengths = Ints([5, 4], [2]), targetLengths = Ints([3, 2], [2]);
        Check(x => Functional.CtcLoss(x[0].LogSoftmax(2), padded, lengths, targetLengths, reduction: r), logits);
        Check(x => Functional.CtcLoss(x[0], Ints([1, 1, 2, 3, 2], [5]), lengths, targetLengths, reduction: r), logits);
        Check(x => Functional.CtcLoss(x[0].LogSoftmax(2), Ints([2, 2, 3, 0, 3, 3], [2, 3]), [5, 3], [2, 1], blank: 1, reduction: r), logits);
        Check(x => Functional.CtcLoss(x[0].LogSoftmax(1), Ints([3, 1], [2]), Tensor.Scalar(4, DType.Int32), Tensor.Scalar(2, DType.Int32),
            reduction: r), V(Normal(5 * 4, 72), [5, 4], l));
        // an impossible sample with zeroInfinity contributes neither loss nor gradient
        Check(x => Functional.CtcLoss(x[0].LogSoftmax(2), Ints([1, 1, 1, 2, 0, 0], [2, 3]), [4, 4], [3, 1], reduction: r,
            zeroInfinity: true), logits);
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void ClassLossesOverTwoExtraDimensions(Reduction r, StorageLayout l)
    {
        Tensor x = V(Normal(2 * 3 * 2 * 3, 81), [2, 3, 2, 3], l);
        Tensor t = Ints([0, 2, -100, 1, 1, 2, 2, -100, 0, 0, 1, 1], [2, 2, 3]);
        Tensor w = C([1.0, 2.0, 0.5], [3]);
        Check(a => Functional.NllLoss(a[0], t, w, reduction: r), x);
        Check(a => Functional.NllLoss(a[0], Ints([0, 2, 1, 1, 1, 2, 2, 0, 0, 0, 1, 1], [2, 2, 3]), w, ignoreIndex: 1, reduction: r), x);
        Check(a => Functional.CrossEntropy(a[0], t, w, reduction: r, labelSmoothing: 0.2), x);
        Check(a => Functional.CrossEntropy(a[0], a[1], w, reduction: r, labelSmoothing: 0.3), x,
            V(Uniform(36, 0.05, 1, 82), [2, 3, 2, 3], l));
        Check(a => Functional.BinaryCrossEntropyWithLogits(a[0], a[1], reduction: r, posWeight: C([2.0, 0.5, 3.0], [3])), x,
            V(Uniform(36, 0, 1, 83), [2, 3, 2, 3], l));
    }
}
