using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Group normalization over a contiguous <c>[N, C, L]</c> array with G groups of C/G channels (instance
/// normalization is G = C): each (sample, group) is one contiguous row of (C/G)·L values, normalised by its own mean
/// and biased variance (two passes), then each channel c gets its own γ_c, β_c. Backward is analytic: with
/// a = dy·γ_c over the row, dx = rstd·(a − mean(a) − x̂·mean(a·x̂)); dγ_c = Σ_n Σ dy·x̂ and dβ_c = Σ_n Σ dy are summed
/// over the samples in order after the parallel part, so nothing depends on the thread count.
/// </summary>
internal static class GroupNormKernel
{
    /// <summary>
    /// Normalises x (from <paramref name="xOffset"/>) into y (from 0), writing each (sample, group) row's mean, biased
    /// variance and rstd (length N·G). γ and β are arrays of length ≥ C from their offsets (ones / zeros when absent).
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] var, T[] rstd, int batch, int channels, int inner, int groups, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ForwardBody<T>(x, xOffset, gamma, gammaOffset, beta, betaOffset, y, mean, var, rstd, channels, inner, groups, eps);
        RangeJob<ForwardBody<T>>.Run(body, batch * groups, RangeJob.Grain((long)channels / groups * inner));
    }

    /// <summary>
    /// The gradients of <see cref="Forward{T}"/>: dx (from 0) when not null; dγ and dβ (length C, overwritten) when
    /// <paramref name="dgamma"/> is not null.
    /// </summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean, T[] rstd,
        T[]? dx, T[]? dgamma, T[]? dbeta, int batch, int channels, int inner, int groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // per (sample, channel): Σdy and Σdy·(x − μ), then reduced over the samples in order
        var sumDy = new T[batch * channels];
        var sumDyCentered = new T[batch * channels];
        var body = new BackwardBody<T>(dy, dyOffset, x, xOffset, gamma, gammaOffset, mean, rstd, dx, sumDy, sumDyCentered, channels, inner, groups);
        RangeJob<BackwardBody<T>>.Run(body, batch * groups, RangeJob.Grain((long)channels / groups * inner));
        if (dgamma is null || dbeta is null) return;
        int cpg = channels / groups;
        for (int c = 0; c < channels; c++)
        {
            T dg = T.Zero, db = T.Zero;
            for (int n = 0; n < batch; n++)
            {
                dg += sumDyCentered[n * channels + c] * rstd[n * groups + c / cpg];
                db += sumDy[n * channels + c];
            }
            dgamma[c] = dg;
            dbeta[c] = db;
        }
    }

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] var, T[] rstd, int channels, int inner, int groups, T eps) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int cpg = channels / groups, len = cpg * inner;
            T invM = T.One / T.CreateTruncating(Math.Max(len, 1));
            for (int r = start; r < start + count; r++)
            {
                ReadOnlySpan<T> row = x.AsSpan(xOffset + r * len, len);
                T mu = NormalizationSimd.Sum(row) * invM;
                T v = NormalizationSimd.SumSquaredDeviations(row, mu) * invM;
                T rs = T.One / T.Sqrt(v + eps);
                mean[r] = mu;
                var[r] = v;
                rstd[r] = rs;
                int c0 = r % groups * cpg;
                for (int k = 0; k < cpg; k++)
                    NormalizationSimd.CenterScaleShift<T>(row.Slice(k * inner, inner), mu, gamma[gammaOffset + c0 + k] * rs, beta[betaOffset + c0 + k],
                        y.AsSpan(r * len + k * inner, inner));
            }
        }
    }

    private readonly struct BackwardBody<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean, T[] rstd,
        T[]? dx, T[] sumDy, T[] sumDyCentered, int channels, int inner, int groups) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int cpg = channels / groups, len = cpg * inner;
            T invM = T.One / T.CreateTruncating(Math.Max(len, 1));
            for (int r = start; r < start + count; r++)
            {
                int n = r / groups, c0 = r % groups * cpg;
                T mu = mean[r], rs = rstd[r], a = T.Zero, b = T.Zero;
                for (int k = 0; k < cpg; k++)
                {
                    var (s1, s2) = NormalizationSimd.SumAndCenteredDot<T>(dy.AsSpan(dyOffset + r * len + k * inner, inner),
                        x.AsSpan(xOffset + r * len + k * inner, inner), mu);
                    sumDy[n * channels + c0 + k] = s1;
                    sumDyCentered[n * channels + c0 + k] = s2;
                    T g = gamma[gammaOffset + c0 + k];
                    a += g * s1;
                    b += g * s2;
                }
                if (dx is null) continue;
                T c2 = -rs * rs * rs * b * invM, c3 = -rs * a * invM;
                for (int k = 0; k < cpg; k++)
                    NormalizationSimd.BackwardMap<T>(dy.AsSpan(dyOffset + r * len + k * inner, inner), x.AsSpan(xOffset + r * len + k * inner, inner),
                        mu, gamma[gammaOffset + c0 + k] * rs, c2, c3, dx.AsSpan(r * len + k * inner, inner));
            }
        }
    }
}
