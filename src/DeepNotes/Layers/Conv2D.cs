using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A 2-D convolution layer, PyTorch's <c>nn.Conv2d</c>: <c>[N, in, H, W] -> [N, out, OH, OW]</c> with
/// OH = ⌊(H + 2P − D·(kH − 1) − 1) / S⌋ + 1 (likewise OW), <see cref="ConvolutionLayer.Weight"/> <c>[out, in/groups, kH, kW]</c> and
/// <see cref="ConvolutionLayer.Bias"/> <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>).
/// </summary>
/// <remarks>
/// Default initialisation is PyTorch's: W ~ Kaiming uniform with slope √5, i.e. U(−1/√fan_in, 1/√fan_in) with
/// fan_in = in/groups·kH·kW, and b ~ U(−1/√fan_in, 1/√fan_in). <c>groups = in</c> makes a depthwise convolution
/// (follow it with a 1×1 convolution for a depthwise-separable one).
/// </remarks>
/// <example><code>
/// var conv = new Conv2D(1, 32, kernelSize: 3, padding: Padding.Same);   // [N, 1, 28, 28] -> [N, 32, 28, 28]
/// var down = new Conv2D(32, 64, kernelSize: 3, stride: 2, padding: 1);  // [N, 32, 28, 28] -> [N, 64, 14, 14]
/// </code></example>
public sealed class Conv2D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output (filters).</param>
    /// <param name="kernelSize">Kernel height and width: an int or (height, width).</param>
    /// <param name="stride">Step between output positions (default 1).</param>
    /// <param name="padding">Zeros added around the input: an int, (height, width), <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> (default none).</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <param name="paddingMode">PyTorch's <c>padding_mode</c>: Constant (zeros, the default), Reflect, Replicate or Circular (see <see cref="ConvolutionLayer.PaddingMode"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or <c>same</c> padding with a stride.</exception>
    public Conv2D(int inChannels, int outChannels, Size2D kernelSize, Size2D? stride = null, Padding padding = default,
        Size2D? dilation = null, int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null,
        PaddingMode paddingMode = PaddingMode.Constant)
        : base("Conv2D", inChannels, outChannels, [kernelSize.Height, kernelSize.Width], transposed: false,
            weight => new ConvArguments("Conv2D", 2, false, weight, stride ?? 1, padding, dilation ?? 1, groups, 0),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
        PaddingMode = CheckedMode("Conv2D", paddingMode);
    }

    /// <summary>Kernel (height, width).</summary>
    public Size2D KernelSize { get; }

    /// <summary>Stride (height, width).</summary>
    public Size2D Stride => Arguments.Stride;

    /// <summary>The padding as given (explicit, same or valid).</summary>
    public Padding Padding => Arguments.Padding;

    /// <summary>Dilation (height, width).</summary>
    public Size2D Dilation => Arguments.Dilation;

    /// <summary>The convolution: <c>[N, in, H, W] -> [N, out, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, H, W]</c>, is smaller than the (dilated) kernel after padding, or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        if (PaddingMode == PaddingMode.Constant) return Functional.Conv2DWithGeometry(input, Weight, Bias, Resolve(input));
        Resolve(input);
        return Functional.Conv2D(PadInput(input), Weight, Bias, Stride, Padding.Valid, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor { Rank: 4 } y ? Flops(y.ElementCount, (long)(InChannels / Groups) * KernelSize.Height * KernelSize.Width) : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = $"Conv2D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Pair(Stride)}, padding: {Padding}";
        if (Dilation != 1) text += $", dilation: {Pair(Dilation)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")}{DescribeMode()})";
    }

    internal static string Pair(Size2D s) => s.Height == s.Width
        ? s.Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"({s.Height}, {s.Width})");
}
