using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.svd</c> / <c>svdvals</c>: A = U diag(S) Vh by one-sided Jacobi, S descending. Backward (PyTorch's
/// svd_backward, real case), with k = min(m, n), U, Vh narrowed to k vectors, E_jk = S_k² − S_j² (1 on the
/// diagonal) and skew(X) = X − Xᵀ: from S, gA = U diag(gS) Vh; from U, gA = U ((skew(Uᵀ gU)/E) S) Vh, plus
/// (I − UUᵀ) gU S⁻¹ Vh when m &gt; n; from Vh, gA = U (S (skew(Vh gVhᵀ)/E)) Vh, plus U S⁻¹ gVh (I − VhᵀVh) when
/// m &lt; n. Singular vectors are defined up to sign, so only sign-invariant functions of them have a gradient.
/// The rules are differentiable: in a <c>createGraph</c> pass they run on U, S, Vh with their own graph (so second
/// derivatives follow, as PyTorch's; they need distinct non-zero singular values); the first-order pass runs on the
/// saved detached factors.
/// </summary>
internal static class SingularValues
{
    public static (Tensor U, Tensor S, Tensor Vh) Forward(Tensor a, bool fullMatrices, bool wantVectors, string op)
    {
        MatrixBatch.CheckMatrix(op, a);
        int m = a.Shape[-2], n = a.Shape[-1], k = Math.Min(m, n), count = MatrixBatch.BatchCount(a);
        bool needGrad = Tensor.NeedsGrad(a);
        bool vectors = wantVectors || needGrad;
        bool full = fullMatrices && wantVectors;
        int uc = full ? m : k, vr = full ? n : k;
        double[] data = MatrixBatch.Read(a), s = new double[count * k];
        double[] u = vectors ? new double[count * m * uc] : [], vh = vectors ? new double[count * vr * n] : [];
        for (int b = 0; b < count; b++)
            LinalgSvd.Decompose(data.AsSpan(b * m * n, m * n), m, n, s.AsSpan(b * k, k),
                vectors ? u.AsSpan(b * m * uc, m * uc) : Span<double>.Empty, vectors ? vh.AsSpan(b * vr * n, vr * n) : Span<double>.Empty, full);
        Shape batch = MatrixBatch.BatchShape(a);
        Tensor sOut = MatrixBatch.Write(s, new Shape([.. batch.Dims, k]), a.DType);
        Tensor uOut = vectors ? MatrixBatch.Write(u, new Shape([.. batch.Dims, m, uc]), a.DType) : new Tensor(new Shape(0), a.DType);
        Tensor vhOut = vectors ? MatrixBatch.Write(vh, new Shape([.. batch.Dims, vr, n]), a.DType) : new Tensor(new Shape(0), a.DType);
        if (!needGrad) return (uOut, sOut, vhOut);
        Tensor us = uOut.Detach().Narrow(-1, 0, k), ss = sOut.Detach(), vhs = vhOut.Detach().Narrow(-2, 0, k);
        // In a createGraph pass the rules run on the factors with their graph (the outputs themselves; for svdvals,
        // whose U and Vh are not returned, a recomputed SVD of A with vectors), so they can be differentiated again.
        Tensor uG = uOut, sG = sOut, vhG = vhOut;
        (Tensor U, Tensor S, Tensor Vh) Graph() => wantVectors ? (uG.Narrow(-1, 0, k), sG, vhG.Narrow(-2, 0, k)) : Recompute(a, op, k);
        sOut = Tensor.RecordDifferentiable(sOut, "LinalgSvdBackward", [a], g =>
        {
            var (u, _, vh) = Autograd.IsCreatingGraph ? Graph() : (us, ss, vhs);
            return [m >= n ? u.MatMul(g.Unsqueeze(-1) * vh) : (u * g.Unsqueeze(-2)).MatMul(vh)];
        }, us, ss, vhs);
        if (wantVectors)
        {
            uOut = Tensor.RecordDifferentiable(uOut, "LinalgSvdBackward", [a], g =>
            {
                var (u, s, vh) = Autograd.IsCreatingGraph ? Graph() : (us, ss, vhs);
                return [FromU(g.Narrow(-1, 0, k), u, s, vh, m, n)];
            }, us, ss, vhs);
            vhOut = Tensor.RecordDifferentiable(vhOut, "LinalgSvdBackward", [a], g =>
            {
                var (u, s, vh) = Autograd.IsCreatingGraph ? Graph() : (us, ss, vhs);
                return [FromVh(g.Narrow(-2, 0, k), u, s, vh, m, n)];
            }, us, ss, vhs);
        }
        return (uOut, sOut, vhOut);
    }

    /// <summary>The reduced SVD of <paramref name="a"/> recomputed with grad on, so that U, S and Vh carry a graph to A.</summary>
    private static (Tensor U, Tensor S, Tensor Vh) Recompute(Tensor a, string op, int k)
    {
        using var grad = Autograd.EnableGrad();
        var (u, s, vh) = Forward(a, false, wantVectors: true, op);
        return (u.Narrow(-1, 0, k), s, vh.Narrow(-2, 0, k));
    }

    private static Tensor E(Tensor s)
    {
        Tensor s2 = s * s;
        return s2.Unsqueeze(-2) - s2.Unsqueeze(-1) + Eye(s.Shape[-1], s.DType);
    }

    private static Tensor FromU(Tensor gU, Tensor u, Tensor s, Tensor vh, int m, int n)
    {
        Tensor uhgu = MT(u).MatMul(gU);
        uhgu = uhgu - MT(uhgu);
        Tensor ret = uhgu / E(s) * s.Unsqueeze(-2);
        if (m > n)
        {
            Tensor gA = u.MatMul(ret);
            Tensor gUSinv = gU / s.Unsqueeze(-2);
            gA = gA + gUSinv - u.MatMul(MT(u).MatMul(gUSinv));
            return gA.MatMul(vh);
        }
        return u.MatMul(ret.MatMul(vh));
    }

    private static Tensor FromVh(Tensor gVh, Tensor u, Tensor s, Tensor vh, int m, int n)
    {
        Tensor vhgv = vh.MatMul(MT(gVh));
        vhgv = vhgv - MT(vhgv);
        Tensor ret = s.Unsqueeze(-1) * (vhgv / E(s));
        if (m < n)
        {
            Tensor gA = ret.MatMul(vh);
            Tensor sinvGVh = gVh / s.Unsqueeze(-1);
            gA = gA + sinvGVh - sinvGVh.MatMul(MT(vh)).MatMul(vh);
            return u.MatMul(gA);
        }
        return u.MatMul(ret.MatMul(vh));
    }
}
