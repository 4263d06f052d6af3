namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="InstanceNorm1D"/> and <see cref="InstanceNorm2D"/> share, PyTorch's <c>_InstanceNorm</c>: every
/// (sample, channel) of <c>[N, C, *spatial]</c> (or unbatched <c>[C, *spatial]</c>) is normalised with its own mean and
/// biased variance. PyTorch's defaults: no affine parameters and no running statistics. With <c>affine</c>, per-channel
/// <c>weight</c> (1) and <c>bias</c> (0); with <c>trackRunningStats</c>, buffers <c>running_mean</c>, <c>running_var</c>
/// and <c>num_batches_tracked</c> (never incremented, as in PyTorch; momentum null acts as 0), updated in training with
/// the batch average of the per-instance mean and unbiased variance, and used in evaluation.
/// </summary>
public abstract class InstanceNormBase : NormBase
{
    private readonly int _spatialRank;

    /// <summary>Creates the parameters and buffers like PyTorch.</summary>
    /// <param name="spatialRank">Spatial dimensions after the channel: 1 for <c>[N, C, L]</c>, 2 for <c>[N, C, H, W]</c>, 3 for <c>[N, C, D, H, W]</c>.</param>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor (null means 0, as in PyTorch's instance norm).</param>
    /// <param name="affine">Learn per-channel γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics and use them in evaluation.</param>
    /// <param name="dtype">Float32 or Float64.</param>
    /// <exception cref="ArgumentException">A spatial rank outside 1–3, a negative size or eps, a momentum outside [0, 1], or an integer dtype.</exception>
    protected InstanceNormBase(int spatialRank, int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spatialRank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spatialRank, 3);
        _spatialRank = spatialRank;
    }

    /// <summary>Normalises <c>[N, C, *spatial]</c> or <c>[C, *spatial]</c>; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">
    /// The shape or dtype does not fit, or a single spatial element when normalising with instance statistics
    /// (<c>Expected more than 1 spatial element when training, got input size [2, 3, 1, 1]</c>).
    /// </exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool unbatched = input.Rank == _spatialRank + 1;
        if ((!unbatched && input.Rank != _spatialRank + 2) || input.Shape[unbatched ? 0 : 1] != NumFeatures)
        {
            string spatial = _spatialRank switch { 1 => "L", 2 => "H, W", _ => "D, H, W" };
            throw new ArgumentException($"{Name} expects input [N, {NumFeatures}, {spatial}] or [{NumFeatures}, {spatial}], got {input.Shape}.", nameof(input));
        }
        CheckInputDType(input);
        Tensor x = unbatched ? input.Unsqueeze(0) : input;
        bool useInputStats = IsTraining || !TrackRunningStats;
        Tensor y = Autograd.IsAnomalyDetectionEnabled
            ? GuardRunningStatistics(() => Functional.InstanceNorm(x, RunningMean, RunningVar, Weight, Bias, useInputStats, Momentum ?? 0, Eps))
            : Functional.InstanceNorm(x, RunningMean, RunningVar, Weight, Bias, useInputStats, Momentum ?? 0, Eps);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) => output is Tensor y ? 7L * y.ElementCount : 0;
}
