using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Eigenvalues and eigenvectors of one real symmetric n×n matrix in double precision by the cyclic Jacobi method:
/// sweeps of plane rotations that zero each off-diagonal pair in turn, until a sweep finds every |a_pq| negligible
/// next to √|a_pp a_qq| (relative to machine epsilon). Jacobi is slower than tridiagonal QL for large n but simple,
/// unconditionally convergent and accurate to a few ulps of ‖A‖, with eigenvectors orthogonal to working precision.
/// Rotations of rows are contiguous (vectorised); the eigenvectors are kept as rows of Vᵀ so theirs are too.
/// </summary>
internal static class LinalgSymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Decomposes the symmetric <paramref name="a"/> (destroyed): eigenvalues ascending into <paramref name="w"/>,
    /// and, when <paramref name="vectors"/> is not empty, the matching unit eigenvectors as columns of row-major n×n V.
    /// </summary>
    public static void Decompose(Span<double> a, int n, Span<double> w, Span<double> vectors)
    {
        bool wantVectors = !vectors.IsEmpty;
        double[] vt = new double[n * n];
        for (int i = 0; i < n; i++) vt[i * n + i] = 1;
        const double eps = 2.220446049250313e-16;
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    double app = a[p * n + p], aqq = a[q * n + q];
                    if (apq == 0) continue;
                    if (Math.Abs(apq) <= eps * 0.5 * Math.Sqrt(Math.Abs(app) * Math.Abs(aqq)))
                    {
                        a[p * n + q] = 0;
                        a[q * n + p] = 0;
                        continue;
                    }
                    rotated = true;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    RotateRows(a.Slice(p * n, n), a.Slice(q * n, n), c, s);
                    for (int r = 0; r < n; r++) // columns p and q
                    {
                        double x = a[r * n + p], y = a[r * n + q];
                        a[r * n + p] = c * x - s * y;
                        a[r * n + q] = s * x + c * y;
                    }
                    a[p * n + q] = 0;
                    a[q * n + p] = 0;
                    a[p * n + p] = app - t * apq;
                    a[q * n + q] = aqq + t * apq;
                    if (wantVectors) RotateRows(vt.AsSpan(p * n, n), vt.AsSpan(q * n, n), c, s);
                }
            }
            if (!rotated) break;
        }
        var order = new int[n];
        var values = new double[n];
        for (int i = 0; i < n; i++) { order[i] = i; values[i] = a[i * n + i]; }
        Array.Sort((double[])values.Clone(), order);
        for (int i = 0; i < n; i++) w[i] = values[order[i]];
        if (!wantVectors) return;
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> v = vt.AsSpan(order[j] * n, n);
            for (int i = 0; i < n; i++) vectors[i * n + j] = v[i];
        }
    }

    /// <summary>(x, y) ← (c·x − s·y, s·x + c·y) over two equal-length rows, in one vectorised pass.</summary>
    internal static void RotateRows(Span<double> x, Span<double> y, double c, double s)
    {
        int n = x.Length, i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && n >= System.Numerics.Vector<double>.Count)
        {
            var vc = new System.Numerics.Vector<double>(c);
            var vs = new System.Numerics.Vector<double>(s);
            int w = System.Numerics.Vector<double>.Count;
            for (; i <= n - w; i += w)
            {
                var xv = new System.Numerics.Vector<double>(x.Slice(i, w));
                var yv = new System.Numerics.Vector<double>(y.Slice(i, w));
                (vc * xv - vs * yv).CopyTo(x.Slice(i, w));
                (vs * xv + vc * yv).CopyTo(y.Slice(i, w));
            }
        }
        for (; i < n; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }
}
