using System.Reflection;
using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.Losses.MoreLossesTestHelpers;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// Outputs and input gradients of the losses and distances added for issue 14 (and of NllLoss/CrossEntropy over two
/// extra dimensions), in float64 and float32, against the values PyTorch 1.13 printed
/// (reference/more_losses_reference.py → <see cref="MoreLossesReferenceData"/>). The upstream gradient is
/// G = linspace(0.5, 1.5) in the output's shape, so unreduced gradients are weighted differently per element.
/// </summary>
public class MoreLossesTorchReferenceTests
{
    private delegate Tensor LossCase(Tensor[] a, Reduction r);

    private static Tensor Ctc(Tensor[] a, Reduction r, int blank = 0, bool zeroInfinity = false) =>
        Functional.CtcLoss(a[0].LogSoftmax(a[0].Rank - 1), a[1], a[2], a[3], blank, r, zeroInfinity);

    private static readonly Dictionary<string, LossCase> s_cases = new()
    {
        ["SmoothL1"] = (a, r) => Functional.SmoothL1Loss(a[0], a[1], r),
        ["SmoothL1Beta05"] = (a, r) => Functional.SmoothL1Loss(a[0], a[1], r, beta: 0.5),
        ["SmoothL1Beta0"] = (a, r) => Functional.SmoothL1Loss(a[0], a[1], r, beta: 0),
        ["SoftMargin"] = (a, r) => Functional.SoftMarginLoss(a[0], a[1], r),
        ["PoissonLog"] = (a, r) => Functional.PoissonNllLoss(a[0], a[1], reduction: r),
        ["PoissonLogFull"] = (a, r) => Functional.PoissonNllLoss(a[0], a[1], full: true, reduction: r),
        ["PoissonRate"] = (a, r) => Functional.PoissonNllLoss(a[0], a[1], logInput: false, reduction: r),
        ["PoissonRateFullEps"] = (a, r) => Functional.PoissonNllLoss(a[0], a[1], logInput: false, full: true, eps: 0.1, reduction: r),
        ["GaussianNll"] = (a, r) => Functional.GaussianNllLoss(a[0], a[1], a[2], reduction: r),
        ["GaussianNllFull"] = (a, r) => Functional.GaussianNllLoss(a[0], a[1], a[2], full: true, eps: 1e-3, reduction: r),
        ["GaussianNllVarColumn"] = (a, r) => Functional.GaussianNllLoss(a[0], a[1], a[2], reduction: r),
        ["GaussianNllVarDropped"] = (a, r) => Functional.GaussianNllLoss(a[0], a[1], a[2], reduction: r),
        ["MultiLabelSoftMargin"] = (a, r) => Functional.MultiLabelSoftMarginLoss(a[0], a[1], reduction: r),
        ["MultiLabelSoftMarginWeighted"] = (a, r) => Functional.MultiLabelSoftMarginLoss(a[0], a[1], a[2], r),
        ["MultiLabelMargin"] = (a, r) => Functional.MultiLabelMarginLoss(a[0], a[1], r),
        ["MultiLabelMarginUnbatched"] = (a, r) => Functional.MultiLabelMarginLoss(a[0], a[1], r),
        ["MarginRanking"] = (a, r) => Functional.MarginRankingLoss(a[0], a[1], a[2], reduction: r),
        ["MarginRankingMargin05"] = (a, r) => Functional.MarginRankingLoss(a[0], a[1], a[2], 0.5, r),
        ["HingeEmbedding"] = (a, r) => Functional.HingeEmbeddingLoss(a[0], a[1], reduction: r),
        ["HingeEmbeddingMargin15"] = (a, r) => Functional.HingeEmbeddingLoss(a[0], a[1], 1.5, r),
        ["CosineEmbedding"] = (a, r) => Functional.CosineEmbeddingLoss(a[0], a[1], a[2], reduction: r),
        ["CosineEmbeddingMargin"] = (a, r) => Functional.CosineEmbeddingLoss(a[0], a[1], a[2], -0.2, r),
        ["CosineEmbeddingUnbatched"] = (a, r) => Functional.CosineEmbeddingLoss(a[0], a[1], a[2], -0.5, r),
        ["TripletMargin"] = (a, r) => Functional.TripletMarginLoss(a[0], a[1], a[2], reduction: r),
        ["TripletMarginP1Swap"] = (a, r) => Functional.TripletMarginLoss(a[0], a[1], a[2], margin: 2, p: 1, swap: true, reduction: r),
        ["TripletMarginP3Eps"] = (a, r) => Functional.TripletMarginLoss(a[0], a[1], a[2], margin: 1.5, p: 3, eps: 0.01, reduction: r),
        ["TripletDistanceDefault"] = (a, r) => Functional.TripletMarginWithDistanceLoss(a[0], a[1], a[2], swap: true, reduction: r),
        ["TripletDistanceCosine"] = (a, r) => Functional.TripletMarginWithDistanceLoss(a[0], a[1], a[2],
            (u, v) => 1 - Functional.CosineSimilarity(u, v), margin: 0.7, reduction: r),
        ["CosineSimilarity"] = (a, r) => Functional.CosineSimilarity(a[0], a[1]),
        ["CosineSimilarityDim0Eps"] = (a, r) => Functional.CosineSimilarity(a[0], a[1], dim: 0, eps: 0.5),
        ["CosineSimilarityBroadcast"] = (a, r) => Functional.CosineSimilarity(a[0], a[1], dim: -1),
        ["PairwiseDistance"] = (a, r) => Functional.PairwiseDistance(a[0], a[1]),
        ["PairwiseDistanceP1Keep"] = (a, r) => Functional.PairwiseDistance(a[0], a[1], p: 1, keepDim: true),
        ["PairwiseDistancePInf"] = (a, r) => Functional.PairwiseDistance(a[0], a[1], p: double.PositiveInfinity, eps: 0),
        ["PairwiseDistanceBroadcast"] = (a, r) => Functional.PairwiseDistance(a[0], a[1], p: 3),
        ["CdistP2"] = (a, r) => Functional.Cdist(a[0], a[1]),
        ["CdistP1"] = (a, r) => Functional.Cdist(a[0], a[1], 1),
        ["CdistP0"] = (a, r) => Functional.Cdist(a[0], a[1], 0),
        ["CdistP05"] = (a, r) => Functional.Cdist(a[0], a[1], 0.5),
        ["CdistP15"] = (a, r) => Functional.Cdist(a[0], a[1], 1.5),
        ["CdistP3"] = (a, r) => Functional.Cdist(a[0], a[1], 3),
        ["CdistPInf"] = (a, r) => Functional.Cdist(a[0], a[1], double.PositiveInfinity),
        ["CdistMmIfNecessary"] = (a, r) => Functional.Cdist(a[0], a[1]),
        ["CdistMm"] = (a, r) => Functional.Cdist(a[0], a[1], computeMode: CdistComputeMode.UseMmForEuclidDist),
        ["CdistDirect"] = (a, r) => Functional.Cdist(a[0], a[1], computeMode: CdistComputeMode.DoNotUseMmForEuclidDist),
        ["CdistBatchBroadcast"] = (a, r) => Functional.Cdist(a[0], a[1], 1.5),
        ["CtcPadded"] = (a, r) => Ctc(a, r),
        ["CtcConcatenated"] = (a, r) => Ctc(a, r),
        ["CtcBlank3"] = (a, r) => Ctc(a, r, blank: 3),
        ["CtcZeroInfinity"] = (a, r) => Ctc(a, r, blank: 3, zeroInfinity: true),
        ["CtcUnbatched"] = (a, r) => Ctc(a, r),
        ["NllSpatial2D"] = (a, r) => Functional.NllLoss(a[0], a[1], a[2], reduction: r),
        ["NllSpatial2DIgnore1"] = (a, r) => Functional.NllLoss(a[0], a[1], a[2], ignoreIndex: 1, reduction: r),
        ["CeSpatial2D"] = (a, r) => Functional.CrossEntropy(a[0], a[1], a[2], reduction: r),
        ["CeSpatial2DSmoothed"] = (a, r) => Functional.CrossEntropy(a[0], a[1], a[2], reduction: r, labelSmoothing: 0.2),
        ["CeProbsSpatial2DSmoothed"] = (a, r) => Functional.CrossEntropy(a[0], a[1], a[2], reduction: r, labelSmoothing: 0.3),
        ["BceLogitsPosWeight"] = (a, r) => Functional.BinaryCrossEntropyWithLogits(a[0], a[1], reduction: r, posWeight: a[2]),
    };

    /// <summary>Cases whose target gradient PyTorch leaves NaN (0·ln 0 in the Stirling term at y = 0) and ours is finite.</summary>
    private static readonly HashSet<string> s_nanInPyTorch = ["PoissonLogFull_Grad1", "PoissonRateFullEps_Grad1"];

    public static TheoryData<string, DType> Cases()
    {
        var data = new TheoryData<string, DType>();
        foreach (var name in s_cases.Keys)
            foreach (var d in new[] { DType.Float64, DType.Float32 })
                data.Add(name, d);
        return data;
    }

    [Fact]
    public void EveryGeneratedCaseIsTested()
    {
        var generated = typeof(MoreLossesReferenceData).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.Name).Where(n => n.EndsWith("_In0", StringComparison.Ordinal)).Select(n => n[..^4]).ToHashSet();
        generated.Remove("CtcRawLogProbs"); // checked by its own test below
        Assert.Equal(generated.OrderBy(n => n), s_cases.Keys.OrderBy(n => n));
    }

    private static object? Field(string name) =>
        typeof(MoreLossesReferenceData).GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);

    /// <summary>The inputs In0, In1, ... of a case: double[] as <paramref name="dtype"/>, int[] as Int32.</summary>
    private static Tensor[] Inputs(string name, DType dtype)
    {
        var inputs = new List<Tensor>();
        for (int k = 0; Field($"{name}_In{k}") is { } values; k++)
        {
            var shape = new Shape((int[])Field($"{name}_In{k}Shape")!);
            inputs.Add(values is int[] ints ? Tensor.FromArray(ints, shape) : Make((double[])values, shape, dtype));
        }
        return [.. inputs];
    }

    /// <summary>G = linspace(0.5, 1.5, n) in <paramref name="shape"/>, as the script uses.</summary>
    private static Tensor Upstream(Shape shape, DType dtype)
    {
        int n = shape.ElementCount;
        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = n == 1 ? 0.5 : 0.5 + (double)i / (n - 1);
        return Make(g, shape, dtype);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name, DType dtype)
    {
        var (rtol, atol) = dtype == DType.Float64 ? (1e-9, 1e-11) : (1e-3, 1e-4);
        int checkedReductions = 0;
        foreach (var r in new[] { Reduction.None, Reduction.Sum, Reduction.Mean })
        {
            string key = $"{name}_{r}";
            if (Field(key + "_Out") is not double[] expected) continue;
            checkedReductions++;
            Tensor[] a = Inputs(name, dtype);
            var grads = new List<int>();
            for (int k = 0; k < a.Length; k++)
                if (Field($"{key}_Grad{k}") is double[]) { a[k].RequiresGrad = true; grads.Add(k); }
            Tensor output = s_cases[name](a, r);
            Assert.Equal(dtype, output.DType);
            Assert.Equal(new Shape((int[])Field(key + "_OutShape")!), output.Shape);
            AssertNear(expected, output, rtol, atol, $"{key} {dtype} output");
            (output * Upstream(output.Shape, dtype)).Sum().Backward();
            foreach (int k in grads)
            {
                var want = (double[])Field($"{key}_Grad{k}")!;
                Assert.NotNull(a[k].Grad);
                if (s_nanInPyTorch.Contains($"{name}_Grad{k}"))
                {
                    double[] got = a[k].Grad!.ToArray<double>();
                    for (int i = 0; i < want.Length; i++)
                    {
                        if (double.IsNaN(want[i])) Assert.True(double.IsFinite(got[i]), $"{key} grad {k}[{i}] should be finite, got {got[i]}");
                        else Assert.True(Math.Abs(want[i] - got[i]) <= atol + rtol * Math.Abs(want[i]), $"{key} grad {k}[{i}]: {want[i]} vs {got[i]}");
                    }
                }
                else AssertNear(want, a[k].Grad!, rtol, atol, $"{key} {dtype} gradient of input {k}");
            }
        }
        Assert.True(checkedReductions > 0, $"no reference data for {name}");
    }

    [Theory]
    [InlineData(DType.Float64)]
    [InlineData(DType.Float32)]
    public void CtcGradientIsTheExactLogProbabilityGradientAndDiffersFromPyTorchsBySoftmax(DType dtype)
    {
        // PyTorch's ctc kernel returns softmax(lp) − posterior for t < input length; ours is −posterior (exact in lp)
        var (rtol, atol) = dtype == DType.Float64 ? (1e-9, 1e-11) : (1e-3, 1e-4);
        Tensor[] a = Inputs("CtcRawLogProbs", dtype);
        a[0].RequiresGrad = true;
        Tensor loss = Functional.CtcLoss(a[0], a[1], a[2], a[3], reduction: Reduction.Sum);
        AssertNear(MoreLossesReferenceData.CtcRawLogProbs_Sum_Out, loss, rtol, atol);
        loss.Backward(Upstream(loss.Shape, dtype));
        double[] ours = a[0].Grad!.ToArray<double>(), lp = a[0].ToArray<double>();
        int[] inputLengths = MoreLossesReferenceData.CtcRawLogProbs_In2;
        int[] shape = MoreLossesReferenceData.CtcRawLogProbs_In0Shape;
        int n = shape[1], c = shape[2];
        var shifted = new double[ours.Length];
        for (int i = 0; i < ours.Length; i++)
        {
            int t = i / (n * c), b = i / c % n;
            shifted[i] = ours[i] + (t < inputLengths[b] ? 0.5 * Math.Exp(lp[i]) : 0);
        }
        AssertNear(MoreLossesReferenceData.CtcRawLogProbs_Sum_Grad0, Make(shifted, a[0].Shape), rtol, atol, "PyTorch's raw ctc gradient");
    }
}
