using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.pinv</c> and the solution of <c>torch.linalg.lstsq</c>. Pinv: V diag(1/sᵢ) Uᵀ over the singular
/// values above max(atol, rtol·s_max) (from the SVD; from the eigendecomposition with |λ| when hermitian); default
/// rtol = ε·max(m, n) unless atol &gt; 0 is given. Lstsq: the least-squares (m ≥ n) or minimum-norm (m &lt; n)
/// solution from a Householder QR; when R is numerically singular (rank-deficient A) the minimum-norm least-squares
/// solution from the SVD over the singular values above rcond·σ_max (rcond = ε·max(m, n) by default, as gelsy's). Backward (PyTorch's pinv_backward, and
/// linalg_lstsq_backward through pinv): see <see cref="PinvBackward"/>; for lstsq gA = pinv_backward(g Bᵀ),
/// gB = pinv(A)ᵀ g.
/// </summary>
internal static class PseudoInverse
{
    public static Tensor Pinv(Tensor a, double? atol, double? rtol, bool hermitian)
    {
        const string op = "linalg.pinv";
        MatrixBatch.CheckMatrix(op, a);
        if (hermitian) MatrixBatch.CheckSquare(op, a);
        int m = a.Shape[-2], n = a.Shape[-1], k = Math.Min(m, n), count = MatrixBatch.BatchCount(a);
        (double at, double rt) = Tolerances(atol, rtol, m, n, a.DType);
        double[] data = MatrixBatch.Read(a), result = new double[count * n * m];
        double[] s = new double[k], u = new double[m * k], vh = new double[k * n];
        for (int b = 0; b < count; b++)
        {
            Span<double> mat = data.AsSpan(b * m * n, m * n), p = result.AsSpan(b * n * m, n * m);
            if (hermitian)
            {
                for (int i = 0; i < n; i++) // the lower triangle, as eigh(UPLO='L')
                    for (int j = i + 1; j < n; j++) mat[i * n + j] = mat[j * n + i];
                LinalgSymmetricEigen.Decompose(mat, n, s, u); // u holds V (n×n), s the eigenvalues
                double max = 0;
                for (int i = 0; i < n; i++) max = Math.Max(max, Math.Abs(s[i]));
                double tol = Math.Max(at, rt * max);
                for (int l = 0; l < n; l++)
                {
                    if (!(Math.Abs(s[l]) > tol)) continue;
                    double inv = 1 / s[l];
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++) p[i * n + j] += u[i * n + l] * inv * u[j * n + l];
                }
                continue;
            }
            LinalgSvd.Decompose(mat, m, n, s, u, vh, full: false);
            double cut = Math.Max(at, rt * (k > 0 ? s[0] : 0));
            for (int l = 0; l < k; l++)
            {
                if (!(s[l] > cut)) continue;
                double inv = 1 / s[l];
                for (int i = 0; i < n; i++)
                {
                    double vi = vh[l * n + i] * inv;
                    for (int j = 0; j < m; j++) p[i * m + j] += vi * u[j * k + l];
                }
            }
        }
        Shape batch = MatrixBatch.BatchShape(a);
        var output = MatrixBatch.Write(result, new Shape([.. batch.Dims, n, m]), a.DType);
        if (!Tensor.NeedsGrad(a)) return output;
        var ps = output.Detach();
        return Tensor.RecordDifferentiable(output, "LinalgPinvBackward", [a], g => [PinvBackward(g, Autograd.IsCreatingGraph ? output : ps, a)], ps, a);
    }

    /// <summary>PyTorch's rtol/atol defaults: rtol = ε·max(m, n) unless atol &gt; 0 was given without rtol.</summary>
    private static (double Atol, double Rtol) Tolerances(double? atol, double? rtol, int m, int n, DType dtype)
    {
        double at = atol ?? 0;
        double rt = rtol ?? (at > 0 ? 0 : MatrixBatch.Epsilon(dtype) * Math.Max(m, n));
        return (at, rt);
    }

    /// <summary>
    /// gA for P = pinv(A) [n×m] (PyTorch's pinv_backward): for m ≤ n, with K = gᵀP,
    /// gA = −(P K)ᵀ + K Pᵀ − A P K Pᵀ + Pᵀ P (gᵀ − K A); for m &gt; n, with K = P gᵀ,
    /// gA = −(K P)ᵀ + (gᵀ − A K) P Pᵀ + Pᵀ K − Pᵀ K P A.
    /// </summary>
    internal static Tensor PinvBackward(Tensor g, Tensor p, Tensor a)
    {
        int m = a.Shape[-2], n = a.Shape[-1];
        Tensor pt = MT(p), gt = MT(g);
        if (m <= n)
        {
            Tensor k = gt.MatMul(p), kpt = k.MatMul(pt);
            return -MT(p.MatMul(k)) + kpt - a.MatMul(p).MatMul(kpt) + pt.MatMul(p).MatMul(gt - k.MatMul(a));
        }
        else
        {
            Tensor k = p.MatMul(gt), ptk = pt.MatMul(k);
            return -MT(k.MatMul(p)) + (gt - a.MatMul(k)).MatMul(p).MatMul(pt) + ptk - ptk.MatMul(p).MatMul(a);
        }
    }

    public static Tensor Lstsq(Tensor a, Tensor b, double? rcond)
    {
        const string op = "linalg.lstsq";
        MatrixBatch.CheckMatrix(op, a);
        MatrixBatch.CheckSameDType(op, a, b);
        if (b.Rank == 0) throw new ArgumentException($"{op}: B must have at least 1 dimension, got a 0-dim tensor.");
        if (rcond is double rc && !(rc >= 0 && rc < 1))
            throw new ArgumentOutOfRangeException(nameof(rcond), rc, $"{op}: rcond must be in [0, 1), got {rc}.");
        bool vector = Solve.IsVectorRhs(a, b);
        Tensor bm = vector ? b.Unsqueeze(-1) : b;
        int m = a.Shape[-2], n = a.Shape[-1], k = bm.Shape[-1];
        if (bm.Shape[-2] != m)
            throw new ArgumentException($"{op}: A.size(-2) ({m}) should match B.size(-2) ({bm.Shape[-2]}); got A {a.Shape} and B {b.Shape}.");
        Shape batchA = MatrixBatch.BatchShape(a), batchB = MatrixBatch.BatchShape(bm), batch;
        try { batch = ElementwiseBinary.BroadcastShape(op, batchA, batchB); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{op}: the batch dimensions of A {a.Shape} and B {b.Shape} cannot be broadcast together.");
        }
        Tensor ae = batchA == batch ? a : a.Expand([.. batch.Dims, m, n]);
        Tensor be = batchB == batch ? bm : bm.Expand([.. batch.Dims, m, k]);
        int count = batch.ElementCount;
        double[] ad = MatrixBatch.Read(ae), bd = MatrixBatch.Read(be), xd = new double[count * n * k];
        double cutoff = rcond ?? MatrixBatch.Epsilon(a.DType) * Math.Max(m, n);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> ai = ad.AsSpan(i * m * n, m * n), bi = bd.AsSpan(i * m * k, m * k);
            Span<double> xi = xd.AsSpan(i * n * k, n * k);
            // QR when R is comfortably nonsingular (both give the same solution there); the SVD otherwise.
            if (!LinalgQr.LeastSquares(ai, m, n, bi, k, xi, singularRatio: Math.Max(cutoff, 1.4901161193847656e-08)))
                MinimumNormSolution(ai, m, n, bi, k, xi, cutoff);
        }
        Tensor x = MatrixBatch.Write(xd, new Shape([.. batch.Dims, n, k]), a.DType);
        if (Tensor.NeedsGrad(ae, be))
        {
            bool needA = ae.RequiresGrad, needB = be.RequiresGrad;
            x = Tensor.RecordDifferentiable(x, "LinalgLstsqBackward", [ae, be], g =>
            {
                Tensor p = Pinv(ae, null, null, hermitian: false);
                return [needA ? PinvBackward(g.MatMul(MT(be)), p, ae) : null, needB ? MT(p).MatMul(g) : null];
            }, ae, be);
        }
        return vector ? x.Squeeze(-1) : x;
    }

    /// <summary>X = V diag(1/σᵢ) Uᵀ B over the σᵢ above cutoff·σ_max: the minimum-norm least-squares solution for any rank.</summary>
    private static void MinimumNormSolution(ReadOnlySpan<double> a, int m, int n, ReadOnlySpan<double> b, int k, Span<double> x, double cutoff)
    {
        int r = Math.Min(m, n);
        double[] mat = a.ToArray(), s = new double[r], u = new double[m * r], vh = new double[r * n], ub = new double[k];
        LinalgSvd.Decompose(mat, m, n, s, u, vh, full: false);
        x.Clear();
        double cut = cutoff * (r > 0 ? s[0] : 0);
        for (int l = 0; l < r; l++)
        {
            if (!(s[l] > cut)) continue;
            Array.Clear(ub);
            for (int i = 0; i < m; i++) // (Uᵀ B)[l, :] / σ_l
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.Slice(i * k, k), u[i * r + l], ub, ub);
            System.Numerics.Tensors.TensorPrimitives.Divide(ub, s[l], ub);
            for (int j = 0; j < n; j++)
            {
                Span<double> xj = x.Slice(j * k, k);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(ub, vh[l * n + j], xj, xj);
            }
        }
    }
}
