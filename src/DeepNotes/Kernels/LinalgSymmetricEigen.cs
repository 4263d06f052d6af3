using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Eigenvalues and eigenvectors of one real symmetric n×n matrix in double precision: Householder reduction to
/// tridiagonal form T = QᵀAQ (two-sided rank-2 updates, a row at a time), then the implicit symmetric QR algorithm
/// with Wilkinson shifts on T, chasing the bulge with plane rotations that are also applied to Q. Backward stable:
/// eigenvalues accurate to a few ulps of ‖A‖, eigenvectors orthogonal to working precision. Q is kept transposed
/// (its columns as contiguous rows), so every reflector and rotation applied to it is a vectorised row operation.
/// </summary>
internal static class LinalgSymmetricEigen
{
    /// <summary>
    /// Decomposes the symmetric <paramref name="a"/> (both triangles filled; destroyed): eigenvalues ascending into
    /// <paramref name="w"/>, and, when <paramref name="vectors"/> is not empty, the matching unit eigenvectors as
    /// columns of row-major n×n V.
    /// </summary>
    public static void Decompose(Span<double> a, int n, Span<double> w, Span<double> vectors)
    {
        bool wantVectors = !vectors.IsEmpty;
        double[] qt = new double[wantVectors ? n * n : 0];
        for (int i = 0; i < n && wantVectors; i++) qt[i * n + i] = 1;
        var d = new double[n];
        var e = new double[Math.Max(n - 1, 0)];
        Tridiagonalize(a, n, d, e, qt, wantVectors);
        ImplicitQr(d, e, n, qt, wantVectors);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort((double[])d.Clone(), order);
        for (int i = 0; i < n; i++) w[i] = d[order[i]];
        if (!wantVectors) return;
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> v = qt.AsSpan(order[j] * n, n);
            for (int i = 0; i < n; i++) vectors[i * n + j] = v[i];
        }
    }

    /// <summary>A = Q T Qᵀ with Householder reflectors H_k = I − 2vvᵀ; Qᵀ accumulated in <paramref name="qt"/>.</summary>
    private static void Tridiagonalize(Span<double> a, int n, double[] d, double[] e, double[] qt, bool wantVectors)
    {
        var v = new double[n];
        var p = new double[n];
        var row = new double[n];
        for (int k = 0; k < n - 2; k++)
        {
            int m = n - k - 1, o = k + 1;
            Span<double> vs = v.AsSpan(0, m), ps = p.AsSpan(0, m);
            double scale = 0;
            for (int i = 0; i < m; i++) { vs[i] = a[(o + i) * n + k]; scale = Math.Max(scale, Math.Abs(vs[i])); }
            if (scale == 0) continue;
            double ss = 0;
            for (int i = 0; i < m; i++) { double t = vs[i] / scale; ss += t * t; }
            double alpha = -Math.CopySign(scale * Math.Sqrt(ss), vs[0]);
            vs[0] -= alpha;
            double vnorm = Math.Sqrt(TensorPrimitives.Dot<double>(vs, vs));
            if (vnorm == 0) continue;
            TensorPrimitives.Divide(vs, vnorm, vs);
            for (int i = 0; i < m; i++) ps[i] = TensorPrimitives.Dot<double>(a.Slice((o + i) * n + o, m), vs);
            double kk = TensorPrimitives.Dot<double>(vs, ps);
            TensorPrimitives.MultiplyAdd(vs, -kk, ps, ps); // w = p − (vᵀp) v
            for (int i = 0; i < m; i++) // A22 −= 2 v wᵀ + 2 w vᵀ
            {
                Span<double> r = a.Slice((o + i) * n + o, m);
                TensorPrimitives.MultiplyAdd(ps, -2 * vs[i], r, r);
                TensorPrimitives.MultiplyAdd(vs, -2 * ps[i], r, r);
            }
            a[o * n + k] = alpha;
            a[k * n + o] = alpha;
            for (int i = 1; i < m; i++) { a[(o + i) * n + k] = 0; a[k * n + o + i] = 0; }
            if (!wantVectors) continue;
            Span<double> acc = row.AsSpan(0, n); // Qᵀ ← H_k Qᵀ on rows o..n−1
            acc.Clear();
            for (int i = 0; i < m; i++) TensorPrimitives.MultiplyAdd(qt.AsSpan((o + i) * n, n), vs[i], acc, acc);
            for (int i = 0; i < m; i++)
            {
                Span<double> r = qt.AsSpan((o + i) * n, n);
                TensorPrimitives.MultiplyAdd(acc, -2 * vs[i], r, r);
            }
        }
        for (int i = 0; i < n; i++) d[i] = a[i * n + i];
        for (int i = 0; i < n - 1; i++) e[i] = a[(i + 1) * n + i];
    }

    /// <summary>Implicit symmetric QR steps with Wilkinson shifts on the tridiagonal (d, e) until every e is negligible.</summary>
    private static void ImplicitQr(double[] d, double[] e, int n, double[] qt, bool wantVectors)
    {
        const double eps = 2.220446049250313e-16;
        int h = n - 1, iterations = 0;
        while (h > 0)
        {
            if (Math.Abs(e[h - 1]) <= eps * (Math.Abs(d[h - 1]) + Math.Abs(d[h])) || Math.Abs(e[h - 1]) < 1e-300)
            {
                e[h - 1] = 0;
                h--;
                continue;
            }
            if (++iterations > 60 * n) break; // not reached in practice; the result is then the best available
            int l = h - 1;
            while (l > 0 && !(Math.Abs(e[l - 1]) <= eps * (Math.Abs(d[l - 1]) + Math.Abs(d[l])) || Math.Abs(e[l - 1]) < 1e-300)) l--;
            if (l > 0) e[l - 1] = 0;
            double dd = (d[h - 1] - d[h]) / 2, ee = e[h - 1];
            double mu = d[h] - ee * ee / (dd + Math.CopySign(Hypot(dd, ee), dd == 0 ? 1 : dd));
            double x = d[l] - mu, z = e[l];
            for (int k = l; k < h; k++)
            {
                double r = Hypot(x, z);
                double c = r == 0 ? 1 : x / r, s = r == 0 ? 0 : z / r;
                if (k > l) e[k - 1] = r;
                double ak = d[k], bk = e[k], ck = d[k + 1];
                d[k] = c * c * ak + 2 * c * s * bk + s * s * ck;
                d[k + 1] = s * s * ak - 2 * c * s * bk + c * c * ck;
                e[k] = c * s * (ck - ak) + (c * c - s * s) * bk;
                if (wantVectors) RotateRows(qt.AsSpan(k * n, n), qt.AsSpan((k + 1) * n, n), c, -s);
                if (k < h - 1)
                {
                    x = e[k];
                    z = s * e[k + 1];
                    e[k + 1] *= c;
                }
            }
        }
    }

    private static double Hypot(double a, double b)
    {
        a = Math.Abs(a); b = Math.Abs(b);
        double big = Math.Max(a, b), small = Math.Min(a, b);
        if (big == 0) return 0;
        double q = small / big;
        return big * Math.Sqrt(1 + q * q);
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
