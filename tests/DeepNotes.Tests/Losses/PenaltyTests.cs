using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>Penalty values and gradients checked by hand, and through a model's parameters.</summary>
public class PenaltyTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ValuesAndGradientsByHand(DType dtype)
    {
        var a = Make([1.0, -2.0, 0.0, 3.0], [2, 2], dtype, requiresGrad: true);
        var b = Make([-0.5, 4.0], [2], dtype, requiresGrad: true);
        // Σ|w| = 1 + 2 + 0 + 3 + 0.5 + 4 = 10.5; Σw² = 1 + 4 + 0 + 9 + 0.25 + 16 = 30.25
        Tensor l1 = Penalty.L1([a, b], 0.1);
        Assert.Equal(dtype, l1.DType);
        Assert.Equal(1.05, l1.Item(), 1e-6);
        l1.Backward();
        AssertClose([0.1, -0.1, 0.0, 0.1], a.Grad!, 0, 1e-7); // λ·sign(w), 0 at w = 0
        AssertClose([-0.1, 0.1], b.Grad!, 0, 1e-7);

        a.Grad = null; b.Grad = null;
        Tensor l2 = Penalty.L2([a, b], 0.01);
        Assert.Equal(0.3025, l2.Item(), 1e-7); // λ·Σw², not λ/2
        l2.Backward();
        AssertClose([0.02, -0.04, 0.0, 0.06], a.Grad!, 0, 1e-6); // 2λ·w
        AssertClose([-0.01, 0.08], b.Grad!, 0, 1e-6);

        a.Grad = null; b.Grad = null;
        Tensor en = Penalty.ElasticNet([a, b], 0.1, 0.01);
        Assert.Equal(1.05 + 0.3025, en.Item(), 1e-6);
        (en * 2.0).Backward();
        AssertClose([0.24, -0.28, 0.0, 0.32], a.Grad!, 1e-9, 1e-6); // 2·(0.1·sign + 0.02·w)
        AssertClose([-0.22, 0.36], b.Grad!, 1e-9, 1e-6);
    }

    [Fact]
    public void LongAndStridedTensorsUseTheVectorPathCorrectly()
    {
        // 37 elements (vector blocks plus a tail), read through a transposed view
        double[] v = Normal(37 * 3, 7);
        var w = Make(v, [37, 3], DType.Float64, requiresGrad: true);
        Tensor p = Penalty.ElasticNet([w.T], 0.3, 0.2);
        double expected = v.Sum(x => 0.3 * Math.Abs(x) + 0.2 * x * x);
        Assert.Equal(expected, p.Item(), 1e-12);
        p.Backward();
        AssertClose(v.Select(x => 0.3 * Math.Sign(x) + 0.4 * x).ToArray(), w.Grad!, 1e-15, 1e-14);
        GradCheck.Check(i => Penalty.ElasticNet([i[0], i[1]], 0.3, 0.2),
            Make(Normal(6, 8), [2, 3], DType.Float64, requiresGrad: true), Make(Normal(4, 9), [4], DType.Float64, requiresGrad: true));
    }

    [Fact]
    public void WorksWithModelParametersAndSkipsFrozenOnes()
    {
        var model = new Sequential(new Dense(3, 2), new Dense(2, 1));
        double expected = model.Parameters().Sum(p => p.ToArray<double>().Sum(x => x * x));
        var frozen = model.Parameters().Last();
        frozen.RequiresGrad = false;
        Tensor loss = Penalty.L2(model.Parameters(), 0.5);
        Assert.Equal(0.5 * expected, loss.Item(), 1e-5);
        loss.Backward();
        foreach (var p in model.Parameters().Where(p => p.RequiresGrad))
            AssertClose(p.ToArray<double>().Select(x => x).ToArray(), p.Grad!, 1e-7, 1e-6); // 2·0.5·w = w
        Assert.Null(frozen.Grad);
    }

    [Fact]
    public void BadArguments()
    {
        var w = Tensor.Ones([2]);
        Assert.Contains("no parameters", Assert.Throws<ArgumentException>(() => Penalty.L2([], 0.1)).Message);
        Assert.Contains("Penalty.L2: lambda must be non-negative and finite, got -1",
            Assert.ThrowsAny<ArgumentException>(() => Penalty.L2([w], -1)).Message);
        Assert.Contains("parameter 1 is Float64",
            Assert.Throws<ArgumentException>(() => Penalty.L1([w, Tensor.Ones([2], DType.Float64)], 0.1)).Message);
        Assert.Contains("non-negative", Assert.ThrowsAny<ArgumentException>(() => Penalty.ElasticNet([w], 0.1, double.NaN)).Message);
    }
}
