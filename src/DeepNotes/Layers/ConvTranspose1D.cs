using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A transposed 1-D convolution for upsampling sequences, PyTorch's <c>nn.ConvTranspose1d</c>: <c>[N, in, L] -> [N,
/// out, OL]</c> with OL = (L − 1)·S − 2P + D·(k − 1) + output padding + 1, <see cref="ConvolutionLayer.Weight"/>
/// <c>[in, out/groups, k]</c> and <see cref="ConvolutionLayer.Bias"/> <c>[out]</c> (state-dict names <c>weight</c>,
/// <c>bias</c>). Initialised like PyTorch (see <see cref="ConvTranspose2D"/>): fan_in = out/groups·k.
/// </summary>
/// <example><code>
/// var up = new ConvTranspose1D(64, 32, kernelSize: 4, stride: 2, padding: 1); // [N, 64, 100] -> [N, 32, 200]
/// </code></example>
public sealed class ConvTranspose1D : ConvolutionLayer
{
    /// <summary>Creates the layer and initialises it like PyTorch.</summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="kernelSize">Kernel length.</param>
    /// <param name="stride">Upsampling factor (default 1).</param>
    /// <param name="padding">Padding of the convolution this transposes: removes positions at both ends of the output (default 0).</param>
    /// <param name="outputPadding">Extra positions at the end of the output (default 0); smaller than stride or dilation.</param>
    /// <param name="groups">Channel groups; in and out must both be divisible by it.</param>
    /// <param name="bias">Whether to learn an additive bias per output channel.</param>
    /// <param name="dilation">Spacing between kernel taps (default 1).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or the output padding is too large.</exception>
    public ConvTranspose1D(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0,
        int groups = 1, bool bias = true, int dilation = 1, DType dtype = DType.Float32, Generator? generator = null)
        : base("ConvTranspose1D", inChannels, outChannels, [kernelSize], transposed: true,
            weight => new ConvArguments("ConvTranspose1D", 1, true, weight, stride, CheckedPadding(inChannels, outChannels, padding),
                dilation, groups, outputPadding),
            groups, bias, dtype, generator)
    {
        KernelSize = kernelSize;
    }

    private static Padding CheckedPadding(int inChannels, int outChannels, int p) =>
        p >= 0
            ? p
            : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"ConvTranspose1D({inChannels} -> {outChannels}): padding must be non-negative, got {p}."),
                "padding");

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride => Arguments.Stride.Width;

    /// <summary>Padding.</summary>
    public int Padding => Arguments.Padding.Width;

    /// <summary>Output padding.</summary>
    public int OutputPadding => Arguments.OutputPadding.Width;

    /// <summary>Dilation.</summary>
    public int Dilation => Arguments.Dilation.Width;

    /// <summary>The transposed convolution: <c>[N, in, L] -> [N, out, OL]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, L]</c> or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        Resolve(input);
        return Functional.ConvTranspose1D(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        input is Tensor { Rank: 3 } x && output is Tensor { Rank: 3 } y
            ? Flops(y.ElementCount, 0) + 2L * x.ElementCount * (OutChannels / Groups) * KernelSize
            : 0;

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"ConvTranspose1D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Stride}, padding: {Padding}");
        if (OutputPadding != 0) text += string.Create(CultureInfo.InvariantCulture, $", output padding: {OutputPadding}");
        if (Dilation != 1) text += string.Create(CultureInfo.InvariantCulture, $", dilation: {Dilation}");
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")})";
    }
}
