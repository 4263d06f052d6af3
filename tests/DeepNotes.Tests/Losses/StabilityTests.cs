using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossReferenceData;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>Extreme inputs: the stable formulations stay finite and equal PyTorch's values, in float32 and float64.</summary>
public class StabilityTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void BceWithLogitsAtZeroAndMinus120IsLn2And120(DType dtype)
    {
        var x = Make([0.0, -120.0], [2], dtype, requiresGrad: true);
        Tensor loss = Functional.BinaryCrossEntropyWithLogits(x, Make([0.0, 1.0], [2], dtype), reduction: Reduction.None);
        AssertClose(StableBceLogits, loss, 0, 1e-7); // torch: [ln 2, 120]
        Assert.Equal(Math.Log(2), loss.ToArray<double>()[0], dtype == DType.Float32 ? 1e-7 : 1e-15);
        Assert.Equal(120.0, loss.ToArray<double>()[1]);
        loss.Sum().Backward();
        // ∂/∂x = σ(x) − y: 0.5 and σ(−120) − 1 = −1
        AssertClose([0.5, -1.0], x.Grad!, 0, 1e-7);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void BceWithLogitsIsFiniteForHugeLogitsWithPosWeight(DType dtype)
    {
        var x = Make([1e4, -1e4, 1e4, -1e4], [2, 2], dtype, requiresGrad: true);
        var y = Make([1.0, 0.0, 0.0, 1.0], [2, 2], dtype);
        Tensor loss = Functional.BinaryCrossEntropyWithLogits(x, y, reduction: Reduction.None, posWeight: Make([2.0, 3.0], [2], dtype));
        // confident and right: 0; confident and wrong: 1e4 (negative) and 3·1e4 (positive weighted by pw = 3)
        AssertClose([0.0, 0.0, 1e4, 3e4], loss, 0, 1e-7);
        loss.Sum().Backward();
        Assert.All(x.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void BceOnProbabilitiesZeroAndOneGivesTheMinus100Clamp(DType dtype)
    {
        var p = Make([0.0, 1.0, 0.0, 1.0], [4], dtype, requiresGrad: true);
        Tensor loss = Functional.BinaryCrossEntropy(p, Make([1.0, 0.0, 0.0, 1.0], [4], dtype), reduction: Reduction.None);
        AssertClose(StableBceClamp, loss, 0, 0); // torch: [100, 100, 0, 0] exactly
        loss.Sum().Backward();
        Assert.All(p.Grad!.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CrossEntropyAtLogitsPlusMinus1e4IsFinite(DType dtype)
    {
        var x = Make([1e4, -1e4, 0.0, -1e4, 1e4, 0.0], [2, 3], dtype, requiresGrad: true);
        Tensor loss = Functional.CrossEntropy(x, Ints([1, 1], [2]), reduction: Reduction.None);
        AssertClose(StableCe, loss, 0, 1e-7); // torch: [20000, 0]
        Tensor mean = Functional.CrossEntropy(x, Ints([1, 1], [2]), labelSmoothing: 0.1);
        Assert.True(double.IsFinite(mean.Item()));
        mean.Backward();
        double[] g = x.Grad!.ToArray<double>();
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        // (softmax − smoothed onehot)/N with ε = 0.1, C = 3: row 0 softmax = [1, 0, 0], target [ε/3, 1 − ε + ε/3, ε/3]
        double e3 = 0.1 / 3;
        AssertClose([(1 - e3) / 2, -(0.9 + e3) / 2, -e3 / 2, -e3 / 2, (1 - 0.9 - e3) / 2, -e3 / 2], x.Grad!, 1e-7, 1e-6);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void UniformPredictionOver10ClassesCostsLn10(DType dtype)
    {
        // equal logits (any value) = uniform prediction; every target costs −ln(1/10)
        var x = Tensor.Full([32, 10], 3.7, dtype, requiresGrad: true);
        var t = Ints(Classes(32, 10, 5), [32]);
        Tensor loss = Functional.CrossEntropy(x, t);
        Assert.Equal(Math.Log(10), loss.Item(), dtype == DType.Float32 ? 1e-6 : 1e-14);
        Assert.Equal(Math.Log(10), Functional.CrossEntropy(x, t, labelSmoothing: 0.3).Item(), dtype == DType.Float32 ? 1e-6 : 1e-14);
        var logp = Tensor.Full([32, 10], -Math.Log(10), dtype);
        Assert.Equal(Math.Log(10), Functional.NllLoss(logp, t).Item(), dtype == DType.Float32 ? 1e-6 : 1e-14);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void KLDivZeroTargetsContributeZeroNotNaN(DType dtype)
    {
        var q = Make([-1.0, -2.0, -0.5], [3], dtype, requiresGrad: true);
        Tensor loss = Functional.KLDivLoss(q, Make([0.0, 0.5, 0.0], [3], dtype), Reduction.None);
        double[] v = loss.ToArray<double>();
        Assert.Equal(0.0, v[0]);
        Assert.Equal(0.0, v[2]);
        Assert.Equal(0.5 * (Math.Log(0.5) + 2), v[1], dtype == DType.Float32 ? 1e-6 : 1e-15);
        loss.Sum().Backward();
        AssertClose([0.0, -0.5, 0.0], q.Grad!, 0, 0); // ∂/∂x = −t
    }

    [Fact]
    public void CrossEntropyMeanOfOnlyIgnoredTargetsIsNaNLikePyTorch()
    {
        var x = Tensor.Randn([3, 4], DType.Float64, new Generator(3), requiresGrad: true);
        Tensor loss = Functional.CrossEntropy(x, Ints([-100, -100, -100], [3]));
        Assert.True(double.IsNaN(loss.Item()));
        loss.Backward();
        Assert.All(x.Grad!.ToArray<double>(), g => Assert.Equal(0.0, g));
        Assert.Equal(0.0, Functional.CrossEntropy(x, Ints([-100, -100, -100], [3]), reduction: Reduction.Sum).Item());
    }
}
