using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Layer normalization over contiguous rows of length n: per row, mean μ = Σx/n, biased variance σ² = Σ(x − μ)²/n
/// (two passes over a row that is in L1 by then), rstd = 1/√(σ² + eps), y = (x − μ)·rstd·γ + β. Backward is analytic:
/// with a = dy·γ and x̂ = (x − μ)·rstd, dx = rstd·(a − mean(a) − x̂·mean(a·x̂)), dγ = Σ_rows dy·x̂, dβ = Σ_rows dy.
/// Rows run in parallel; dγ and dβ are summed per fixed block of rows (the block size depends on n only) and the
/// block partials added in block order, so every result is independent of the thread count.
/// </summary>
internal static class LayerNormKernel
{
    /// <summary>Rows per block of the affine-gradient partial sums: about 4096 elements, a function of n only.</summary>
    private static int RowsPerBlock(int n) => Math.Max(1, 4096 / Math.Max(n, 1));

    /// <summary>
    /// Normalises <paramref name="rows"/> rows of x (from <paramref name="xOffset"/>) into y (from 0), saving each row's
    /// mean and rstd. γ and β are arrays of length ≥ n read from their offsets (pass ones / zeros when absent).
    /// </summary>
    public static void Forward<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] rstd, int rows, int n, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ForwardBody<T>(x, xOffset, gamma, gammaOffset, beta, betaOffset, y, mean, rstd, n, eps);
        RangeJob<ForwardBody<T>>.Run(body, rows, RangeJob.Grain(n));
    }

    /// <summary>
    /// The gradients of <see cref="Forward{T}"/>: dx (from 0, all rows) always; dγ and dβ (length n, overwritten) when
    /// <paramref name="dgamma"/> is not null. dy and x are contiguous from their offsets.
    /// </summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean, T[] rstd,
        T[] dx, T[]? dgamma, T[]? dbeta, int rows, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int perBlock = RowsPerBlock(n);
        int blocks = (rows + perBlock - 1) / perBlock;
        bool affine = dgamma is not null;
        T[]? partial = affine ? ArrayPool<T>.Shared.Rent(2 * blocks * n) : null;
        try
        {
            if (partial is not null) Array.Clear(partial, 0, 2 * blocks * n);
            var body = new BackwardBody<T>(dy, dyOffset, x, xOffset, gamma, gammaOffset, mean, rstd, dx, partial, rows, n, perBlock, blocks);
            RangeJob<BackwardBody<T>>.Run(body, blocks, RangeJob.Grain((long)perBlock * n));
            if (partial is null) return;
            Span<T> dg = dgamma.AsSpan(0, n), db = dbeta.AsSpan(0, n);
            partial.AsSpan(0, n).CopyTo(dg);
            partial.AsSpan(blocks * n, n).CopyTo(db);
            for (int b = 1; b < blocks; b++)
            {
                NormalizationSimd.AddInto<T>(partial.AsSpan(b * n, n), dg);
                NormalizationSimd.AddInto<T>(partial.AsSpan((blocks + b) * n, n), db);
            }
        }
        finally
        {
            if (partial is not null) ArrayPool<T>.Shared.Return(partial);
        }
    }

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] gamma, int gammaOffset, T[] beta, int betaOffset, T[] y,
        T[] mean, T[] rstd, int n, T eps) : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            T invN = T.One / T.CreateTruncating(Math.Max(n, 1));
            ReadOnlySpan<T> g = gamma.AsSpan(gammaOffset, n), b = beta.AsSpan(betaOffset, n);
            for (int r = start; r < start + count; r++)
            {
                ReadOnlySpan<T> xr = x.AsSpan(xOffset + r * n, n);
                T mu = NormalizationSimd.Sum(xr) * invN;
                T var = NormalizationSimd.SumSquaredDeviations(xr, mu) * invN;
                T rs = T.One / T.Sqrt(var + eps);
                NormalizationSimd.NormalizeAffine(xr, mu, rs, g, b, y.AsSpan(r * n, n));
                mean[r] = mu;
                rstd[r] = rs;
            }
        }
    }

    private readonly struct BackwardBody<T>(T[] dy, int dyOffset, T[] x, int xOffset, T[] gamma, int gammaOffset, T[] mean,
        T[] rstd, T[] dx, T[]? partial, int rows, int n, int perBlock, int blocks) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            T invN = T.One / T.CreateTruncating(Math.Max(n, 1));
            ReadOnlySpan<T> g = gamma.AsSpan(gammaOffset, n);
            for (int blk = start; blk < start + count; blk++)
            {
                Span<T> dg = partial is null ? Span<T>.Empty : partial.AsSpan(blk * n, n);
                Span<T> db = partial is null ? Span<T>.Empty : partial.AsSpan((blocks + blk) * n, n);
                int end = Math.Min(rows, (blk + 1) * perBlock);
                for (int r = blk * perBlock; r < end; r++)
                {
                    ReadOnlySpan<T> dyr = dy.AsSpan(dyOffset + r * n, n), xr = x.AsSpan(xOffset + r * n, n);
                    T mu = mean[r], rs = rstd[r];
                    var (s1, s2) = NormalizationSimd.GammaSums(dyr, g, xr, mu);
                    T c2 = -rs * rs * rs * s2 * invN;
                    T c3 = -rs * s1 * invN;
                    NormalizationSimd.LayerNormRowBackward(dyr, g, xr, mu, rs, c2, c3, dx.AsSpan(r * n, n), dg, db);
                }
            }
        }
    }
}
