using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

/// <summary>
/// The 3-D pooling, unpooling, padding and channel-dropout layers beyond the PyTorch values: shapes, ties and NaN,
/// indices, errors, descriptions, FLOPs and (empty) state dicts.
/// </summary>
public class Pooling3DLayerTests
{
    [Fact]
    public void MaxPool3D_TiesGoToTheFirstInScanOrder_AndNaNPropagates()
    {
        // one 2x2x2 window: the maximum 5 appears at flat 1 (d0) and 4 (d1); a NaN in the second channel wins
        var x = Tensor.FromArray(new double[] { 1, 5, 2, 0, 5, 3, 5, 1, 0, 1, double.NaN, 2, 3, 4, 9, 1 }, new Shape(1, 2, 2, 2, 2));
        var (y, indices) = Functional.MaxPool3DWithIndices(x, 2);
        Assert.Equal(new Shape(1, 2, 1, 1, 1), y.Shape);
        Assert.Equal(5, y.ToArray<double>()[0]);
        Assert.True(double.IsNaN(y.ToArray<double>()[1]));
        Assert.Equal(new[] { 1, 2 }, indices.ToArray<int>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float32FastPath2x2x2_AgreesWithTheGeneralKernel_OnTiesNaNAndOddSizes(bool withNaN)
    {
        // integer values in [-3, 3] make many ties; odd D and H leave a slice and a row in no window
        var g = new Generator(withNaN ? 41UL : 40UL);
        double[] v = Enumerable.Range(0, 2 * 3 * 5 * 7 * 8).Select(_ => Math.Round(3 * (2 * g.NextDouble() - 1))).ToArray();
        if (withNaN) for (int i = 5; i < v.Length; i += 37) v[i] = double.NaN;
        Tensor x64 = Tensor.FromArray(v, new Shape(2, 3, 5, 7, 8));
        Tensor x32 = x64.To(DType.Float32);
        x64.RequiresGrad = true;
        x32.RequiresGrad = true;
        var (y64, i64) = Functional.MaxPool3DWithIndices(x64, 2); // Float64 takes the general kernel
        var (y32, i32) = Functional.MaxPool3DWithIndices(x32, 2); // Float32 takes Pool3D2x2x2
        Assert.Equal(i64.ToArray<int>(), i32.ToArray<int>());
        AssertClose(y64.ToArray<double>(), y32.To(DType.Float64).ToArray<double>(), 0);
        Tensor w = CosineWeights(y64);
        y64.Backward(w);
        y32.Backward(w.To(DType.Float32));
        AssertClose(x64.Grad!.ToArray<double>(), x32.Grad!.To(DType.Float64).ToArray<double>(), 1e-6);
        if (withNaN) return;
        x64.Grad = null;
        x32.Grad = null;
        foreach (int? divisor in new int?[] { null, 3 })
        {
            Tensor a64 = Functional.AvgPool3D(x64, 2, divisorOverride: divisor), a32 = Functional.AvgPool3D(x32, 2, divisorOverride: divisor);
            AssertClose(a64.ToArray<double>(), a32.To(DType.Float64).ToArray<double>(), 1e-6);
            a64.Backward(w);
            a32.Backward(w.To(DType.Float32));
            AssertClose(x64.Grad!.ToArray<double>(), x32.Grad!.To(DType.Float64).ToArray<double>(), 1e-6);
        }
    }

    [Fact]
    public void AdaptiveMaxPool3D_IndexIsFlatInTheVolume()
    {
        Tensor x = Tensor.Arange(0, 2 * 3 * 4 * 5, dtype: DType.Float32).Reshape(1, 2, 3, 4, 5);
        var (y, indices) = Functional.AdaptiveMaxPool3DWithIndices(x, 1);
        Assert.Equal(new[] { 59f, 119f }, y.ToArray<float>());
        Assert.Equal(new[] { 59, 59 }, indices.ToArray<int>());
    }

    [Fact]
    public void MaxPool3D_FloatAndDoubleAgreeOnARandomVideo_ThroughEveryWindowKind()
    {
        Tensor x = RandomInput([2, 3, 5, 9, 8], 3);
        foreach (var pool in new Func<Tensor, Tensor>[]
        {
            t => Functional.MaxPool3D(t, 2),
            t => Functional.MaxPool3D(t, (1, 3, 3), (1, 2, 2), (0, 1, 1)),
            t => Functional.AvgPool3D(t, 3, 2, 1, ceilMode: true, countIncludePad: false),
            t => Functional.AdaptiveAvgPool3D(t, (2, 4, 3)),
        })
        {
            double[] expected = pool(x.Detach()).ToArray<double>();
            double[] actual = pool(x.Detach().To(DType.Float32)).To(DType.Float64).ToArray<double>();
            AssertClose(expected, actual, 1e-5);
        }
    }

    [Fact]
    public void ReturnIndices_KeepsTheLastIndices_ForAnUnpoolInASequentialModel()
    {
        var pool = new MaxPool2D(2, returnIndices: true);
        var unpool = new MaxUnpool2D(2);
        Assert.Null(pool.Indices);
        Tensor x = RandomInput([2, 3, 4, 6], 5).Detach();
        Tensor y = new Sequential(pool).Call(x);
        Tensor back = unpool.Call(y, pool.Indices!);
        // every unpooled element is 0 or the maximum of its window, which is where it came from
        double[] b = back.ToArray<double>(), xs = x.ToArray<double>();
        Assert.Equal(x.Shape, back.Shape);
        Assert.Equal(y.ElementCount, b.Count(v => v != 0));
        for (int i = 0; i < b.Length; i++) Assert.True(b[i] == 0 || b[i] == xs[i]);
        Assert.Null(new MaxPool2D(2).Indices);
        Assert.Contains("return indices", pool.Describe());
        Assert.DoesNotContain("return indices", new MaxPool3D(2).Describe());
    }

    [Fact]
    public void MaxUnpool2D_WithOverlappingWindows_TheLaterValueWinsAndTheGradientIsGathered()
    {
        var values = Tensor.FromArray(new double[] { 1, 2, 3 }, new Shape(1, 1, 1, 3));
        values.RequiresGrad = true;
        var indices = Tensor.FromArray(new[] { 2, 2, 0 }, new Shape(1, 1, 1, 3));
        Tensor y = Functional.MaxUnpool2D(values, indices, (1, 2), 1, outputSize: [1, 4]);
        Assert.Equal(new double[] { 3, 0, 2, 0 }, y.ToArray<double>());
        y.Backward(Tensor.FromArray(new double[] { 10, 20, 30, 40 }, y.Shape));
        Assert.Equal(new double[] { 30, 30, 10 }, values.Grad!.ToArray<double>());
    }

    [Fact]
    public void MaxUnpool_BadInputs_ThrowNamingTheProblem()
    {
        Tensor y = Tensor.Zeros([1, 2, 2, 3]);
        Tensor i = Tensor.Zeros([1, 2, 2, 3], DType.Int32);
        Assert.Contains("indices must be Int32", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y, y, 2)).Message);
        Assert.Contains("indices must have the input's shape [1, 2, 2, 3], got [1, 2, 6]",
            Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y, i.Reshape(1, 2, 6), 2)).Message);
        Assert.Contains("expects input [N, C, H, W] or [C, H, W]", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y.Reshape(12), i.Reshape(12), 2)).Message);
        Assert.Contains("expects input [N, C, D, H, W] or [C, D, H, W]", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool3D(y.Reshape(12), i.Reshape(12), 2)).Message);
        Assert.Contains("expects a floating-point tensor", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(i, i, 2)).Message);
        // the default output plane is 4x6 = 24 elements, so 24 is the first index outside it
        Tensor bad = Tensor.Full([1, 2, 2, 3], 24, DType.Int32);
        var e = Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y, bad, 2));
        Assert.Contains("invalid max index 24", e.Message);
        Assert.Contains("[0, 24)", e.Message);
        Assert.Contains("invalid max index -1", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool1D(y[0], Tensor.Full([2, 2, 3], -1, DType.Int32), 2)).Message);
        // the output size must lie strictly between default -/+ stride: 4x6 default, stride 2 -> (2, 6) and (4, 8)
        Assert.Equal(new Shape(1, 2, 5, 7), Functional.MaxUnpool2D(y, i, 2, outputSize: [5, 7]).Shape);
        Assert.Equal(new Shape(1, 2, 3, 5), Functional.MaxUnpool2D(y, i, 2, outputSize: [1, 2, 3, 5]).Shape);
        Assert.Contains("dimension 0 must be between 2 and 6", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y, i, 2, outputSize: [6, 6])).Message);
        Assert.Contains("should list 2 or 4 sizes, got 3", Assert.Throws<ArgumentException>(() => Functional.MaxUnpool2D(y, i, 2, outputSize: [1, 4, 6])).Message);
        Assert.Contains("kernel size must be positive", Assert.Throws<ArgumentException>(() => new MaxUnpool3D((1, 0, 2))).Message);
        Assert.Contains("stride must be positive", Assert.Throws<ArgumentException>(() => new MaxUnpool1D(2, 0)).Message);
    }

    [Fact]
    public void Pooling3D_BadSettingsAndInputs_Throw()
    {
        Assert.Contains("kernel size must be positive, got 2x0x2", Assert.Throws<ArgumentException>(() => new MaxPool3D((2, 0, 2))).Message);
        Assert.Contains("stride must be positive", Assert.Throws<ArgumentException>(() => new AvgPool3D(2, 0)).Message);
        Assert.Contains("padding should be at most half of the kernel size, got padding 1x2x1 for kernel 3x3x3",
            Assert.Throws<ArgumentException>(() => new MaxPool3D(3, 1, (1, 2, 1))).Message);
        Assert.Contains("dilation must be positive", Assert.Throws<ArgumentException>(() => new MaxPool3D(2, dilation: 0)).Message);
        Assert.Contains("divisor override must not be zero", Assert.Throws<ArgumentException>(() => new AvgPool3D(2, divisorOverride: 0)).Message);
        Assert.Contains("divisor override must not be zero", Assert.Throws<ArgumentException>(() => Functional.AvgPool3D(Tensor.Zeros([1, 1, 2, 2, 2]), 2, divisorOverride: 0)).Message);
        Assert.Contains("output size must be positive, got 0xHx2", Assert.Throws<ArgumentException>(() => new AdaptiveMaxPool3D(0, null, 2)).Message);
        var e = Assert.Throws<ArgumentException>(() => new MaxPool3D(3).Call(Tensor.Zeros([1, 2, 4, 2, 4])));
        Assert.Equal("MaxPool3D(kernel 3x3x3, stride 3x3x3, padding 0) expects input [N, C, D, H, W] or [C, D, H, W] with D, H, W >= 3, got [1, 2, 4, 2, 4]", e.Message);
        Assert.Contains("expects input [N, C, D, H, W] or [C, D, H, W]", Assert.Throws<ArgumentException>(() => new AvgPool3D(2).Call(Tensor.Zeros([2, 4, 4]))).Message);
        Assert.Contains("AdaptiveAvgPool3D(output 2x2x2) expects input", Assert.Throws<ArgumentException>(() => new AdaptiveAvgPool3D(2).Call(Tensor.Zeros([1, 2, 0, 3, 3]))).Message);
        Assert.Contains("expects a floating-point tensor", Assert.Throws<ArgumentException>(() => new MaxPool3D(2).Call(Tensor.Zeros([1, 1, 2, 2, 2], DType.Int32))).Message);
    }

    [Fact]
    public void Pooling3D_EmptyBatch_GivesAnEmptyOutput()
    {
        Tensor x = Tensor.Zeros([0, 3, 4, 4, 4]);
        Assert.Equal(new Shape(0, 3, 2, 2, 2), Functional.MaxPool3D(x, 2).Shape);
        Assert.Equal(new Shape(0, 3, 2, 2, 2), Functional.AvgPool3D(x, 2).Shape);
        Assert.Equal(new Shape(0, 3, 1, 2, 1), Functional.AdaptiveAvgPool3D(x, (1, 2, 1)).Shape);
    }

    [Fact]
    public void Describe_ShowsTheSettings()
    {
        Assert.Equal("MaxPool3D(kernel 2x2x2, stride 2x2x2, padding 0)", new MaxPool3D(2).Describe());
        Assert.Equal("MaxPool3D(kernel 1x3x3, stride 1x2x2, padding 0x1x1, dilation 1x2x2, ceil mode, return indices)",
            new MaxPool3D((1, 3, 3), (1, 2, 2), (0, 1, 1), (1, 2, 2), true, true).Describe());
        Assert.Equal("AvgPool3D(kernel 3x3x3, stride 2x2x2, padding 1, excluding padding, divisor 4)",
            new AvgPool3D(3, 2, 1, countIncludePad: false, divisorOverride: 4).Describe());
        Assert.Equal("AdaptiveAvgPool3D(output Dx7x7)", new AdaptiveAvgPool3D(null, 7, 7).Describe());
        Assert.Equal("AdaptiveMaxPool3D(output 1x1x1)", new AdaptiveMaxPool3D(1).Describe());
        Assert.Equal("MaxUnpool2D(kernel 2x2, stride 2x2, padding 0)", new MaxUnpool2D(2).Describe());
        Assert.Equal("MaxUnpool1D(kernel 3, stride 2, padding 1)", new MaxUnpool1D(3, 2, 1).Describe());
        Assert.Equal("MaxUnpool3D(kernel 1x2x2, stride 1x2x2, padding 0)", new MaxUnpool3D((1, 2, 2)).Describe());
        Assert.Equal("ReflectionPad2D(padding: (1, 2, 3, 0))", new ReflectionPad2D((1, 2, 3, 0)).Describe());
        Assert.Equal("ConstantPad1D(padding: (2, 2), value: 1.5)", new ConstantPad1D(2, 1.5).Describe());
        Assert.Equal("ZeroPad3D(padding: (1, 1, 1, 1, 1, 1))", new ZeroPad3D(1).Describe());
        Assert.Equal("Dropout3D(p: 0.25)", new Dropout3D(0.25).Describe());
    }

    [Fact]
    public void Summary_CountsWindowWorkForPoolsAndNothingForCopies()
    {
        var model = new Sequential(new ReplicationPad3D(1), new MaxPool3D(2), new AvgPool3D((1, 2, 2)), new AdaptiveAvgPool3D(1),
            new AdaptiveMaxPool3D(1), new Dropout3D());
        var summary = model.Summary([2, 3, 6, 6, 6]);
        long[] flops = summary.Layers.Select(l => l.Flops).ToArray();
        // pad [2,3,8,8,8]; max 2^3 window over [2,3,4,4,4]; avg 1x2x2 over [2,3,4,2,2]; adaptive: one per input element
        Assert.Equal(new long[] { 0, 2 * 3 * 64 * 8, 2 * 3 * 16 * 4, 2 * 3 * 16, 2 * 3, 0 }, flops);
        Assert.Equal(new Shape(2, 3, 1, 1, 1), summary.Layers[^1].OutputShapes.Single());
        Assert.Equal(0, summary.TotalParameters);
    }

    [Fact]
    public void ParameterFreeLayers_HaveEmptyStateDicts()
    {
        foreach (Module m in new Module[] { new MaxPool3D(2), new AvgPool3D(2), new AdaptiveAvgPool3D(1), new AdaptiveMaxPool3D(1),
                     new MaxUnpool1D(2), new MaxUnpool2D(2), new MaxUnpool3D(2), new ZeroPad2D(1), new CircularPad3D(1), new Dropout1D(), new Dropout3D() })
            Assert.Empty(m.StateDict());
    }

    [Fact]
    public void PaddingLayers_CheckRankAndAmounts()
    {
        Assert.Equal(new Shape(2, 7), new ReflectionPad1D((1, 2)).Call(Tensor.Zeros([2, 4])).Shape);
        Assert.Equal(new Shape(5, 6, 7), new ZeroPad2D((1, 2, 3, 0)).Call(Tensor.Zeros([5, 3, 4])).Shape);
        Assert.Equal(new Shape(6, 7), new ZeroPad2D((1, 2, 3, 0)).Call(Tensor.Zeros([3, 4])).Shape); // F.pad: any rank >= 2
        var e = Assert.Throws<ArgumentException>(() => new ReflectionPad2D(1).Call(Tensor.Zeros([3, 4])));
        Assert.Equal("ReflectionPad2D(padding: (1, 1, 1, 1)) expects input [N, C, H, W] or [C, H, W], got [3, 4]. (Parameter 'input')", e.Message);
        Assert.Contains("expects input [N, C, D, H, W] or [C, D, H, W]", Assert.Throws<ArgumentException>(() => new CircularPad3D(1).Call(Tensor.Zeros([1, 1, 1, 2, 2, 2]))).Message);
        Assert.Contains("at least 3 dimensions", Assert.Throws<ArgumentException>(() => new ConstantPad3D(1, 0).Call(Tensor.Zeros([2, 2]))).Message);
        Assert.Contains("reflect padding must be smaller than the input dimension", Assert.Throws<ArgumentException>(() => new ReflectionPad1D(3).Call(Tensor.Zeros([1, 2, 3]))).Message);
        Assert.Contains("would wrap around more than once", Assert.Throws<ArgumentException>(() => new CircularPad1D(4).Call(Tensor.Zeros([1, 2, 3]))).Message);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, new ReplicationPad3D((1, 2, 3, 4, 5, 6)).Padding);
        Assert.Equal(PaddingMode.Circular, new CircularPad2D(1).Mode);
        Assert.Equal(2.5, new ConstantPad2D(1, 2.5).Value);
    }

    [Fact]
    public void ChannelDropout_ZeroesWholeChannels_ScalesTheRest_AndIsIdentityInEval()
    {
        Tensor x = Tensor.Ones([4, 8, 2, 3, 5]);
        Tensor y = Functional.Dropout3D(x, 0.5, generator: new Generator(9));
        double[] v = y.ToArray<float>().Select(f => (double)f).ToArray();
        int kept = 0;
        for (int c = 0; c < 32; c++)
        {
            var plane = v.Skip(c * 30).Take(30).Distinct().ToArray();
            Assert.Single(plane);
            Assert.True(plane[0] is 0 or 2);
            if (plane[0] == 2) kept++;
        }
        Assert.InRange(kept, 8, 24);
        Assert.Equal(y.ToArray<float>(), Functional.Dropout3D(x, 0.5, generator: new Generator(9)).ToArray<float>());
        var layer = new Dropout1D(0.3);
        layer.Eval();
        Tensor s = Tensor.Ones([2, 3, 4]);
        Assert.Same(s, layer.Call(s));
        Assert.Equal(new float[12], Functional.Dropout1D(Tensor.Ones([3, 4]), 1.0).ToArray<float>());
        Assert.Contains("Dropout1D expects input [N, C, L] or [C, L], got [2, 3, 4, 5]",
            Assert.Throws<ArgumentException>(() => Functional.Dropout1D(Tensor.Ones([2, 3, 4, 5]))).Message);
        Assert.Contains("Dropout3D expects input [N, C, D, H, W] or [C, D, H, W], got [2, 3, 4]",
            Assert.Throws<ArgumentException>(() => new Dropout3D().Call(Tensor.Ones([2, 3, 4]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout1D(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout3D(x, -0.1));
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        Tensor x = RandomInput([4, 16, 6, 14, 14], 21).Detach().To(DType.Float32);
        int threads = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = (Functional.MaxPool3DWithIndices(x, 2), Functional.AvgPool3D(x, 3, 2, 1));
            Parallelism.ThreadCount = 2;
            var two = (Functional.MaxPool3DWithIndices(x, 2), Functional.AvgPool3D(x, 3, 2, 1));
            Assert.Equal(one.Item1.Output.ToArray<float>(), two.Item1.Output.ToArray<float>());
            Assert.Equal(one.Item1.Indices.ToArray<int>(), two.Item1.Indices.ToArray<int>());
            Assert.Equal(one.Item2.ToArray<float>(), two.Item2.ToArray<float>());
        }
        finally
        {
            Parallelism.ThreadCount = threads;
        }
    }
}
