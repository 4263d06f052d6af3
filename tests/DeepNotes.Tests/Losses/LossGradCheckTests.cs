using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// Float64 finite-difference checks of every loss in every reduction, with the options that change the backward
/// (weights, posWeight, label smoothing, ignoreIndex, probability targets, [N, C, d...] inputs). Inputs keep away from
/// the kinks (|x − y| = 0 for L1, |x − y| = δ for Huber, z = 0 for the hinge) so finite differences are valid.
/// </summary>
public class LossGradCheckTests
{
    public static TheoryData<Reduction> Reductions() => new() { Reduction.None, Reduction.Sum, Reduction.Mean };

    private static Tensor Var(double[] v, Shape s) => Make(v, s, DType.Float64, requiresGrad: true);

    private static Tensor Const(double[] v, Shape s) => Make(v, s, DType.Float64);

    /// <summary>y = x + d with |d| cycling through magnitudes away from 0 and from the Huber thresholds 0.5 and 1.</summary>
    private static (Tensor X, Tensor Y) RegressionPair(Shape shape, ulong seed)
    {
        double[] x = Normal(shape.ElementCount, seed);
        double[] magnitudes = [0.2, 0.35, 0.8, 1.4, 2.1];
        var g = new Generator(seed + 1);
        double[] y = x.Select((v, i) => v + magnitudes[i % magnitudes.Length] * (g.NextDouble() < 0.5 ? -1 : 1)).ToArray();
        return (Var(x, shape), Var(y, shape));
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void RegressionLosses(Reduction r)
    {
        var (x, y) = RegressionPair([3, 5], 11);
        GradCheck.Check(i => Functional.MseLoss(i[0], i[1], r), x, y);
        GradCheck.Check(i => Functional.L1Loss(i[0], i[1], r), x, y);
        GradCheck.Check(i => Functional.HuberLoss(i[0], i[1], r), x, y);
        GradCheck.Check(i => Functional.HuberLoss(i[0], i[1], r, delta: 0.5), x, y);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void BinaryCrossEntropyOnProbabilities(Reduction r)
    {
        var p = Var(Uniform(12, 0.1, 0.9, 21), [4, 3]);
        var t = Var(Uniform(12, 0, 1, 22), [4, 3]);
        var w = Const([0.5, 2.0, 1.5], [3]);
        GradCheck.Check(i => Functional.BinaryCrossEntropy(i[0], i[1], reduction: r), p, t);
        GradCheck.Check(i => Functional.BinaryCrossEntropy(i[0], i[1], w, r), p, t);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void BinaryCrossEntropyWithLogits(Reduction r)
    {
        var x = Var(Normal(12, 31, scale: 3), [4, 3]);
        var t = Var(Uniform(12, 0, 1, 32), [4, 3]);
        var w = Const([1.0, 0.5, 2.0, 1.5], [4, 1]);
        var pw = Const([3.0, 0.5, 2.0], [3]);
        GradCheck.Check(i => Functional.BinaryCrossEntropyWithLogits(i[0], i[1], reduction: r), x, t);
        GradCheck.Check(i => Functional.BinaryCrossEntropyWithLogits(i[0], i[1], w, r), x, t);
        GradCheck.Check(i => Functional.BinaryCrossEntropyWithLogits(i[0], i[1], reduction: r, posWeight: pw), x, t);
        GradCheck.Check(i => Functional.BinaryCrossEntropyWithLogits(i[0], i[1], w, r, pw), x, t);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropyWithClassIndices(Reduction r)
    {
        var x = Var(Normal(24, 41), [6, 4]);
        var t = Ints([1, 3, -100, 0, 2, 3], [6]);
        var w = Const([1.0, 0.5, 2.0, 1.5], [4]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, reduction: r), x);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, w, reduction: r), x);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, reduction: r, labelSmoothing: 0.2), x);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, w, reduction: r, labelSmoothing: 0.3), x);
        var t3 = Ints([1, 3, 0, 0, 2, 3], [6]); // class 3 ignored instead of −100
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t3, w, ignoreIndex: 3, reduction: r, labelSmoothing: 0.1), x);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropySpatialAndUnbatched(Reduction r)
    {
        var x = Var(Normal(2 * 3 * 2 * 2, 51), [2, 3, 2, 2]);
        var t = Ints([0, 2, -100, 1, 2, 1, 0, 0], [2, 2, 2]);
        var w = Const([1.0, 2.0, 0.5], [3]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, reduction: r), x);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], t, w, reduction: r, labelSmoothing: 0.15), x);
        var u = Var(Normal(5, 52), [5]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], Tensor.Scalar(3, DType.Int32), reduction: r, labelSmoothing: 0.1), u);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropyWithProbabilityTargets(Reduction r)
    {
        var x = Var(Normal(12, 61), [3, 4]);
        var p = Var(ProbabilityRows(3, 4, 62), [3, 4]);
        var w = Const([1.0, 0.5, 2.0, 1.5], [4]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], i[1], reduction: r), x, p);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], i[1], w, reduction: r, labelSmoothing: 0.25), x, p);
        // [N, C, d]: classes on axis 1
        var xs = Var(Normal(12, 63), [2, 3, 2]);
        var ps = Var(Uniform(12, 0.05, 1, 64), [2, 3, 2]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0], i[1], reduction: r, labelSmoothing: 0.1), xs, ps);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void NllLoss(Reduction r)
    {
        var x = Var(Normal(20, 71), [5, 4]);
        var t = Ints([1, 2, -100, 0, 3], [5]);
        var w = Const([1.0, 0.5, 2.0, 1.5], [4]);
        GradCheck.Check(i => Functional.NllLoss(i[0], t, reduction: r), x);
        GradCheck.Check(i => Functional.NllLoss(i[0], t, w, reduction: r), x);
        var xs = Var(Normal(2 * 3 * 4, 72), [2, 3, 4]);
        var ts = Ints([0, 2, -100, 1, 2, 2, 0, -100], [2, 4]);
        GradCheck.Check(i => Functional.NllLoss(i[0], ts, Const([1.0, 2.0, 0.5], [3]), reduction: r), xs);
    }

    /// <summary>Scores whose hinge arguments z = margin − x_y + x_i all stay at least 0.05 away from 0 (for margins 1 and 0.5).</summary>
    private static double[] HingeSafeScores(int n, int c, int[] t, ulong seed)
    {
        for (ulong s = seed; ; s++)
        {
            double[] x = Normal(n * c, s);
            bool ok = true;
            for (int r = 0; r < n && ok; r++)
                for (int i = 0; i < c && ok; i++)
                {
                    if (i == t[r]) continue;
                    foreach (double m in new[] { 1.0, 0.5 })
                        ok &= Math.Abs(m - x[r * c + t[r]] + x[r * c + i]) > 0.05;
                }
            if (ok) return x;
        }
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void MultiMarginLoss(Reduction r)
    {
        int[] tv = [3, 0, 2, 1];
        var x = Var(HingeSafeScores(4, 5, tv, 81), [4, 5]);
        var t = Ints(tv, [4]);
        var w = Const([1.0, 2.0, 0.5, 1.5, 3.0], [5]);
        GradCheck.Check(i => Functional.MultiMarginLoss(i[0], t, reduction: r), x);
        GradCheck.Check(i => Functional.MultiMarginLoss(i[0], t, p: 2, margin: 0.5, weight: w, reduction: r), x);
        var u = Var(HingeSafeScores(1, 5, [2], 82), [5]);
        GradCheck.Check(i => Functional.MultiMarginLoss(i[0], Tensor.Scalar(2, DType.Int32), p: 2, reduction: r), u);
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    [InlineData(Reduction.BatchMean)]
    public void KLDivLoss(Reduction r)
    {
        var q = Var(Normal(12, 91), [3, 4]);
        var t = Var(Uniform(12, 0.05, 1, 92), [3, 4]);
        var lt = Var(Normal(12, 93), [3, 4]);
        GradCheck.Check(i => Functional.KLDivLoss(i[0], i[1], r), q, t);
        GradCheck.Check(i => Functional.KLDivLoss(i[0], i[1], r, logTarget: true), q, lt);
    }

    [Fact]
    public void LossModulesBackpropagateLikeTheirFunctions()
    {
        var x = Var(Normal(24, 101), [6, 4]);
        var t = Ints([1, 3, -100, 0, 2, 3], [6]);
        var criterion = new CrossEntropyLoss(Const([1.0, 0.5, 2.0, 1.5], [4]), labelSmoothing: 0.1);
        GradCheck.Check(i => criterion.Forward(i[0], t), x);
        var y = Var(Uniform(24, 0, 1, 102), [6, 4]);
        var bce = new BceWithLogitsLoss(posWeight: Const([3.0, 0.5, 2.0, 1.0], [4]), reduction: Reduction.Sum);
        GradCheck.Check(i => bce.Forward(i[0], i[1]), x, y);
    }
}
