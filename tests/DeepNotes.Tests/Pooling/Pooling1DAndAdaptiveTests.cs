using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

/// <summary>
/// LPPool1D, AdaptiveAvgPool1D / AdaptiveMaxPool1D and adaptive 2-D pooling with a kept (null) dimension: hand-computed
/// values, indices, equivalence with the 2-D forms, settings, messages. PyTorch values and GradChecks are in
/// <see cref="PoolingTorchReferenceTests"/> and <see cref="PoolingGradCheckTests"/>.
/// </summary>
public class Pooling1DAndAdaptiveTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Adaptive1D_WindowsFollowFloorAndCeil_ByHand(DType dtype)
    {
        // L = 5 -> 3: windows [0, 2), [1, 4), [3, 5); L = 2 -> 3: [0, 1), [0, 2), [1, 2)
        Tensor x = Tensor.FromArray(new double[] { 1, 4, 3, 2, 5, /* second row */ 2, -1 }, [7]).To(dtype);
        Tensor a = x.Narrow(0, 0, 5).Reshape([1, 1, 5]), b = x.Narrow(0, 5, 2).Reshape([1, 2]);
        Assert.Equal([2.5, 3, 3.5], Functional.AdaptiveAvgPool1D(a, 3).To(DType.Float64).ToArray<double>());
        Assert.Equal([4.0, 4, 5], Functional.AdaptiveMaxPool1D(a, 3).To(DType.Float64).ToArray<double>());
        Assert.Equal([1, 1, 4], Functional.AdaptiveMaxPool1DWithIndices(a, 3).Indices.ToArray<int>());
        Assert.Equal([2.0, 0.5, -1], new AdaptiveAvgPool1D(3).Call(b).To(DType.Float64).ToArray<double>());
        Assert.Equal([2.0, 2, -1], new AdaptiveMaxPool1D(3).Call(b).To(DType.Float64).ToArray<double>());
        Assert.Equal(new Shape(1, 3), new AdaptiveMaxPool1D(3).Call(b).Shape);
        Assert.Equal(dtype, new AdaptiveAvgPool1D(3).Call(b).DType);
    }

    [Fact]
    public void AdaptiveMax1D_Indices_MatchPyTorch()
    {
        // pooling_reference.py: adaptive_max1d_7_to_3 indices (F.adaptive_max_pool1d(..., return_indices=True))
        var (_, indices) = Functional.AdaptiveMaxPool1DWithIndices(SineInput([2, 2, 7], requiresGrad: false), 3);
        Assert.Equal([1, 2, 6, 0, 4, 4, 2, 2, 6, 0, 4, 4], indices.ToArray<int>());
        Assert.Equal(new Shape(2, 2, 3), indices.Shape);
    }

    [Fact]
    public void Adaptive1D_EqualsAdaptive2D_OverOneRow()
    {
        Tensor x = RandomInput([2, 3, 11], 31).Detach();
        Tensor x4 = x.Unsqueeze(2);
        AssertClose(Functional.AdaptiveAvgPool2D(x4, (1, 4)).ToArray<double>(), Functional.AdaptiveAvgPool1D(x, 4).ToArray<double>(), 0);
        AssertClose(Functional.AdaptiveMaxPool2D(x4, (1, 4)).ToArray<double>(), Functional.AdaptiveMaxPool1D(x, 4).ToArray<double>(), 0);
    }

    [Fact]
    public void Adaptive2D_NullDimension_KeepsTheInputSize()
    {
        // [1, 1, 2, 5] -> (null, 3): each row pooled over windows [0, 2), [1, 4), [3, 5) of its 5 columns
        Tensor x = Tensor.FromArray(new double[] { 1, 4, 3, 2, 5, 0, -2, 6, 8, 1 }, [1, 1, 2, 5]);
        Tensor y = Functional.AdaptiveAvgPool2D(x, null, 3);
        Assert.Equal(new Shape(1, 1, 2, 3), y.Shape);
        Assert.Equal([2.5, 3, 3.5, -1, 4, 4.5], y.ToArray<double>());
        Tensor m = new AdaptiveMaxPool2D(null, 3).Call(x);
        Assert.Equal([4.0, 4, 5, 0, 8, 8], m.ToArray<double>());
        Assert.Equal([1, 1, 4, 5, 8, 8], Functional.AdaptiveMaxPool2DWithIndices(x, null, 3).Indices.ToArray<int>());
        // (1, null): the column means; (null, null): the identity
        Assert.Equal([0.5, 1, 4.5, 5, 3], new AdaptiveAvgPool2D(1, null).Call(x).ToArray<double>());
        Assert.Equal(x.ToArray<double>(), Functional.AdaptiveMaxPool2D(x, null, null).ToArray<double>());
        Assert.Equal(new Shape(1, 1, 2, 5), new AdaptiveAvgPool2D(null, null).Call(x).Shape);
        // a given size in both dimensions is the Size2D form
        Tensor r = RandomInput([2, 3, 7, 5], 32).Detach();
        Assert.Equal(Functional.AdaptiveAvgPool2D(r, (3, 2)).ToArray<double>(), new AdaptiveAvgPool2D(3, 2).Call(r).ToArray<double>());
        Assert.Equal(Functional.AdaptiveAvgPool2D(r, (7, 2)).ToArray<double>(), new AdaptiveAvgPool2D(null, 2).Call(r).ToArray<double>());
        Assert.Equal(Functional.AdaptiveMaxPool2D(r, (3, 5)).ToArray<double>(), new AdaptiveMaxPool2D(3, null).Call(r).ToArray<double>());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void LPPool1D_Powers_ByHand(DType dtype)
    {
        // windows of 3, stride 2 over [1, 2, 2, 4, 4, 2, 1]: {1, 2, 2}, {2, 4, 4}, {4, 2, 1}
        Tensor x = Tensor.FromArray(new double[] { 1, 2, 2, 4, 4, 2, 1 }, [1, 7]).To(dtype);
        Assert.Equal([3.0, 6, Math.Sqrt(21)], new LPPool1D(2, 3, 2).Call(x).To(DType.Float64).ToArray<double>(), new Tolerance(dtype));
        Assert.Equal([5.0, 10, 7], Functional.LPPool1D(x, 1, 3, 2).To(DType.Float64).ToArray<double>(), new Tolerance(dtype));
        double p = 1.5;
        double[] expected = [W(1, 2, 2), W(2, 4, 4), W(4, 2, 1)];
        Assert.Equal(expected, Functional.LPPool1D(x, p, 3, 2).To(DType.Float64).ToArray<double>(), new Tolerance(dtype));
        // ceil mode over L = 8 adds a last window {1, 3} cut by the edge: PyTorch averages it over its 2 elements and
        // scales by the kernel size 3 (torch: F.lp_pool1d(x, 1, 3, 2, ceil_mode=True) = [5, 10, 7, 6])
        Tensor x8 = Tensor.Concat([x, Tensor.Full([1, 1], 3, dtype)], 1);
        Assert.Equal([5.0, 10, 7, 6], Functional.LPPool1D(x8, 1, 3, 2, ceilMode: true).To(DType.Float64).ToArray<double>(), new Tolerance(dtype));
        Assert.Equal([3.0, 6, Math.Sqrt(21), Math.Sqrt(10 / 2.0 * 3)],
            Functional.LPPool1D(x8, 2, 3, 2, ceilMode: true).To(DType.Float64).ToArray<double>(), new Tolerance(dtype));

        double W(double a, double b, double c) => Math.Pow(Math.Pow(a, p) + Math.Pow(b, p) + Math.Pow(c, p), 1 / p);
    }

    [Fact]
    public void LPPool1D_EqualsLPPool2D_OverOneRow()
    {
        Tensor x = RandomInput([2, 3, 10], 33).Detach().Abs();
        AssertClose(Functional.LPPool2D(x.Unsqueeze(2), 1.5, (1, 3), (1, 2)).ToArray<double>(),
            Functional.LPPool1D(x, 1.5, 3, 2).ToArray<double>(), 1e-15);
    }

    [Fact]
    public void BadInputs_ThrowNamingSettingsAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new LPPool1D(2, 3).Forward(Tensor.Zeros([2, 3, 2])));
        Assert.Equal("LPPool1D(kernel 3, stride 3, padding 0, p 2) expects input [N, C, L] or [C, L] with L >= 3, got [2, 3, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.LPPool1D(Tensor.Zeros([1, 2, 3, 4]), 1.5, 2, 1));
        Assert.Equal("LPPool1D(kernel 2, stride 1, padding 0, p 1.5) expects input [N, C, L] or [C, L] with L >= 2, got [1, 2, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AdaptiveAvgPool1D(3).Forward(Tensor.Zeros([5])));
        Assert.Equal("AdaptiveAvgPool1D(output 3) expects input [N, C, L] or [C, L] with L >= 1, got [5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AdaptiveMaxPool1D(2).Forward(Tensor.Zeros([2, 3, 0])));
        Assert.Equal("AdaptiveMaxPool1D(output 2) expects input [N, C, L] or [C, L] with L >= 1, got [2, 3, 0]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AdaptiveMaxPool1D(Tensor.Zeros([1, 2, 3, 4]), 2));
        Assert.Equal("AdaptiveMaxPool1D(output 2) expects input [N, C, L] or [C, L] with L >= 1, got [1, 2, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AdaptiveAvgPool2D(null, 7).Forward(Tensor.Zeros([4, 5])));
        Assert.Equal("AdaptiveAvgPool2D(output Hx7) expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got [4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AdaptiveMaxPool2D(Tensor.Zeros([1, 2, 0, 3]), 2, null));
        Assert.Equal("AdaptiveMaxPool2D(output 2xW) expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got [1, 2, 0, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AdaptiveAvgPool1D(Tensor.Zeros([2, 3], DType.Int32), 2));
        Assert.Contains("AdaptiveAvgPool1D", e.Message);
        Assert.Contains("Int32", e.Message);

        e = Assert.Throws<ArgumentException>(() => new AdaptiveAvgPool1D(0));
        Assert.Equal("AdaptiveAvgPool1D: output size must be positive, got 0.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AdaptiveMaxPool2D(null, -1));
        Assert.Equal("AdaptiveMaxPool2D: output size must be positive, got Hx-1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.AdaptiveAvgPool2D(Tensor.Zeros([1, 1, 2, 2]), 0, null));
        Assert.Equal("AdaptiveAvgPool2D: output size must be positive, got 0xW.", e.Message);
        Assert.Throws<ArgumentException>(() => new AdaptiveMaxPool1D(-2));
        e = Assert.Throws<ArgumentException>(() => new LPPool1D(0, 2));
        Assert.StartsWith("LPPool1D: norm type p must be positive and finite, got 0.", e.Message);
        Assert.Throws<ArgumentException>(() => new LPPool1D(double.NaN, 2));
        Assert.Throws<ArgumentException>(() => new LPPool1D(2, 0));
        Assert.Throws<ArgumentException>(() => new LPPool1D(2, 2, stride: 0));
    }

    [Fact]
    public void SettingsAndDescribe()
    {
        var lp = new LPPool1D(1.5, 3, 2, ceilMode: true);
        Assert.Equal((1.5, 3, 2, true), (lp.NormType, lp.KernelSize, lp.Stride, lp.CeilMode));
        Assert.Equal("LPPool1D(kernel 3, stride 2, padding 0, ceil mode, p 1.5)", lp.Describe());
        Assert.Equal("LPPool1D(kernel 2, stride 2, padding 0, p 2)", new LPPool1D(2, 2).Describe());
        Assert.Equal(5, new AdaptiveAvgPool1D(5).OutputSize);
        Assert.Equal("AdaptiveAvgPool1D(output 5)", new AdaptiveAvgPool1D(5).Describe());
        Assert.Equal("AdaptiveMaxPool1D(output 1)", new AdaptiveMaxPool1D(1).Describe());
        Assert.Equal("AdaptiveAvgPool2D(output Hx7)", new AdaptiveAvgPool2D(null, 7).Describe());
        Assert.Equal("AdaptiveMaxPool2D(output 3xW)", new AdaptiveMaxPool2D(3, null).Describe());
        Assert.Equal("AdaptiveMaxPool2D(output HxW)", new AdaptiveMaxPool2D(null, null).Describe());
        Assert.Equal("AdaptiveAvgPool2D(output 3x7)", new AdaptiveAvgPool2D(3, 7).Describe());
        Assert.Equal("AdaptiveAvgPool1D(output 5)", new AdaptiveAvgPool1D(5).ToString());

        var kept = new AdaptiveAvgPool2D(null, 7);
        Assert.Equal((null, 7), (kept.OutputHeight, kept.OutputWidth));
        Assert.Null(kept.OutputSize);
        var full = new AdaptiveMaxPool2D((3, 4));
        Assert.Equal((3, 4), (full.OutputHeight, full.OutputWidth));
        Assert.Equal(new Size2D(3, 4), full.OutputSize);
        foreach (Module m in new Module[] { lp, kept, full, new AdaptiveAvgPool1D(2), new AdaptiveMaxPool1D(2) })
        {
            Assert.Empty(m.Parameters());
            Assert.Equal(0, m.EstimateForwardFlops(null, null));
        }
    }
}

/// <summary>Equality within the precision of <see cref="DType"/> (relative 1e-6 for Float32, 1e-13 for Float64).</summary>
internal sealed class Tolerance(DType dtype) : IEqualityComparer<double>
{
    private readonly double _tol = dtype == DType.Float32 ? 1e-6 : 1e-13;

    public bool Equals(double x, double y) => Math.Abs(x - y) <= _tol * Math.Max(1, Math.Abs(x));

    public int GetHashCode(double obj) => 0;
}
