using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Resampling;

/// <summary>Bad configurations and bad inputs of the resampling ops and layers throw at once with a clear message.</summary>
public class ResamplingErrorTests
{
    private static readonly Tensor Image = Tensor.Zeros([1, 2, 4, 5]);

    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.Throws<TException>(action);
        foreach (string f in fragments) Assert.Contains(f, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpolate_BadArguments()
    {
        Throws<ArgumentException>(() => Functional.Interpolate(Image), "Interpolate", "exactly one of size and scaleFactor", "neither");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, size: [8, 8], scaleFactor: [2.0, 2.0]), "both");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, size: [8]), "size has 1 entries", "[1, 2, 4, 5]", "2 spatial");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, scaleFactor: [2.0, 2.0, 2.0]), "scaleFactor has 3 entries");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, size: [0, 3]), "output sizes must be positive", "[0, 3]");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, -1.0), "scale factors must be positive");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, double.NaN), "scale factors must be positive");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, 0.1), "scale factor 0.1", "into 0");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, 2.0, InterpolationMode.Nearest, alignCorners: false), "alignCorners", "Nearest");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, 2.0, InterpolationMode.Area, alignCorners: true), "alignCorners", "Area");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, size: [8, 8], recomputeScaleFactor: true), "recomputeScaleFactor is not meaningful");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, 2.0, InterpolationMode.Linear), "mode Linear needs a 3-D input, got 4-D [1, 2, 4, 5]");
        Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros([1, 2, 4]), 2.0, InterpolationMode.Bilinear), "Bilinear needs a 4-D input");
        Throws<ArgumentException>(() => Functional.Interpolate(Image, 2.0, InterpolationMode.Trilinear), "Trilinear needs a 5-D input");
        Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros([1, 1, 2, 2, 2]), 2.0, InterpolationMode.Bicubic), "Bicubic needs a 4-D input");
        Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros([4, 5]), 2.0), "expected a 3-D [N, C, L]", "got [4, 5]");
        Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros([1, 2, 0, 5]), 2.0), "spatial sizes must be positive");
        Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros([1, 2, 4, 5], DType.Int32), 2.0), "Float32 or Float64", "Int32");
        Throws<ArgumentOutOfRangeException>(() => Functional.Interpolate(Image, 2.0, (InterpolationMode)42), "unknown mode");
    }

    [Fact]
    public void UpsampleLayers_BadConfiguration_AndBadInput()
    {
        Throws<ArgumentException>(() => new Upsample(), "Upsample", "exactly one of size and scaleFactor");
        Throws<ArgumentException>(() => new Upsample(0.0), "Upsample", "scale factors must be positive");
        Throws<ArgumentException>(() => new Upsample(-3), "Upsample", "output sizes must be positive");
        Throws<ArgumentException>(() => new Upsample(2.0, InterpolationMode.Nearest, alignCorners: true), "alignCorners");
        Throws<ArgumentException>(() => new Upsample(size: [4, 4], recomputeScaleFactor: true), "recomputeScaleFactor");
        Throws<ArgumentException>(() => new Upsample(scaleFactor: [2.0, 2.0, 2.0, 2.0]), "1 to 3 entries");
        Throws<ArgumentException>(() => new UpsamplingNearest2D(-2.0), "UpsamplingNearest2D", "positive");
        Throws<ArgumentException>(() => new UpsamplingBilinear2D((0, 3)), "UpsamplingBilinear2D", "positive");
        Throws<ArgumentException>(() => new Upsample(size: [3, 4, 5]).Forward(Image), "size has 3 entries");
        Throws<ArgumentException>(() => new UpsamplingNearest2D(2.0).Forward(Tensor.Zeros([1, 2, 3])), "4-D [N, C, H, W]");
        Throws<ArgumentException>(() => new UpsamplingBilinear2D(2.0).Forward(Tensor.Zeros([1, 2, 3])), "Bilinear needs a 4-D input");
    }

    [Fact]
    public void Shuffles_BadArguments()
    {
        Throws<ArgumentException>(() => Functional.PixelShuffle(Tensor.Zeros([1, 6, 2, 2]), 2), "PixelShuffle", "channels (6)", "divisible by upscaleFactor² = 4");
        Throws<ArgumentException>(() => Functional.PixelShuffle(Tensor.Zeros([4, 2]), 2), "at least 3 dimensions");
        Throws<ArgumentException>(() => Functional.PixelShuffle(Image, 0), "upscaleFactor must be positive");
        Throws<ArgumentException>(() => Functional.PixelUnshuffle(Tensor.Zeros([1, 2, 4, 5]), 2), "PixelUnshuffle", "height (4) and width (5)");
        Throws<ArgumentException>(() => Functional.ChannelShuffle(Tensor.Zeros([1, 5, 2]), 2), "ChannelShuffle", "channels (5)", "groups = 2");
        Throws<ArgumentException>(() => Functional.ChannelShuffle(Tensor.Zeros([1, 4]), 2), "at least 3 dimensions");
        Throws<ArgumentException>(() => new PixelShuffle(0), "PixelShuffle", "positive");
        Throws<ArgumentException>(() => new PixelUnshuffle(-1), "PixelUnshuffle", "positive");
        Throws<ArgumentException>(() => new ChannelShuffle(0), "ChannelShuffle", "positive");
    }

    [Fact]
    public void FoldUnfold_BadArguments()
    {
        Throws<ArgumentException>(() => Functional.Unfold(Tensor.Zeros([1, 1, 2, 2]), 3), "Unfold", "spatial size [1, 1, 2, 2]", "0 x 0 blocks");
        Throws<ArgumentException>(() => Functional.Unfold(Tensor.Zeros([2, 2]), 2), "Unfold", "3-D [C, H, W] or 4-D");
        Throws<ArgumentException>(() => Functional.Unfold(Image, 2, stride: 0), "stride must be positive");
        Throws<ArgumentException>(() => Functional.Unfold(Image, 2, padding: -1), "padding must be non-negative");
        Throws<ArgumentException>(() => Functional.Unfold(Image.To(DType.Int32), 2), "Float32 or Float64");
        Throws<ArgumentException>(() => Functional.Fold(Tensor.Zeros([1, 9, 6]), (5, 6), 3, padding: 1, stride: 2), "Fold", "3 x 3 = 9 blocks", "L = 6");
        Throws<ArgumentException>(() => Functional.Fold(Tensor.Zeros([1, 10, 9]), (5, 6), 3, padding: 1, stride: 2), "divisible by the product of kernelSize (9)");
        Throws<ArgumentException>(() => Functional.Fold(Tensor.Zeros([1, 1, 9, 9]), (5, 6), 3), "2-D [C·kH·kW, L] or 3-D");
        Throws<ArgumentException>(() => Functional.Fold(Tensor.Zeros([1, 9, 9]), (0, 6), 3), "outputSize must be positive");
        Throws<ArgumentException>(() => new Fold((4, 4), 0), "Fold", "kernelSize must be positive");
        Throws<ArgumentException>(() => new Unfold(2, dilation: 0), "Unfold", "dilation must be positive");
    }

    [Fact]
    public void GridSampleAndAffineGrid_BadArguments()
    {
        Tensor grid = Tensor.Zeros([1, 3, 3, 2]);
        Throws<ArgumentException>(() => Functional.GridSample(Tensor.Zeros([2, 4, 5]), grid), "GridSample", "4-D [N, C, H, W] or 5-D");
        Throws<ArgumentException>(() => Functional.GridSample(Image, Tensor.Zeros([1, 3, 3, 3])), "needs a 4-D grid [N, OH, OW, 2]", "[1, 3, 3, 3]");
        Throws<ArgumentException>(() => Functional.GridSample(Image, Tensor.Zeros([2, 3, 3, 2])), "same batch size");
        Throws<ArgumentException>(() => Functional.GridSample(Image, grid.To(DType.Float64)), "same dtype", "Float32 and Float64");
        Throws<ArgumentException>(() => Functional.GridSample(Tensor.Zeros([1, 1, 2, 2, 2]), Tensor.Zeros([1, 1, 1, 1, 3]), GridSampleMode.Bicubic), "bicubic mode needs a 4-D input");
        Throws<ArgumentException>(() => Functional.GridSample(Tensor.Zeros([1, 2, 0, 5]), grid), "spatial sizes must be positive");
        Throws<ArgumentOutOfRangeException>(() => Functional.GridSample(Image, grid, (GridSampleMode)7), "unknown mode");
        Throws<ArgumentException>(() => Functional.AffineGrid(Tensor.Zeros([1, 2, 3]), [1, 1, 4]), "AffineGrid", "size must be [N, C, H, W]");
        Throws<ArgumentException>(() => Functional.AffineGrid(Tensor.Zeros([1, 3, 4]), [1, 1, 4, 4]), "needs theta [1, 2, 3], got [1, 3, 4]");
        Throws<ArgumentException>(() => Functional.AffineGrid(Tensor.Zeros([2, 2, 3]), [1, 1, 4, 4]), "needs theta [1, 2, 3]");
        Throws<ArgumentException>(() => Functional.AffineGrid(Tensor.Zeros([1, 2, 3]), [1, 1, 0, 4]), "size must be positive");
    }
}
