using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Resampling.ResamplingTestHelpers;

namespace DeepNotes.Tests.Resampling;

/// <summary>The resampling layers: same values as Functional, no parameters, descriptions, FLOPs, determinism and edge cases.</summary>
public class ResamplingLayerTests
{
    private static Tensor Sample(int[] shape) => SineInput(shape, 0, 3.0, DType.Float32).Detach();

    [Fact]
    public void Layers_MatchFunctional_AndHaveNoParameters()
    {
        Tensor x = Sample([2, 8, 4, 6]);
        var pairs = new (Module<Tensor, Tensor> Layer, Tensor Expected)[]
        {
            (new Upsample(2.0, InterpolationMode.Bilinear), Functional.Interpolate(x, 2.0, InterpolationMode.Bilinear)),
            (new Upsample(size: [5, 7], mode: InterpolationMode.Bicubic, alignCorners: true),
                Functional.Interpolate(x, size: [5, 7], mode: InterpolationMode.Bicubic, alignCorners: true)),
            (new Upsample(3), Functional.Interpolate(x, size: [3, 3])),
            (new UpsamplingNearest2D(2.0), Functional.Interpolate(x, 2.0)),
            (new UpsamplingNearest2D((3, 9)), Functional.Interpolate(x, size: [3, 9])),
            (new UpsamplingBilinear2D(1.5), Functional.Interpolate(x, 1.5, InterpolationMode.Bilinear, alignCorners: true)),
            (new PixelShuffle(2), Functional.PixelShuffle(x, 2)),
            (new PixelUnshuffle(2), Functional.PixelUnshuffle(x, 2)),
            (new ChannelShuffle(4), Functional.ChannelShuffle(x, 4)),
            (new Unfold(3, padding: 1), Functional.Unfold(x, 3, padding: 1)),
        };
        foreach (var (layer, expected) in pairs)
        {
            Assert.Empty(layer.Parameters());
            Assert.Equal(expected.ToArray<float>(), layer.Forward(x).ToArray<float>());
        }
        var fold = new Fold((4, 6), 3, padding: 1);
        Tensor cols = Functional.Unfold(x, 3, padding: 1);
        Assert.Equal(Functional.Fold(cols, (4, 6), 3, padding: 1).ToArray<float>(), fold.Forward(cols).ToArray<float>());
    }

    [Fact]
    public void Upsample_OneScaleAppliesToEveryRank()
    {
        var up = new Upsample(2.0);
        Assert.Equal([1, 2, 10], up.Forward(Sample([1, 2, 5])).Shape.ToArray());
        Assert.Equal([1, 2, 8, 10], up.Forward(Sample([1, 2, 4, 5])).Shape.ToArray());
        Assert.Equal([1, 1, 4, 6, 2], up.Forward(Sample([1, 1, 2, 3, 1])).Shape.ToArray());
    }

    [Fact]
    public void Describe_NamesTheConfiguration()
    {
        Assert.Equal("Upsample(scaleFactor: 2, mode: Bilinear, alignCorners: false)", new Upsample(2.0, InterpolationMode.Bilinear, false).Describe());
        Assert.Equal("Upsample(size: [3, 4], mode: Nearest)", new Upsample(size: [3, 4]).Describe());
        Assert.Equal("UpsamplingBilinear2D(scaleFactor: [2, 2], mode: Bilinear, alignCorners: true)", new UpsamplingBilinear2D(2.0).Describe());
        Assert.Equal("PixelShuffle(upscaleFactor: 3)", new PixelShuffle(3).Describe());
        Assert.Equal("Fold(output: 4x5, kernel: 2x3, dilation: 1x1, padding: 0x0, stride: 1x1)", new Fold((4, 5), (2, 3)).Describe());
    }

    [Fact]
    public void Summary_CountsInterpolationFlops()
    {
        var model = new Sequential(new Upsample(2.0, InterpolationMode.Bilinear), new Upsample(2.0), new Upsample(0.5, InterpolationMode.Area),
            new UpsamplingBilinear2D(2.0));
        var summary = model.Summary([1, 3, 4, 4]);
        // bilinear: 3·8·8 outputs × 7; nearest: 0; area 16x16 -> 8x8: 3·64 × (2·4 − 1); bilinear 8x8 -> 16x16: 3·256 × 7
        Assert.Equal(3 * 64 * 7 + 0 + 3 * 64 * 7 + 3 * 256 * 7, summary.Flops);
    }

    [Fact]
    public void Interpolate_ResultsDoNotDependOnThreadCount()
    {
        Tensor x = SineInput([8, 16, 20, 24], 0, 3.0, DType.Float32);
        int saved = Parallelism.ThreadCount;
        try
        {
            float[][] results = new float[2][];
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.ThreadCount = threads;
                x.Grad = null;
                Tensor y = Functional.Interpolate(x, scaleFactor: [1.7, 0.9], mode: InterpolationMode.Bilinear);
                y.Backward(CosineWeights(y));
                Tensor grid = Functional.AffineGrid(Tensor.FromArray(new float[] { 0.9f, 0.2f, 0.1f, -0.3f, 1.1f, 0.05f }, [1, 2, 3]).Expand(8, 2, 3), [8, 1, 9, 7]);
                Tensor s = Functional.GridSample(x, grid, GridSampleMode.Bicubic, GridSamplePaddingMode.Reflection);
                s.Backward(CosineWeights(s));
                results[threads - 1] = [.. y.ToArray<float>(), .. x.Grad!.ToArray<float>(), .. s.ToArray<float>()];
            }
            Assert.Equal(results[0], results[1]);
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void Interpolate_EmptyBatch_AndNearestOfConstantIsConstant()
    {
        Assert.Equal([0, 3, 8, 10], Functional.Interpolate(Tensor.Zeros([0, 3, 4, 5]), 2.0, InterpolationMode.Bilinear).Shape.ToArray());
        Tensor ones = Tensor.Ones([1, 1, 3, 5]);
        foreach (InterpolationMode mode in new[] { InterpolationMode.Nearest, InterpolationMode.NearestExact, InterpolationMode.Bilinear, InterpolationMode.Bicubic, InterpolationMode.Area })
        {
            float[] y = Functional.Interpolate(ones, scaleFactor: [2.3, 0.7], mode: mode).ToArray<float>();
            Assert.All(y, v => Assert.Equal(1f, v, 1e-5f));
        }
    }

    [Fact]
    public void Interpolate_NanPropagatesThroughLinearWeights()
    {
        Tensor x = Tensor.FromArray(new[] { 1f, float.NaN, 3f, 4f }, [1, 1, 4]);
        float[] y = Functional.Interpolate(x, 8, InterpolationMode.Linear).ToArray<float>();
        // PyTorch 1.13: [nan, nan, nan, nan, nan, 3.25, 3.75, 4] (a zero weight on NaN is still NaN)
        Assert.All(y[..5], v => Assert.True(float.IsNaN(v)));
        Assert.Equal(new[] { 3.25f, 3.75f, 4f }, y[5..]);
    }

    [Fact]
    public void PixelShuffle_ThenUnshuffle_IsIdentity_AndChannelShuffleInterleaves()
    {
        Tensor x = Sample([2, 3, 18, 4, 5]);
        Assert.Equal(x.ToArray<float>(), Functional.PixelUnshuffle(Functional.PixelShuffle(x, 3), 3).ToArray<float>());
        Tensor c = Tensor.Arange(6).Reshape(1, 6, 1).To(DType.Float32);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, Functional.ChannelShuffle(c, 2).ToArray<float>()); // as nn.ChannelShuffle(2)
    }

    [Fact]
    public void GridSample_IdentityAffineGrid_ReproducesTheInput()
    {
        Tensor x = Sample([2, 3, 5, 7]);
        Tensor identity = Tensor.FromArray(new float[] { 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0 }, [2, 2, 3]);
        foreach (bool align in new[] { false, true })
        {
            Tensor grid = Functional.AffineGrid(identity, [2, 3, 5, 7], align);
            float[] y = Functional.GridSample(x, grid, alignCorners: align).ToArray<float>();
            float[] expected = x.ToArray<float>();
            for (int i = 0; i < y.Length; i++) Assert.Equal(expected[i], y[i], 1e-5f);
        }
    }

    [Fact]
    public void Float32VectorPaths_MatchTheFloat64ScalarPaths()
    {
        // nearest x2 (Vector512 doubling) and two-tap linear (AVX2 gathers) run only for Float32 rows of 16+ / 8+ elements
        Tensor x = SineInput([2, 3, 5, 37], 0, 3.0, DType.Float32).Detach();
        Tensor x64 = x.To(DType.Float64);
        Assert.Equal(Functional.Interpolate(x64, 2.0).To(DType.Float32).ToArray<float>(), Functional.Interpolate(x, 2.0).ToArray<float>());
        foreach (double scale in new[] { 2.0, 1.37, 0.6 })
        {
            float[] y = Functional.Interpolate(x, scale, InterpolationMode.Bilinear).ToArray<float>();
            double[] y64 = Functional.Interpolate(x64, scale, InterpolationMode.Bilinear).ToArray<double>();
            for (int i = 0; i < y.Length; i++) Assert.Equal(y64[i], y[i], 1e-5);
        }
    }
}
