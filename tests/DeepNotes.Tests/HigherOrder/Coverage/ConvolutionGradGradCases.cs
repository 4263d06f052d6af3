using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the convolutions: functional 1-D/2-D/3-D convolutions and transposed convolutions (stride,
/// padding incl. 'same', dilation, groups, bias, output padding) and the layers, whose weight and bias are checked
/// inputs too. More thorough checks are in <c>ConvolutionGradGradTests</c>.
/// </summary>
public sealed class ConvolutionGradGradCases : IGradGradCaseSource
{
    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        // functional convolutions: input, weight, bias
        yield return new("Functional.Conv1D", "stride 2, padding 1, groups 2, bias",
            t => Functional.Conv1D(t[0], t[1], t[2], stride: 2, padding: 1, groups: 2),
            () => [Randn(1, 1, 2, 5), Randn(2, 2, 1, 3), Randn(3, 2)]);
        yield return new("Functional.Conv1D", "same, dilation 2",
            t => Functional.Conv1D(t[0], t[1], padding: Padding.Same, dilation: 2),
            () => [Randn(4, 1, 2, 5), Randn(5, 1, 2, 2)]);
        yield return new("Functional.Conv2D", "stride 2, padding 1, bias",
            t => Functional.Conv2D(t[0], t[1], t[2], stride: 2, padding: 1),
            () => [Randn(6, 1, 2, 4, 4), Randn(7, 2, 2, 2, 2), Randn(8, 2)]);
        yield return new("Functional.Conv2D", "same, dilation (1, 2), depthwise",
            t => Functional.Conv2D(t[0], t[1], padding: Padding.Same, dilation: (1, 2), groups: 2),
            () => [Randn(9, 1, 2, 3, 4), Randn(10, 2, 1, 2, 2)]);
        yield return new("Functional.Conv3D", "stride (1, 2, 1), padding 1, bias",
            t => Functional.Conv3D(t[0], t[1], t[2], stride: (1, 2, 1), padding: 1),
            () => [Randn(11, 1, 1, 2, 3, 3), Randn(12, 2, 1, 2, 2, 2), Randn(13, 2)]);
        yield return new("Functional.ConvTranspose1D", "stride 2, padding 1, output padding 1, bias",
            t => Functional.ConvTranspose1D(t[0], t[1], t[2], stride: 2, padding: 1, outputPadding: 1),
            () => [Randn(14, 1, 2, 4), Randn(15, 2, 2, 3), Randn(16, 2)]);
        yield return new("Functional.ConvTranspose2D", "stride 2, output padding 1, groups 2, dilation 1, bias",
            t => Functional.ConvTranspose2D(t[0], t[1], t[2], stride: 2, outputPadding: 1, groups: 2),
            () => [Randn(17, 1, 2, 2, 3), Randn(18, 2, 1, 2, 2), Randn(19, 2)]);
        yield return new("Functional.ConvTranspose3D", "stride 2, padding (0, 1, 0), bias",
            t => Functional.ConvTranspose3D(t[0], t[1], t[2], stride: 2, padding: (0, 1, 0)),
            () => [Randn(20, 1, 2, 2, 2, 2), Randn(21, 2, 1, 2, 2, 2), Randn(22, 1)]);

        // the padding modes of the convolution layers run on Pad
        yield return new("Functional.Pad", "reflect, replicate and circular (conv layers' padding modes)",
            t => Functional.Pad(t[0], [1, 2, 1, 0], PaddingMode.Reflect) * Functional.Pad(t[0], [1, 2, 1, 0], PaddingMode.Replicate)
                + Functional.Pad(t[0], [2, 1, 0, 1], PaddingMode.Circular).Square(),
            () => [Randn(30, 1, 1, 3, 3)]);

        // layers: input and the module's parameters
        yield return Layer("Layers.Conv1D", "reflect padding, stride 2",
            new Conv1D(2, 2, 3, stride: 2, padding: 1, paddingMode: PaddingMode.Reflect), 23, 1, 2, 5);
        yield return Layer("Layers.Conv2D", "padding 1, groups 2",
            new Conv2D(2, 2, 2, padding: 1, groups: 2), 24, 1, 2, 3, 3);
        yield return Layer("Layers.Conv2D", "circular padding, dilation 2",
            new Conv2D(1, 2, 2, padding: 1, dilation: 2, paddingMode: PaddingMode.Circular), 25, 1, 1, 4, 4);
        yield return Layer("Layers.Conv3D", "replicate padding",
            new Conv3D(1, 1, 2, padding: (1, 0, 1), paddingMode: PaddingMode.Replicate), 26, 1, 1, 2, 3, 2);
        yield return Layer("Layers.ConvTranspose1D", "stride 2, output padding 1",
            new ConvTranspose1D(2, 1, 3, stride: 2, padding: 1, outputPadding: 1), 27, 1, 2, 3);
        yield return Layer("Layers.ConvTranspose2D", "stride 2, dilation 2",
            new ConvTranspose2D(1, 2, 2, stride: 2, dilation: 2), 28, 1, 1, 2, 3);
        yield return Layer("Layers.ConvTranspose3D", "stride (1, 2, 2), padding 1",
            new ConvTranspose3D(1, 1, 2, stride: (1, 2, 2), padding: 1, outputPadding: (0, 1, 0)), 29, 1, 1, 2, 2, 2);
    }

    /// <summary>A layer case: the input of <paramref name="shape"/> and the layer's float64 weight and bias are checked.</summary>
    private static GradGradCase Layer(string api, string label, Module<Tensor, Tensor> layer, ulong seed, params int[] shape)
    {
        var module = Float64(layer);
        return new(api, label, t => module.Forward(t[0]), () => [Randn(seed, shape), .. module.Parameters()]);
    }
}
