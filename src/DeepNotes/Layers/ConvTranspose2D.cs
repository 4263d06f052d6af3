using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A transposed 2-D convolution ("deconvolution") for upsampling, PyTorch's <c>nn.ConvTranspose2d</c>:
/// <c>[N, in, H, W] -> [N, out, OH, OW]</c> with OH = (H − 1)·S − 2P + D·(kH − 1) + output padding + 1 (likewise OW),
/// <see cref="ConvolutionLayer.Weight"/> <c>[in, out/groups, kH, kW]</c> and <see cref="ConvolutionLayer.Bias"/> <c>[out]</c> (state-dict names
/// <c>weight</c>, <c>bias</c>).
/// </summary>
/// <remarks>
/// Initialised like PyTorch, whose fan-in for this layer is computed from the weight's second dimension:
/// fan_in = out/groups·kH·kW, W ~ U(−1/√fan_in, 1/√fan_in), b ~ U(−1/√fan_in, 1/√fan_in).
/// </remarks>
/// <example><code>
/// var up = new ConvTranspose2D(64, 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1); // 14x14 -> 28x28
/// </code></example>
public sealed class ConvTranspose2D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="kernelSize">Kernel height and width: an int or (height, width).</param>
    /// <param name="stride">Upsampling factor (default 1).</param>
    /// <param name="padding">Padding of the convolution this transposes: removes rows/columns from the output (default 0).</param>
    /// <param name="outputPadding">Extra rows/columns on the bottom/right of the output (default 0); smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or the output padding is too large.</exception>
    public ConvTranspose2D(int inChannels, int outChannels, Size2D kernelSize, Size2D? stride = null, Size2D? padding = null,
        Size2D? outputPadding = null, int groups = 1, bool bias = true, Size2D? dilation = null, DType dtype = DType.Float32,
        Generator? generator = null)
        : base("ConvTranspose2D", inChannels, outChannels, [kernelSize.Height, kernelSize.Width], transposed: true,
            weight => new ConvArguments("ConvTranspose2D", 2, true, weight, stride ?? 1, CheckedPadding(inChannels, outChannels, padding ?? 0),
                dilation ?? 1, groups, outputPadding ?? 0),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
    }

    private static Padding CheckedPadding(int inChannels, int outChannels, Size2D p) =>
        p.Height >= 0 && p.Width >= 0
            ? new Padding(p.Height, p.Width)
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"ConvTranspose2D({inChannels} -> {outChannels}): padding must be non-negative, got {Conv2D.Pair(p)}."),
                "padding");

    /// <summary>Kernel (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>Stride (height, width).</summary>
    public Size2D Stride => Arguments.Stride;

    /// <summary>Padding (height, width).</summary>
    public Size2D Padding => new(Arguments.Padding.Height, Arguments.Padding.Width);

    /// <summary>Output padding (height, width).</summary>
    public Size2D OutputPadding => Arguments.OutputPadding;

    /// <summary>Dilation (height, width).</summary>
    public Size2D Dilation => Arguments.Dilation;

    /// <summary>The transposed convolution: <c>[N, in, H, W] -> [N, out, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, H, W]</c> or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input) => Functional.ConvTranspose2DWithGeometry(input, Weight, Bias, Resolve(input));

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        input is Tensor { Rank: 4 } x && output is Tensor { Rank: 4 } y
            ? Flops(y.ElementCount, 0) + 2L * x.ElementCount * (OutChannels / Groups) * KernelSize.Height * KernelSize.Width
            : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = $"ConvTranspose2D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Conv2D.Pair(Stride)}, padding: {Conv2D.Pair(Padding)}";
        if (OutputPadding != 0) text += $", output padding: {Conv2D.Pair(OutputPadding)}";
        if (Dilation != 1) text += $", dilation: {Conv2D.Pair(Dilation)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")})";
    }
}
