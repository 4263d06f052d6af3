using DeepNotes;
using DeepNotes.Optimizers;
using static DeepNotes.Tests.Optimizers.OptimizerTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Optimizers;

/// <summary>
/// ClipByGlobalNorm against torch.nn.utils.clip_grad_norm_ (values printed by reference/optimizer_reference.py) and
/// hand-computed norms; ClipByValue; the non-finite case (gradients left untouched, or an exception).
/// </summary>
public class GradientClippingTests
{
    private static (Tensor A, Tensor B) Grads(DType dtype)
    {
        var a = Parameter([0.0, 0], dtype);
        var b = Parameter([0.0, 0, 0, 0], dtype, new Shape(2, 2));
        a.Grad = Values([3.0, -4], dtype);
        b.Grad = Values([1.0, 2, -2, 0.5], dtype, new Shape(2, 2));
        return (a, b);
    }

    // Pasted from: /usr/bin/python3 tests/DeepNotes.Tests/Optimizers/reference/optimizer_reference.py (max_norm 2)
    public static TheoryData<double, double, double[], double[]> TorchCases => new()
    {
        { 2.0, 5.852349955359813, [1.0252290140776612, -1.366972018770215], [0.34174300469255375, 0.6834860093851075, -0.6834860093851075, 0.17087150234627688] },
        { 1.0, 12.5, [0.4799999616000031, -0.6399999488000041], [0.15999998720000103, 0.31999997440000205, -0.31999997440000205, 0.07999999360000051] },
        { double.PositiveInfinity, 4.0, [1.4999996250000938, -1.999999500000125], [0.49999987500003124, 0.9999997500000625, -0.9999997500000625, 0.24999993750001562] },
        { 3.0, 4.7640397172728965, [1.2594350796049891, -1.679246772806652], [0.419811693201663, 0.839623386403326, -0.839623386403326, 0.2099058466008315] },
    };

    [Theory]
    [MemberData(nameof(TorchCases))]
    public void ClipByGlobalNorm_MatchesPyTorch(double normType, double total, double[] a, double[] b)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var (pa, pb) = Grads(dtype);
            double tol = dtype == DType.Float64 ? 1e-14 : 1e-6;
            Assert.Equal(total, GradientClipping.ClipByGlobalNorm([pa, pb], 2.0, normType), tol);
            AssertClose(a, pa.Grad!.ToArray<double>(), tol, tol);
            AssertClose(b, pb.Grad!.ToArray<double>(), tol, tol);
        }
    }

    [Fact]
    public void ClipByGlobalNorm_HandComputedNorms_AndNoChangeBelowTheLimit()
    {
        var (a, b) = Grads(DType.Float64);
        // √(9 + 16 + 1 + 4 + 4 + 0.25) = √34.25
        Assert.Equal(Math.Sqrt(34.25), GradientClipping.ClipByGlobalNorm([a, b], 100), 14);
        Assert.Equal([3.0, -4], a.Grad!.ToArray<double>());
        Assert.Equal([1.0, 2, -2, 0.5], b.Grad!.ToArray<double>());
        // (27 + 64 + 1 + 8 + 8 + 0.125)^(1/3)
        Assert.Equal(Math.Pow(108.125, 1.0 / 3), GradientClipping.ClipByGlobalNorm([a, b], 100, 3), 14);
    }

    [Fact]
    public void ClipByGlobalNorm_SkipsParametersWithoutGrad_AndReturnsZeroWhenNone()
    {
        var (a, _) = Grads(DType.Float32);
        var none = Parameter([5.0]);
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm([a, none], 1.0), 6);
        Assert.Null(none.Grad);
        AssertClose([0.6, -0.8], a.Grad!.ToArray<double>(), 1e-6);
        Assert.Equal(0.0, GradientClipping.ClipByGlobalNorm([none], 1.0));
    }

    [Fact]
    public void ClipByGlobalNorm_LargeFloat32Gradient_AccumulatesInDouble()
    {
        // 300 001 elements: whole-vector body plus tail; Σ g² ≈ 1.2e40 would overflow a float accumulator (max 3.4e38).
        var values = Enumerable.Range(0, 300_001).Select(i => (i % 7 - 3) * 1e17).ToArray();
        var p = Parameter(new double[values.Length], DType.Float32);
        p.Grad = Values(values, DType.Float32);
        double expected = Math.Sqrt(values.Sum(v => (double)(float)v * (float)v));
        Assert.Equal(1, GradientClipping.ClipByGlobalNorm([p], 1e30) / expected, 10);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ClipByGlobalNorm_NonFinite_LeavesGradientsUntouched_OrThrows(double bad)
    {
        foreach (double normType in new[] { 2.0, 1.0, double.PositiveInfinity, 3.0 })
        {
            var (a, b) = Grads(DType.Float32);
            b.Grad = Values([1.0, bad, -2, 0.5], DType.Float32, new Shape(2, 2));
            double total = GradientClipping.ClipByGlobalNorm([a, b], 1.0, normType);
            Assert.Equal(bad, total);
            Assert.Equal([3.0, -4], a.Grad!.ToArray<double>());
            Assert.Equal([1.0, bad, -2, 0.5], b.Grad!.ToArray<double>());

            var e = Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipByGlobalNorm([a, b], 1.0, normType, errorIfNonfinite: true));
            Assert.Contains($"order {normType}", e.Message);
            Assert.Contains($"is {bad}", e.Message);
            Assert.Equal([3.0, -4], a.Grad!.ToArray<double>());
        }
    }

    [Fact]
    public void ClipByGlobalNorm_NonContiguousGradient()
    {
        var p = Parameter([0.0, 0, 0, 0], shape: new Shape(2, 2));
        var expanded = Tensor.FromArray(new[] { 3.0, 4 }).Reshape(1, 2).Expand(2, 2); // stride-0 view
        p.Grad = expanded;
        Assert.Equal(Math.Sqrt(50), GradientClipping.ClipByGlobalNorm([p], 1.0), 14);
        double c = 1.0 / (Math.Sqrt(50) + 1e-6);
        AssertClose([3 * c, 4 * c, 3 * c, 4 * c], p.Grad!.ToArray<double>(), 1e-15);
    }

    [Fact]
    public void ClipByValue_ClampsInPlace_KeepsNaN_SkipsMissing()
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var p = Parameter([0.0, 0, 0, 0, 0], dtype);
            var none = Parameter([1.0], dtype);
            p.Grad = Values([-3.0, -0.5, 0.25, 2, double.NaN], dtype);
            int version = p.Grad.Storage.Version;
            GradientClipping.ClipByValue([p, none], 1.0);
            Assert.Equal([-1.0, -0.5, 0.25, 1, double.NaN], p.Grad!.ToArray<double>());
            Assert.True(p.Grad.Storage.Version > version);
            Assert.Null(none.Grad);
        }
    }

    [Fact]
    public void BadArguments_Throw()
    {
        var (a, _) = Grads(DType.Float32);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([a], -1)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([a], 1, 0)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([a], 1, double.NaN)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue([a], -0.1)).ParamName);
    }
}
