namespace DeepNotes.Tests.CustomFunctions;

using DeepNotes;
using AG = DeepNotes.Autograd;

public class CustomFunctionTests
{
    private static Tensor Cube(Tensor x) => AG.Function("CubeBackward",
        forward: xs => xs[0] * xs[0] * xs[0],
        backward: (xs, y, g) => [g * 3 * xs[0] * xs[0]],
        x);

    // z = x·y with the product rule by hand; uses the saved output in one branch to check it is passed
    private static Tensor Product(Tensor x, Tensor y) => AG.Function("ProductBackward",
        forward: xs => xs[0] * xs[1],
        backward: (xs, output, g) => [g * xs[1], g * output / xs[1]],
        x, y);

    [Fact]
    public void HandWrittenBackwardPassesGradCheck()
    {
        var x = Tensor.Randn([7], DType.Float64, new Generator(1), requiresGrad: true);
        Assert.True(GradCheck.Check(xs => Cube(xs[0]), x));
        var a = Tensor.Randn([3, 4], DType.Float64, new Generator(2), requiresGrad: true);
        var b = Tensor.Rand([3, 4], DType.Float64, new Generator(3)) + 0.5;
        b.RequiresGrad = true;
        Assert.True(GradCheck.Check(xs => Product(xs[0], xs[1]), a, b));
    }

    [Fact]
    public void ForwardValueAndGradientMatchHandComputation()
    {
        var x = Tensor.FromArray(new double[] { -2, 0.5, 3 }, requiresGrad: true);
        var y = Cube(x);
        Assert.Equal(new double[] { -8, 0.125, 27 }, y.ToArray<double>());
        Assert.Equal("CubeBackward", y.GradFnName);
        y.Sum().Backward();
        Assert.Equal(new double[] { 12, 0.75, 27 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void WrongBackwardIsCaughtByGradCheck()
    {
        Tensor Wrong(Tensor x) => AG.Function("WrongBackward", xs => xs[0] * xs[0], (xs, y, g) => [g * xs[0]], x);
        var x = Tensor.Randn([4], DType.Float64, new Generator(4), requiresGrad: true);
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(xs => Wrong(xs[0]), x));
        Assert.Contains("input 0", e.Message);
    }

    [Fact]
    public void NoRecordingWithoutRequiresGradOrInNoGrad()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 });
        Assert.True(Cube(x).IsLeaf);
        x.RequiresGrad = true;
        using (AG.NoGrad()) Assert.False(Cube(x).RequiresGrad);
        Assert.True(Cube(x).RequiresGrad);
    }

    [Fact]
    public void WrongGradientCountOrShapeThrowsAtBackward()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        var tooMany = AG.Function("TwoGrads", xs => xs[0] * 2, (xs, y, g) => [g, g], x);
        var e1 = Assert.Throws<InvalidOperationException>(() => tooMany.Sum().Backward());
        Assert.Contains("TwoGrads", e1.Message);
        Assert.Contains("2 gradients for 1 inputs", e1.Message);

        var badShape = AG.Function("BadShape", xs => xs[0] * 2, (xs, y, g) => [g.Sum()], x);
        var e2 = Assert.Throws<InvalidOperationException>(() => badShape.Sum().Backward());
        Assert.Contains("BadShape", e2.Message);
        Assert.Contains("[2]", e2.Message);
    }

    [Fact]
    public void InPlaceChangeOfASavedInputIsDetected()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        var y = Cube(x);
        using (AG.NoGrad()) x.Fill(5);
        var e = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("in-place", e.Message);
    }

    [Fact]
    public void ForwardReturningItsInputStillGetsItsOwnNode()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        var y = AG.Function("IdentityBackward", xs => xs[0], (xs, y, g) => [g * 2], x);
        Assert.False(y.IsLeaf);
        Assert.True(x.IsLeaf);
        y.Sum().Backward();
        Assert.Equal(new double[] { 2, 2 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void GradCheckRejectsInputsSharingStorage()
    {
        var x = Tensor.Randn([3, 3], DType.Float64, new Generator(5), requiresGrad: true);
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(xs => xs[0] + xs[1], x, x.Detach().T));
        Assert.Contains("inputs 0 and 1 share storage", e.Message);
    }

    [Fact]
    public void Int32MultiplyInPlaceByNonIntegerThrows()
    {
        var t = Tensor.FromArray(new[] { 1, 2, 3 });
        var e = Assert.Throws<ArgumentException>(() => t.MultiplyInPlace(2.5));
        Assert.Contains("2.5", e.Message);
        Assert.Equal(new[] { 1, 2, 3 }, t.ToArray<int>());
        t.MultiplyInPlace(2);
        Assert.Equal(new[] { 2, 4, 6 }, t.ToArray<int>());
    }
}

public class ScalarComparisonTests
{
    [Fact]
    public void ScalarOverloadsCompareEveryElement()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3 });
        Assert.Equal(new[] { false, true, true }, t.GreaterEqual(2).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, t.LessEqual(2).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, t.ElementEquals(2).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, t.Greater(2).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, t.Less(2).ToArray<bool>());
    }
}

public class GradFnNameTests
{
    [Fact]
    public void MeanRecordsMeanBackwardLikePyTorch()
    {
        var x = Tensor.Ones([2, 3], requiresGrad: true);
        Assert.Equal("MeanBackward", x.Mean().GradFnName);
        Assert.Equal("MeanBackward", x.Mean(1).GradFnName);
        x.Mean(0).Sum().Backward();
        Assert.All(x.Grad!.ToArray<float>(), g => Assert.Equal(0.5f, g));
    }
}
