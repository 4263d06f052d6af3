using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.qr</c>: A = Q R by Householder reflections with LAPACK's sign conventions. Modes: "reduced"
/// (Q [*, m, k], R [*, k, n], k = min(m, n)), "complete" (Q [*, m, m], R [*, m, n]), "r" (Q empty, R [*, k, n]).
/// Backward (PyTorch's linalg_qr_backward), with M = gR Rᵀ − Qᵀ gQ: for m ≥ n,
/// gA = (Q·syminvadj(triu(M)) + gQ) R⁻ᵀ where syminvadj(T) = T + Tᵀ with the diagonal counted once; for m &lt; n,
/// gA = [Q·tril(−M + Mᵀ) R₁⁻ᵀ, 0] + Q gR with R₁ the leading m×m block. Q and R each record their own node; their
/// contributions add up in the engine (the rule is linear in gQ, gR). The rule is written in differentiable ops
/// (MatMul, triangular masks, Solve): in a <c>createGraph</c> pass it runs on Q and R with their graph, so second
/// derivatives follow; the first-order pass runs on the saved detached factors.
/// </summary>
internal static class QrDecomposition
{
    private const string Op = "linalg.qr";

    public static (Tensor Q, Tensor R) Forward(Tensor a, string mode)
    {
        MatrixBatch.CheckMatrix(Op, a);
        if (mode is not ("reduced" or "complete" or "r"))
            throw new ArgumentException($"{Op}: received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or 'complete'.", nameof(mode));
        int m = a.Shape[-2], n = a.Shape[-1], k = Math.Min(m, n), count = MatrixBatch.BatchCount(a);
        bool complete = mode == "complete";
        int qCols = complete ? m : k, rRows = complete ? m : k;
        double[] data = MatrixBatch.Read(a), q = new double[count * m * qCols], r = new double[count * rRows * n];
        var tau = new double[k];
        for (int b = 0; b < count; b++)
        {
            Span<double> f = data.AsSpan(b * m * n, m * n);
            LinalgQr.Factor(f, m, n, tau);
            if (mode != "r") LinalgQr.FormQ(f, tau, m, n, qCols, q.AsSpan(b * m * qCols, m * qCols));
            LinalgQr.ExtractR(f, m, n, rRows, r.AsSpan(b * rRows * n, rRows * n));
        }
        Shape batch = MatrixBatch.BatchShape(a);
        Tensor qOut = mode == "r" ? new Tensor(new Shape(0), a.DType) : MatrixBatch.Write(q, new Shape([.. batch.Dims, m, qCols]), a.DType);
        Tensor rOut = MatrixBatch.Write(r, new Shape([.. batch.Dims, rRows, n]), a.DType);
        if (!Tensor.NeedsGrad(a)) return (qOut, rOut);
        Tensor qs = qOut.Detach(), rs = rOut.Detach();
        // In a createGraph pass the rule runs on Q and R with their graph (the outputs), so it can be differentiated again.
        Tensor qG = qOut, rG = rOut;
        if (mode != "r")
            qOut = Tensor.RecordDifferentiable(qOut, "LinalgQrBackward", [a], g =>
                [Autograd.IsCreatingGraph ? Backward(g, null, qG, rG, mode) : Backward(g, null, qs, rs, mode)], qs, rs);
        rOut = Tensor.RecordDifferentiable(rOut, "LinalgQrBackward", [a], g =>
            [Autograd.IsCreatingGraph ? Backward(null, g, qG, rG, mode) : Backward(null, g, qs, rs, mode)], qs, rs);
        return (qOut, rOut);
    }

    private static Tensor Backward(Tensor? gQ, Tensor? gR, Tensor q, Tensor r, string mode)
    {
        if (mode == "r")
            throw new InvalidOperationException("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
        int m = q.Shape[-2], n = r.Shape[-1];
        if (mode == "complete" && m > n)
            throw new InvalidOperationException("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
        Tensor gA = gQ is null ? gR!.MatMul(MT(r)) : gR is null ? -MT(q).MatMul(gQ) : gR.MatMul(MT(r)) - MT(q).MatMul(gQ);
        if (m >= n)
        {
            Tensor t = Triu(gA);
            Tensor sym = t + MT(t);
            sym = sym - 0.5 * DiagEmbed(Diagonal(sym));
            gA = q.MatMul(sym);
            if (gQ is not null) gA = gA + gQ;
            return MT(Solve.Square(r, MT(gA))); // gA R⁻ᵀ
        }
        Tensor neg = -gA;
        gA = q.MatMul(Tril(neg - MT(neg)));
        Tensor r1 = r.Narrow(-1, 0, m);
        gA = MT(Solve.Square(r1, MT(gA)));
        Tensor zeros = Tensor.Zeros(new Shape([.. gA.Shape.Dims[..^1], n - m]), gA.DType);
        gA = Tensor.Concat([gA, zeros], -1);
        if (gR is not null) gA = gA + q.MatMul(gR);
        return gA;
    }
}
