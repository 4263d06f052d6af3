using System.Numerics;

namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Instance normalization (<c>F.instance_norm</c>) of <c>[N, C, *]</c>: with input statistics, every (sample, channel)
/// is normalised by its own mean and biased variance (group normalization with one channel per group), and given
/// running statistics are updated with the batch average of the per-instance means and unbiased variances, as PyTorch
/// does; otherwise the running statistics normalise every instance (a batch normalization in evaluation).
/// </summary>
internal static class InstanceNormalization
{
    public static Tensor Forward(Tensor x, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool useInputStats, double momentum, double eps)
    {
        x.CheckFloatingPoint("InstanceNorm");
        if (x.Rank < 3)
            throw new ArgumentException($"InstanceNorm expects input [N, C, *] with at least one spatial dimension, got {x.Shape}.", nameof(x));
        int batch = x.Shape[0], channels = x.Shape[1];
        int inner = batch * channels == 0 ? 0 : x.ElementCount / (batch * channels);
        if (!useInputStats)
            return BatchNormalization.Forward(x, runningMean, runningVar, weight, bias, training: false, 0, eps);
        if (inner == 1)
            throw new ArgumentException($"Expected more than 1 spatial element when training, got input size {x.Shape}.", nameof(x));
        foreach (var (t, name) in new[] { (runningMean, "running_mean"), (runningVar, "running_var") })
        {
            if (t is null) continue;
            Tensor.CheckSameDType("InstanceNorm", x, t);
            if (t.Rank != 1 || t.Shape[0] != channels)
                throw new ArgumentException($"InstanceNorm: {name} must have shape [{channels}] for input {x.Shape}, got {t.Shape}.", name);
        }
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("InstanceNorm: give both running_mean and running_var, or neither.");
        var y = GroupNormalization.Forward(x, channels, weight, bias, eps, "InstanceNorm", out Array mean, out Array var);
        if (runningMean is not null && runningVar is not null && batch > 0 && channels > 0)
        {
            if (x.DType == DType.Float32) Update(runningMean, runningVar, (float[])mean, (float[])var, batch, channels, inner, momentum);
            else Update(runningMean, runningVar, (double[])mean, (double[])var, batch, channels, inner, momentum);
        }
        return y;
    }

    /// <summary>Averages the per-instance statistics over the batch, then applies the batch-norm running update.</summary>
    private static void Update<T>(Tensor runningMean, Tensor runningVar, T[] mean, T[] var, int batch, int channels, int inner, double momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] m = new T[channels], v = new T[channels];
        T invN = T.One / T.CreateTruncating(batch);
        for (int c = 0; c < channels; c++)
        {
            T sm = T.Zero, sv = T.Zero;
            for (int n = 0; n < batch; n++)
            {
                sm += mean[n * channels + c];
                sv += var[n * channels + c];
            }
            m[c] = sm * invN;
            v[c] = sv * invN;
        }
        BatchNormalization.UpdateRunningStats(runningMean, runningVar, m, v, inner, momentum);
    }
}
