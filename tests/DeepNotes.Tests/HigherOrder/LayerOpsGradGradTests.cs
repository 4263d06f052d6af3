using DeepNotes;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>Second derivatives of the layer ops whose backward is differentiable: resampling, sliding blocks, shuffles, unpooling, dropout.</summary>
public class LayerOpsGradGradTests
{
    private static Tensor Image(int[] shape, ulong seed) => Coverage.GradGradInputs.Randn(seed, shape);

    [Theory]
    [InlineData(InterpolationMode.Nearest, 2.0)]
    [InlineData(InterpolationMode.NearestExact, 1.5)]
    [InlineData(InterpolationMode.Bilinear, 1.7)]
    [InlineData(InterpolationMode.Bicubic, 2.0)]
    [InlineData(InterpolationMode.Area, 0.5)]
    public void Interpolate(InterpolationMode mode, double scale)
    {
        Tensor x = Image([1, 2, 4, 4], 81);
        GradCheck.GradGradCheck(t => Functional.Interpolate(t[0], scale, mode).Square(), x);
        GradCheck.GradGradCheck(t => Functional.Interpolate(t[0].Transpose(2, 3), scale, mode) * Functional.Interpolate(t[0], scale, mode), x);
    }

    [Fact]
    public void FoldUnfoldAndShuffles()
    {
        Tensor x = Image([1, 2, 4, 4], 82);
        GradCheck.GradGradCheck(t => Functional.Unfold(t[0], 2, padding: 1).Square(), x);
        GradCheck.GradGradCheck(t => Functional.Fold(Functional.Unfold(t[0], 3, padding: 1), (4, 4), 3, padding: 1).Square(), x);
        GradCheck.GradGradCheck(t => Functional.PixelShuffle(t[0].Repeat(1, 2, 1, 1), 2).Square(), x);
        GradCheck.GradGradCheck(t => Functional.PixelUnshuffle(t[0], 2).Square() * Functional.ChannelShuffle(Functional.PixelUnshuffle(t[0], 2), 2), x);
    }
}
