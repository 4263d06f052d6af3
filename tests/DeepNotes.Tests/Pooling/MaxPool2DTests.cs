using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

public class MaxPool2DTests
{
    public static TheoryData<int[], int, int, int, int, bool> Configurations => new()
    {
        // shape, kernel, stride, padding, dilation, ceil mode
        { [2, 3, 6, 6], 2, 2, 0, 1, false },
        { [1, 2, 7, 5], 3, 2, 1, 1, false },
        { [1, 2, 7, 8], 2, 1, 0, 1, false },
        { [2, 1, 9, 7], 3, 2, 1, 2, false },
        { [1, 2, 7, 6], 3, 2, 0, 1, true },
        { [1, 1, 8, 9], 2, 3, 1, 2, true },
        { [3, 5, 4], 2, 2, 1, 1, false }, // unbatched
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Forward_MatchesNaiveLoops_InBothDTypes(int[] shape, int k, int s, int p, int d, bool ceil)
    {
        Tensor x = RandomInput(shape, 11).Detach();
        int planes = shape[..^2].Aggregate(1, (a, b) => a * b), h = shape[^2], w = shape[^1];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            var (values, indices) = NaiveMaxPool(x.To(dtype).To(DType.Float64).ToArray<double>(), planes, h, w, k, k, s, s, p, p, d, d, ceil);
            var (y, idx) = Functional.MaxPool2DWithIndices(x.To(dtype), (k, k), (s, s), (p, p), (d, d), ceil);
            int[] expectedShape = [.. shape[..^2], OutputSize(h, k, s, p, d, ceil), OutputSize(w, k, s, p, d, ceil)];
            Assert.Equal(expectedShape, y.Shape.ToArray());
            AssertClose(values, y.To(DType.Float64).ToArray<double>(), 0);
            Assert.Equal(indices, idx.ToArray<int>());
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void GradCheck_Float64(int[] shape, int k, int s, int p, int d, bool ceil) =>
        GradCheck.Check(i => Functional.MaxPool2D(i[0], (k, k), (s, s), (p, p), (d, d), ceil), RandomInput(shape, 5));

    [Fact]
    public void GradCheck_RectangularKernelAndStride() =>
        GradCheck.Check(i => new MaxPool2D((2, 3), (1, 2), (1, 1)).Forward(i[0]), RandomInput([2, 2, 5, 7], 8));

    [Theory]
    [InlineData(2, 3, 28, 28)]
    [InlineData(2, 3, 14, 14)]
    [InlineData(1, 2, 6, 6)]
    [InlineData(1, 1, 5, 10)]   // odd height: the last row is in no window
    [InlineData(3, 2, 4, 40)]   // width not a multiple of the vector
    [InlineData(2, 2, 8, 18)]
    [InlineData(1, 3, 2, 2)]
    public void Fast2x2Path_MatchesNaive_WithTiesAndNaN_ForwardAndBackward(int n, int c, int h, int w)
    {
        // values from a small set so that windows tie often, plus a few NaNs
        var gen = new Generator(3);
        double[] v = Enumerable.Range(0, n * c * h * w).Select(_ => gen.NextDouble() < 0.03 ? double.NaN : gen.NextInt32(0, 4)).ToArray();
        var (values, indices) = NaiveMaxPool(v, n * c, h, w, 2, 2, 2, 2, 0, 0, 1, 1, false);
        Tensor x = Tensor.FromArray(v.Select(a => (float)a).ToArray(), new Shape(n, c, h, w), requiresGrad: true);
        var (y, idx) = Functional.MaxPool2DWithIndices(x, (2, 2));
        AssertClose(values, y.To(DType.Float64).ToArray<double>(), 0);
        Assert.Equal(indices, idx.ToArray<int>());

        Tensor g = CosineWeights(y);
        y.Backward(g);
        double[] expected = new double[v.Length];
        float[] gv = g.ToArray<float>();
        int plane = h * w, outPlane = (h / 2) * (w / 2);
        for (int o = 0; o < gv.Length; o++) expected[o / outPlane * plane + indices[o]] += gv[o];
        AssertClose(expected, x.Grad!.To(DType.Float64).ToArray<double>(), 0);
    }

    [Fact]
    public void Fast2x2Path_GradientOfNonContiguousInput_AndLargePlanes()
    {
        // a transposed input goes through a contiguous copy; a 1000-wide plane spans several scratch bands
        Tensor x = RandomInput([1, 2, 6, 1000], 4).Detach().To(DType.Float32);
        x.RequiresGrad = true;
        Tensor y = Functional.MaxPool2D(x, 2);
        var (values, _) = NaiveMaxPool(x.To(DType.Float64).ToArray<double>(), 2, 6, 1000, 2, 2, 2, 2, 0, 0, 1, 1, false);
        AssertClose(values, y.To(DType.Float64).ToArray<double>(), 0);
        Tensor xt = RandomInput([1, 2, 10, 8], 4).Detach().To(DType.Float32).Transpose(2, 3);
        var (vt, _) = NaiveMaxPool(xt.Contiguous().To(DType.Float64).ToArray<double>(), 2, 8, 10, 2, 2, 2, 2, 0, 0, 1, 1, false);
        AssertClose(vt, Functional.MaxPool2D(xt, 2).To(DType.Float64).ToArray<double>(), 0);
    }

    [Fact]
    public void Results_DoNotDependOnThreadCount()
    {
        // [32, 16, 28, 28] is big enough to be split over the worker pool; 2x2 fast path, generic max and average
        Tensor x = RandomInput([32, 16, 28, 28], 12).Detach().To(DType.Float32);
        x.RequiresGrad = true;
        (float[], float[]) Run(int threads, Func<Tensor, Tensor> pool)
        {
            int saved = Parallelism.ThreadCount;
            Parallelism.ThreadCount = threads;
            try
            {
                x.Grad = null;
                Tensor y = pool(x);
                y.Backward(CosineWeights(y));
                return (y.ToArray<float>(), x.Grad!.ToArray<float>());
            }
            finally { Parallelism.ThreadCount = saved; }
        }
        foreach (Func<Tensor, Tensor> pool in new Func<Tensor, Tensor>[]
            { t => Functional.MaxPool2D(t, 2), t => Functional.MaxPool2D(t, 3, 2, 1), t => Functional.AvgPool2D(t, 3, 2, 1), Functional.GlobalAvgPool2D })
        {
            var (y1, g1) = Run(1, pool);
            var (y2, g2) = Run(2, pool);
            Assert.Equal(y1, y2);
            Assert.Equal(g1, g2);
        }
    }

    [Fact]
    public void Ties_GoToTheFirstMaximumInScanOrder_NaNPropagates_AsInPyTorch()
    {
        // indices printed by reference/pooling_reference.py ("tie2x2 indices", "tie3x3 indices", "nan2x2", "nan2x2b")
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            Tensor t = Tensor.FromArray(new double[] { 1, 5, 5, 0, 5, 2, 3, 3, 7, 7, 0, 0, 7, 7, 0, 0 }, new Shape(1, 1, 4, 4)).To(dtype);
            Assert.Equal([1, 2, 8, 10], Functional.MaxPool2DWithIndices(t, (2, 2)).Indices.ToArray<int>());
            t = Tensor.FromArray(new double[] { 0, 4, 1, 4, 4, 2, 1, 2, 4 }, new Shape(1, 1, 3, 3)).To(dtype);
            Assert.Equal([1], Functional.MaxPool2DWithIndices(t, (3, 3)).Indices.ToArray<int>());
            t = Tensor.FromArray(new[] { double.NaN, 1, 2, double.NaN }, new Shape(1, 1, 2, 2)).To(dtype);
            var (y, i) = Functional.MaxPool2DWithIndices(t, (2, 2));
            Assert.True(double.IsNaN(y.To(DType.Float64).Item()));
            Assert.Equal([3], i.ToArray<int>());
            t = Tensor.FromArray(new[] { 1, double.NaN, 3, 2 }, new Shape(1, 1, 2, 2)).To(dtype);
            Assert.Equal([1], Functional.MaxPool2DWithIndices(t, (2, 2)).Indices.ToArray<int>());
        }
        // the gradient follows the tie rule ("tie grad")
        var x = Tensor.FromArray(new double[] { 1, 5, 5, 0, 5, 2, 3, 3 }, new Shape(1, 1, 2, 4), requiresGrad: true);
        Functional.MaxPool2D(x, 2).Sum().Backward();
        Assert.Equal([0.0, 1, 1, 0, 0, 0, 0, 0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void OverlappingWindows_SumTheGradientAtASharedMaximum()
    {
        var x = Tensor.FromArray(new double[] { 0, 0, 0, 0, 9, 0, 0, 0, 0 }, new Shape(1, 1, 3, 3), requiresGrad: true);
        Functional.MaxPool2D(x, 2, stride: 1).Sum().Backward();
        Assert.Equal(4.0, x.Grad!.ToArray<double>()[4]);
    }

    [Fact]
    public void OutputShapes_MatchPyTorchOverAGrid()
    {
        foreach (var (n, k, s, p, d, ceil, expected) in PoolingTorchReference.ShapeGrid)
        {
            if (expected == 0)
            {
                Assert.Throws<ArgumentException>(() => Functional.MaxPool2D(Tensor.Zeros([1, 1, n, n]), k, s, p, d, ceil));
                continue;
            }
            Assert.Equal(expected, OutputSize(n, k, s, p, d, ceil));
            Assert.Equal([1, 1, expected, expected], Functional.MaxPool2D(Tensor.Zeros([1, 1, n, n]), k, s, p, d, ceil).Shape.ToArray());
        }
    }

    [Fact]
    public void BadInputs_ThrowNamingSettingsAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new MaxPool2D(2).Forward(Tensor.Zeros([8, 3, 1, 5])));
        Assert.Equal("MaxPool2D(kernel 2x2, stride 2x2, padding 0) expects input [N, C, H, W] or [C, H, W] with H, W >= 2, got [8, 3, 1, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPool2D(3, 1, 1, 2, true).Forward(Tensor.Zeros([8, 5])));
        Assert.Equal("MaxPool2D(kernel 3x3, stride 1x1, padding 1, dilation 2x2, ceil mode) expects input [N, C, H, W] or [C, H, W] with H, W >= 3, got [8, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MaxPool2D(3, padding: 2));
        Assert.Contains("padding should be at most half of the kernel size, got padding 2x2 for kernel 3x3", e.Message);
        Assert.Throws<ArgumentException>(() => new MaxPool2D(0));
        Assert.Throws<ArgumentException>(() => new MaxPool2D(2, stride: 0));
        Assert.Throws<ArgumentException>(() => new MaxPool2D(2, dilation: 0));
        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2D(Tensor.Zeros([1, 1, 4, 4], DType.Int32), 2));
        Assert.Contains("Int32", e.Message);
    }

    [Fact]
    public void Layer_DescribesItself_AndDefaultsStrideToKernel()
    {
        var pool = new MaxPool2D(3);
        Assert.Equal(new Size2D(3, 3), pool.Stride);
        Assert.Equal("MaxPool2D(kernel 3x3, stride 3x3, padding 0)", pool.Describe());
        Assert.Equal("MaxPool2D(kernel 2x3, stride 1x2, padding 1x0, dilation 2x1, ceil mode)",
            new MaxPool2D((2, 3), (1, 2), (1, 0), (2, 1), ceilMode: true).Describe());
        Assert.Empty(pool.Parameters());
    }
}
