using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Normalization.TorchReferenceTests;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using W = DeepNotes.Tests.Normalization.WeightSpectralTorchValues;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>Functional.WeightNorm and Functional.SpectralNorm against reference/weight_spectral_reference.py.</summary>
public class WeightAndSpectralNormTests
{
    [Theory]
    [InlineData(0, new[] { 3, 1, 1 }, "Wn0")]
    [InlineData(1, new[] { 2 }, "Wn1")]
    [InlineData(null, new int[0], "WnAll")]
    public void WeightNorm_MatchesTorch_ValuesAndGradients(int? dim, int[] gShape, string name)
    {
        double[] Field(string suffix) => (double[])typeof(W).GetField(name + suffix, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;
        foreach (var (dtype, tol) in new[] { (DType.Float64, 1e-12), (DType.Float32, 2e-5) })
        {
            var v = Wave([3, 2, 2], 0.2, 1, 0, dtype);
            v.RequiresGrad = true;
            var g = Wave(gShape.Length == 0 ? [1] : [gShape.Aggregate(1, (a, b) => a * b)], 1.0, 0.5, 1.0, dtype).Reshape(gShape);
            g.RequiresGrad = true;
            var w = Functional.WeightNorm(v, g, dim);
            (w * Wave([3, 2, 2], 2, 0.5, 0, dtype)).Sum().Backward();
            AssertClose(Field("W"), w, tol, tol);
            AssertClose(Field("Dv"), v.Grad!, tol, tol);
            AssertClose(Field("Dg"), g.Grad!.Reshape(-1), tol, tol);
        }
        // negative dims count from the end: dim −2 of a rank-3 tensor is dim 1
        var v2 = Wave([3, 2, 2], 0.2);
        AssertClose(Functional.WeightNorm(v2, Tensor.Ones([2], DType.Float64), 1).ToArray<double>(), Functional.WeightNorm(v2, Tensor.Ones([2], DType.Float64), -2), 1e-12, 1e-12);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void WeightNorm_GradCheck(Layout layout)
    {
        var v = Input([4, 3], 71, layout: layout);
        var g = Input([4], 72);
        Check(a => Functional.WeightNorm(a[0], a[1]), v, g);
        Check(a => Functional.WeightNorm(a[0], a[1].Sum(), null), v, g);
    }

    [Theory]
    [InlineData("SnLinear", new[] { 3, 4 }, 1)]
    [InlineData("SnConv", new[] { 2, 3, 2, 2 }, 3)]
    public void SpectralNorm_MatchesTorch_WeightVectorsAndGradient(string name, int[] shape, int iterations)
    {
        double[] Field(string suffix) => (double[])typeof(W).GetField(name + suffix, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;
        int rows = shape[0], cols = shape.Skip(1).Aggregate(1, (a, b) => a * b);
        Tensor Unit(Tensor t) => t / t.Square().Sum().Sqrt();
        var weight = Wave(shape, 0.3);
        weight.RequiresGrad = true;
        var u = Unit(Wave([rows], 1.1));
        var v = Unit(Wave([cols], 2.1));
        var w = Functional.SpectralNorm(weight, u, v, iterations);
        (w * Wave(shape, 2, 0.5)).Sum().Backward();
        AssertClose(Field("W"), w, 1e-12, 1e-12);
        AssertClose(Field("U"), u, 1e-12, 1e-12);   // updated in place, as PyTorch's _u
        AssertClose(Field("V"), v, 1e-12, 1e-12);
        AssertClose(Field("Dw"), weight.Grad!, 1e-12, 1e-12);
        // evaluation uses u and v without updating them
        double[] before = u.ToArray<double>();
        var we = Functional.SpectralNorm(weight, u, v, iterations, training: false);
        Assert.Equal(before, u.ToArray<double>());
        AssertClose(w.ToArray<double>(), we, 1e-12, 1e-12);
    }

    [Fact]
    public void SpectralNorm_ConvergesToTheLargestSingularValue_GradCheck_AndErrors()
    {
        var g = new Generator(73);
        var weight = Tensor.Randn([5, 4], DType.Float64, g);
        var u = Tensor.Randn([5], DType.Float64, g);
        var v = Tensor.Randn([4], DType.Float64, g);
        var w = Functional.SpectralNorm(weight, u, v, nPowerIterations: 200);
        double sigma = Linalg.MatrixNorm(w, 2.0).Item<double>();
        Assert.Equal(1.0, sigma, 8);
        // gradient through σ with u, v fixed (training: false), on transposed and sliced weights too
        foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
        {
            var x = Input([5, 4], 74, layout: layout);
            Check(a => Functional.SpectralNorm(a[0], u, v, training: false), x);
        }
        // 1-D weights are just normalised
        var b = Tensor.FromArray(new[] { 3.0, 4.0 });
        Assert.Equal([0.6, 0.8], Functional.SpectralNorm(b, null!, null!).ToArray<double>());
        var ex = Assert.Throws<ArgumentException>(() => Functional.SpectralNorm(weight, Tensor.Zeros([4], DType.Float64), v));
        Assert.Contains("expected u [5] and v [4]", ex.Message);
        Assert.Throws<ArgumentException>(() => Functional.SpectralNorm(weight, u.To(DType.Float32), v));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.SpectralNorm(weight, u, v, nPowerIterations: -1));
        ex = Assert.Throws<ArgumentException>(() => Functional.WeightNorm(weight, Tensor.Ones([4], DType.Float64)));
        Assert.Contains("must have 5 elements", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.WeightNorm(weight, Tensor.Ones([5], DType.Float64), 2));
        Assert.Throws<ArgumentException>(() => Functional.WeightNorm(weight, Tensor.Ones([5])));
    }
}
