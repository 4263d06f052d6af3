using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Singular value decomposition A = U diag(S) Vᵀ of one row-major m×n matrix in double precision by one-sided
/// (Hestenes) Jacobi: plane rotations of column pairs of A until all columns are mutually orthogonal (|cᵢ·cⱼ| ≤
/// ε‖cᵢ‖‖cⱼ‖), accumulating the same rotations in V; then Sⱼ = ‖cⱼ‖ and uⱼ = cⱼ/Sⱼ. It is accurate to high relative
/// precision, even for tiny singular values. Columns are held as contiguous rows of Aᵀ (wide input is handled as
/// its transpose), so every dot product and rotation is vectorised. Singular values come out descending; vectors
/// for zero singular values, and the extra columns of full U/V, complete an orthonormal basis.
/// </summary>
internal static class LinalgSvd
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Decomposes <paramref name="a"/> (m×n, not modified). k = min(m, n). Writes S (k) and, when
    /// <paramref name="u"/>/<paramref name="vh"/> are not empty, U (m×uCols) and Vᵀ (vRows×n) with uCols, vRows = k
    /// (reduced) or m, n (full).
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> a, int m, int n, Span<double> s, Span<double> u, Span<double> vh, bool full)
    {
        bool vectors = !u.IsEmpty || !vh.IsEmpty;
        if (m >= n)
        {
            var cols = new double[n * m]; // Aᵀ: row j = column j of A
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) cols[j * m + i] = a[i * n + j];
            Core(cols, m, n, s, vectors, out double[] uRows, out double[] vRows, full ? m : n);
            if (!vectors) return;
            int uc = full ? m : n;
            for (int j = 0; j < uc; j++)
                for (int i = 0; i < m; i++) u[i * uc + j] = uRows[j * m + i];
            vRows.AsSpan(0, n * n).CopyTo(vh); // rows of Vᵀ are the right singular vectors
        }
        else
        {
            var cols = new double[m * n]; // columns of Aᵀ are the rows of A
            a[..(m * n)].CopyTo(cols);
            Core(cols, n, m, s, vectors, out double[] uRows, out double[] vRows, full ? n : m);
            if (!vectors) return;
            // Aᵀ = U' S V'ᵀ, so A = V' S U'ᵀ: U = V' (m×m), Vᵀ = U'ᵀ (rows = u'ⱼ)
            for (int j = 0; j < m; j++)
                for (int i = 0; i < m; i++) u[i * m + j] = vRows[j * m + i];
            int vr = full ? n : m;
            uRows.AsSpan(0, vr * n).CopyTo(vh);
        }
    }

    /// <summary>
    /// One-sided Jacobi on <paramref name="cols"/> (count rows of length len, len ≥ count): S descending; left vectors
    /// as rows of <paramref name="uRows"/> (uCount of them, completed to an orthonormal set), right vectors as rows of
    /// <paramref name="vRows"/> (count×count).
    /// </summary>
    private static void Core(double[] cols, int len, int count, Span<double> s, bool vectors, out double[] uRows, out double[] vRows, int uCount)
    {
        const double eps = 2.220446049250313e-16;
        var v = new double[count * count];
        for (int i = 0; i < count; i++) v[i * count + i] = 1;
        var sq = new double[count]; // squared column norms: recomputed each sweep, updated exactly by each rotation
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int j = 0; j < count; j++) { ReadOnlySpan<double> cj = cols.AsSpan(j * len, len); sq[j] = TensorPrimitives.Dot(cj, cj); }
            for (int p = 0; p < count - 1; p++)
            {
                for (int q = p + 1; q < count; q++)
                {
                    Span<double> cp = cols.AsSpan(p * len, len), cq = cols.AsSpan(q * len, len);
                    double alpha = sq[p], beta = sq[q];
                    double gamma = TensorPrimitives.Dot<double>(cp, cq);
                    if (gamma == 0 || Math.Abs(gamma) <= eps * Math.Sqrt(alpha) * Math.Sqrt(beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double c = 1 / Math.Sqrt(1 + t * t), sn = c * t;
                    LinalgSymmetricEigen.RotateRows(cp, cq, c, sn);
                    sq[p] = Math.Max(alpha - t * gamma, 0);
                    sq[q] = beta + t * gamma;
                    if (vectors) LinalgSymmetricEigen.RotateRows(v.AsSpan(p * count, count), v.AsSpan(q * count, count), c, sn);
                }
            }
            if (!rotated) break;
        }
        var norms = new double[count];
        var order = new int[count];
        for (int j = 0; j < count; j++)
        {
            ReadOnlySpan<double> cj = cols.AsSpan(j * len, len);
            norms[j] = Math.Sqrt(TensorPrimitives.Dot(cj, cj));
            order[j] = j;
        }
        Array.Sort(order, (x, y) => norms[y].CompareTo(norms[x]) != 0 ? norms[y].CompareTo(norms[x]) : x.CompareTo(y));
        for (int j = 0; j < count; j++) s[j] = norms[order[j]];
        uRows = [];
        vRows = [];
        if (!vectors) return;
        uRows = new double[uCount * len];
        vRows = new double[count * count];
        int filled = 0;
        double smax = count > 0 ? norms[order[0]] : 0;
        for (int j = 0; j < count; j++) v.AsSpan(order[j] * count, count).CopyTo(vRows.AsSpan(j * count, count));
        for (int j = 0; j < count; j++)
        {
            int src = order[j];
            double nrm = norms[src];
            // a column that is roundoff (σ ≤ ε·len·σ_max) has no direction of its own: complete the basis instead
            if (nrm > 0 && nrm > smax * eps * len)
            {
                TensorPrimitives.Divide(cols.AsSpan(src * len, len), nrm, uRows.AsSpan(j * len, len));
                filled = j + 1;
            }
            else break;
        }
        CompleteBasis(uRows, len, filled, uCount);
    }

    /// <summary>
    /// Extends the orthonormal rows 0..<paramref name="have"/>−1 of <paramref name="rows"/> (length
    /// <paramref name="len"/>) to <paramref name="want"/> orthonormal rows with Gram–Schmidt (twice) on unit vectors.
    /// </summary>
    internal static void CompleteBasis(double[] rows, int len, int have, int want)
    {
        var cand = new double[len];
        for (int e = 0; e < len && have < want; e++)
        {
            Array.Clear(cand);
            cand[e] = 1;
            for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < have; i++)
                {
                    ReadOnlySpan<double> r = rows.AsSpan(i * len, len);
                    TensorPrimitives.MultiplyAdd(r, -TensorPrimitives.Dot<double>(r, cand), cand, cand);
                }
            double nrm = Math.Sqrt(TensorPrimitives.Dot<double>(cand, cand));
            if (nrm < 0.5) continue;
            TensorPrimitives.Divide(cand, nrm, rows.AsSpan(have * len, len));
            have++;
        }
    }
}
