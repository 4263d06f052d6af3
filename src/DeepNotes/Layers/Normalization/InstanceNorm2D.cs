using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Instance normalization, PyTorch's <c>nn.InstanceNorm2d</c>: every (sample, channel) plane of <c>[N, C, H, W]</c>
/// (or unbatched <c>[C, H, W]</c>) is normalised with its own mean and biased variance. PyTorch's defaults: no affine
/// parameters and no running statistics. With <c>affine</c>, per-channel <c>weight</c> (1) and <c>bias</c> (0); with
/// <c>trackRunningStats</c>, buffers <c>running_mean</c>, <c>running_var</c> and <c>num_batches_tracked</c> (never
/// incremented, as in PyTorch) updated in training with the batch average of the per-instance mean and unbiased
/// variance, and used in evaluation.
/// </summary>
/// <example>
/// <code>
/// var norm = new InstanceNorm2D(64, affine: true); // style-transfer networks
/// </code>
/// </example>
public sealed class InstanceNorm2D : Module<Tensor, Tensor>
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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numFeatures);
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"InstanceNorm2D: eps must be ≥ 0, got {eps}.");
        if (momentum is { } m && !(m >= 0 && m <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"InstanceNorm2D: momentum must be in [0, 1] or null, got {m}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"InstanceNorm2D: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
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
            RegisterBuffer("num_batches_tracked", Tensor.Scalar(0, DType.Int32));
        }
    }

    /// <summary>Channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>Running-statistics factor (null acts as 0).</summary>
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

    /// <summary>The running variance <c>[C]</c>, or null without <see cref="TrackRunningStats"/>.</summary>
    public Tensor? RunningVar => TrackRunningStats ? GetBuffer("running_var") : null;

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
        DType dtype = (Weight ?? RunningMean)?.DType ?? input.DType;
        if (input.DType != dtype)
            throw new ArgumentException($"InstanceNorm2D({NumFeatures}) has {dtype} parameters, got a {input.DType} input.", nameof(input));
        Tensor x = unbatched ? input.Unsqueeze(0) : input;
        bool useInputStats = IsTraining || !TrackRunningStats;
        Tensor y = Functional.InstanceNorm(x, RunningMean, RunningVar, Weight, Bias, useInputStats, Momentum ?? 0, Eps);
        return unbatched ? y.Squeeze(0) : y;
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) => output is Tensor y ? 7L * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() =>
        $"InstanceNorm2D({NumFeatures}, eps: {Eps.ToString(CultureInfo.InvariantCulture)}, " +
        $"momentum: {(Momentum is { } m ? m.ToString(CultureInfo.InvariantCulture) : "null")}, affine: {(Affine ? "true" : "false")}, " +
        $"track_running_stats: {(TrackRunningStats ? "true" : "false")})";
}
