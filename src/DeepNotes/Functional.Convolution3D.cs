using System.Globalization;
using DeepNotes.Ops;
using DeepNotes.Ops.Convolution;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// 3-D convolution (cross-correlation) of volumes or clips, like <c>F.conv3d</c>: <c>[N, C, D, H, W] -> [N, K, OD,
    /// OH, OW]</c> with <paramref name="weight"/> <c>[K, C/groups, kD, kH, kW]</c> and an optional
    /// <paramref name="bias"/> <c>[K]</c>; OD = ⌊(D + 2P − Dil·(kD − 1) − 1) / S⌋ + 1 (likewise OH, OW).
    /// </summary>
    /// <param name="input">The volumes <c>[N, C, D, H, W]</c> (D: depth or time).</param>
    /// <param name="weight">The filters <c>[K, C/groups, kD, kH, kW]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[K]</c>.</param>
    /// <param name="stride">Step between output positions (default 1); an int or (depth, height, width).</param>
    /// <param name="padding">Zeros added around the input: an int, (depth, height, width), <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> (default none).</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Channel groups: input and output channels split into this many independent convolutions.</param>
    /// <returns><c>[N, K, OD, OH, OW]</c>. Backward: the input gradient is the transposed convolution of the output gradient, the weight gradient its correlation with the input, the bias gradient its sum over batch and positions.</returns>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit; the message names the convolution, the expected and the actual input.</exception>
    public static Tensor Conv3D(Tensor input, Tensor weight, Tensor? bias = null, Size3D? stride = null,
        Padding padding = default, Size3D? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var args = ConvArguments.ThreeD("Conv3D", false, weight.Shape, stride ?? 1, padding, dilation ?? 1, groups, 0);
        args.CheckTensors(input, weight, bias);
        return Ops.Convolution.Convolution.Forward(input, weight, bias, args.Resolve(input.Shape));
    }

    /// <summary>
    /// Transposed 3-D convolution (the adjoint of <see cref="Conv3D"/>), like <c>F.conv_transpose3d</c>:
    /// <c>[N, Cin, D, H, W] -> [N, Cout, OD, OH, OW]</c> with <paramref name="weight"/> <c>[Cin, Cout/groups, kD, kH,
    /// kW]</c> and an optional <paramref name="bias"/> <c>[Cout]</c>; OD = (D − 1)·S − 2P + Dil·(kD − 1) + output
    /// padding + 1 (likewise OH, OW).
    /// </summary>
    /// <param name="input">The feature volumes <c>[N, Cin, D, H, W]</c>.</param>
    /// <param name="weight">The filters <c>[Cin, Cout/groups, kD, kH, kW]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[Cout]</c>.</param>
    /// <param name="stride">Upsampling factor (the stride of the convolution this transposes); an int or (depth, height, width).</param>
    /// <param name="padding">Padding of the convolution this transposes (removes slices, rows and columns from the output).</param>
    /// <param name="outputPadding">Extra slices/rows/columns added at the back/bottom/right of the output; smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <returns><c>[N, Cout, OD, OH, OW]</c>. Backward: the input gradient is the convolution of the output gradient with the same weight.</returns>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit.</exception>
    public static Tensor ConvTranspose3D(Tensor input, Tensor weight, Tensor? bias = null, Size3D? stride = null,
        Size3D? padding = null, Size3D? outputPadding = null, int groups = 1, Size3D? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        Size3D p = padding ?? 0;
        var args = ConvArguments.ThreeD("ConvTranspose3D", true, weight.Shape, stride ?? 1, TransposedPadding("ConvTranspose3D", p),
            dilation ?? 1, groups, outputPadding ?? 0);
        args.CheckTensors(input, weight, bias);
        return ConvolutionTransposed.Forward(input, weight, bias, args.Resolve(input.Shape));
    }

    /// <summary>
    /// Transposed 1-D convolution, like <c>F.conv_transpose1d</c>: <c>[N, Cin, L] -> [N, Cout, OL]</c> with
    /// <paramref name="weight"/> <c>[Cin, Cout/groups, k]</c> and an optional <paramref name="bias"/> <c>[Cout]</c>;
    /// OL = (L − 1)·S − 2P + D·(k − 1) + output padding + 1.
    /// </summary>
    /// <param name="input">The sequences <c>[N, Cin, L]</c>.</param>
    /// <param name="weight">The filters <c>[Cin, Cout/groups, k]</c>.</param>
    /// <param name="bias">Optional per-output-channel bias <c>[Cout]</c>.</param>
    /// <param name="stride">Upsampling factor.</param>
    /// <param name="padding">Padding of the convolution this transposes (removes positions at both ends of the output).</param>
    /// <param name="outputPadding">Extra positions added at the end of the output; smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups.</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <returns><c>[N, Cout, OL]</c>.</returns>
    /// <exception cref="ArgumentException">Shapes, dtypes or hyper-parameters do not fit.</exception>
    public static Tensor ConvTranspose1D(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0,
        int outputPadding = 0, int groups = 1, int dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (padding < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"ConvTranspose1D: padding must be non-negative, got {padding}."), nameof(padding));
        var args = new ConvArguments("ConvTranspose1D", 1, true, weight.Shape, stride, padding, dilation, groups, outputPadding);
        args.CheckTensors(input, weight, bias);
        var g = args.Resolve(input.Shape);
        Tensor x4 = input.Reshape([g.Batch, g.OutChannels, 1, g.OutWidth]);
        Tensor w4 = weight.Reshape([weight.Shape[0], weight.Shape[1], 1, g.KernelWidth]);
        return ConvolutionTransposed.Forward(x4, w4, bias, g).Reshape([g.Batch, g.InChannels, g.InWidth]);
    }

    /// <summary>The padding of a transposed convolution as a <see cref="Padding"/>; throws <see cref="ArgumentException"/> when negative.</summary>
    internal static Padding TransposedPadding(string name, Size3D p) =>
        p.Depth >= 0 && p.Height >= 0 && p.Width >= 0
            ? new Padding(p.Depth, p.Height, p.Width)
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{name}: padding must be non-negative, got ({p.Depth}, {p.Height}, {p.Width})."),
                "padding");
}
