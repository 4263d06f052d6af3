using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Householder QR of one row-major m×n matrix in double precision, with LAPACK's conventions (geqrf/orgqr):
/// reflector j is H = I − τ v vᵀ with v₀ = 1, β = −sign(α)·‖x‖, so R's diagonal carries the same signs as
/// LAPACK's and Q and R match PyTorch's for full-rank input. Reflectors are applied a row at a time
/// (w = vᵀ A as a sum of row axpys, then A −= τ v w), so every inner loop is contiguous and vectorised.
/// </summary>
internal static class LinalgQr
{
    /// <summary>Factors <paramref name="a"/> in place: R on and above the diagonal, v below it; τ into <paramref name="tau"/> (min(m, n)).</summary>
    public static void Factor(Span<double> a, int m, int n, Span<double> tau)
    {
        int k = Math.Min(m, n);
        double[] w = new double[Math.Max(n, 1)];
        for (int j = 0; j < k; j++)
        {
            double alpha = a[j * n + j], xnorm = 0, scale = 0;
            for (int i = j + 1; i < m; i++) scale = Math.Max(scale, Math.Abs(a[i * n + j]));
            if (scale > 0)
            {
                double ss = 0;
                for (int i = j + 1; i < m; i++) { double v = a[i * n + j] / scale; ss += v * v; }
                xnorm = scale * Math.Sqrt(ss);
            }
            if (xnorm == 0) { tau[j] = 0; continue; }
            double beta = -Math.CopySign(Hypot(alpha, xnorm), alpha);
            tau[j] = (beta - alpha) / beta;
            double inv = 1 / (alpha - beta);
            for (int i = j + 1; i < m; i++) a[i * n + j] *= inv;
            a[j * n + j] = beta;
            ApplyLeft(a, m, n, j, j + 1, n - j - 1, a, n, j, tau[j], w);
        }
    }

    /// <summary>
    /// Applies H_j = I − τ v vᵀ (v stored in column <paramref name="j"/> of the factored <paramref name="f"/>, rows j..m−1,
    /// with v_j = 1) from the left to columns [c0, c0 + count) of the row-major m×<paramref name="ldc"/> matrix <paramref name="c"/>.
    /// </summary>
    private static void ApplyLeft(ReadOnlySpan<double> f, int m, int n, int j, int c0, int count, Span<double> c, int ldc, int jRow, double tau, double[] work)
    {
        if (tau == 0 || count == 0) return;
        Span<double> w = work.AsSpan(0, count);
        c.Slice(jRow * ldc + c0, count).CopyTo(w);
        for (int i = j + 1; i < m; i++)
        {
            double v = f[i * n + j];
            if (v != 0) TensorPrimitives.MultiplyAdd(c.Slice(i * ldc + c0, count), v, w, w);
        }
        Span<double> row = c.Slice(jRow * ldc + c0, count);
        TensorPrimitives.MultiplyAdd(w, -tau, row, row);
        for (int i = j + 1; i < m; i++)
        {
            double v = f[i * n + j];
            if (v != 0)
            {
                Span<double> ri = c.Slice(i * ldc + c0, count);
                TensorPrimitives.MultiplyAdd(w, -tau * v, ri, ri);
            }
        }
    }

    /// <summary>Q's first <paramref name="qCols"/> columns (min(m, n) or m) into row-major m×qCols <paramref name="q"/>: H₀H₁…H_{k−1} applied to I.</summary>
    public static void FormQ(ReadOnlySpan<double> f, ReadOnlySpan<double> tau, int m, int n, int qCols, Span<double> q)
    {
        q[..(m * qCols)].Clear();
        for (int i = 0; i < Math.Min(m, qCols); i++) q[i * qCols + i] = 1;
        double[] w = new double[Math.Max(qCols, 1)];
        for (int j = Math.Min(m, n) - 1; j >= 0; j--)
            ApplyLeft(f, m, n, j, 0, qCols, q, qCols, j, tau[j], w);
    }

    /// <summary>R's first <paramref name="rRows"/> rows (upper triangle of the factors, zeros below) into row-major rRows×n <paramref name="r"/>.</summary>
    public static void ExtractR(ReadOnlySpan<double> f, int m, int n, int rRows, Span<double> r)
    {
        r[..(rRows * n)].Clear();
        for (int i = 0; i < Math.Min(rRows, m); i++)
            for (int j = i; j < n; j++) r[i * n + j] = f[i * n + j];
    }

    /// <summary>
    /// The least-squares solution of a full-rank m×n system A X ≈ B (B row-major m×k) into n×k <paramref name="x"/>:
    /// for m ≥ n, X = R⁻¹ (Qᵀ B)[:n]; for m &lt; n the minimum-norm solution X = Q R⁻ᵀ B from the QR of Aᵀ.
    /// Returns false, leaving <paramref name="x"/> undefined, when R is numerically singular (some |rᵢᵢ| at most
    /// <paramref name="singularRatio"/>·max |rⱼⱼ|): A is rank-deficient or nearly so, and the caller must solve
    /// through a rank-revealing factorisation instead.
    /// </summary>
    public static bool LeastSquares(ReadOnlySpan<double> a, int m, int n, ReadOnlySpan<double> b, int k, Span<double> x, double singularRatio)
    {
        if (m >= n)
        {
            double[] f = a[..(m * n)].ToArray(), tau = new double[n], y = b[..(m * k)].ToArray(), w = new double[Math.Max(k, 1)];
            Factor(f, m, n, tau);
            if (IsSingular(f, n, n, singularRatio)) return false;
            for (int j = 0; j < n; j++) ApplyLeft(f, m, n, j, 0, k, y, k, j, tau[j], w);
            for (int i = n - 1; i >= 0; i--) // back substitution with R
            {
                Span<double> yi = y.AsSpan(i * k, k);
                for (int j = i + 1; j < n; j++) TensorPrimitives.MultiplyAdd(y.AsSpan(j * k, k), -f[i * n + j], yi, yi);
                TensorPrimitives.Divide(yi, f[i * n + i], yi);
            }
            y.AsSpan(0, n * k).CopyTo(x);
        }
        else
        {
            var at = new double[n * m]; // Aᵀ, n×m, n > m
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) at[j * m + i] = a[i * n + j];
            double[] tau = new double[m], z = new double[n * k], w = new double[Math.Max(k, 1)];
            Factor(at, n, m, tau);
            if (IsSingular(at, m, m, singularRatio)) return false;
            b[..(m * k)].CopyTo(z);
            for (int i = 0; i < m; i++) // forward substitution with Rᵀ (lower): Rᵀ z = b
            {
                Span<double> zi = z.AsSpan(i * k, k);
                for (int j = 0; j < i; j++) TensorPrimitives.MultiplyAdd(z.AsSpan(j * k, k), -at[j * m + i], zi, zi);
                TensorPrimitives.Divide(zi, at[i * m + i], zi);
            }
            for (int j = m - 1; j >= 0; j--) ApplyLeft(at, n, m, j, 0, k, z, k, j, tau[j], w); // X = Q [z; 0]
            z.AsSpan(0, n * k).CopyTo(x);
        }
        return true;
    }

    /// <summary>True when the first <paramref name="count"/> diagonal entries of the factored matrix (row stride <paramref name="ld"/>) hold a zero or one at most ratio·max.</summary>
    private static bool IsSingular(ReadOnlySpan<double> f, int ld, int count, double ratio)
    {
        double max = 0, min = double.PositiveInfinity;
        for (int i = 0; i < count; i++)
        {
            double d = Math.Abs(f[i * ld + i]);
            max = Math.Max(max, d);
            min = Math.Min(min, d);
        }
        return count > 0 && !(min > ratio * max);
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a); b = Math.Abs(b);
        double big = Math.Max(a, b), small = Math.Min(a, b);
        if (big == 0) return 0;
        double r = small / big;
        return big * Math.Sqrt(1 + r * r);
    }
}
