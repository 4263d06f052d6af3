namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="BatchNorm1D"/> and <see cref="BatchNorm2D"/> share, PyTorch's <c>_BatchNorm</c>: per-channel γ
/// (<c>weight</c>, init 1) and β (<c>bias</c>, init 0) when <see cref="NormBase.Affine"/>, and, when
/// <see cref="NormBase.TrackRunningStats"/>, the buffers <c>running_mean</c> (0), <c>running_var</c> (1) and
/// <c>num_batches_tracked</c> (a 0-dim Int32, saved as I64 like PyTorch's int64).
/// </summary>
/// <remarks>
/// In training mode the layer normalises with the batch's mean and biased variance and updates the running statistics:
/// running = (1 − momentum)·running + momentum·batch statistic, with the unbiased variance for <c>running_var</c>;
/// with <c>momentum: null</c> the factor is 1/<c>num_batches_tracked</c> (a cumulative average). In evaluation mode
/// it uses the running statistics, or the batch statistics when it does not track them.
/// </remarks>
public abstract class BatchNormBase : NormBase
{
    /// <summary>Creates the parameters and buffers like PyTorch.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor, or null for a cumulative average.</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics (and use them in evaluation mode).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters and statistics.</param>
    /// <exception cref="ArgumentException">A negative size or eps, a momentum outside [0, 1], or an integer dtype.</exception>
    protected BatchNormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    /// <summary>Throws when <paramref name="input"/> is not of this layer's expected shape, naming expected and actual.</summary>
    protected abstract void CheckInputShape(Tensor input);

    /// <summary>Normalises per channel; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">
    /// The shape or dtype does not fit, or one value per channel in training mode (PyTorch's
    /// <c>Expected more than 1 value per channel when training, got input size [1, 3]</c>).
    /// </exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputShape(input);
        CheckInputDType(input);
        bool useBatchStats = IsTraining || !TrackRunningStats;
        // "more than 1 value per channel when training" is checked once, by Functional.BatchNorm, before anything changes.
        return Autograd.IsAnomalyDetectionEnabled ? GuardRunningStatistics(() => Normalize(input, useBatchStats)) : Normalize(input, useBatchStats);
    }

    /// <summary>Counts the batch, then normalises (updating the running statistics in training mode).</summary>
    private Tensor Normalize(Tensor input, bool useBatchStats)
    {
        double factor = Momentum ?? 0;
        if (!(IsTraining && TrackRunningStats))
            return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, factor, Eps);
        Tensor tracked = NumBatchesTracked!;
        long count = tracked.Item<long>() + 1;
        if (Momentum is null) factor = 1.0 / count;
        // Functional.BatchNorm validates the input before it updates the running statistics; the batch is counted only
        // once it succeeded, so a rejected input changes nothing.
        Tensor output = Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, factor, Eps);
        using (Autograd.NoGrad()) tracked.Fill(count);
        return output;
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? (IsTraining || !TrackRunningStats ? 7L : 2L) * y.ElementCount : 0;
}
