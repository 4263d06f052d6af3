using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>LayerNorm: GradCheck over one and two trailing dimensions, forward against a scalar double loop, float32 agreement, threads, errors.</summary>
public class LayerNormTests
{
    /// <summary>Independent reference: per row of length n, (x − mean)/√(biased var + eps)·γ + β in a scalar double loop.</summary>
    internal static double[] Reference(double[] x, int n, double[]? gamma, double[]? beta, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / n; r++)
        {
            double mean = 0, var = 0;
            for (int j = 0; j < n; j++) mean += x[r * n + j];
            mean /= n;
            for (int j = 0; j < n; j++) var += (x[r * n + j] - mean) * (x[r * n + j] - mean);
            var /= n;
            for (int j = 0; j < n; j++)
                y[r * n + j] = (x[r * n + j] - mean) / Math.Sqrt(var + eps) * (gamma?[j] ?? 1) + (beta?[j] ?? 0);
        }
        return y;
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void GradCheck_OneTrailingDim(Layout layout)
    {
        var x = Input([3, 4, 5], 11, layout: layout);
        var w = Input([5], 12);
        var b = Input([5], 13);
        Check(t => Functional.LayerNorm(t[0], [5], t[1], t[2]), x, w, b);
    }

    [Fact]
    public void GradCheck_TwoTrailingDims_LongRows()
    {
        // rows of 3·24 = 72 elements: the vector loops and their scalar tails both run
        var x = Input([2, 3, 24], 21);
        var w = Input([3, 24], 22);
        var b = Input([3, 24], 23);
        Check(t => Functional.LayerNorm(t[0], [3, 24], t[1], t[2]), x, w, b);
    }

    [Fact]
    public void GradCheck_NoAffine_And_WeightOnly()
    {
        var x = Input([4, 6], 31);
        Check(t => Functional.LayerNorm(t[0], [6]), x);
        var w = Input([6], 32);
        Check(t => Functional.LayerNorm(t[0], [6], t[1]), x, w);
        var b = Input([6], 33);
        Check(t => Functional.LayerNorm(t[0], [6], null, t[1]), x, b);
    }

    [Fact]
    public void GradCheck_Module_TwoDims()
    {
        var norm = new LayerNorm([2, 3], dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            norm.Weight!.CopyFrom(Input([2, 3], 41, requiresGrad: false));
            norm.Bias!.CopyFrom(Input([2, 3], 42, requiresGrad: false));
        }
        var x = Input([4, 2, 3], 43);
        Check(t => norm.Call(t[0]) * norm.Call(t[0]), x); // non-linear in the output: a wrong dx would show
        Check(t => Functional.LayerNorm(x.Detach(), [2, 3], t[0], t[1]), norm.Weight!, norm.Bias!);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(33, 100)]
    [InlineData(64, 256)]
    public void Forward_MatchesScalarReference(int rows, int n)
    {
        var g = new Generator(51);
        var xs = Enumerable.Range(0, rows * n).Select(_ => 3 + 2 * g.NextNormal()).ToArray();
        var gs = Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray();
        var bs = Enumerable.Range(0, n).Select(_ => g.NextNormal()).ToArray();
        var y = Functional.LayerNorm(Tensor.FromArray(xs, [rows, n]), [n], Tensor.FromArray(gs, [n]), Tensor.FromArray(bs, [n]));
        AssertClose(Reference(xs, n, gs, bs, 1e-5), y, 1e-12, 1e-12, shape: [rows, n]);
        var y32 = Functional.LayerNorm(Tensor.FromArray(xs, [rows, n]).To(DType.Float32), [n],
            Tensor.FromArray(gs, [n]).To(DType.Float32), Tensor.FromArray(bs, [n]).To(DType.Float32));
        AssertClose(Reference(xs, n, gs, bs, 1e-5), y32, 2e-5, 2e-5);
    }

    [Fact]
    public void Forward_HandValues()
    {
        // row [1, 2, 3, 4]: mean 2.5, biased var 1.25; eps 0 → (x − 2.5)/√1.25
        var y = Functional.LayerNorm(Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [1, 4]), [4], eps: 0);
        double s = Math.Sqrt(1.25);
        AssertClose([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], y, 1e-15, 1e-15);
    }

    [Fact]
    public void Float32_GradientsAgreeWithFloat64_OnTransformerShape()
    {
        var x64 = Input([4, 16, 256], 61);
        var w64 = Input([256], 62);
        var b64 = Input([256], 63);
        var up = Input([4, 16, 256], 64, requiresGrad: false);
        Functional.LayerNorm(x64, [256], w64, b64).Backward(up);
        var x32 = x64.Detach().To(DType.Float32); x32.RequiresGrad = true;
        var w32 = w64.Detach().To(DType.Float32); w32.RequiresGrad = true;
        var b32 = b64.Detach().To(DType.Float32); b32.RequiresGrad = true;
        var y32 = Functional.LayerNorm(x32, [256], w32, b32);
        y32.Backward(up.To(DType.Float32));
        AssertFloat32Agrees(Functional.LayerNorm(x64.Detach(), [256], w64.Detach(), b64.Detach()), y32, 1e-5, 1e-5);
        AssertFloat32Agrees(x64.Grad!, x32.Grad!, 1e-4, 1e-4);
        AssertFloat32Agrees(w64.Grad!, w32.Grad!, 1e-4, 1e-4);
        AssertFloat32Agrees(b64.Grad!, b32.Grad!, 1e-4, 1e-4);
    }

    [Fact]
    public void Results_DoNotDependOnThreadCount()
    {
        var x = Input([64, 48, 96], 71, dtype: DType.Float32);
        var w = Input([96], 72, dtype: DType.Float32);
        var up = Input([64, 48, 96], 73, requiresGrad: false, dtype: DType.Float32);
        (float[] Y, float[] Dx, float[] Dw) Run(int threads)
        {
            int saved = Parallelism.ThreadCount;
            Parallelism.ThreadCount = threads;
            try
            {
                x.Grad = null; w.Grad = null;
                var y = Functional.LayerNorm(x, [96], w);
                y.Backward(up);
                return (y.ToArray<float>(), x.Grad!.ToArray<float>(), w.Grad!.ToArray<float>());
            }
            finally { Parallelism.ThreadCount = saved; }
        }
        var one = Run(1);
        var two = Run(2);
        var three = Run(3);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        Assert.Equal(one.Dw, three.Dw);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ConstantRows_AreFinite_AndGiveBeta(DType dtype)
    {
        var x = Tensor.Full([3, 40], 7.25, dtype);
        x.RequiresGrad = true;
        var norm = new LayerNorm(40, dtype: dtype);
        using (Autograd.NoGrad()) norm.Bias!.Fill(0.5);
        var y = norm.Call(x);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(0.5, v));
        (y * y).Sum().Backward();
        Assert.All(x.Grad!.ToArray<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.All(norm.Weight!.Grad!.ToArray<double>(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Module_ParametersAndNames_LikePyTorch()
    {
        var norm = new LayerNorm([4, 5]);
        Assert.Equal(["weight", "bias"], norm.StateDict().Keys);
        Assert.Equal(new Shape(4, 5), norm.Weight!.Shape);
        Assert.All(norm.Weight.ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(norm.Bias!.ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Equal(40, norm.ParameterCount());
        Assert.Empty(new LayerNorm(8, elementwiseAffine: false).StateDict());
        Assert.Equal(["weight"], new LayerNorm(8, bias: false).StateDict().Keys);
        Assert.Equal("LayerNorm([4, 5], eps: 1E-05, elementwise_affine: true)", norm.Describe());
        Assert.Equal(7L * 2 * 4 * 5, norm.EstimateForwardFlops(null, Tensor.Zeros([2, 4, 5])));
    }

    [Fact]
    public void BadInputs_NameExpectedAndActual()
    {
        var norm = new LayerNorm(64);
        var e = Assert.Throws<ArgumentException>(() => norm.Call(Tensor.Zeros([8, 32])));
        Assert.Contains("LayerNorm([64]) expects input [*, 64], got [8, 32]", e.Message);
        e = Assert.Throws<ArgumentException>(() => norm.Call(Tensor.Zeros([8, 64], DType.Float64)));
        Assert.Contains("Float32 parameters, got a Float64 input", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.LayerNorm(Tensor.Zeros([2, 3, 4]), [2, 4]));
        Assert.Contains("expects input [*, 2, 4], got [2, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.LayerNorm(Tensor.Zeros([2, 4]), [4], Tensor.Ones([3])));
        Assert.Contains("weight must have shape [4], got [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.LayerNorm(Tensor.Zeros([2, 4], DType.Int32), [4]));
        Assert.Contains("Int32", e.Message);
        Assert.Throws<ArgumentException>(() => new LayerNorm([4, 0]));
    }
}
