using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A 3-D convolution layer for volumes and video clips, PyTorch's <c>nn.Conv3d</c>: <c>[N, in, D, H, W] -> [N, out,
/// OD, OH, OW]</c> with OD = ⌊(D + 2P − Dil·(kD − 1) − 1) / S⌋ + 1 (likewise OH, OW),
/// <see cref="ConvolutionLayer.Weight"/> <c>[out, in/groups, kD, kH, kW]</c> and <see cref="ConvolutionLayer.Bias"/>
/// <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>).
/// </summary>
/// <remarks>
/// Default initialisation is PyTorch's: W ~ U(−1/√fan_in, 1/√fan_in) (Kaiming uniform with slope √5) with
/// fan_in = in/groups·kD·kH·kW, and b ~ U(−1/√fan_in, 1/√fan_in). It runs on the machinery of <see cref="Conv2D"/>
/// (direct convolution for stride 1, else im2col + GEMM).
/// </remarks>
/// <example><code>
/// var conv = new Conv3D(3, 64, kernelSize: 3, padding: 1);               // [N, 3, 16, 112, 112] -> [N, 64, 16, 112, 112]
/// var temporal = new Conv3D(64, 64, kernelSize: (3, 1, 1), padding: (1, 0, 0));
/// </code></example>
public sealed class Conv3D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output (filters).</param>
    /// <param name="kernelSize">Kernel depth, height and width: an int or (depth, height, width).</param>
    /// <param name="stride">Step between output positions (default 1).</param>
    /// <param name="padding">Padding around the input: an int, (depth, height, width), <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> (default none).</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <param name="paddingMode">PyTorch's <c>padding_mode</c>: Constant (zeros, the default), Reflect, Replicate or Circular (see <see cref="ConvolutionLayer.PaddingMode"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or <c>same</c> padding with a stride.</exception>
    public Conv3D(int inChannels, int outChannels, Size3D kernelSize, Size3D? stride = null, Padding padding = default,
        Size3D? dilation = null, int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null,
        PaddingMode paddingMode = PaddingMode.Constant)
        : base("Conv3D", inChannels, outChannels, [kernelSize.Depth, kernelSize.Height, kernelSize.Width], transposed: false,
            weight => ConvArguments.ThreeD("Conv3D", false, weight, stride ?? 1, padding, dilation ?? 1, groups, 0),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
        PaddingMode = CheckedMode("Conv3D", paddingMode);
    }

    /// <summary>Kernel (depth, height, width).</summary>
    public Size3D KernelSize { get; }

    /// <summary>Stride (depth, height, width).</summary>
    public Size3D Stride => Arguments.Stride3D;

    /// <summary>The padding as given (explicit, same or valid).</summary>
    public Padding Padding => Arguments.Padding;

    /// <summary>Dilation (depth, height, width).</summary>
    public Size3D Dilation => Arguments.Dilation3D;

    /// <summary>The convolution: <c>[N, in, D, H, W] -> [N, out, OD, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, D, H, W]</c>, is smaller than the (dilated) kernel after padding, or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        Resolve(input);
        if (PaddingMode != PaddingMode.Constant) return Functional.Conv3D(PadInput(input), Weight, Bias, Stride, Padding.Valid, Dilation, Groups);
        return Functional.Conv3D(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor { Rank: 5 } y
            ? Flops(y.ElementCount, (long)(InChannels / Groups) * KernelSize.Depth * KernelSize.Height * KernelSize.Width)
            : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string padding = Padding.IsSame || Padding == Padding.Valid ? Padding.ToString() : Triple(new Size3D(Padding.Depth, Padding.Height, Padding.Width));
        string text = $"Conv3D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Triple(Stride)}, padding: {padding}";
        if (Dilation != 1) text += $", dilation: {Triple(Dilation)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")}{DescribeMode()})";
    }

    internal static string Triple(Size3D s) => s.Depth == s.Height && s.Height == s.Width
        ? s.Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"({s.Depth}, {s.Height}, {s.Width})");
}
