namespace DeepNotes.Layers;

/// <summary>
/// Instance normalization, PyTorch's <c>nn.InstanceNorm3d</c>: every (sample, channel) volume of <c>[N, C, D, H, W]</c>
/// (or unbatched <c>[C, D, H, W]</c>) is normalised with its own mean and biased variance. PyTorch's defaults: no affine
/// parameters and no running statistics. See <see cref="InstanceNormBase"/> for parameters, buffers and the running
/// update.
/// </summary>
/// <example>
/// <code>
/// var norm = new InstanceNorm3D(32, affine: true); // 3-D medical segmentation networks
/// </code>
/// </example>
public sealed class InstanceNorm3D : InstanceNormBase
{
    /// <summary>Creates the layer like <c>nn.InstanceNorm3d(num_features, eps, momentum, affine, track_running_stats)</c>.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Running-statistics factor (null means 0, as in PyTorch's instance norm).</param>
    /// <param name="affine">Learn per-channel γ and β (default false).</param>
    /// <param name="trackRunningStats">Keep running statistics and use them in evaluation (default false).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    public InstanceNorm3D(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = false, bool trackRunningStats = false,
        DType dtype = DType.Float32)
        : base(3, numFeatures, eps, momentum, affine, trackRunningStats, dtype)
    {
    }
}
