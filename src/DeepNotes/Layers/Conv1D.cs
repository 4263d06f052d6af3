using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A 1-D convolution layer, PyTorch's <c>nn.Conv1d</c>: <c>[N, in, L] -> [N, out, OL]</c> with
/// OL = ⌊(L + 2P − D·(k − 1) − 1) / S⌋ + 1, <see cref="ConvolutionLayer.Weight"/> <c>[out, in/groups, k]</c> and <see cref="ConvolutionLayer.Bias"/>
/// <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>). Initialised like PyTorch (see <see cref="Conv2D"/>).
/// </summary>
public sealed class Conv1D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output (filters).</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="stride">Step between output positions.</param>
    /// <param name="padding">Zeros added at both ends: an int, <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> (default none).</param>
    /// <param name="dilation">Spacing between kernel taps.</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <param name="paddingMode">PyTorch's <c>padding_mode</c>: Constant (zeros, the default), Reflect, Replicate or Circular (see <see cref="ConvolutionLayer.PaddingMode"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or <c>same</c> padding with a stride.</exception>
    public Conv1D(int inChannels, int outChannels, int kernelSize, int stride = 1, Padding padding = default, int dilation = 1,
        int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null,
        PaddingMode paddingMode = PaddingMode.Constant)
        : base("Conv1D", inChannels, outChannels, [kernelSize], transposed: false,
            weight => new ConvArguments("Conv1D", 1, false, weight, stride, padding, dilation, groups, 0),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
        PaddingMode = CheckedMode("Conv1D", paddingMode);
    }

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride => Arguments.Stride.Width;

    /// <summary>The padding as given (explicit, same or valid).</summary>
    public Padding Padding => Arguments.Padding;

    /// <summary>Dilation.</summary>
    public int Dilation => Arguments.Dilation.Width;

    /// <summary>The convolution: <c>[N, in, L] -> [N, out, OL]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, L]</c>, is shorter than the (dilated) kernel after padding, or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        Resolve(input);
        if (PaddingMode != PaddingMode.Constant) return Functional.Conv1D(PadInput(input), Weight, Bias, Stride, Padding.Valid, Dilation, Groups);
        return Functional.Conv1D(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor { Rank: 3 } y ? Flops(y.ElementCount, (long)(InChannels / Groups) * KernelSize) : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Conv1D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Stride}, padding: ");
        text += Padding.IsSame || Padding == Padding.Valid ? Padding.ToString() : Padding.Width.ToString(CultureInfo.InvariantCulture);
        if (Dilation != 1) text += string.Create(CultureInfo.InvariantCulture, $", dilation: {Dilation}");
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")}{DescribeMode()})";
    }
}
