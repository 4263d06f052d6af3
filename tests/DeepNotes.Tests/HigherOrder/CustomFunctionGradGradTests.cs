using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives through <c>Autograd.Function</c>: a function whose backward is declared differentiable is recorded
/// in a createGraph pass; one that is not refuses createGraph, naming itself.
/// </summary>
public class CustomFunctionGradGradTests
{
    private static Tensor Cube(Tensor x, bool differentiable) => Autograd.Function("CubeBackward",
        forward: xs => xs[0] * xs[0] * xs[0],
        backward: (xs, y, g) => [g * 3 * xs[0] * xs[0]],
        differentiableBackward: differentiable, x);

    // z = x·y whose backward reads the saved output: g·y to x, g·z/y to y
    private static Tensor Product(Tensor x, Tensor y) => Autograd.Function("ProductBackward",
        forward: xs => xs[0] * xs[1],
        backward: (xs, output, g) => [g * xs[1], g * output / xs[1]],
        differentiableBackward: true, x, y);

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void DifferentiableBackward_PassesGradGradCheck(Layout layout)
    {
        Tensor x = Input([3, 4], 51, Values.Normal, layout);
        Assert.True(GradCheck.GradGradCheck(t => Cube(t[0], differentiable: true), x));
        Tensor a = Input([3, 4], 52, Values.Normal, layout), b = Input([3, 4], 53, Values.Positive, layout);
        Assert.True(GradCheck.GradGradCheck(t => Product(t[0], t[1]).Sin(), a, b));
    }

    [Fact]
    public void DifferentiableBackward_GivesTheExactSecondAndThirdDerivatives()
    {
        var x = Tensor.FromArray(new double[] { -2, 0.5, 3 }, requiresGrad: true);
        Tensor g = Autograd.Grad(Cube(x, differentiable: true).Sum(), [x], createGraph: true)[0];
        Assert.Equal(new double[] { 12, 0.75, 27 }, g.ToArray<double>());
        Assert.True(g.RequiresGrad);
        Tensor h = Autograd.Grad(g.Sum(), [x], createGraph: true)[0];
        Assert.Equal(new double[] { -12, 3, 18 }, h.ToArray<double>());  // 6x
        Tensor third = Autograd.Grad(h.Sum(), [x])[0];
        Assert.Equal(new double[] { 6, 6, 6 }, third.ToArray<double>());
    }

    [Fact]
    public void FirstOrderPass_RunsTheBackwardOnDetachedInputsWithGradOff()
    {
        var seen = new List<(bool InputRequiresGrad, bool GradMode)>();
        Tensor F(Tensor x) => Autograd.Function("SpyBackward", xs => xs[0] * 2, (xs, y, g) =>
        {
            seen.Add((xs[0].RequiresGrad, Autograd.IsGradEnabled));
            return [g * 2];
        }, differentiableBackward: true, x);
        var x = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        F(x).Sum().Backward();
        Assert.Equal(new double[] { 2, 2 }, x.Grad!.ToArray<double>());
        Autograd.Grad(F(x).Sum(), [x], createGraph: true);
        Assert.Equal(new[] { (false, false), (true, true) }, seen.Select(s => (s.InputRequiresGrad, s.GradMode)));
    }

    [Fact]
    public void WithoutDifferentiableBackward_CreateGraphIsRefusedNamingTheFunction()
    {
        Tensor x = Input([4], 54);
        Assert.True(GradCheck.Check(t => Cube(t[0], differentiable: false), x)); // first order still works
        var ex = Assert.Throws<NotSupportedException>(() => GradCheck.GradGradCheck(t => Cube(t[0], differentiable: false), x));
        Assert.Contains("CubeBackward", ex.Message);
        Assert.Contains("differentiableBackward: true", ex.Message);
        var y = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad(Cube(y, differentiable: false).Sum(), [y], createGraph: true));
        Assert.Contains("CubeBackward", ex.Message);
    }

    [Fact]
    public void DeclaredDifferentiable_ButReturningAGradientWithoutGraph_IsRefused()
    {
        // the backward leaves Tensor ops (through an array), so its result has no graph: refused, not silently zero
        Tensor Bad(Tensor x) => Autograd.Function("ArrayBackward", xs => xs[0] * xs[0],
            (xs, y, g) => [Tensor.FromArray(((g * 2) * xs[0]).ToArray<double>(), xs[0].Shape)], differentiableBackward: true, x);
        var x = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        Tensor first = Autograd.Grad(Bad(x).Sum(), [x])[0];
        Assert.Equal(new double[] { 2, 4 }, first.ToArray<double>());
        // the gradient reaching it has a graph (d(Bad(x)·x)/d(Bad(x)) = x), so its graphless result is caught
        var ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad((Bad(x) * x).Sum(), [x], createGraph: true));
        Assert.Contains("ArrayBackward", ex.Message);
    }
}
