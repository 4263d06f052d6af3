using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Batch normalization over a contiguous <c>[N, C, L]</c> array (L = the product of the spatial sizes, 1 for
/// <c>[N, C]</c>): per channel, mean μ and biased variance σ² over the N·L values (two passes: the sum, then
/// Σ(x − μ)²), or the given running statistics; then y = (x − μ)·γ/√(σ² + eps) + β. Backward is analytic:
/// dβ = Σdy, dγ = Σdy·x̂, and dx = γ·rstd·(dy − Σdy/m − x̂·Σ(dy·x̂)/m) with batch statistics (m = N·L) or
/// dx = γ·rstd·dy with running ones.
/// </summary>
/// <remarks>
/// With L ≥ 2 the channels run in parallel, each channel's N spans of L values summed by one thread in a fixed order
/// (the three forward passes of a channel find its data in L2). With L = 1 (<c>[N, C]</c>) the channel values are
/// strided, so ranges of channels run in parallel instead, each accumulating whole row segments with vectors across
/// channels. Either way a channel's arithmetic never depends on the thread count.
/// </remarks>
internal static class BatchNormKernel
{
    /// <summary>
    /// Normalises x into y (from 0). With <paramref name="useBatchStats"/> it writes the batch mean and biased variance
    /// into <paramref name="mean"/> and <paramref name="var"/>; otherwise it reads them (the running statistics).
    /// Writes rstd = 1/√(var + eps). γ and β are read from their offsets (pass ones / zeros when absent).
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] var, T[] rstd, int batch, int channels, int inner, bool useBatchStats, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ForwardBody<T>(x, xOffset, gamma, gammaOffset, beta, betaOffset, y, mean, var, rstd, batch, channels, inner, useBatchStats, eps);
        RangeJob<ForwardBody<T>>.Run(body, channels, Grain(batch, inner));
    }

    /// <summary>
    /// Backward of <see cref="Forward{T}"/>: always writes dβ = Σdy into <paramref name="sumDy"/> and dγ = Σdy·x̂ into
    /// <paramref name="sumDyXhat"/> (length C); writes dx (from 0) when it is not null.
    /// </summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean, T[] rstd,
        T[]? dx, T[] sumDy, T[] sumDyXhat, int batch, int channels, int inner, bool usedBatchStats)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new BackwardBody<T>(dy, dyOffset, x, xOffset, gamma, gammaOffset, mean, rstd, dx, sumDy, sumDyXhat, batch, channels, inner, usedBatchStats);
        RangeJob<BackwardBody<T>>.Run(body, channels, Grain(batch, inner));
    }

    /// <summary>Channels per part: ~32K elements; for [N, C] at least 16 channels so row segments stay vector-wide.</summary>
    private static int Grain(int batch, int inner) =>
        inner == 1 ? Math.Max(16, RangeJob.Grain(batch)) : RangeJob.Grain((long)batch * inner);

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] var, T[] rstd, int batch, int channels, int inner, bool useBatchStats, T eps) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            T invM = T.One / T.CreateTruncating(Math.Max(1L, (long)batch * inner));
            if (inner == 1)
            {
                RunRows(start, count, invM);
                return;
            }
            int stride = channels * inner;
            for (int c = start; c < start + count; c++)
            {
                int at = xOffset + c * inner;
                if (useBatchStats)
                {
                    T s = T.Zero;
                    for (int n = 0; n < batch; n++) s += NormalizationSimd.Sum<T>(x.AsSpan(at + n * stride, inner));
                    T mu = s * invM;
                    T q = T.Zero;
                    for (int n = 0; n < batch; n++) q += NormalizationSimd.SumSquaredDeviations<T>(x.AsSpan(at + n * stride, inner), mu);
                    mean[c] = mu;
                    var[c] = q * invM;
                }
                T rs = T.One / T.Sqrt(var[c] + eps);
                rstd[c] = rs;
                T scale = gamma[gammaOffset + c] * rs, shift = beta[betaOffset + c], m = mean[c];
                for (int n = 0; n < batch; n++)
                    NormalizationSimd.CenterScaleShift<T>(x.AsSpan(at + n * stride, inner), m, scale, shift, y.AsSpan(c * inner + n * stride, inner));
            }
        }

        private void RunRows(int c0, int count, T invM)
        {
            Span<T> mu = mean.AsSpan(c0, count), va = var.AsSpan(c0, count);
            if (useBatchStats)
            {
                mu.Clear();
                for (int n = 0; n < batch; n++) NormalizationSimd.AddInto<T>(x.AsSpan(xOffset + n * channels + c0, count), mu);
                for (int c = 0; c < count; c++) mu[c] *= invM;
                va.Clear();
                for (int n = 0; n < batch; n++) NormalizationSimd.AddSquaredDeviations<T>(x.AsSpan(xOffset + n * channels + c0, count), mu, va);
                for (int c = 0; c < count; c++) va[c] *= invM;
            }
            T[] scale = ArrayPool<T>.Shared.Rent(count);
            try
            {
                for (int c = 0; c < count; c++)
                {
                    T rs = T.One / T.Sqrt(va[c] + eps);
                    rstd[c0 + c] = rs;
                    scale[c] = gamma[gammaOffset + c0 + c] * rs;
                }
                ReadOnlySpan<T> sc = scale.AsSpan(0, count), sh = beta.AsSpan(betaOffset + c0, count);
                for (int n = 0; n < batch; n++)
                    NormalizationSimd.CenterScaleShift<T>(x.AsSpan(xOffset + n * channels + c0, count), mu, sc, sh, y.AsSpan(n * channels + c0, count));
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scale);
            }
        }
    }

    private readonly struct BackwardBody<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean, T[] rstd,
        T[]? dx, T[] sumDy, T[] sumDyXhat, int batch, int channels, int inner, bool usedBatchStats) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            T invM = T.One / T.CreateTruncating(Math.Max(1L, (long)batch * inner));
            if (inner == 1)
            {
                RunRows(start, count, invM);
                return;
            }
            int stride = channels * inner;
            for (int c = start; c < start + count; c++)
            {
                T mu = mean[c], rs = rstd[c], s1 = T.Zero, s2 = T.Zero;
                for (int n = 0; n < batch; n++)
                {
                    var (a, b) = NormalizationSimd.SumAndCenteredDot<T>(dy.AsSpan(dyOffset + c * inner + n * stride, inner),
                        x.AsSpan(xOffset + c * inner + n * stride, inner), mu);
                    s1 += a;
                    s2 += b;
                }
                sumDy[c] = s1;
                sumDyXhat[c] = s2 * rs;
                if (dx is null) continue;
                var (c1, c2, c3) = Coefficients(gamma[gammaOffset + c], rs, s1, s2, invM);
                for (int n = 0; n < batch; n++)
                    NormalizationSimd.BackwardMap<T>(dy.AsSpan(dyOffset + c * inner + n * stride, inner), x.AsSpan(xOffset + c * inner + n * stride, inner),
                        mu, c1, c2, c3, dx.AsSpan(c * inner + n * stride, inner));
            }
        }

        /// <summary>dx = dy·c1 + (x − μ)·c2 + c3: γ·rstd·(dy − Σdy/m − x̂·Σ(dy·x̂)/m), or γ·rstd·dy with fixed statistics.</summary>
        private (T C1, T C2, T C3) Coefficients(T g, T rs, T s1, T s2, T invM) =>
            usedBatchStats ? (g * rs, -g * rs * rs * rs * s2 * invM, -g * rs * s1 * invM) : (g * rs, T.Zero, T.Zero);

        private void RunRows(int c0, int count, T invM)
        {
            T[] scratch = ArrayPool<T>.Shared.Rent(4 * count);
            try
            {
                Span<T> s1 = sumDy.AsSpan(c0, count), s2 = scratch.AsSpan(0, count);
                ReadOnlySpan<T> mu = mean.AsSpan(c0, count);
                s1.Clear();
                s2.Clear();
                for (int n = 0; n < batch; n++)
                    NormalizationSimd.AddCenteredProducts<T>(dy.AsSpan(dyOffset + n * channels + c0, count), x.AsSpan(xOffset + n * channels + c0, count), mu, s1, s2);
                for (int c = 0; c < count; c++) sumDyXhat[c0 + c] = s2[c] * rstd[c0 + c];
                if (dx is null) return;
                Span<T> c1 = scratch.AsSpan(count, count), c2 = scratch.AsSpan(2 * count, count), c3 = scratch.AsSpan(3 * count, count);
                for (int c = 0; c < count; c++)
                    (c1[c], c2[c], c3[c]) = Coefficients(gamma[gammaOffset + c0 + c], rstd[c0 + c], s1[c], s2[c], invM);
                for (int n = 0; n < batch; n++)
                    NormalizationSimd.BackwardMap<T>(dy.AsSpan(dyOffset + n * channels + c0, count), x.AsSpan(xOffset + n * channels + c0, count),
                        mu, c1, c2, c3, dx.AsSpan(n * channels + c0, count));
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        }
    }
}
