using System.Globalization;
using DeepNotes.Initializers;
using DeepNotes.Ops;

namespace DeepNotes.Layers;

/// <summary>
/// A 2-D convolution layer, PyTorch's <c>nn.Conv2d</c>: <c>[N, in, H, W] -> [N, out, OH, OW]</c> with
/// OH = ⌊(H + 2P − D·(kH − 1) − 1) / S⌋ + 1 (likewise OW), <see cref="Weight"/> <c>[out, in/groups, kH, kW]</c> and
/// <see cref="Bias"/> <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>).
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
public sealed class Conv2D : Module<Tensor, Tensor>
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
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or <c>same</c> padding with a stride.</exception>
    public Conv2D(int inChannels, int outChannels, Size2D kernelSize, Size2D? stride = null, Padding padding = default,
        Size2D? dilation = null, int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        string me = string.Create(CultureInfo.InvariantCulture, $"Conv2D({inChannels} -> {outChannels})");
        if (inChannels < 1 || outChannels < 1)
            throw new ArgumentException($"{me}: channel counts must be positive.", nameof(inChannels));
        if (kernelSize.Height < 1 || kernelSize.Width < 1)
            throw new ArgumentException($"{me}: kernel size must be positive, got {kernelSize}.", nameof(kernelSize));
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{me}: in and out channels must be divisible by groups, got groups {groups}.", nameof(groups));
        var weight = Tensor.Zeros([outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width], dtype);
        Arguments = new ConvArguments("Conv2D", 2, false, weight.Shape, stride ?? 1, padding, dilation ?? 1, groups, 0);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        RegisterParameter("weight", weight);
        Init.KaimingUniform(weight, negativeSlope: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            var b = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
            double bound = 1 / Math.Sqrt(inChannels / groups * kernelSize.Height * kernelSize.Width);
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

    /// <summary>The padding as given (explicit, same or valid).</summary>
    public Padding Padding => Arguments.Padding;

    /// <summary>Dilation (height, width).</summary>
    public Size2D Dilation => Arguments.Dilation;

    /// <summary>Channel groups.</summary>
    public int Groups => Arguments.Groups;

    /// <summary>The weight <c>[out, in/groups, kH, kW]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    private ConvArguments Arguments { get; }

    /// <summary>The convolution: <c>[N, in, H, W] -> [N, out, OH, OW]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, H, W]</c>, is smaller than the (dilated) kernel after padding, or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var g = Arguments.Resolve(input.Shape);
        if (input.DType != Weight.DType)
            throw new ArgumentException($"{Arguments.Describe()} has {Weight.DType} parameters, got a {input.DType} input.", nameof(input));
        return Ops.Convolution.Forward(input, Weight, Bias, g);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (output is not Tensor y || y.Rank != 4) return 0;
        long outputs = y.ElementCount;
        return 2L * outputs * (InChannels / Groups) * KernelSize.Height * KernelSize.Width + (Bias is null ? 0 : outputs);
    }

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = $"Conv2D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Pair(Stride)}, padding: {Padding}";
        if (Dilation != 1) text += $", dilation: {Pair(Dilation)}";
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")})";
    }

    internal static string Pair(Size2D s) => s.Height == s.Width
        ? s.Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"({s.Height}, {s.Width})");
}
