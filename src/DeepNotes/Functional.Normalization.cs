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
        return Ops.Normalization.LayerNormalization.Forward(input, normalizedShape, weight, bias, eps);
    }

    /// <summary>
    /// Batch normalization, like <c>F.batch_norm</c>, of <c>[N, C, *]</c> (<c>[N, C]</c>, <c>[N, C, L]</c>,
    /// <c>[N, C, H, W]</c>, ...): per channel, y = (x − mean) / √(var + eps) · γ + β. With
    /// <paramref name="training"/> the mean and biased variance of the batch are used and, when running statistics are
    /// given, they are updated in place: running = (1 − momentum)·running + momentum·batch statistic, with the unbiased
    /// batch variance for running_var. Otherwise the running statistics are used.
    /// </summary>
    /// <param name="input">The input <c>[N, C, *]</c>.</param>
    /// <param name="runningMean">Running mean <c>[C]</c> (updated in training), or null.</param>
    /// <param name="runningVar">Running variance <c>[C]</c> (updated in training), or null.</param>
    /// <param name="weight">γ <c>[C]</c>, or null for 1.</param>
    /// <param name="bias">β <c>[C]</c>, or null for 0.</param>
    /// <param name="training">Use batch statistics (and update the running ones) instead of the running ones.</param>
    /// <param name="momentum">Weight of the new batch statistic in the running update (PyTorch's 0.1).</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <returns>The normalised tensor, shaped like <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">
    /// A shape or dtype does not fit; no running statistics when not training; or training with one value per channel
    /// (<c>Expected more than 1 value per channel when training, got input size [1, 3]</c>).
    /// </exception>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.Normalization.BatchNormalization.Forward(input, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /// <summary>
    /// Group normalization, like <c>F.group_norm</c>: the C channels of <c>[N, C, *]</c> form
    /// <paramref name="numGroups"/> groups; each (sample, group) is normalised with its own mean and biased variance,
    /// then y = x̂·γ_c + β_c per channel. The output has the input's shape.
    /// </summary>
    /// <param name="input">The input <c>[N, C, *]</c>, C divisible by <paramref name="numGroups"/>.</param>
    /// <param name="numGroups">Number of groups G.</param>
    /// <param name="weight">γ <c>[C]</c>, or null for 1.</param>
    /// <param name="bias">β <c>[C]</c>, or null for 0.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <returns>The normalised tensor.</returns>
    /// <exception cref="ArgumentException">C is not divisible by G, a shape or dtype does not fit, or a single value per group.</exception>
    public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.Normalization.GroupNormalization.Forward(input, numGroups, weight, bias, eps);
    }

    /// <summary>
    /// Instance normalization, like <c>F.instance_norm</c>: with <paramref name="useInputStats"/> every (sample,
    /// channel) of <c>[N, C, *]</c> is normalised with its own mean and biased variance, and given running statistics
    /// are updated in place with the batch average of the per-instance mean and unbiased variance; otherwise the running
    /// statistics are used. Then y = x̂·γ_c + β_c.
    /// </summary>
    /// <param name="input">The input <c>[N, C, *]</c> with at least one spatial dimension.</param>
    /// <param name="runningMean">Running mean <c>[C]</c>, or null.</param>
    /// <param name="runningVar">Running variance <c>[C]</c>, or null.</param>
    /// <param name="weight">γ <c>[C]</c>, or null for 1.</param>
    /// <param name="bias">β <c>[C]</c>, or null for 0.</param>
    /// <param name="useInputStats">Normalise with each instance's statistics (true) or the running ones.</param>
    /// <param name="momentum">Weight of the new statistic in the running update.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <returns>The normalised tensor.</returns>
    /// <exception cref="ArgumentException">
    /// A shape or dtype does not fit; one spatial element with input statistics
    /// (<c>Expected more than 1 spatial element when training, got input size [2, 3, 1, 1]</c>); no running statistics without input statistics.
    /// </exception>
    public static Tensor InstanceNorm(Tensor input, Tensor? runningMean = null, Tensor? runningVar = null, Tensor? weight = null,
        Tensor? bias = null, bool useInputStats = true, double momentum = 0.1, double eps = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ops.Normalization.InstanceNormalization.Forward(input, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }
}
