namespace DeepNotes.Layers;

/// <summary>
/// Batch normalization over <c>[N, C]</c> or <c>[N, C, L]</c>, PyTorch's <c>nn.BatchNorm1d</c>: each channel is
/// normalised with the batch's statistics in training (over N, or N·L values) and with running statistics in
/// evaluation. See <see cref="BatchNormBase"/> for parameters, buffers and the running update.
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential(new Dense(784, 256), new BatchNorm1D(256), new Relu(), new Dense(256, 10));
/// </code>
/// </example>
public sealed class BatchNorm1D : BatchNormBase
{
    /// <summary>Creates the layer like <c>nn.BatchNorm1d(numFeatures, eps, momentum, affine, track_running_stats)</c>.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor, or null for a cumulative average.</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics (and use them in evaluation mode).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    public BatchNorm1D(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true,
        DType dtype = DType.Float32)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }

    /// <inheritdoc/>
    protected override void CheckInputShape(Tensor input)
    {
        if ((input.Rank != 2 && input.Rank != 3) || input.Shape[1] != NumFeatures)
            throw new ArgumentException($"{Name} expects input [N, {NumFeatures}] or [N, {NumFeatures}, L], got {input.Shape}.", nameof(input));
    }
}
