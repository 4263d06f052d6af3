namespace DeepNotes.Tests.Core;

public class GradCheckTests
{
    /// <summary>x² with a backward we control (through the internal Record): the correct one is g·2x.</summary>
    private static Tensor Square(Tensor x, Func<Tensor, Tensor, Tensor> backward)
    {
        Tensor output;
        using (Autograd.NoGrad()) output = x * x;
        return Tensor.Record(output, "SquareBackward", [x], g => [backward(g, x)], x);
    }

    /// <summary>a·b with controllable backward for each input.</summary>
    private static Tensor Product(Tensor a, Tensor b, Func<Tensor, Tensor> gradA, Func<Tensor, Tensor> gradB)
    {
        Tensor output;
        using (Autograd.NoGrad()) output = a * b;
        return Tensor.Record(output, "ProductBackward", [a, b], g => [gradA(g), gradB(g)], a, b);
    }

    private static Tensor Leaf(double[] values, params int[] shape) =>
        shape.Length == 0 ? Tensor.FromArray(values, requiresGrad: true) : Tensor.FromArray(values, new Shape(shape), requiresGrad: true);

    [Fact]
    public void Defaults_MatchTheSpec()
    {
        Assert.Equal(1e-6, GradCheck.DefaultEps);
        Assert.Equal(1e-5, GradCheck.DefaultAtol);
        Assert.Equal(1e-3, GradCheck.DefaultRtol);
    }

    [Fact]
    public void CorrectGradients_Pass()
    {
        var x = Tensor.Randn([3, 4], DType.Float64, new Generator(1), requiresGrad: true);
        var y = Tensor.Randn([4], DType.Float64, new Generator(2), requiresGrad: true);
        Assert.True(GradCheck.Check(i => (i[0] * i[1] + i[0] * i[0]).Exp().Sum(), x, y));
        Assert.True(GradCheck.Check(i => Square(i[0], (g, v) => g * v * 2), x));
        var result = GradCheck.Run(i => i[0] * i[1], [x, y]);
        Assert.True(result.Passed);
        Assert.StartsWith("GradCheck passed", result.ToString());
    }

    [Fact]
    public void CorrectGradients_PassForNonContiguousZeroDimAndEmptyInputs()
    {
        var t = Tensor.Randn([4, 3], DType.Float64, new Generator(3)).T.Detach();
        t.RequiresGrad = true;
        Assert.False(t.IsContiguous);
        Assert.True(GradCheck.Check(i => i[0] * i[0] * 3, t));

        var s = Tensor.Scalar(0.7, DType.Float64, requiresGrad: true);
        Assert.True(GradCheck.Check(i => i[0] * i[0] * i[0], s));

        var e = Tensor.Zeros([0, 3], DType.Float64, requiresGrad: true);
        var r = GradCheck.Run(i => i[0] * 2, [e]);
        Assert.True(r.Passed);
    }

    [Fact]
    public void WrongGradient_FailsNamingInputElementAndBothValues()
    {
        // backward g·x instead of g·2x: the analytic value is half the numeric one; element [1, 0] dominates
        var x = Leaf([0.001, 0.002, 5.0, 0.003], 2, 2);
        var ex = Assert.Throws<GradCheckException>(() => GradCheck.Check(i => Square(i[0], (g, v) => g * v), x));
        GradCheckResult r = ex.Result;
        Assert.False(r.Passed);
        Assert.Equal(0, r.InputIndex);
        Assert.Equal(new Shape(2, 2), r.InputShape);
        Assert.Equal(new[] { 1, 0 }, r.ElementIndex);
        Assert.Equal(r.Numeric / 2, r.Analytic, 1e-6);
        Assert.InRange(r.Numeric, 0.5 * 10, 1.5 * 10); // v·2x with v in [0.5, 1.5)
        Assert.Contains("input 0", ex.Message);
        Assert.Contains("[2, 2]", ex.Message);
        Assert.Contains("element [1, 0]", ex.Message);
        Assert.Contains("analytic", ex.Message);
        Assert.Contains("numeric", ex.Message);
        Assert.Contains(r.Analytic.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Contains(r.Numeric.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ex.Message);
    }

    [Fact]
    public void WrongGradient_CanBeReturnedInsteadOfThrown()
    {
        var x = Leaf([1.0, 2.0]);
        Assert.False(GradCheck.Check(i => Square(i[0], (g, v) => g * v), [x], raiseException: false));
        Assert.False(GradCheck.Run(i => Square(i[0], (g, v) => g * v), [x]).Passed);
    }

    [Fact]
    public void WrongGradientOfTheSecondInput_NamesInputOne()
    {
        var a = Leaf([1.0, 2.0, 3.0]);
        var b = Leaf([4.0, 5.0, 6.0]);
        var ex = Assert.Throws<GradCheckException>(() => GradCheck.Check(
            i => Product(i[0], i[1], g => g * i[1], g => g * i[1]), a, b)); // gradient for b should be g·a
        Assert.Equal(1, ex.Result.InputIndex);
        Assert.Contains("input 1", ex.Message);
    }

    [Fact]
    public void OnlyInputsThatRequireGrad_AreChecked()
    {
        var a = Leaf([1.0, 2.0]);
        var b = Tensor.FromArray(new[] { 3.0, 4.0 }); // its (wrong) gradient is never asked for
        Assert.True(GradCheck.Check(i => Product(i[0], i[1], g => g * i[1], g => g * 1000), a, b));
    }

    [Fact]
    public void Tolerances_AreAbsolutePlusRelative()
    {
        var x = Leaf([0.5, -1.0]);
        // analytic off by 4e-6 per element
        Func<Tensor[], Tensor> f = i => Square(i[0], (g, v) => g * v * 2 + 4e-6);
        Assert.True(GradCheck.Check(f, [x], atol: 1e-5, rtol: 0));
        Assert.False(GradCheck.Check(f, [x], atol: 1e-6, rtol: 0, raiseException: false));
        // rtol 1e-2 of |numeric| >= 0.5 covers 4e-6 even with atol 0
        Assert.True(GradCheck.Check(f, [x], atol: 0, rtol: 1e-2));
    }

    [Fact]
    public void BadInputs_AreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => GradCheck.Check(i => i[0] * 2, Tensor.Ones([2], requiresGrad: true)));
        Assert.Contains("Float64", ex.Message);
        Assert.Contains("Float32", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => GradCheck.Check(i => i[0] * 2, Tensor.Ones([2], DType.Float64)));
        Assert.Contains("requires grad", ex.Message);

        var expanded = Tensor.Ones([1, 3], DType.Float64, requiresGrad: true).Detach().Expand(2, 3);
        expanded.RequiresGrad = true;
        ex = Assert.Throws<ArgumentException>(() => GradCheck.Check(i => i[0] * 2, expanded));
        Assert.Contains("overlapping", ex.Message);

        var x = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        ex = Assert.Throws<ArgumentException>(() => GradCheck.Check(i => i[0].To(DType.Float32), x));
        Assert.Contains("Float32", ex.Message);
    }

    [Fact]
    public void Check_LeavesInputsAndGradsUntouched()
    {
        var x = Leaf([0.25, 1.5, -2.0]);
        GradCheck.Check(i => (i[0] * i[0]).Sum(), x);
        Assert.Equal(new[] { 0.25, 1.5, -2.0 }, x.ToArray<double>());
        Assert.Null(x.Grad);
        Assert.True(Autograd.IsGradEnabled);
    }
}
