using System.Globalization;
using DeepNotes.Initializers;
using DeepNotes.Ops;

namespace DeepNotes.Layers;

/// <summary>
/// A transposed 2-D convolution ("deconvolution") for upsampling, PyTorch's <c>nn.ConvTranspose2d</c>:
/// <c>[N, in, H, W] -> [N, out, OH, OW]</c> with OH = (H − 1)·S − 2P + D·(kH − 1) + output padding + 1 (likewise OW),
/// <see cref="Weight"/> <c>[in, out/groups, kH, kW]</c> and <see cref="Bias"/> <c>[out]</c> (state-dict names
/// <c>weight</c>, <c>bias</c>).
/// </summary>
/// <remarks>
/// Initialised like PyTorch, whose fan-in for this layer is computed from the weight's second dimension:
/// fan_in = out/groups·kH·kW, W ~ U(−1/√fan_in, 1/√fan_in), b ~ U(−1/√fan_in, 1/√fan_in).
/// </remarks>
/// <example><code>
/// var up = new ConvTranspose2D(64, 32, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1); // 14x14 -> 28x28
/// </code></example>
public sealed class ConvTranspose2D : Module<Tensor, Tensor>
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
    {
        string me = string.Create(CultureInfo.InvariantCulture, $"ConvTranspose2D({inChannels} -> {outChannels})");
        if (inChannels < 1 || outChannels < 1)
            throw new ArgumentException($"{me}: channel counts must be positive.", nameof(inChannels));
        if (kernelSize.Height < 1 || kernelSize.Width < 1)
            throw new ArgumentException($"{me}: kernel size must be positive, got {kernelSize}.", nameof(kernelSize));
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{me}: in and out channels must be divisible by groups, got groups {groups}.", nameof(groups));
        Size2D p = padding ?? 0;
        if (p.Height < 0 || p.Width < 0)
            throw new ArgumentException($"{me}: padding must be non-negative, got {Conv2D.Pair(p)}.", nameof(padding));
        var weight = Tensor.Zeros([inChannels, outChannels / groups, kernelSize.Height, kernelSize.Width], dtype);
        Arguments = new ConvArguments("ConvTranspose2D", 2, true, weight.Shape, stride ?? 1, new Padding(p.Height, p.Width),
            dilation ?? 1, groups, outputPadding ?? 0);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        RegisterParameter("weight", weight);
        Init.KaimingUniform(weight, negativeSlope: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            var b = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
            double bound = 1 / Math.Sqrt(outChannels / groups * kernelSize.Height * kernelSize.Width);
            Init.Uniform(b, -bound, bound, generator);
        }
        else
        {
            RegisterAbsentParameter("bias");
        }
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

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

    /// <summary>Channel groups.</summary>
    public int Groups => Arguments.Groups;

    /// <summary>The weight <c>[in, out/groups, kH, kW]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    private ConvArguments Arguments { get; }

    /// <summary>The transposed convolution: <c>[N, in, H, W] -> [N, out, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, H, W]</c> or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var g = Arguments.Resolve(input.Shape);
        if (input.DType != Weight.DType)
            throw new ArgumentException($"{Arguments.Describe()} has {Weight.DType} parameters, got a {input.DType} input.", nameof(input));
        return ConvolutionTransposed.Forward(input, Weight, Bias, g);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (input is not Tensor x || x.Rank != 4 || output is not Tensor y || y.Rank != 4) return 0;
        return 2L * x.ElementCount * (OutChannels / Groups) * KernelSize.Height * KernelSize.Width + (Bias is null ? 0 : y.ElementCount);
    }

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
