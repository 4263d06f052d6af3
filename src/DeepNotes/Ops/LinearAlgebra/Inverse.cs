using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.inv</c>: A⁻¹ of each square matrix of the batch by LU with partial pivoting.
/// Backward (PyTorch's): gA = −A⁻ᵀ g A⁻ᵀ = −Xᵀ g Xᵀ with the saved output X.
/// </summary>
internal static class Inverse
{
    public static Tensor Forward(Tensor a)
    {
        const string op = "linalg.inv";
        MatrixBatch.CheckSquare(op, a);
        int n = a.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] data = MatrixBatch.Read(a), result = new double[data.Length];
        var perm = new int[n];
        for (int b = 0; b < count; b++)
        {
            Span<double> m = data.AsSpan(b * nn, nn);
            int info = LinalgLu.Factor(m, n, perm, out _);
            if (info != 0)
                throw new ArgumentException($"{op}: {MatrixBatch.BatchPrefix(a, b)}The diagonal element {info} is zero, the inversion could not be completed because the input matrix is singular.");
            LinalgLu.Inverse(m, perm, n, result.AsSpan(b * nn, nn));
        }
        var output = MatrixBatch.Write(result, a.Shape, a.DType);
        if (!Tensor.NeedsGrad(a)) return output;
        var x = output.Detach();
        return Tensor.RecordDifferentiable(output, "LinalgInvExBackward", [a], g =>
        {
            Tensor xt = MT(Autograd.IsCreatingGraph ? output : x); // the output with its graph when differentiating again
            return [-xt.MatMul(g).MatMul(xt)];
        }, x);
    }
}
