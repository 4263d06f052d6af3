using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Group normalization, PyTorch's <c>nn.GroupNorm</c>: the C channels of <c>[N, C, *]</c> are split into
/// <see cref="NumGroups"/> groups and each (sample, group) is normalised with its own mean and biased variance, then
/// scaled and shifted per channel by <c>weight</c> (γ, init 1) and <c>bias</c> (β, init 0). Independent of the batch
/// size and identical in training and evaluation. G = 1 normalises each sample over all its channels; G = C is
/// instance normalization.
/// </summary>
/// <example>
/// <code>
/// var norm = new GroupNorm(numGroups: 8, numChannels: 64);
/// Tensor y = norm.Call(Tensor.Randn([4, 64, 16, 16]));
/// </code>
/// </example>
public sealed class GroupNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer like <c>nn.GroupNorm(num_groups, num_channels, eps, affine)</c>.</summary>
    /// <param name="numGroups">Groups G; must divide <paramref name="numChannels"/>.</param>
    /// <param name="numChannels">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="affine">Learn per-channel γ and β.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <exception cref="ArgumentException">G does not divide C, a size is not positive, or eps is negative.</exception>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numGroups);
        ArgumentOutOfRangeException.ThrowIfNegative(numChannels);
        if (numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: num_channels ({numChannels}) must be divisible by num_groups ({numGroups}).", nameof(numGroups));
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"GroupNorm: eps must be ≥ 0, got {eps}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"GroupNorm: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        NumGroups = numGroups;
        NumChannels = numChannels;
        Eps = eps;
        Affine = affine;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones([numChannels], dtype));
            RegisterParameter("bias", Tensor.Zeros([numChannels], dtype));
        }
        else
        {
            RegisterAbsentParameter("weight");
            RegisterAbsentParameter("bias");
        }
    }

    /// <summary>Groups G.</summary>
    public int NumGroups { get; }

    /// <summary>Channels C.</summary>
    public int NumChannels { get; }

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }

    /// <summary>γ <c>[C]</c>, or null without <see cref="Affine"/>.</summary>
    public Tensor? Weight => GetParameter("weight");

    /// <summary>β <c>[C]</c>, or null without <see cref="Affine"/>.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>Normalises <c>[N, C, *]</c>; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[N, C, *]</c> with C = <see cref="NumChannels"/>, or its dtype differs.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2 || input.Shape[1] != NumChannels)
            throw new ArgumentException($"GroupNorm({NumGroups}, {NumChannels}) expects input [N, {NumChannels}, *], got {input.Shape}.", nameof(input));
        if (Weight is { } w && input.DType != w.DType)
            throw new ArgumentException($"GroupNorm({NumGroups}, {NumChannels}) has {w.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        return Functional.GroupNorm(input, NumGroups, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) => output is Tensor y ? 7L * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() =>
        $"GroupNorm({NumGroups}, {NumChannels}, eps: {Eps.ToString(CultureInfo.InvariantCulture)}, affine: {(Affine ? "true" : "false")})";
}
