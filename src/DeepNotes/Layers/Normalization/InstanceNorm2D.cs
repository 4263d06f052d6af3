namespace DeepNotes.Layers;

/// <summary>
/// Instance normalization, PyTorch's <c>nn.InstanceNorm2d</c>: every (sample, channel) plane of <c>[N, C, H, W]</c>
/// (or unbatched <c>[C, H, W]</c>) is normalised with its own mean and biased variance. PyTorch's defaults: no affine
/// parameters and no running statistics. With <c>affine</c>, per-channel <c>weight</c> (1) and <c>bias</c> (0); with
/// <c>trackRunningStats</c>, buffers <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c> (never
/// incremented, as in PyTorch; momentum null acts as 0) updated in training with the batch average of the per-instance mean and unbiased
/// variance, and used in evaluation.
/// </summary>
/// <example>
/// <code>
/// var norm = new InstanceNorm2D(64, affine: true); // style-transfer networks
/// </code>
/// </example>
public sealed class InstanceNorm2D : NormBase
{
    /// <summary>Creates the layer like <c>nn.InstanceNorm2d(num_features, eps, momentum, affine, track_running_stats)</c>.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor (null means 0, as in PyTorch's instance norm).</param>
    /// <param name="affine">Learn per-channel γ and β (default false).</param>
    /// <param name="trackRunningStats">Keep running statistics and use them in evaluation (default false).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    public InstanceNorm2D(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = false, bool trackRunningStats = false,
        DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    /// <summary>Normalises <c>[N, C, H, W]</c> or <c>[C, H, W]</c>; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">
    /// The shape or dtype does not fit, or a single spatial element when normalising with instance statistics
    /// (<c>Expected more than 1 spatial element when training, got input size [2, 3, 1, 1]</c>).
    /// </exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool unbatched = input.Rank == 3;
        if ((input.Rank != 3 && input.Rank != 4) || input.Shape[unbatched ? 0 : 1] != NumFeatures)
            throw new ArgumentException($"InstanceNorm2D({NumFeatures}) expects input [N, {NumFeatures}, H, W] or [{NumFeatures}, H, W], got {input.Shape}.", nameof(input));
        CheckInputDType(input);
        Tensor x = unbatched ? input.Unsqueeze(0) : input;
        bool useInputStats = IsTraining || !TrackRunningStats;
        Tensor y = Functional.InstanceNorm(x, RunningMean, RunningVar, Weight, Bias, useInputStats, Momentum ?? 0, Eps);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) => output is Tensor y ? 7L * y.ElementCount : 0;
}
