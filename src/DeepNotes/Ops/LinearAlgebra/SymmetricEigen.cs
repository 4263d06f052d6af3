using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.eigh</c> / <c>eigvalsh</c>: A = V diag(L) Vᵀ for symmetric A (only the triangle named by UPLO
/// is read), eigenvalues ascending, by Householder tridiagonalisation and implicit QR. Backward (PyTorch's linalg_eig_backward, Hermitian case):
/// from L, gA = V diag(gL) Vᵀ; from V, with W = skew(Vᵀ gV)/2 and E_ij = L_j − L_i (1 on the diagonal),
/// gA = V (W / E) Vᵀ. Eigenvectors are defined up to sign, so only sign-invariant functions of V have a gradient;
/// repeated eigenvalues make the V rule divide by zero, as in PyTorch. The rules are differentiable: in a
/// <c>createGraph</c> pass they run on L and V with their own graph (second derivatives, for distinct eigenvalues);
/// the first-order pass runs on the saved detached factors.
/// </summary>
internal static class SymmetricEigen
{
    public static (Tensor Eigenvalues, Tensor Eigenvectors) Forward(Tensor a, string uplo, bool wantVectors, string op)
    {
        MatrixBatch.CheckSquare(op, a);
        if (uplo is not ("L" or "U"))
            throw new ArgumentException($"{op}: Expected UPLO argument to be 'L' or 'U', but got {uplo}.", nameof(uplo));
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        bool needGrad = Tensor.NeedsGrad(a);
        bool vectors = wantVectors || needGrad;
        double[] data = MatrixBatch.Read(a), w = new double[count * n], v = vectors ? new double[count * nn] : [];
        bool lower = uplo == "L";
        for (int b = 0; b < count; b++)
        {
            Span<double> m = data.AsSpan(b * nn, nn);
            for (int i = 0; i < n; i++) // mirror the chosen triangle
                for (int j = i + 1; j < n; j++)
                {
                    if (lower) m[i * n + j] = m[j * n + i];
                    else m[j * n + i] = m[i * n + j];
                }
            LinalgSymmetricEigen.Decompose(m, n, w.AsSpan(b * n, n), vectors ? v.AsSpan(b * nn, nn) : Span<double>.Empty);
        }
        Tensor values = MatrixBatch.Write(w, new Shape(a.Shape.Dims[..^1]), a.DType);
        Tensor vecs = vectors ? MatrixBatch.Write(v, a.Shape, a.DType) : new Tensor(new Shape(0), a.DType);
        if (!needGrad) return (values, vecs);
        Tensor ls = values.Detach(), vs = vecs.Detach();
        // In a createGraph pass the rules run on L and V with their graph (the outputs; for eigvalsh, whose V is not
        // returned, a recomputed decomposition), so they can be differentiated again.
        Tensor lG = values, vG = vecs;
        (Tensor L, Tensor V) Graph()
        {
            if (wantVectors) return (lG, vG);
            using var grad = Autograd.EnableGrad();
            return Forward(a, uplo, wantVectors: true, op);
        }
        values = Tensor.RecordDifferentiable(values, "LinalgEighBackward", [a], g =>
        {
            Tensor v = Autograd.IsCreatingGraph ? Graph().V : vs;
            return [(v * g.Unsqueeze(-2)).MatMul(MT(v))];
        }, ls, vs);
        if (wantVectors)
            vecs = Tensor.RecordDifferentiable(vecs, "LinalgEighBackward", [a], g =>
            {
                var (l, v) = Autograd.IsCreatingGraph ? Graph() : (ls, vs);
                Tensor vhgv = MT(v).MatMul(g);
                vhgv = 0.5 * (vhgv - MT(vhgv));
                Tensor e = l.Unsqueeze(-2) - l.Unsqueeze(-1) + Eye(n, a.DType);
                return [v.MatMul(vhgv / e).MatMul(MT(v))];
            }, ls, vs);
        return (values, vecs);
    }
}
