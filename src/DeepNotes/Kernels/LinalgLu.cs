using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// LU factorisation with partial pivoting (PA = LU, L unit lower triangular) of one row-major n×n matrix in double
/// precision, and the solves, inverse and determinant built on it. Right-looking and unblocked: each step picks the
/// largest |entry| of the column as pivot (the first one on ties, as LAPACK's getrf), swaps whole rows, and updates
/// the trailing rows with one vectorised axpy per row (<see cref="TensorPrimitives.MultiplyAdd{T}(ReadOnlySpan{T}, T, ReadOnlySpan{T}, Span{T})"/>).
/// </summary>
internal static class LinalgLu
{
    /// <summary>
    /// Factors <paramref name="a"/> in place: U on and above the diagonal, the multipliers of L below it.
    /// <paramref name="perm"/>[i] is the original row now at row i; <paramref name="sign"/> the permutation's parity.
    /// </summary>
    /// <returns>0, or the 1-based index of the first zero pivot (LAPACK's <c>info</c>); the factorisation still runs to the end.</returns>
    public static int Factor(Span<double> a, int n, Span<int> perm, out int sign)
    {
        sign = 1;
        int info = 0;
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double max = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * n + k]);
                if (v > max) { max = v; p = i; }
            }
            if (p != k)
            {
                Span<double> rk = a.Slice(k * n, n), rp = a.Slice(p * n, n);
                for (int j = 0; j < n; j++) (rk[j], rp[j]) = (rp[j], rk[j]);
                (perm[k], perm[p]) = (perm[p], perm[k]);
                sign = -sign;
            }
            double pivot = a[k * n + k];
            if (pivot == 0)
            {
                if (info == 0) info = k + 1;
                continue;
            }
            ReadOnlySpan<double> rowK = a.Slice(k * n + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                double l = a[i * n + k] / pivot;
                a[i * n + k] = l;
                if (l != 0)
                {
                    Span<double> rowI = a.Slice(i * n + k + 1, n - k - 1);
                    TensorPrimitives.MultiplyAdd(rowK, -l, rowI, rowI);
                }
            }
        }
        return info;
    }

    /// <summary>
    /// Solves A X = B in place for the row-major n×k right-hand side <paramref name="b"/>, given A's factors:
    /// permute, forward substitution with L, back substitution with U (one vectorised row axpy per entry).
    /// </summary>
    public static void Solve(ReadOnlySpan<double> lu, ReadOnlySpan<int> perm, int n, Span<double> b, int k)
    {
        if (n == 0 || k == 0) return;
        double[] x = new double[n * k];
        for (int i = 0; i < n; i++) b.Slice(perm[i] * k, k).CopyTo(x.AsSpan(i * k, k));
        Span<double> xs = x;
        for (int i = 1; i < n; i++)
        {
            Span<double> xi = xs.Slice(i * k, k);
            for (int j = 0; j < i; j++)
            {
                double l = lu[i * n + j];
                if (l != 0) TensorPrimitives.MultiplyAdd(xs.Slice(j * k, k), -l, xi, xi);
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            Span<double> xi = xs.Slice(i * k, k);
            for (int j = i + 1; j < n; j++)
            {
                double u = lu[i * n + j];
                if (u != 0) TensorPrimitives.MultiplyAdd(xs.Slice(j * k, k), -u, xi, xi);
            }
            TensorPrimitives.Divide(xi, lu[i * n + i], xi);
        }
        xs.CopyTo(b);
    }

    /// <summary>The inverse of the factored matrix into row-major n×n <paramref name="inverse"/>.</summary>
    public static void Inverse(ReadOnlySpan<double> lu, ReadOnlySpan<int> perm, int n, Span<double> inverse)
    {
        inverse[..(n * n)].Clear();
        for (int i = 0; i < n; i++) inverse[i * n + i] = 1;
        Solve(lu, perm, n, inverse, n);
    }

    /// <summary>det(A) = parity · Π Uᵢᵢ from the factors.</summary>
    public static double Determinant(ReadOnlySpan<double> lu, int n, int sign)
    {
        double det = sign;
        for (int i = 0; i < n; i++) det *= lu[i * n + i];
        return det;
    }

    /// <summary>sign(det A) and log|det A| from the factors: (0, −∞) for a singular matrix, as PyTorch.</summary>
    public static (double Sign, double LogAbsDet) LogDeterminant(ReadOnlySpan<double> lu, int n, int sign)
    {
        double s = sign, log = 0;
        for (int i = 0; i < n; i++)
        {
            double d = lu[i * n + i];
            if (d == 0) return (0, double.NegativeInfinity);
            if (d < 0) s = -s;
            log += Math.Log(Math.Abs(d));
        }
        return (s, log);
    }
}
