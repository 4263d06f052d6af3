using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.cholesky</c>: A = L Lᵀ with L lower triangular and a positive diagonal (or A = Uᵀ U with
/// <c>upper</c>, U = Lᵀ). Reads the lower triangle of A (the upper one with <c>upper</c>). Backward (PyTorch's
/// cholesky_backward): with L the lower factor and gL the lower-factor gradient,
/// G = tril(Lᵀ gL), G = ½(G + tril(G, −1)ᵀ), gA = L⁻ᵀ G L⁻¹ (a symmetric matrix).
/// </summary>
internal static class Cholesky
{
    public static Tensor Forward(Tensor a, bool upper)
    {
        const string op = "linalg.cholesky";
        MatrixBatch.CheckSquare(op, a);
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] data = MatrixBatch.Read(upper ? a.Transpose(-1, -2) : a);
        for (int b = 0; b < count; b++)
        {
            int info = LinalgCholesky.Factor(data.AsSpan(b * nn, nn), n);
            if (info != 0)
                throw new ArgumentException($"{op}: {MatrixBatch.BatchPrefix(a, b)}The factorization could not be completed because the input is not positive-definite (the leading minor of order {info} is not positive-definite).");
        }
        var lower = MatrixBatch.Write(data, a.Shape, a.DType);
        Tensor output = upper ? MT(lower).ContiguousRaw() : lower;
        if (!Tensor.NeedsGrad(a)) return output;
        var lSaved = lower.Detach();
        return Tensor.RecordDifferentiable(output, "LinalgCholeskyExBackward", [a], g =>
        {
            // L with its graph when differentiating again
            Tensor l = Autograd.IsCreatingGraph ? (upper ? MT(output) : output) : lSaved;
            Tensor gl = upper ? MT(g) : g;
            Tensor gA = Tril(MT(l).MatMul(gl));
            gA = 0.5 * (gA + MT(Tril(gA, -1)));
            gA = Solve.Square(MT(l), gA);             // L⁻ᵀ G
            gA = MT(Solve.Square(MT(l), MT(gA)));     // (L⁻ᵀ G) L⁻¹ = (L⁻ᵀ (L⁻ᵀ G)ᵀ)ᵀ
            return [gA];
        }, lSaved);
    }
}
