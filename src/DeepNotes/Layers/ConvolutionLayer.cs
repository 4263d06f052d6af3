using System.Globalization;
using DeepNotes.Initializers;
using DeepNotes.Kernels;

namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="Conv1D"/>, <see cref="Conv2D"/>, <see cref="Conv3D"/> and the transposed convolutions share, PyTorch's <c>_ConvNd</c>:
/// the channel counts, the <c>weight</c> (<c>[out, in/groups, k...]</c>, or <c>[in, out/groups, k...]</c> when
/// transposed) and optional <c>bias</c> <c>[out]</c>, and PyTorch's initialisation: W ~ Kaiming uniform with slope √5,
/// i.e. U(−1/√fan_in, 1/√fan_in), and b ~ U(−1/√fan_in, 1/√fan_in), fan_in being the weight's second dimension times
/// the kernel size.
/// </summary>
public abstract class ConvolutionLayer : Module<Tensor, Tensor>
{
    private readonly ConvArguments _arguments;

    private protected ConvolutionLayer(string layer, int inChannels, int outChannels, int[] kernelSize, bool transposed,
        Func<Shape, ConvArguments> arguments, int groups, bool bias, DType dtype, Generator? generator)
    {
        string me = string.Create(CultureInfo.InvariantCulture, $"{layer}({inChannels} -> {outChannels})");
        if (inChannels < 1 || outChannels < 1)
            throw new ArgumentException($"{me}: channel counts must be positive.", nameof(inChannels));
        if (kernelSize.Any(k => k < 1))
            throw new ArgumentException($"{me}: kernel size must be positive, got {string.Join("x", kernelSize)}.", nameof(kernelSize));
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{me}: in and out channels must be divisible by groups, got groups {groups}."),
                nameof(groups));
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"{me}: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        int[] shape = [transposed ? inChannels : outChannels, (transposed ? outChannels : inChannels) / groups, .. kernelSize];
        var weight = Tensor.Zeros(shape, dtype);
        _arguments = arguments(weight.Shape);
        InChannels = inChannels;
        OutChannels = outChannels;
        RegisterParameter("weight", weight);
        Init.KaimingUniform(weight, negativeSlope: Math.Sqrt(5), generator: generator);
        if (bias)
        {
            var b = RegisterParameter("bias", Tensor.Zeros([outChannels], dtype));
            double bound = 1 / Math.Sqrt((double)weight.ElementCount / weight.Shape[0]);
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

    /// <summary>Channel groups.</summary>
    public int Groups => _arguments.Groups;

    /// <summary>The weight: <c>[out, in/groups, k...]</c>, or <c>[in, out/groups, k...]</c> for a transposed convolution.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>The bias <c>[out]</c>, or null when the layer has none.</summary>
    public Tensor? Bias => GetParameter("bias");

    private protected ConvArguments Arguments => _arguments;

    /// <summary>
    /// How the input is padded, PyTorch's <c>padding_mode</c>: <see cref="DeepNotes.PaddingMode.Constant"/> is
    /// <c>'zeros'</c> (the default, padding inside the convolution); <see cref="DeepNotes.PaddingMode.Reflect"/>,
    /// <see cref="DeepNotes.PaddingMode.Replicate"/> and <see cref="DeepNotes.PaddingMode.Circular"/> pad the input
    /// explicitly with <see cref="Functional.Pad"/>, then convolve without padding. Transposed convolutions have zeros only.
    /// </summary>
    public PaddingMode PaddingMode { get; private protected init; }

    /// <summary>Checks a padding mode given to a constructor (any defined mode).</summary>
    private protected static PaddingMode CheckedMode(string layer, PaddingMode mode) =>
        Enum.IsDefined(mode) ? mode : throw new ArgumentOutOfRangeException("paddingMode", mode, $"{layer}: unknown padding mode.");

    /// <summary>
    /// The input padded by the layer's padding in <see cref="PaddingMode"/> (reflect, replicate or circular), PyTorch's
    /// <c>F.pad(input, _reversed_padding_repeated_twice, mode)</c>: per spatial dimension (before, after), the last first.
    /// </summary>
    private protected Tensor PadInput(Tensor input)
    {
        var a = _arguments;
        var pads = new List<int>(6);
        (int left, int right) = a.Padding.Resolve(false, a.KernelW, a.Dilation.Width);
        pads.Add(left);
        pads.Add(right);
        if (a.Dims >= 2)
        {
            (int top, int bottom) = a.Padding.Resolve(true, a.KernelH, a.Dilation.Height);
            pads.Add(top);
            pads.Add(bottom);
        }
        if (a.Dims == 3)
        {
            (int front, int back) = a.Padding.ResolveDepth(a.KernelD, a.DilationDepth);
            pads.Add(front);
            pads.Add(back);
        }
        return Functional.Pad(input, pads.ToArray(), PaddingMode);
    }

    /// <summary><c>, padding mode: reflect</c> when the mode is not zeros, else empty.</summary>
    private protected string DescribeMode() =>
        PaddingMode == PaddingMode.Constant ? "" : $", padding mode: {PaddingMode.ToString().ToLowerInvariant()}";

    /// <summary>Checks <paramref name="input"/> against the layer's geometry and dtype; returns the resolved geometry.</summary>
    private protected ConvGeometry Resolve(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var g = _arguments.Resolve(input.Shape);
        if (input.DType != Weight.DType)
            throw new ArgumentException($"{_arguments.Describe()} has {Weight.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        return g;
    }

    /// <summary>2 FLOPs per multiply-add of every output element over its (in/groups)·kernel taps, plus the bias adds.</summary>
    private protected long Flops(long outputs, long tapsPerOutput) => 2L * outputs * tapsPerOutput + (Bias is null ? 0 : outputs);
}
