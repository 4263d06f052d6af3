using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A transposed 3-D convolution for upsampling volumes and clips, PyTorch's <c>nn.ConvTranspose3d</c>:
/// <c>[N, in, D, H, W] -> [N, out, OD, OH, OW]</c> with OD = (D − 1)·S − 2P + Dil·(kD − 1) + output padding + 1
/// (likewise OH, OW), <see cref="ConvolutionLayer.Weight"/> <c>[in, out/groups, kD, kH, kW]</c> and
/// <see cref="ConvolutionLayer.Bias"/> <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>).
/// </summary>
/// <remarks>
/// Initialised like PyTorch, whose fan-in for this layer is computed from the weight's second dimension:
/// fan_in = out/groups·kD·kH·kW, W ~ U(−1/√fan_in, 1/√fan_in), b ~ U(−1/√fan_in, 1/√fan_in).
/// </remarks>
/// <example><code>
/// var up = new ConvTranspose3D(64, 32, kernelSize: 2, stride: 2); // [N, 64, 8, 28, 28] -> [N, 32, 16, 56, 56]
/// </code></example>
public sealed class ConvTranspose3D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="kernelSize">Kernel depth, height and width: an int or (depth, height, width).</param>
    /// <param name="stride">Upsampling factor (default 1).</param>
    /// <param name="padding">Padding of the convolution this transposes: removes slices/rows/columns from the output (default 0).</param>
    /// <param name="outputPadding">Extra slices/rows/columns at the back/bottom/right of the output (default 0); smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or the output padding is too large.</exception>
    public ConvTranspose3D(int inChannels, int outChannels, Size3D kernelSize, Size3D? stride = null, Size3D? padding = null,
        Size3D? outputPadding = null, int groups = 1, bool bias = true, Size3D? dilation = null, DType dtype = DType.Float32,
        Generator? generator = null)
        : base("ConvTranspose3D", inChannels, outChannels, [kernelSize.Depth, kernelSize.Height, kernelSize.Width], transposed: true,
            weight => ConvArguments.ThreeD("ConvTranspose3D", true, weight, stride ?? 1,
                Functional.TransposedPadding(string.Create(CultureInfo.InvariantCulture, $"ConvTranspose3D({inChannels} -> {outChannels})"), padding ?? 0),
                dilation ?? 1, groups, outputPadding ?? 0),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
    }

    /// <summary>Kernel (depth, height, width).</summary>
    public Size3D KernelSize { get; }

    /// <summary>Stride (depth, height, width).</summary>
    public Size3D Stride => Arguments.Stride3D;

    /// <summary>Padding (depth, height, width).</summary>
    public Size3D Padding => new(Arguments.Padding.Depth, Arguments.Padding.Height, Arguments.Padding.Width);

    /// <summary>Output padding (depth, height, width).</summary>
    public Size3D OutputPadding => Arguments.OutputPadding3D;

    /// <summary>Dilation (depth, height, width).</summary>
    public Size3D Dilation => Arguments.Dilation3D;

    /// <summary>The transposed convolution: <c>[N, in, D, H, W] -> [N, out, OD, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, D, H, W]</c> or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        Resolve(input);
        return Functional.ConvTranspose3D(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        input is Tensor { Rank: 5 } x && output is Tensor { Rank: 5 } y
            ? Flops(y.ElementCount, 0) + 2L * x.ElementCount * (OutChannels / Groups) * KernelSize.Depth * KernelSize.Height * KernelSize.Width
            : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = $"ConvTranspose3D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Conv3D.Triple(Stride)}, padding: {Conv3D.Triple(Padding)}";
        if (OutputPadding != 0) text += $", output padding: {Conv3D.Triple(OutputPadding)}";
        if (Dilation != 1) text += $", dilation: {Conv3D.Triple(Dilation)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")})";
    }
}
