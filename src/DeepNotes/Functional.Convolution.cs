using DeepNotes.Ops;
using DeepNotes.Ops.Convolution;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation), like <c>F.conv2d</c>: <c>[N, C, H, W] -> [N, K, OH, OW]</c> with
    /// <paramref name="weight"/> <c>[K, C/groups, kH, kW]</c> and an optional <paramref name="bias"/> <c>[K]</c>;
    /// OH = ⌊(H + 2P − D·(kH − 1) − 1) / S⌋ + 1 (likewise OW).
    /// </summary>
    /// <param name="input">The images <c>[N, C, H, W]</c>.</param>
    /// <param name="weight">The filters <c>[K, C/groups, kH, kW]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[K]</c>.</param>
    /// <param name="stride">Step between output positions (default 1); an int or (height, width).</param>
    /// <param name="padding">Zeros added around the input: an int, (height, width), <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> (default none).</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Channel groups: input and output channels split into this many independent convolutions (C = groups: depthwise).</param>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit; the message names the convolution, the expected and the actual input.</exception>
    public static Tensor Conv2D(Tensor input, Tensor weight, Tensor? bias = null, Size2D? stride = null,
        Padding padding = default, Size2D? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var args = new ConvArguments("Conv2D", 2, false, weight.Shape, stride ?? 1, padding, dilation ?? 1, groups, 0);
        args.CheckTensors(input, weight, bias);
        return Ops.Convolution.Convolution.Forward(input, weight, bias, args.Resolve(input.Shape));
    }

    /// <summary>
    /// 1-D convolution, like <c>F.conv1d</c>: <c>[N, C, L] -> [N, K, OL]</c> with <paramref name="weight"/>
    /// <c>[K, C/groups, k]</c> and an optional <paramref name="bias"/> <c>[K]</c>; OL = ⌊(L + 2P − D·(k − 1) − 1) / S⌋ + 1.
    /// </summary>
    /// <param name="input">The sequences <c>[N, C, L]</c>.</param>
    /// <param name="weight">The filters <c>[K, C/groups, k]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[K]</c>.</param>
    /// <param name="stride">Step between output positions.</param>
    /// <param name="padding">Zeros added at both ends: an int, <see cref="Padding.Same"/> or <see cref="Padding.Valid"/>.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <param name="groups">Channel groups.</param>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit.</exception>
    public static Tensor Conv1D(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, Padding padding = default,
        int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var args = new ConvArguments("Conv1D", 1, false, weight.Shape, stride, padding, dilation, groups, 0);
        args.CheckTensors(input, weight, bias);
        var g = args.Resolve(input.Shape);
        Tensor x4 = input.Reshape([g.Batch, g.InChannels, 1, g.InWidth]);
        Tensor w4 = weight.Reshape([weight.Shape[0], weight.Shape[1], 1, g.KernelWidth]);
        return Ops.Convolution.Convolution.Forward(x4, w4, bias, g).Reshape([g.Batch, g.OutChannels, g.OutWidth]);
    }

    /// <summary>
    /// Transposed 2-D convolution (the adjoint of <see cref="Conv2D"/>, "deconvolution"), like
    /// <c>F.conv_transpose2d</c>: <c>[N, Cin, H, W] -> [N, Cout, OH, OW]</c> with <paramref name="weight"/>
    /// <c>[Cin, Cout/groups, kH, kW]</c> and an optional <paramref name="bias"/> <c>[Cout]</c>;
    /// OH = (H − 1)·S − 2P + D·(kH − 1) + output padding + 1 (likewise OW).
    /// </summary>
    /// <param name="input">The feature maps <c>[N, Cin, H, W]</c>.</param>
    /// <param name="weight">The filters <c>[Cin, Cout/groups, kH, kW]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[Cout]</c>.</param>
    /// <param name="stride">Upsampling factor (the stride of the convolution this transposes).</param>
    /// <param name="padding">Padding of the convolution this transposes (removes rows and columns from the output).</param>
    /// <param name="outputPadding">Extra rows/columns added on the bottom/right of the output; smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit.</exception>
    public static Tensor ConvTranspose2D(Tensor input, Tensor weight, Tensor? bias = null, Size2D? stride = null,
        Size2D? padding = null, Size2D? outputPadding = null, int groups = 1, Size2D? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        Size2D p = padding ?? 0;
        var args = new ConvArguments("ConvTranspose2D", 2, true, weight.Shape, stride ?? 1, new Padding(p.Height, p.Width),
            dilation ?? 1, groups, outputPadding ?? 0);
        args.CheckTensors(input, weight, bias);
        return ConvolutionTransposed.Forward(input, weight, bias, args.Resolve(input.Shape));
    }
}
