using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.det</c> and <c>torch.linalg.slogdet</c> from the LU factors: det = parity · Π Uᵢᵢ,
/// log|det| = Σ log|Uᵢᵢ|. Backward of det (PyTorch's): gA = g·det·A⁻ᵀ (a differentiable solve) for invertible
/// matrices; where |det| &lt; 100ε the adjugate from the SVD, gA = g·det(U)det(Vᵀ)·U diag(Πⱼ≠ᵢ sⱼ) Vᵀ (first order
/// only). Backward of logabsdet: g·A⁻ᵀ; the sign has no gradient.
/// </summary>
internal static class Determinant
{
    public static Tensor Det(Tensor a)
    {
        const string op = "linalg.det";
        MatrixBatch.CheckSquare(op, a);
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] data = MatrixBatch.Read(a), det = new double[count];
        var perm = new int[n];
        for (int b = 0; b < count; b++)
        {
            Span<double> m = data.AsSpan(b * nn, nn);
            LinalgLu.Factor(m, n, perm, out int sign);
            det[b] = LinalgLu.Determinant(m, n, sign);
        }
        var output = MatrixBatch.Write(det, MatrixBatch.BatchShape(a), a.DType);
        if (!Tensor.NeedsGrad(a)) return output;
        var d = output.Detach();
        double eps = MatrixBatch.Epsilon(a.DType);
        bool anySingular = det.Any(v => !(Math.Abs(v) >= 100 * eps));
        return Tensor.RecordDifferentiable(output, "LinalgDetBackward", [a], g =>
        {
            if (!anySingular)
                return [Solve.Square(MT(a), (g * (Autograd.IsCreatingGraph ? output : d)).Unsqueeze(-1).Unsqueeze(-1) * Eye(n, a.DType))];
            if (Autograd.IsCreatingGraph)
                throw new NotSupportedException(
                    "LinalgDetBackward does not support createGraph for singular matrices yet (|det| below 100ε): its gradient there comes from the SVD adjugate, which is not differentiable.");
            return [SingularSafeGradient(a, MatrixBatch.Read(g), det, eps)];
        }, a, d);
    }

    /// <summary>gA per matrix: through the inverse where |det| ≥ 100ε, through the SVD adjugate elsewhere (no graph).</summary>
    private static Tensor SingularSafeGradient(Tensor a, double[] g, double[] det, double eps)
    {
        int n = a.Shape[-1], nn = n * n;
        double[] data = MatrixBatch.Read(a), grad = new double[data.Length];
        var perm = new int[n];
        var s = new double[n];
        double[] u = new double[nn], vh = new double[nn], lu = new double[nn];
        for (int b = 0; b < det.Length; b++)
        {
            Span<double> m = data.AsSpan(b * nn, nn), gb = grad.AsSpan(b * nn, nn);
            if (Math.Abs(det[b]) >= 100 * eps)
            {
                LinalgLu.Factor(m, n, perm, out _);
                LinalgLu.Inverse(m, perm, n, u);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) gb[i * n + j] = g[b] * det[b] * u[j * n + i];
                continue;
            }
            LinalgSvd.Decompose(m, n, n, s, u, vh, full: true);
            u.CopyTo(lu);
            LinalgLu.Factor(lu, n, perm, out int su);
            double alpha = LinalgLu.Determinant(lu, n, su);
            vh.CopyTo(lu);
            LinalgLu.Factor(lu, n, perm, out int sv);
            alpha *= LinalgLu.Determinant(lu, n, sv) * g[b];
            for (int k = 0; k < n; k++)
            {
                double prod = alpha;
                for (int j = 0; j < n; j++) if (j != k) prod *= s[j];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) gb[i * n + j] += u[i * n + k] * prod * vh[k * n + j];
            }
        }
        return MatrixBatch.Write(grad, a.Shape, a.DType);
    }

    public static (Tensor Sign, Tensor LogAbsDet) Slogdet(Tensor a)
    {
        const string op = "linalg.slogdet";
        MatrixBatch.CheckSquare(op, a);
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] data = MatrixBatch.Read(a), signs = new double[count], logs = new double[count];
        var perm = new int[n];
        for (int b = 0; b < count; b++)
        {
            Span<double> m = data.AsSpan(b * nn, nn);
            LinalgLu.Factor(m, n, perm, out int sign);
            (signs[b], logs[b]) = LinalgLu.LogDeterminant(m, n, sign);
        }
        Shape batch = MatrixBatch.BatchShape(a);
        var signOut = MatrixBatch.Write(signs, batch, a.DType);
        var logOut = MatrixBatch.Write(logs, batch, a.DType);
        if (!Tensor.NeedsGrad(a)) return (signOut, logOut);
        logOut = Tensor.RecordDifferentiable(logOut, "LinalgSlogdetBackward", [a], g =>
            [Solve.Square(MT(a), g.Unsqueeze(-1).Unsqueeze(-1) * Eye(n, a.DType))], a);
        return (signOut, logOut);
    }
}
