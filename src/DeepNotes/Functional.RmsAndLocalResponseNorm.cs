using System.Globalization;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Root-mean-square normalization, like <c>F.rms_norm</c> (PyTorch 2.4+): each slice over the trailing dimensions
    /// <paramref name="normalizedShape"/> is divided by its root mean square, y = x / √(mean(x²) + eps) · γ; no
    /// centring and no bias. <c>[*, normalizedShape] -> same shape</c>.
    /// </summary>
    /// <param name="input">The input (Float32 or Float64), whose trailing dimensions equal <paramref name="normalizedShape"/>.</param>
    /// <param name="normalizedShape">The trailing dimensions to normalise over, e.g. <c>[256]</c>.</param>
    /// <param name="weight">γ, shaped like <paramref name="normalizedShape"/>, or null for 1.</param>
    /// <param name="eps">Added to the mean square; null (PyTorch's default) means the machine epsilon of the input's dtype
    /// (<c>torch.finfo(dtype).eps</c>: 1.19e-7 for Float32, 2.22e-16 for Float64).</param>
    /// <returns>The normalised tensor, shaped like <paramref name="input"/>.</returns>
    /// <remarks>Backward: composed of differentiable ops, dx = r·(γ·g − x̂·mean(γ·g·x̂)) with r = 1/√(mean(x²) + eps), x̂ = x·r; dγ = Σ g·x̂.</remarks>
    /// <exception cref="ArgumentException">The trailing dimensions or γ do not match, the dtypes differ, or eps is negative.</exception>
    public static Tensor RmsNorm(Tensor input, ReadOnlySpan<int> normalizedShape, Tensor? weight = null, double? eps = null)
    {
        const string op = "RmsNorm";
        ArgumentNullException.ThrowIfNull(input);
        input.CheckFloatingPoint(op);
        string ns = string.Join(", ", normalizedShape.ToArray());
        int k = normalizedShape.Length;
        if (k == 0)
            throw new ArgumentException($"{op}: normalizedShape must not be empty.", nameof(normalizedShape));
        bool fits = input.Rank >= k;
        for (int i = 0; fits && i < k; i++) fits = input.Shape[input.Rank - k + i] == normalizedShape[i];
        if (!fits)
            throw new ArgumentException($"{op}([{ns}]) expects input [*, {ns}], got {input.Shape}.", nameof(input));
        if (weight is not null)
        {
            if (!weight.Shape.Dims.SequenceEqual(normalizedShape))
                throw new ArgumentException($"{op}([{ns}]) expects weight [{ns}], got {weight.Shape}.", nameof(weight));
            Tensor.CheckSameDType(op, input, weight);
        }
        double e = eps ?? MachineEpsilon(input.DType);
        if (!(e >= 0))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{op}: eps must be ≥ 0, got {e.ToString(CultureInfo.InvariantCulture)}.");
        return Ops.Normalization.RmsNormalization.Forward(input, k, weight, e);
    }

    /// <summary>PyTorch's <c>torch.finfo(dtype).eps</c>: 2⁻²³ for Float32, 2⁻⁵² for Float64.</summary>
    internal static double MachineEpsilon(DType dtype) => dtype == DType.Float32 ? Math.Pow(2, -23) : Math.Pow(2, -52);

    /// <summary>
    /// Local response normalization across channels, like <c>F.local_response_norm</c> (AlexNet): for input
    /// <c>[N, C, *]</c>, b_c = a_c / (k + α/n · Σ a_{c'}²)^β over the window of <paramref name="size"/> = n channels
    /// c' ∈ [c − ⌊n/2⌋, c + ⌊(n−1)/2⌋] (channels outside count as zero; the sum is always divided by n, as PyTorch's
    /// zero-padded average pool). <c>[N, C, *] -> same shape</c>.
    /// </summary>
    /// <param name="input">The input <c>[N, C, d1, ...]</c>, at least 3-D (Float32 or Float64).</param>
    /// <param name="size">Number of neighbouring channels n in the window (≥ 1).</param>
    /// <param name="alpha">Multiplicative factor α (PyTorch's default 1e-4).</param>
    /// <param name="beta">Exponent β (default 0.75).</param>
    /// <param name="k">Additive constant (default 1).</param>
    /// <returns>The normalised tensor, shaped like <paramref name="input"/>.</returns>
    /// <remarks>Backward: composed of differentiable ops (square, shifted sums, pow, divide).</remarks>
    /// <exception cref="ArgumentException">The input has fewer than 3 dimensions or an integer dtype, or size is less than 1.</exception>
    public static Tensor LocalResponseNorm(Tensor input, int size, double alpha = 1e-4, double beta = 0.75, double k = 1.0)
    {
        const string op = "LocalResponseNorm";
        ArgumentNullException.ThrowIfNull(input);
        input.CheckFloatingPoint(op);
        if (size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"{op}: size must be at least 1, got {size}.");
        if (input.Rank < 3)
            throw new ArgumentException($"{op}: expected 3-D or higher dimensional input [N, C, *], got {input.Shape} ({input.Rank} dimensions).", nameof(input));
        return Ops.Normalization.LocalResponseNormalization.Forward(input, size, alpha, beta, k);
    }
}
