namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Layer normalization, like <c>F.layer_norm</c>: each slice over the last dimensions given by
    /// <paramref name="normalizedShape"/> is normalised with its own mean and biased variance,
    /// y = (x − E[x]) / √(Var[x] + eps) · γ + β. <c>[*, normalizedShape] -> same shape</c>.
    /// </summary>
    /// <param name="input">The input, whose trailing dimensions equal <paramref name="normalizedShape"/>.</param>
    /// <param name="normalizedShape">The trailing dimensions to normalise over, e.g. <c>[256]</c> or <c>[8, 8]</c>.</param>
    /// <param name="weight">γ, shaped like <paramref name="normalizedShape"/>, or null for 1.</param>
    /// <param name="bias">β, shaped like <paramref name="normalizedShape"/>, or null for 0.</param>
    /// <param name="eps">Added to the variance for stability (PyTorch's default 1e-5).</param>
    /// <returns>The normalised tensor, shaped like <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">The trailing dimensions, γ or β do not match, or dtypes differ.</exception>
    public static Tensor LayerNorm(Tensor input, ReadOnlySpan<int> normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.LayerNormalization.Forward(input, normalizedShape, weight, bias, eps);
    }
}
