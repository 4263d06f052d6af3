using DeepNotes;
using DeepNotes.Losses;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of every loss and distance over the options that change its backward: reductions, class weights,
/// ignoreIndex, label smoothing, probability targets, K-dimensional inputs, p-norms, compute modes, CTC lengths and
/// blanks, and gradients towards the targets. Each check first asserts that the createGraph gradient (the differentiable
/// form or the composite recomputation) equals the fused first-order gradient — GradGradCheck alone only checks that the
/// createGraph gradient is consistent with its own derivatives — then runs GradGradCheck in float64.
/// </summary>
public class LossGradGradMoreTests
{
    private static readonly Reduction[] s_reductions = [Reduction.Mean, Reduction.Sum, Reduction.None];

    /// <summary>The createGraph gradient equals the fused one (for a fixed non-trivial output gradient), then GradGradCheck.</summary>
    private static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        Tensor[] wanted = inputs.Where(t => t.RequiresGrad).ToArray();
        Tensor shape = f(inputs);
        Tensor v = Tensor.Rand(shape.Shape, shape.DType, new Generator(5)) + 0.5;
        Tensor[] first = Autograd.Grad(f(inputs), wanted, v);
        Tensor[] graph = Autograd.Grad(f(inputs), wanted, v, createGraph: true);
        for (int i = 0; i < wanted.Length; i++)
        {
            Assert.False(first[i].ToArray<double>().Any(double.IsNaN), "NaN in the first-order gradient");
            AssertClose(D(first[i]), graph[i], 1e-12, 1e-9);
        }
        GradCheck.GradGradCheck(f, inputs);
    }

    private static Tensor Ints(int[] values, params int[] shape) => Tensor.FromArray(values, new Shape(shape));

    private static Tensor ClassWeight(int c, ulong seed = 7) => Tensor.Rand([c], DType.Float64, new Generator(seed)) + 0.5;

    public static TheoryData<Reduction, Layout> ReductionsAndLayouts()
    {
        var data = new TheoryData<Reduction, Layout>();
        foreach (Reduction r in s_reductions)
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(r, layout);
        return data;
    }

    public static TheoryData<Reduction> Reductions() => new(s_reductions);

    // ---- cross-entropy with class indices ----

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void CrossEntropy_ClassIndices_WeightsIgnoreIndexSmoothing(Reduction reduction, Layout layout)
    {
        Tensor target = Ints([1, 2, 4], 3);
        Tensor weight = ClassWeight(5);
        foreach (bool weighted in new[] { false, true })
            foreach (int ignore in new[] { -100, 2 })
                foreach (double smoothing in new[] { 0.0, 0.3 })
                {
                    Tensor x = Input([3, 5], 101, Values.Normal, layout);
                    Check(t => Functional.CrossEntropy(t[0], target, weighted ? weight : null, ignore, reduction, smoothing), x);
                }
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropy_KDimensional(Reduction reduction)
    {
        // [N, C, d1, d2] = [2, 3, 2, 2]; the input a permuted view, one position ignored
        Tensor target = Ints([0, 2, 1, 1, 2, 9, 0, 1], 2, 2, 2);
        Tensor weight = ClassWeight(3, 8);
        Tensor x = Input([2, 2, 2, 3], 102).Permute(0, 3, 1, 2);
        Check(t => Functional.CrossEntropy(t[0], target, weight, 9, reduction, 0.1), x);
        Check(t => Functional.CrossEntropy(t[0].Tanh() * 3, target, null, 9, reduction), Input([2, 3, 2, 2], 103));
    }

    [Fact]
    public void CrossEntropy_Unbatched()
    {
        Tensor weight = ClassWeight(4, 9);
        Check(t => Functional.CrossEntropy(t[0], Tensor.Scalar(2, DType.Int32), weight, labelSmoothing: 0.2), Input([4], 104));
        Check(t => Functional.CrossEntropy(t[0], t[1].Softmax(0), weight, labelSmoothing: 0.2), Input([4], 105), Input([4], 106));
    }

    [Fact]
    public void CrossEntropy_AllRowsIgnored_GivesZeroSecondDerivatives()
    {
        // Mean over no rows is NaN (0/0, as PyTorch) with a zero gradient, as the fused kernels give; Sum has zero
        // gradient and zero second derivatives
        Tensor x = Input([2, 3], 107);
        Check(t => Functional.CrossEntropy(t[0], Ints([1, 1], 2), ignoreIndex: 1, reduction: Reduction.Sum), x);
        foreach (Reduction r in s_reductions)
        {
            Tensor g = Autograd.Grad(Functional.CrossEntropy(x, Ints([1, 1], 2), ignoreIndex: 1, reduction: r).Sum(), [x], createGraph: true)[0];
            Assert.All(D(g), v => Assert.Equal(0.0, v));
            g = Autograd.Grad(Functional.NllLoss(x, Ints([1, 1], 2), ignoreIndex: 1, reduction: r).Sum(), [x], createGraph: true)[0];
            Assert.All(D(g), v => Assert.Equal(0.0, v));
        }
    }

    // ---- cross-entropy with probability targets (gradients to input and target) ----

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void CrossEntropy_ProbabilityTargets_InputAndTarget(Reduction reduction, Layout layout)
    {
        Tensor weight = ClassWeight(5, 10);
        foreach (bool weighted in new[] { false, true })
            foreach (double smoothing in new[] { 0.0, 0.25 })
            {
                Tensor x = Input([3, 5], 111, Values.Normal, layout), y = Input([3, 5], 112, Values.Normal, layout);
                Check(t => Functional.CrossEntropy(t[0], t[1].Softmax(1), weighted ? weight : null, reduction: reduction, labelSmoothing: smoothing), x, y);
            }
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CrossEntropy_ProbabilityTargets_KDimensional(Reduction reduction)
    {
        Tensor weight = ClassWeight(3, 11);
        Tensor x = Input([2, 3, 2, 2], 113), y = Input([2, 2, 2, 3], 114).Permute(0, 3, 1, 2);
        // unnormalised positive targets too: the derivative of B = Σ w·t' with respect to t matters then
        Check(t => Functional.CrossEntropy(t[0], t[1].Exp(), weight, reduction: reduction, labelSmoothing: 0.1), x, y);
    }

    // ---- NLL ----

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void NllLoss_WeightsIgnoreIndex(Reduction reduction, Layout layout)
    {
        Tensor target = Ints([4, 0, 3], 3);
        Tensor weight = ClassWeight(5, 12);
        foreach (bool weighted in new[] { false, true })
            foreach (int ignore in new[] { -100, 0 })
            {
                Tensor x = Input([3, 5], 121, Values.Normal, layout);
                Check(t => Functional.NllLoss(t[0].LogSoftmax(1), target, weighted ? weight : null, ignore, reduction), x);
                Check(t => Functional.NllLoss(t[0], target, weighted ? weight : null, ignore, reduction), Input([3, 5], 122, Values.Normal, layout));
            }
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void NllLoss_KDimensionalAndUnbatched(Reduction reduction)
    {
        Tensor weight = ClassWeight(3, 13);
        Check(t => Functional.NllLoss(t[0].LogSoftmax(1), Ints([0, 2, 1, 2, 2, 0, 1, 1], 2, 4), weight, 1, reduction), Input([2, 3, 4], 123));
        Check(t => Functional.NllLoss(t[0].LogSoftmax(0), Tensor.Scalar(1, DType.Int32), weight, reduction: reduction), Input([3], 124));
    }

    // ---- multi-class and multi-label hinges ----

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void MultiMarginLoss_PowersAndWeights(Reduction reduction, Layout layout)
    {
        Tensor target = Ints([3, 0, 1], 3);
        Tensor weight = ClassWeight(4, 14);
        foreach (int p in new[] { 1, 2 })
            foreach (bool weighted in new[] { false, true })
            {
                Tensor x = Input([3, 4], 131, Values.Normal, layout);
                Check(t => Functional.MultiMarginLoss(t[0].Tanh() * 2, target, p, 0.8, weighted ? weight : null, reduction), x);
            }
        Check(t => Functional.MultiMarginLoss(t[0], Tensor.Scalar(2, DType.Int32), 2, 1.5, weight, reduction), Input([4], 132));
    }

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void MultiLabelMarginLoss_RowsOfVariousLengths(Reduction reduction, Layout layout)
    {
        // rows with two labels, none (−1 first), and all but one
        Tensor target = Ints([2, 0, -1, 0, -1, 1, 1, 1, 3, 1, 0, -1], 3, 4);
        Tensor x = Input([3, 4], 141, Values.Normal, layout);
        Check(t => Functional.MultiLabelMarginLoss(t[0].Tanh() * 2, target, reduction), x);
        Check(t => Functional.MultiLabelMarginLoss(t[0].Sinh(), Ints([3, -1, 0, 0], 4), reduction), Input([4], 142));
    }

    // ---- pointwise losses without a differentiable form before (input and target) ----

    [Theory]
    [MemberData(nameof(ReductionsAndLayouts))]
    public void PointwiseLosses_InputAndTarget(Reduction reduction, Layout layout)
    {
        Tensor X() => Input([3, 4], 151, Values.Normal, layout);
        Tensor Y() => Input([3, 4], 152, Values.Normal, layout);
        Check(t => Functional.L1Loss(t[0].Tanh(), t[1].Sinh(), reduction), X(), Y());
        Check(t => Functional.HuberLoss(t[0].Sinh(), t[1], reduction, 0.6), X(), Y());
        Check(t => Functional.SmoothL1Loss(t[0].Sinh(), t[1], reduction, 0.9), X(), Y());
        Check(t => Functional.SmoothL1Loss(t[0].Tanh(), t[1].Tanh(), reduction, 0), X(), Y());
        Check(t => Functional.KLDivLoss(t[0].LogSoftmax(1), t[1].Softmax(1), reduction), X(), Y());
        Check(t => Functional.KLDivLoss(t[0].LogSoftmax(1), t[1].LogSoftmax(1), reduction, logTarget: true), X(), Y());
        Check(t => Functional.PoissonNllLoss(t[0], t[1].Exp(), reduction: reduction), X(), Y());
        Check(t => Functional.PoissonNllLoss(t[0].Exp(), t[1].Exp() * 1.5, logInput: false, full: true, reduction: reduction), X(), Y());
        Check(t => Functional.PoissonNllLoss(t[0], t[1].Exp() * 2, full: true, reduction: reduction), X(), Y());
        Check(t => Functional.SoftMarginLoss(t[0] * 2, t[1].Tanh(), reduction), X(), Y());
    }

    [Fact]
    public void KLDivLoss_BatchMean()
    {
        Check(t => Functional.KLDivLoss(t[0].LogSoftmax(1), t[1].Softmax(1), Reduction.BatchMean), Input([3, 4], 153), Input([3, 4], 154));
        Check(t => Functional.KLDivLoss(t[0].LogSoftmax(1), t[1], Reduction.BatchMean, logTarget: true), Input([3, 4], 155), Input([3, 4], 156));
    }

    // ---- distances ----

    public static TheoryData<double> Norms() => new(1, 1.5, 2, 3, double.PositiveInfinity);

    [Theory]
    [MemberData(nameof(Norms))]
    public void Cdist_PNorms_BroadcastBatch_NonContiguous(double p)
    {
        Tensor x1 = Input([2, 3, 4], 161, Values.Distinct, Layout.Sliced), x2 = Input([1, 4, 4], 162, Values.Distinct, Layout.Transposed);
        Check(t => Functional.Cdist(t[0].Sinh(), t[1], p), x1, x2);
    }

    [Fact]
    public void Cdist_MatrixProductForm_AndZeroNorm()
    {
        Tensor x1 = Input([3, 4], 163), x2 = Input([5, 4], 164, Values.Normal, Layout.Transposed);
        Check(t => Functional.Cdist(t[0].Sinh(), t[1], computeMode: CdistComputeMode.UseMmForEuclidDist), x1, x2);
        // p = 0 counts non-zero differences: piecewise constant, zero gradients of every order
        Check(t => Functional.Cdist(t[0], t[1], 0) * t[0].Sum(), Input([3, 4], 165), Input([5, 4], 166));
        // the matrix-product form used automatically above 25 rows; only x1's derivatives checked, on few elements
        Tensor many = Input([26, 2], 167, requiresGrad: false);
        Check(t => Functional.Cdist(t[0], many).Sum(1), Input([2, 2], 168));
    }

    [Fact]
    public void PairwiseDistanceAndCosineSimilarity_Broadcast()
    {
        Check(t => Functional.PairwiseDistance(t[0], t[1], 1.5, keepDim: true), Input([3, 4], 171), Input([4], 172));
        Check(t => Functional.CosineSimilarity(t[0], t[1], dim: -1), Input([3, 4], 173, Values.Normal, Layout.Transposed), Input([1, 4], 174));
    }

    // ---- CTC ----

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CtcLoss_PaddedTargets_VaryingLengths(Reduction reduction)
    {
        // T = 7, N = 3, C = 5: a repeated label, a shorter input, an empty target
        Tensor targets = Ints([1, 3, 3, 4, 2, 0, 1, 1, 1], 3, 3);
        Tensor inputLengths = Ints([7, 5, 3], 3), targetLengths = Ints([3, 2, 0], 3);
        Check(t => Functional.CtcLoss(t[0].LogSoftmax(2), targets, inputLengths, targetLengths, reduction: reduction), Input([7, 3, 5], 181));
        // raw log-probabilities (the gradient is the exact one with respect to them), blank in the middle
        Tensor targets2 = Ints([1, 3, 3, 4, 0, 0, 1, 1, 1], 3, 3);
        Check(t => Functional.CtcLoss(t[0] - 1, targets2, inputLengths, targetLengths, blank: 2, reduction: reduction),
            Input([7, 3, 5], 182, Values.Normal, Layout.Transposed));
    }

    [Theory]
    [MemberData(nameof(Reductions))]
    public void CtcLoss_ConcatenatedTargets_Unbatched_ZeroInfinity(Reduction reduction)
    {
        Check(t => Functional.CtcLoss(t[0].LogSoftmax(2), Ints([2, 1, 2, 3], 4), [4, 6], [1, 3], reduction: reduction), Input([6, 2, 4], 183));
        Check(t => Functional.CtcLoss(t[0].LogSoftmax(1), Ints([1, 1], 2), Tensor.Scalar(5, DType.Int32), Tensor.Scalar(2, DType.Int32),
            reduction: reduction), Input([5, 3], 184));
        // sample 1 cannot be aligned (three labels with a repeat need four frames, it has two): loss and gradient 0
        Check(t => Functional.CtcLoss(t[0].LogSoftmax(2), Ints([1, 2, 0, 2, 2, 1], 2, 3), [5, 2], [2, 3], reduction: reduction, zeroInfinity: true),
            Input([5, 2, 3], 185));
    }

    // ---- penalties ----

    [Fact]
    public void Penalties_L1_L2_ElasticNet()
    {
        Tensor a = Input([3, 2], 191, Values.AwayFromZero), b = Input([4], 192, Values.AwayFromZero, Layout.Sliced);
        Check(t => Penalty.L1([t[0].Sinh(), t[1]], 0.4), a, b);
        Check(t => Penalty.L2([t[0], t[1].Tanh()], 0.3), a, b);
        Check(t => Penalty.ElasticNet([t[0].Tanh(), t[1] * t[1]], 0.2, 0.7), a, b);
    }

    // ---- float32: the createGraph path runs, and agrees with the fused one ----

    [Fact]
    public void Float32_CreateGraphGradients_AgreeWithTheFusedOnes()
    {
        Tensor x = Input([3, 5], 201, dtype: DType.Float32), y = Input([3, 5], 202, dtype: DType.Float32);
        Tensor weight = ClassWeight(5).To(DType.Float32);
        var losses = new Func<Tensor>[]
        {
            () => Functional.CrossEntropy(x, Ints([1, 2, 4], 3), weight, 2, Reduction.Mean, 0.1),
            () => Functional.CrossEntropy(x, y.Softmax(1), weight, labelSmoothing: 0.1),
            () => Functional.NllLoss(x, Ints([1, 2, 4], 3), weight),
            () => Functional.MultiMarginLoss(x, Ints([1, 2, 4], 3), 2),
            () => Functional.Cdist(x, y, 1.5).Sum(),
            () => Functional.CtcLoss(x.Reshape(5, 1, 3).LogSoftmax(2), Ints([1, 2], 1, 2), [5], [2]),
        };
        foreach (var loss in losses)
        {
            Tensor first = Autograd.Grad(loss(), [x])[0];
            Tensor graph = Autograd.Grad(loss(), [x], createGraph: true)[0];
            Assert.Equal(DType.Float32, graph.DType);
            AssertFloat32Agrees(first.To(DType.Float64), graph, rtol: 1e-5, atol: 1e-6);
        }
    }

    // ---- Hessians against torch 1.13 (reference/loss_higher_order_reference.py; where torch has no double backward —
    // CTC, the margin hinges, cdist, a soft-margin target — against the written-out definition in torch) ----

    /// <summary>sin(0.37 i² + 1.3 i + seed) in row-major order, as the reference script's <c>mat</c>.</summary>
    private static Tensor Mat(int[] shape, int seed)
    {
        var values = new double[new Shape(shape).ElementCount];
        for (int i = 0; i < values.Length; i++) values[i] = Math.Sin(0.37 * i * i + 1.3 * i + seed);
        return Tensor.FromArray(values, new Shape(shape));
    }

    private static void Hessian(double[] expected, int[] shape, Func<Tensor, Tensor> f, Tensor x) =>
        AssertClose(expected, Autograd.Hessian(f, x), 1e-10, 1e-9, shape: shape);

    private static Tensor First(Tensor z, int n) => z.Narrow(0, 0, n);

    private static Tensor Rest(Tensor z, int n) => z.Narrow(0, n, z.Shape.Dims[0] - n);

    [Fact]
    public void Hessians_OfTheClassLosses_MatchTorch()
    {
        Tensor w4 = Mat([4], 20).Abs() + 0.5, w3 = Mat([3], 21).Abs() + 0.5;
        Hessian(LossHigherOrderReference.CeIndex, LossHigherOrderReference.CeIndexShape,
            x => Functional.CrossEntropy(2 * x, Ints([1, 3, 0], 3), w4, ignoreIndex: 0, labelSmoothing: 0.2), Mat([3, 4], 1));
        Hessian(LossHigherOrderReference.CeKDim, LossHigherOrderReference.CeKDimShape,
            x => Functional.CrossEntropy(2 * x, Ints([2, 0, 1, 2], 2, 2), w3, reduction: Reduction.Sum, labelSmoothing: 0.1), Mat([2, 3, 2], 2));
        Hessian(LossHigherOrderReference.CeProb, LossHigherOrderReference.CeProbShape,
            z => Functional.CrossEntropy(2 * First(z, 6).Reshape(2, 3), Rest(z, 6).Reshape(2, 3).Softmax(1), w3, labelSmoothing: 0.1), Mat([12], 3));
        Hessian(LossHigherOrderReference.Nll, LossHigherOrderReference.NllShape,
            x => (Functional.NllLoss((2 * x).LogSoftmax(1), Ints([3, 1, 2], 3), w4, 2, Reduction.None) * Tensor.FromArray(new[] { 1.0, 2, 3 })).Sum(),
            Mat([3, 4], 4));
        Hessian(LossHigherOrderReference.MultiMargin, LossHigherOrderReference.MultiMarginShape,
            x => Functional.MultiMarginLoss(x.Tanh() * 2, Ints([2, 0], 2), 2, 0.9, w3), Mat([2, 3], 5));
        Hessian(LossHigherOrderReference.MultiLabelMargin, LossHigherOrderReference.MultiLabelMarginShape,
            x => Functional.MultiLabelMarginLoss(x.Tanh() * 2, Ints([3, 0, -1, 0, 1, -1, 0, 0], 2, 4), Reduction.Sum), Mat([2, 4], 6));
    }

    [Fact]
    public void Hessians_OfDistancesAndPointwiseLosses_MatchTorch()
    {
        Hessian(LossHigherOrderReference.Cdist15, LossHigherOrderReference.Cdist15Shape,
            z => Functional.Cdist(First(z, 6).Reshape(2, 3), Rest(z, 6).Reshape(3, 3), 1.5).Sum(), Mat([15], 7));
        Hessian(LossHigherOrderReference.CdistMm, LossHigherOrderReference.CdistMmShape,
            z => Functional.Cdist(First(z, 6).Reshape(2, 3), Rest(z, 6).Reshape(3, 3), computeMode: CdistComputeMode.UseMmForEuclidDist).Pow(1.5).Sum(),
            Mat([15], 8));
        Hessian(LossHigherOrderReference.PoissonFull, LossHigherOrderReference.PoissonFullShape,
            z => Functional.PoissonNllLoss(First(z, 4).Exp(), Rest(z, 4).Exp() * 2, logInput: false, full: true), Mat([8], 9));
        Hessian(LossHigherOrderReference.SoftMargin, LossHigherOrderReference.SoftMarginShape,
            z => Functional.SoftMarginLoss(First(z, 4) * 2, Rest(z, 4).Tanh(), Reduction.Sum), Mat([8], 10));
        Hessian(LossHigherOrderReference.Huber, LossHigherOrderReference.HuberShape,
            z => Functional.HuberLoss(First(z, 4).Sinh(), Rest(z, 4), delta: 0.6), Mat([8], 11));
        Hessian(LossHigherOrderReference.KlLog, LossHigherOrderReference.KlLogShape,
            z => Functional.KLDivLoss(First(z, 4).LogSoftmax(0), Rest(z, 4).LogSoftmax(0), Reduction.Sum, logTarget: true), Mat([8], 12));
    }

    [Fact]
    public void Hessian_OfCtc_MatchesTheBruteForceDefinitionInTorch()
    {
        // T = 5, N = 2, C = 3; targets [1, 2] over 5 frames and [2, 2] (a repeat) over 4; mean reduction
        Hessian(LossHigherOrderReference.Ctc, LossHigherOrderReference.CtcShape,
            x => Functional.CtcLoss(x.Reshape(5, 2, 3).LogSoftmax(2), Ints([1, 2, 2, 2], 2, 2), [5, 4], [2, 2]), Mat([30], 13));
    }
}
