using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// What batch and instance normalization share, PyTorch's <c>_NormBase</c>: the channel count, eps and momentum,
/// per-channel γ (<c>weight</c>, init 1) and β (<c>bias</c>, init 0) when <see cref="Affine"/>, and, when
/// <see cref="TrackRunningStats"/>, the buffers <c>running_mean</c> (0), <c>running_var</c> (1) and
/// <c>num_batches_tracked</c> (a 0-dim Int64, PyTorch's int64; an Int32 value from an older file loads into it).
/// </summary>
public abstract class NormBase : Module<Tensor, Tensor>
{
    /// <summary>Creates the parameters and buffers like PyTorch.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor, or null for a cumulative average.</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics (and use them in evaluation mode).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters and statistics.</param>
    /// <exception cref="ArgumentException">A negative size or eps, a momentum outside [0, 1], or an integer dtype.</exception>
    protected NormBase(int numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats, DType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numFeatures);
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{GetType().Name}: eps must be ≥ 0, got {eps}.");
        if (momentum is { } m && !(m >= 0 && m <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"{GetType().Name}: momentum must be in [0, 1] or null, got {m}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"{GetType().Name}: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        else
        {
            RegisterAbsentParameter("weight");
            RegisterAbsentParameter("bias");
        }
        if (trackRunningStats)
        {
            RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
            RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
            RegisterBuffer("num_batches_tracked", Tensor.Scalar(0, DType.Int64)); // torch.long, as PyTorch
        }
    }

    /// <summary>Channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>Running-statistics factor; null means a cumulative average (1/<c>num_batches_tracked</c>) in batch norm and 0 in instance norm, as in PyTorch.</summary>
    public double? Momentum { get; }

    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }

    /// <summary>Whether running statistics are kept and used in evaluation mode.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>γ <c>[C]</c>, or null without <see cref="Affine"/>.</summary>
    public Tensor? Weight => GetParameter("weight");

    /// <summary>β <c>[C]</c>, or null without <see cref="Affine"/>.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>The running mean <c>[C]</c>, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? RunningMean => TrackRunningStats ? GetBuffer("running_mean") : null;

    /// <summary>The running (unbiased) variance <c>[C]</c>, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? RunningVar => TrackRunningStats ? GetBuffer("running_var") : null;

    /// <summary>Training batches seen (a 0-dim Int32), or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? NumBatchesTracked => TrackRunningStats ? GetBuffer("num_batches_tracked") : null;

    /// <summary>The layer's name with its channel count, e.g. <c>BatchNorm2D(64)</c>.</summary>
    protected string Name => $"{GetType().Name}({NumFeatures})";

    /// <summary>Throws unless <paramref name="input"/> has the dtype of the parameters and statistics.</summary>
    protected void CheckInputDType(Tensor input)
    {
        DType dtype = (Weight ?? RunningMean)?.DType ?? input.DType;
        if (input.DType != dtype)
            throw new ArgumentException($"{Name} has {dtype} parameters, got {input.DType.WithArticle()} input.", nameof(input));
    }

    /// <summary>
    /// Runs <paramref name="forward"/> under <see cref="Autograd.DetectAnomaly"/>: in training mode with running
    /// statistics, when it throws or would leave NaN or ±∞ in <c>running_mean</c> or <c>running_var</c>, the
    /// statistics and <c>num_batches_tracked</c> are put back as they were, and a poisoning throws
    /// <see cref="InvalidOperationException"/> naming this layer. (Without the scope, as in PyTorch, the NaN is stored.)
    /// </summary>
    /// <param name="forward">The layer's normalization, which may update the running statistics.</param>
    /// <returns>What <paramref name="forward"/> returned.</returns>
    protected Tensor GuardRunningStatistics(Func<Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        if (!Autograd.IsAnomalyDetectionEnabled || !TrackRunningStats || !IsTraining) return forward();
        Tensor mean = RunningMean!, variance = RunningVar!, tracked = NumBatchesTracked!;
        Tensor oldMean = mean.CloneRaw(), oldVariance = variance.CloneRaw(), oldTracked = tracked.CloneRaw();
        void Restore()
        {
            using (Autograd.NoGrad())
            {
                mean.CopyFrom(oldMean);
                variance.CopyFrom(oldVariance);
                tracked.CopyFrom(oldTracked);
            }
        }
        string? Poisoned()
        {
            foreach (var (buffer, name) in new[] { (mean, "running_mean"), (variance, "running_var") })
            {
                var (channel, value) = Autograd.FirstNonFinite(buffer);
                if (channel >= 0)
                    return $"Anomaly detected in {Name}: this training batch would leave {(double.IsNaN(value) ? "NaN" : value > 0 ? "infinity" : "negative infinity")} " +
                        $"in {name} (first at channel {channel}), so running_mean, running_var and num_batches_tracked are left as they were. " +
                        "Without Autograd.DetectAnomaly it would be stored, and every later evaluation-mode output would be NaN.";
            }
            return null;
        }

        Tensor y;
        try
        {
            y = forward();
        }
        catch (Exception e)
        {
            string? poisoned = Poisoned();
            Restore();
            if (poisoned is not null) throw new InvalidOperationException(poisoned, e);
            throw;
        }
        if (Poisoned() is string message)
        {
            Restore();
            throw new InvalidOperationException(message);
        }
        return y;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"{GetType().Name}({NumFeatures}, eps: {Eps.ToString(CultureInfo.InvariantCulture)}, " +
        $"momentum: {(Momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "null")}, affine: {(Affine ? "true" : "false")}, " +
        $"track_running_stats: {(TrackRunningStats ? "true" : "false")})";
}
