using System.Globalization;
using DeepNotes.Initializers;
using DeepNotes.Ops;

namespace DeepNotes.Layers;

/// <summary>
/// A 1-D convolution layer, PyTorch's <c>nn.Conv1d</c>: <c>[N, in, L] -> [N, out, OL]</c> with
/// OL = ⌊(L + 2P − D·(k − 1) − 1) / S⌋ + 1, <see cref="Weight"/> <c>[out, in/groups, k]</c> and <see cref="Bias"/>
/// <c>[out]</c> (state-dict names <c>weight</c>, <c>bias</c>). Initialised like PyTorch (see <see cref="Conv2D"/>).
/// </summary>
public sealed class Conv1D : Module<Tensor, Tensor>
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
    /// <exception cref="ArgumentException">A size is not positive, channels are not divisible by groups, or <c>same</c> padding with a stride.</exception>
    public Conv1D(int inChannels, int outChannels, int kernelSize, int stride = 1, Padding padding = default, int dilation = 1,
        int groups = 1, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        string me = string.Create(CultureInfo.InvariantCulture, $"Conv1D({inChannels} -> {outChannels})");
        if (inChannels < 1 || outChannels < 1)
            throw new ArgumentException($"{me}: channel counts must be positive.", nameof(inChannels));
        if (kernelSize < 1)
            throw new ArgumentException($"{me}: kernel size must be positive, got {kernelSize}.", nameof(kernelSize));
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{me}: in and out channels must be divisible by groups, got groups {groups}.", nameof(groups));
        var weight = Tensor.Zeros([outChannels, inChannels / groups, kernelSize], dtype);
        Arguments = new ConvArguments("Conv1D", 1, false, weight.Shape, stride, padding, dilation, groups, 0);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        RegisterParameter("weight", weight);
        Init.KaimingUniform(weight, negativeSlope: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            var b = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
            double bound = 1 / Math.Sqrt(inChannels / groups * kernelSize);
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

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride => Arguments.Stride.Width;

    /// <summary>The padding as given (explicit, same or valid).</summary>
    public Padding Padding => Arguments.Padding;

    /// <summary>Dilation.</summary>
    public int Dilation => Arguments.Dilation.Width;

    /// <summary>Channel groups.</summary>
    public int Groups => Arguments.Groups;

    /// <summary>The weight <c>[out, in/groups, k]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    private ConvArguments Arguments { get; }

    /// <summary>The convolution: <c>[N, in, L] -> [N, out, OL]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, in, L]</c>, is shorter than the (dilated) kernel after padding, or has another dtype than the parameters.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Arguments.Resolve(input.Shape);
        if (input.DType != Weight.DType)
            throw new ArgumentException($"{Arguments.Describe()} has {Weight.DType} parameters, got a {input.DType} input.", nameof(input));
        return Functional.Conv1D(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (output is not Tensor y || y.Rank != 3) return 0;
        long outputs = y.ElementCount;
        return 2L * outputs * (InChannels / Groups) * KernelSize + (Bias is null ? 0 : outputs);
    }

    /// <inheritdoc/>
    public override string Describe()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"Conv1D(in: {InChannels}, out: {OutChannels}, kernel: {KernelSize}, stride: {Stride}, padding: ");
        text += Padding.IsSame || Padding == Padding.Valid ? Padding.ToString() : Padding.Width.ToString(CultureInfo.InvariantCulture);
        if (Dilation != 1) text += string.Create(CultureInfo.InvariantCulture, $", dilation: {Dilation}");
        if (Groups != 1) text += string.Create(CultureInfo.InvariantCulture, $", groups: {Groups}");
        return text + $", bias: {(Bias is not null ? "true" : "false")})";
    }
}
