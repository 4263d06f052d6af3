using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

public class AvgPool2DTests
{
    [Theory]
    [InlineData(2, 2, 0, false, true, 0)]
    [InlineData(3, 2, 1, false, true, 0)]
    [InlineData(3, 2, 1, false, false, 0)]
    [InlineData(3, 2, 1, true, true, 0)]
    [InlineData(3, 2, 1, true, false, 0)]
    [InlineData(4, 3, 2, true, true, 0)]
    [InlineData(2, 3, 1, true, true, 0)]
    [InlineData(3, 1, 1, false, true, 7)]
    public void Forward_MatchesNaiveLoops(int k, int s, int p, bool ceil, bool includePad, int divisor)
    {
        foreach (int[] shape in new[] { new[] { 2, 3, 7, 8 }, [1, 2, 6, 5], [2, 9, 11] })
        {
            Tensor x = RandomInput(shape, 3).Detach();
            int planes = shape[..^2].Aggregate(1, (a, b) => a * b);
            double[] expected = NaiveAvgPool(x.ToArray<double>(), planes, shape[^2], shape[^1], k, k, s, s, p, p, ceil, includePad,
                divisor == 0 ? null : divisor);
            Tensor y = Functional.AvgPool2D(x, k, s, p, ceil, includePad, divisor == 0 ? null : divisor);
            Assert.Equal(OutputSize(shape[^1], k, s, p, 1, ceil), y.Shape[-1]);
            AssertClose(expected, y.ToArray<double>(), 1e-12);
            AssertClose(expected, Functional.AvgPool2D(x.To(DType.Float32), k, s, p, ceil, includePad, divisor == 0 ? null : divisor)
                .To(DType.Float64).ToArray<double>(), 1e-5);
        }
    }

    [Fact]
    public void CountIncludePad_ByHand()
    {
        // 2x2 of ones, kernel 3, padding 1, stride 1: every window holds 4 ones among 9 (or 4 real) places
        Tensor x = Tensor.Ones([1, 1, 2, 2], DType.Float64);
        Assert.All(Functional.AvgPool2D(x, 3, 1, 1).ToArray<double>(), v => Assert.Equal(4.0 / 9, v, 15));
        Assert.All(Functional.AvgPool2D(x, 3, 1, 1, countIncludePad: false).ToArray<double>(), v => Assert.Equal(1.0, v, 15));
        // ceil mode: a 3x3 input, kernel 2: the last window covers one real row/column and is clipped, divisor 2 or 1
        Tensor y = Functional.AvgPool2D(Tensor.Ones([1, 1, 3, 3], DType.Float64), 2, ceilMode: true);
        Assert.Equal([1.0, 1, 1, 1], y.ToArray<double>());
    }

    [Fact]
    public void GlobalAverage_IsThePlaneMean_AndFlattensToFeatures()
    {
        Tensor x = RandomInput([3, 4, 5, 6], 1).Detach();
        Tensor y = new GlobalAvgPool2D().Forward(x);
        Assert.Equal([3, 4, 1, 1], y.Shape.ToArray());
        AssertClose(x.Mean([2, 3]).ToArray<double>(), y.ToArray<double>(), 1e-14);
        Assert.Equal([3, 4], new Flatten().Forward(y).Shape.ToArray());
        Assert.Equal([4, 1, 1], Functional.GlobalAvgPool2D(x[0]).Shape.ToArray());
    }

    [Fact]
    public void Adaptive_WindowsFollowPyTorchsFloorAndCeil()
    {
        // 1 x 5 -> 1 x 3: windows [0, 2), [1, 4), [3, 5)
        Tensor x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5 }, new Shape(1, 1, 1, 5));
        Assert.Equal([1.5, 3, 4.5], Functional.AdaptiveAvgPool2D(x, (1, 3)).ToArray<double>());
        Assert.Equal([2.0, 4, 5], Functional.AdaptiveMaxPool2D(x, (1, 3)).ToArray<double>());
        Assert.Equal([1, 3, 4], Functional.AdaptiveMaxPool2DWithIndices(x, (1, 3)).Indices.ToArray<int>());
        // divisible sizes: adaptive = plain pooling with kernel = stride = In / Out
        Tensor r = RandomInput([2, 3, 8, 6], 4).Detach();
        AssertClose(Functional.AvgPool2D(r, (4, 2)).ToArray<double>(), Functional.AdaptiveAvgPool2D(r, (2, 3)).ToArray<double>(), 1e-14);
        AssertClose(Functional.MaxPool2D(r, (4, 2)).ToArray<double>(), Functional.AdaptiveMaxPool2D(r, (2, 3)).ToArray<double>(), 0);
    }

    [Fact]
    public void LPPool_PowerOne_IsSumPooling_LargePower_ApproachesMax()
    {
        Tensor x = (RandomInput([1, 2, 4, 6], 6).Detach().Abs() + 0.1);
        AssertClose(Functional.AvgPool2D(x, 2).Multiply(Tensor.Scalar(4.0, DType.Float64)).ToArray<double>(),
            Functional.LPPool2D(x, 1, 2).ToArray<double>(), 1e-13);
        AssertClose(Functional.MaxPool2D(x, 2).ToArray<double>(), Functional.LPPool2D(x, 200, 2).ToArray<double>(), 0.02);
        // p = 2: the Euclidean norm of each window
        double[] v = x.ToArray<double>();
        double expected = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[6] * v[6] + v[7] * v[7]);
        Assert.Equal(expected, Functional.LPPool2D(x, 2, 2).ToArray<double>()[0], 13);
    }

    [Fact]
    public void LPPool_GradientAtAnAllZeroWindow_IsZero_AsInPyTorch()
    {
        // torch.nn.functional.lp_pool2d(torch.zeros(1, 1, 2, 2), p, 2).sum().backward() gives zeros for p = 2 and p = 1:
        // the infinite slope of the root is masked by relu's backward
        foreach (double p in new[] { 2.0, 1.0 })
        {
            Tensor x = Tensor.Zeros([1, 1, 2, 2], DType.Float64);
            x.RequiresGrad = true;
            Tensor y = Functional.LPPool2D(x, p, 2);
            Assert.Equal(0.0, y.Item());
            y.Sum().Backward();
            Assert.Equal([0.0, 0, 0, 0], x.Grad!.ToArray<double>());
        }
    }

    [Fact]
    public void BadInputs_ThrowNamingSettingsAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new AvgPool2D(3, 2, 1, countIncludePad: false).Forward(Tensor.Zeros([2, 3, 0, 4])));
        Assert.Equal("AvgPool2D(kernel 3x3, stride 2x2, padding 1, excluding padding) expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got [2, 3, 0, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AvgPool1D(4).Forward(Tensor.Zeros([2, 3, 3])));
        Assert.Equal("AvgPool1D(kernel 4, stride 4, padding 0) expects input [N, C, L] or [C, L] with L >= 4, got [2, 3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPool1D(3).Forward(Tensor.Zeros([2, 3, 4, 5])));
        Assert.Equal("MaxPool1D(kernel 3, stride 3, padding 0) expects input [N, C, L] or [C, L] with L >= 3, got [2, 3, 4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new AdaptiveAvgPool2D(2).Forward(Tensor.Zeros([5, 5])));
        Assert.Equal("AdaptiveAvgPool2D(output 2x2) expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got [5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GlobalAvgPool2D().Forward(Tensor.Zeros([5])));
        Assert.Equal("GlobalAvgPool2D() expects input [N, C, H, W] or [C, H, W] with H, W >= 1, got [5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new LPPool2D(2, 3).Forward(Tensor.Zeros([1, 1, 2, 5])));
        Assert.Equal("LPPool2D(kernel 3x3, stride 3x3, padding 0, p 2) expects input [N, C, H, W] or [C, H, W] with H, W >= 3, got [1, 1, 2, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => new AvgPool2D(2, padding: 2));
        Assert.Throws<ArgumentException>(() => new AvgPool2D(2, divisorOverride: 0));
        Assert.Throws<ArgumentException>(() => new AdaptiveMaxPool2D(0));
        Assert.Throws<ArgumentException>(() => new LPPool2D(0, 2));
        Assert.Throws<ArgumentException>(() => new LPPool2D(double.PositiveInfinity, 2));
    }

    [Fact]
    public void Describe_ShowsTheSettings()
    {
        Assert.Equal("AvgPool2D(kernel 3x3, stride 2x2, padding 1, ceil mode, excluding padding, divisor 5)",
            new AvgPool2D(3, 2, 1, true, false, 5).Describe());
        Assert.Equal("AvgPool1D(kernel 3, stride 1, padding 1)", new AvgPool1D(3, 1, 1).Describe());
        Assert.Equal("MaxPool1D(kernel 2, stride 2, padding 0, dilation 2)", new MaxPool1D(2, dilation: 2).Describe());
        Assert.Equal("LPPool2D(kernel 2x2, stride 2x2, padding 0, p 1.5)", new LPPool2D(1.5, 2).Describe());
        Assert.Equal("AdaptiveAvgPool2D(output 3x4)", new AdaptiveAvgPool2D((3, 4)).Describe());
        Assert.Equal("AdaptiveMaxPool2D(output 2x2)", new AdaptiveMaxPool2D(2).Describe());
        Assert.Equal("GlobalAvgPool2D()", new GlobalAvgPool2D().Describe());
    }
}
