namespace DeepNotes.Layers;

/// <summary>
/// Batch normalization over <c>[N, C, D, H, W]</c>, PyTorch's <c>nn.BatchNorm3d</c>: each channel is normalised with
/// the batch's mean and biased variance over N·D·H·W values in training, and with the running statistics in evaluation.
/// See <see cref="BatchNormBase"/> for parameters, buffers (<c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>) and the running update.
/// </summary>
/// <example>
/// <code>
/// var block = new Sequential(new Conv3D(3, 64, 3, padding: 1, bias: false), new BatchNorm3D(64), new Relu());
/// </code>
/// </example>
public sealed class BatchNorm3D : BatchNormBase
{
    /// <summary>Creates the layer like <c>nn.BatchNorm3d(numFeatures, eps, momentum, affine, track_running_stats)</c>.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor, or null for a cumulative average.</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics (and use them in evaluation mode).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    public BatchNorm3D(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true,
        DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    /// <inheritdoc/>
    protected override void CheckInputShape(Tensor input)
    {
        if (input.Rank != 5 || input.Shape[1] != NumFeatures)
            throw new ArgumentException($"{Name} expects input [N, {NumFeatures}, D, H, W], got {input.Shape}.", nameof(input));
    }
}
