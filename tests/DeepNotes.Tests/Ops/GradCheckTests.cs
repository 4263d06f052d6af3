using System.Globalization;
using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Ops;

/// <summary>GradCheck itself: it must catch a wrong gradient, say where, and refuse inputs it cannot check.</summary>
public class GradCheckTests
{
    [Fact]
    public void WrongGradient_Fails_NamingInputElementAndBothValues()
    {
        // f(x) = x.Detach() * x: backward sees d/dx = x.Detach(), the true derivative of x² is 2x
        var x = Tensor.FromArray(new[] { 0.5, -1.25, 2.0 }, requiresGrad: true);
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(t => t[0].Detach() * t[0], x));
        GradCheckResult r = e.Result;
        Assert.False(r.Passed);
        Assert.Equal(0, r.InputIndex);
        Assert.Equal(new Shape(3), r.InputShape);
        // the worst element is the largest |x| (error |x|·v with v in [0.5, 1.5)); analytic = v·x, numeric = 2·v·x
        Assert.Equal(2.0 * r.Analytic, r.Numeric, 6);
        Assert.Contains("input 0", e.Message);
        Assert.Contains($"[{string.Join(", ", r.ElementIndex)}]", e.Message);
        Assert.Contains(r.Analytic.ToString("R", CultureInfo.InvariantCulture), e.Message);
        Assert.Contains(r.Numeric.ToString("R", CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void WrongGradient_InSecondInput_IsReportedAtThatInputAndElement()
    {
        // only element [1, 2] of the second input is wrong: y.Detach() there, y elsewhere
        var a = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        var b = Input([2, 3], 121);
        var m = Tensor.FromArray(new[] { false, false, false, false, false, true }, new Shape(2, 3));
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(
            t => t[0].Sum() * Tensor.Where(m, t[1].Detach() * t[1], t[1] * t[1]), a, b));
        Assert.Equal(1, e.Result.InputIndex);
        Assert.Equal(new[] { 1, 2 }, e.Result.ElementIndex);
        Assert.Equal(new Shape(2, 3), e.Result.InputShape);
        Assert.Contains("input 1", e.Message);
        Assert.Contains("[1, 2]", e.Message);
    }

    [Fact]
    public void WrongGradient_WithoutRaising_ReturnsFalse_AndRunReportsIt()
    {
        var x = Input([4], 122, Values.Positive);
        Assert.False(GradCheck.Check(t => t[0].Detach() * t[0], [x], raiseException: false));
        var r = GradCheck.Run(t => t[0].Detach() * t[0], [x]);
        Assert.False(r.Passed);
        Assert.Contains("GradCheck failed", r.ToString());
    }

    [Fact]
    public void CorrectGradient_Passes()
    {
        var x = Input([3, 4], 123);
        Assert.True(GradCheck.Check(t => t[0] * t[0], x));
        Assert.True(GradCheck.Run(t => (t[0] * t[0]).Sum(), [x]).Passed);
    }

    [Fact]
    public void Float32Input_ThrowsArgumentException()
    {
        var x = Tensor.Randn([3], DType.Float32, new Generator(124), requiresGrad: true);
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(t => t[0] * t[0], x));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
        Assert.Contains("input 0", e.Message);
    }

    [Fact]
    public void NoInputRequiringGrad_ThrowsArgumentException()
    {
        var x = Tensor.Randn([3], DType.Float64, new Generator(125));
        var e = Assert.Throws<ArgumentException>(() => GradCheck.Check(t => t[0] * t[0], x));
        Assert.Contains("requires grad", e.Message);
    }

    [Fact]
    public void ExpandedInput_ThrowsArgumentException()
    {
        var x = Tensor.Randn([1, 3], DType.Float64, new Generator(126)).Expand(4, 3);
        x.RequiresGrad = true;
        Assert.Throws<ArgumentException>(() => GradCheck.Check(t => t[0] * 2.0, x));
    }

    [Fact]
    public void GradientThatIgnoresAnInput_IsCaught()
    {
        // the second input influences the output only through a detached path: analytic 0, numeric nonzero
        var a = Input([2], 127);
        var b = Input([2], 128);
        var e = Assert.Throws<GradCheckException>(() => GradCheck.Check(t => t[0] + t[1].Detach().Exp(), a, b));
        Assert.Equal(1, e.Result.InputIndex);
        Assert.Equal(0.0, e.Result.Analytic);
        Assert.NotEqual(0.0, e.Result.Numeric);
    }
}
