using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;
using L = DeepNotes.Layers;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of pooling, padding, resampling, grid sampling and embeddings (functional forms and layers). The
/// outputs are squared (or multiplied by a second branch) so that the gradients depend on the inputs and the recorded
/// backward ops are themselves differentiated. Max poolings get inputs without ties (distinct values 0.37 apart), so
/// the finite differences never move an argmax.
/// </summary>
public sealed class PoolingSamplingGradGradCases : IGradGradCaseSource
{
    /// <summary>A float64 tensor holding a random permutation of 0.37·(0 … n − 1) − 1, requiring grad: no two values within a finite-difference step.</summary>
    internal static Tensor Distinct(ulong seed, params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, n).Select(i => 0.37 * i - 1).ToArray();
        var random = new Random((int)seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return Of(values, shape);
    }

    /// <summary>Max-pool indices of a fixed tie-free tensor (for the unpooling cases).</summary>
    private static Tensor PoolIndices(Func<Tensor, (Tensor Output, Tensor Indices)> pool, params int[] shape)
    {
        using var _ = Autograd.NoGrad();
        return pool(Distinct(99, shape).Detach()).Indices;
    }

    private static GradGradCase Unary(string api, string label, Func<Tensor, Tensor> f, Func<Tensor> input) =>
        new(api, label, t => f(t[0]).Square(), () => [input()]);

    private static GradGradCase Layer<TModule>(string api, string label, TModule module, Func<Tensor> input) where TModule : Module<Tensor, Tensor>
    {
        Float64(module);
        return new(api, label, t => module.Forward(t[0]).Square(), () => [input()]);
    }

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        // max pooling (tie-free inputs)
        yield return Unary("Functional.MaxPool1D", "k3 s2 p1", x => Functional.MaxPool1D(x, 3, 2, padding: 1), () => Distinct(1, 1, 2, 7));
        yield return Unary("Functional.MaxPool1DWithIndices", "k2 dilation 2", x => Functional.MaxPool1DWithIndices(x, 2, 1, dilation: 2).Output, () => Distinct(2, 2, 6));
        yield return Unary("Functional.MaxPool2D", "k3 s2 p1 ceil", x => Functional.MaxPool2D(x, 3, 2, padding: 1, ceilMode: true), () => Distinct(3, 1, 2, 5, 5));
        yield return Unary("Functional.MaxPool2DWithIndices", "k2 s1 overlapping", x => Functional.MaxPool2DWithIndices(x, 2, 1).Output, () => Distinct(4, 1, 1, 4, 4));
        yield return Unary("Functional.MaxPool3D", "k2 s1 p1", x => Functional.MaxPool3D(x, 2, 1, padding: 1), () => Distinct(5, 1, 1, 2, 3, 3));
        yield return Unary("Functional.MaxPool3DWithIndices", "k2", x => Functional.MaxPool3DWithIndices(x, 2).Output, () => Distinct(6, 1, 2, 2, 4, 2));
        yield return Unary("Functional.AdaptiveMaxPool1D", "7 to 3", x => Functional.AdaptiveMaxPool1D(x, 3), () => Distinct(7, 1, 2, 7));
        yield return Unary("Functional.AdaptiveMaxPool1DWithIndices", "5 to 4", x => Functional.AdaptiveMaxPool1DWithIndices(x, 4).Output, () => Distinct(8, 2, 5));
        yield return Unary("Functional.AdaptiveMaxPool2D", "5x5 to 3x2", x => Functional.AdaptiveMaxPool2D(x, (3, 2)), () => Distinct(9, 1, 2, 5, 5));
        yield return Unary("Functional.AdaptiveMaxPool2DWithIndices", "4x5 to 3x3", x => Functional.AdaptiveMaxPool2DWithIndices(x, (3, 3)).Output, () => Distinct(10, 1, 4, 5));
        yield return Unary("Functional.AdaptiveMaxPool3D", "3x4x3 to 2x3x2", x => Functional.AdaptiveMaxPool3D(x, (2, 3, 2)), () => Distinct(11, 1, 1, 3, 4, 3));
        yield return Unary("Functional.AdaptiveMaxPool3DWithIndices", "2x3x3 to 1x2x2", x => Functional.AdaptiveMaxPool3DWithIndices(x, (1, 2, 2)).Output, () => Distinct(12, 2, 2, 3, 3));

        // average pooling
        yield return Unary("Functional.AvgPool1D", "k3 s2 p1 excluding padding", x => Functional.AvgPool1D(x, 3, 2, 1, countIncludePad: false), () => Randn(13, 1, 2, 7));
        yield return Unary("Functional.AvgPool2D", "k3 s2 p1 ceil", x => Functional.AvgPool2D(x, 3, 2, 1, ceilMode: true), () => Randn(14, 1, 2, 5, 5));
        yield return Unary("Functional.AvgPool2D", "divisor 3", x => Functional.AvgPool2D(x, 2, 1, divisorOverride: 3), () => Randn(15, 1, 4, 4));
        yield return Unary("Functional.AvgPool3D", "k2 s1 p1 excluding padding", x => Functional.AvgPool3D(x, 2, 1, 1, countIncludePad: false), () => Randn(16, 1, 1, 2, 3, 3));
        yield return Unary("Functional.AdaptiveAvgPool1D", "7 to 3", x => Functional.AdaptiveAvgPool1D(x, 3), () => Randn(17, 1, 2, 7));
        yield return Unary("Functional.AdaptiveAvgPool2D", "5x5 to 3x2", x => Functional.AdaptiveAvgPool2D(x, (3, 2)), () => Randn(18, 1, 2, 5, 5));
        yield return Unary("Functional.AdaptiveAvgPool3D", "3x4x3 to 2x3x2", x => Functional.AdaptiveAvgPool3D(x, (2, 3, 2)), () => Randn(19, 1, 1, 3, 4, 3));
        yield return Unary("Functional.GlobalAvgPool2D", "", Functional.GlobalAvgPool2D, () => Randn(20, 2, 3, 3, 2));
        yield return Unary("Functional.LPPool1D", "p 2, k3 s2", x => Functional.LPPool1D(x, 2, 3, 2), () => Uniform(21, 0.5, 2, 1, 2, 7));
        yield return Unary("Functional.LPPool2D", "p 3, k2 ceil", x => Functional.LPPool2D(x, 3, 2, ceilMode: true), () => Uniform(22, 0.5, 2, 1, 2, 3, 5));

        // unpooling (indices from a fixed pooling)
        Tensor i1 = PoolIndices(x => Functional.MaxPool1DWithIndices(x, 2), 1, 2, 8);
        yield return Unary("Functional.MaxUnpool1D", "k2", x => Functional.MaxUnpool1D(x, i1, 2), () => Randn(23, 1, 2, 4));
        Tensor i2 = PoolIndices(x => Functional.MaxPool2DWithIndices(x, 2), 1, 2, 4, 4);
        yield return Unary("Functional.MaxUnpool2D", "k2", x => Functional.MaxUnpool2D(x, i2, 2), () => Randn(24, 1, 2, 2, 2));
        Tensor i3 = PoolIndices(x => Functional.MaxPool3DWithIndices(x, 2), 1, 1, 4, 4, 2);
        yield return Unary("Functional.MaxUnpool3D", "k2", x => Functional.MaxUnpool3D(x, i3, 2), () => Randn(25, 1, 1, 2, 2, 1));

        // padding
        foreach (PaddingMode mode in Enum.GetValues<PaddingMode>())
            yield return Unary("Functional.Pad", mode.ToString(), x => Functional.Pad(x, [2, 1, 1, 2], mode), () => Randn(26, 1, 2, 3, 4));
        yield return Unary("Functional.Pad", "Reflect with a crop", x => Functional.Pad(x, [-1, 2], PaddingMode.Reflect), () => Randn(27, 2, 5));

        // resampling and shuffles
        yield return Unary("Functional.Interpolate", "bilinear x1.5", x => Functional.Interpolate(x, 1.5, InterpolationMode.Bilinear), () => Randn(28, 1, 1, 3, 3));
        yield return Unary("Functional.Unfold", "k2 p1", x => Functional.Unfold(x, 2, padding: 1), () => Randn(29, 1, 2, 3, 3));
        yield return Unary("Functional.Fold", "k2 to 3x3", x => Functional.Fold(x, (3, 3), 2), () => Randn(30, 1, 8, 4));
        yield return Unary("Functional.PixelShuffle", "r2", x => Functional.PixelShuffle(x, 2), () => Randn(31, 1, 4, 2, 2));
        yield return Unary("Functional.PixelUnshuffle", "r2", x => Functional.PixelUnshuffle(x, 2), () => Randn(32, 1, 1, 4, 4));
        yield return Unary("Functional.ChannelShuffle", "g2", x => Functional.ChannelShuffle(x, 2), () => Randn(33, 1, 4, 2, 2));

        // grid sampling
        yield return new GradGradCase("Functional.GridSample", "bilinear zeros", t => Functional.GridSample(t[0], t[1]).Square(),
            () => [Randn(34, 1, 2, 3, 4), Uniform(35, -1.1, 1.1, 1, 2, 3, 2)]);
        yield return new GradGradCase("Functional.AffineGrid", "into a bilinear grid sample",
            t => Functional.GridSample(t[1], Functional.AffineGrid(t[0], [1, 1, 3, 3]), paddingMode: GridSamplePaddingMode.Border).Square(),
            () => [Of([0.9, 0.2, 0.05, -0.15, 1.1, -0.1], 1, 2, 3), Randn(36, 1, 1, 4, 4)]);

        // embeddings
        Tensor ids = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 2 }, new Shape(2, 3));
        yield return Unary("Functional.Embedding", "padding_idx 0", w => Functional.Embedding(ids, w, paddingIdx: 0), () => Randn(37, 5, 3));
        Tensor bagIds = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 2, 2 }, new Shape(7));
        Tensor offsets = Tensor.FromArray(new[] { 0, 3, 3 }, new Shape(3));
        yield return new GradGradCase("Functional.EmbeddingBag", "sum, per-sample weights",
            t => Functional.EmbeddingBag(bagIds, t[0], offsets, EmbeddingBagMode.Sum, t[1]).Square(),
            () => [Randn(38, 5, 3), Randn(39, 7)]);

        // layers
        yield return Layer("Layers.MaxPool1D", "k2", new L.MaxPool1D(2), () => Distinct(40, 1, 2, 6));
        yield return Layer("Layers.MaxPool2D", "k2 s1", new L.MaxPool2D(2, 1), () => Distinct(41, 1, 1, 3, 4));
        yield return Layer("Layers.MaxPool3D", "k2", new L.MaxPool3D(2), () => Distinct(42, 1, 1, 2, 4, 4));
        yield return Layer("Layers.AdaptiveMaxPool1D", "to 3", new L.AdaptiveMaxPool1D(3), () => Distinct(43, 1, 2, 7));
        yield return Layer("Layers.AdaptiveMaxPool2D", "to 2x3", new L.AdaptiveMaxPool2D((2, 3)), () => Distinct(44, 1, 1, 5, 4));
        yield return Layer("Layers.AdaptiveMaxPool3D", "to 1x2x2", new L.AdaptiveMaxPool3D((1, 2, 2)), () => Distinct(45, 1, 1, 2, 3, 3));
        yield return Layer("Layers.AvgPool1D", "k3 s2 p1", new L.AvgPool1D(3, 2, 1), () => Randn(46, 1, 2, 7));
        yield return Layer("Layers.AvgPool2D", "k2 s1 divisor 3", new L.AvgPool2D(2, 1, divisorOverride: 3), () => Randn(47, 1, 1, 3, 4));
        yield return Layer("Layers.AvgPool3D", "k2 s1 p1", new L.AvgPool3D(2, 1, 1), () => Randn(48, 1, 1, 2, 2, 3));
        yield return Layer("Layers.AdaptiveAvgPool1D", "to 3", new L.AdaptiveAvgPool1D(3), () => Randn(49, 1, 2, 7));
        yield return Layer("Layers.AdaptiveAvgPool2D", "to 2x3", new L.AdaptiveAvgPool2D((2, 3)), () => Randn(50, 1, 1, 5, 4));
        yield return Layer("Layers.AdaptiveAvgPool3D", "to 1x2x2", new L.AdaptiveAvgPool3D((1, 2, 2)), () => Randn(51, 1, 1, 2, 3, 3));
        yield return Layer("Layers.GlobalAvgPool2D", "", new L.GlobalAvgPool2D(), () => Randn(52, 1, 3, 2, 3));
        yield return Layer("Layers.LPPool1D", "p 2, k2", new L.LPPool1D(2, 2), () => Uniform(53, 0.5, 2, 1, 2, 6));
        yield return Layer("Layers.LPPool2D", "p 2, k2 s1", new L.LPPool2D(2, 2, 1), () => Uniform(54, 0.5, 2, 1, 1, 3, 4));
        var u1 = Float64(new L.MaxUnpool1D(2));
        yield return new GradGradCase("Layers.MaxUnpool1D", "k2", t => u1.Forward((t[0], i1)).Square(), () => [Randn(55, 1, 2, 4)]);
        var u2 = Float64(new L.MaxUnpool2D(2));
        yield return new GradGradCase("Layers.MaxUnpool2D", "k2", t => u2.Forward((t[0], i2)).Square(), () => [Randn(56, 1, 2, 2, 2)]);
        var u3 = Float64(new L.MaxUnpool3D(2));
        yield return new GradGradCase("Layers.MaxUnpool3D", "k2", t => u3.Forward((t[0], i3)).Square(), () => [Randn(57, 1, 1, 2, 2, 1)]);

        yield return Layer("Layers.ConstantPad1D", "(2, 1)", new L.ConstantPad1D((2, 1), 0.5), () => Randn(58, 1, 2, 3));
        yield return Layer("Layers.ConstantPad2D", "1", new L.ConstantPad2D(1, -1), () => Randn(59, 1, 2, 2));
        yield return Layer("Layers.ConstantPad3D", "1", new L.ConstantPad3D(1, 2), () => Randn(60, 1, 1, 2, 2));
        yield return Layer("Layers.ZeroPad1D", "(1, 2)", new L.ZeroPad1D((1, 2)), () => Randn(61, 1, 2, 3));
        yield return Layer("Layers.ZeroPad2D", "1", new L.ZeroPad2D(1), () => Randn(62, 1, 2, 2));
        yield return Layer("Layers.ZeroPad3D", "1", new L.ZeroPad3D(1), () => Randn(63, 1, 1, 2, 2));
        yield return Layer("Layers.ReflectionPad1D", "(2, 1)", new L.ReflectionPad1D((2, 1)), () => Randn(64, 1, 2, 4));
        yield return Layer("Layers.ReflectionPad2D", "(1, 2, 2, 1)", new L.ReflectionPad2D((1, 2, 2, 1)), () => Randn(65, 1, 3, 3));
        yield return Layer("Layers.ReflectionPad3D", "1", new L.ReflectionPad3D(1), () => Randn(66, 1, 1, 2, 2, 2));
        yield return Layer("Layers.ReplicationPad1D", "(2, 1)", new L.ReplicationPad1D((2, 1)), () => Randn(67, 1, 2, 3));
        yield return Layer("Layers.ReplicationPad2D", "(1, 2, 0, 1)", new L.ReplicationPad2D((1, 2, 0, 1)), () => Randn(68, 1, 2, 3));
        yield return Layer("Layers.ReplicationPad3D", "1", new L.ReplicationPad3D(1), () => Randn(69, 1, 1, 2, 2, 2));
        yield return Layer("Layers.CircularPad1D", "(2, 1)", new L.CircularPad1D((2, 1)), () => Randn(70, 1, 2, 3));
        yield return Layer("Layers.CircularPad2D", "(1, 2, 2, 1)", new L.CircularPad2D((1, 2, 2, 1)), () => Randn(71, 1, 3, 3));
        yield return Layer("Layers.CircularPad3D", "1", new L.CircularPad3D(1), () => Randn(72, 1, 1, 2, 2, 2));

        yield return Layer("Layers.Upsample", "bicubic x2", new L.Upsample(2.0, InterpolationMode.Bicubic), () => Randn(73, 1, 1, 2, 3));
        yield return Layer("Layers.UpsamplingBilinear2D", "x2", new L.UpsamplingBilinear2D(2.0), () => Randn(74, 1, 1, 2, 3));
        yield return Layer("Layers.UpsamplingNearest2D", "x2", new L.UpsamplingNearest2D(2.0), () => Randn(75, 1, 1, 2, 3));
        yield return Layer("Layers.Unfold", "k2", new L.Unfold(2), () => Randn(76, 1, 2, 3, 3));
        yield return Layer("Layers.Fold", "k2 to 3x3", new L.Fold((3, 3), 2), () => Randn(77, 1, 4, 4));
        yield return Layer("Layers.PixelShuffle", "r2", new L.PixelShuffle(2), () => Randn(78, 1, 4, 2, 1));
        yield return Layer("Layers.PixelUnshuffle", "r2", new L.PixelUnshuffle(2), () => Randn(79, 1, 1, 2, 4));
        yield return Layer("Layers.ChannelShuffle", "g3", new L.ChannelShuffle(3), () => Randn(80, 1, 6, 2, 1));

        var embedding = Float64(new L.Embedding(5, 3, paddingIdx: 2));
        yield return new GradGradCase("Layers.Embedding", "padding_idx 2", t => embedding.Forward(ids).Square(), () => [embedding.Weight]);
        var bag = Float64(new L.EmbeddingBag(5, 3, EmbeddingBagMode.Mean));
        Tensor bagRows = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 4 }, new Shape(2, 3));
        yield return new GradGradCase("Layers.EmbeddingBag", "mean", t => bag.Forward(bagRows).Square(), () => [bag.Weight]);
    }
}
