using DeepNotes.Kernels;
using static DeepNotes.Ops.LinearAlgebra.MatrixHelpers;

namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// <c>torch.linalg.solve</c>: X with A X = B (left) or X A = B (right) by LU with partial pivoting. B is a batch of
/// vectors <c>[*, n]</c> when it is 1-D or has A's shape without the last dimension, else a batch of matrices
/// <c>[*, n, k]</c>; batch dimensions broadcast (through differentiable <c>Expand</c>, so gradients are summed back).
/// Backward (PyTorch's): gB = A⁻ᵀ g (a solve with Aᵀ, itself differentiable), gA = −gB Xᵀ.
/// </summary>
internal static class Solve
{
    private const string Op = "linalg.solve";

    public static Tensor Forward(Tensor a, Tensor b, bool left)
    {
        MatrixBatch.CheckSquare(Op, a);
        MatrixBatch.CheckSameDType(Op, a, b);
        if (b.Rank == 0)
            throw new ArgumentException($"{Op}: B must have at least 1 dimension, got a 0-dim tensor.");
        int n = a.Shape[-1];
        bool vector = IsVectorRhs(a, b);
        Tensor bm = vector ? b.Unsqueeze(-1) : b;
        if (!left)
        {
            if (vector)
                throw new ArgumentException($"{Op}: Incompatible shapes of A and B for the equation XA = B ({n}x{n} and {bm.Shape[-2]}x1); left=false expects B as a batch of matrices [*, k, n], got {b.Shape} for A {a.Shape}.");
            if (bm.Shape[-1] != n)
                throw new ArgumentException($"{Op}: Incompatible shapes of A and B for the equation XA = B ({n}x{n} and {bm.Shape[-2]}x{bm.Shape[-1]})");
            return MT(Forward(MT(a), MT(bm), left: true));
        }
        if (bm.Shape[-2] != n)
            throw new ArgumentException($"{Op}: Incompatible shapes of A and B for the equation AX = B ({n}x{n} and {bm.Shape[-2]}x{bm.Shape[-1]})");
        Shape batchA = MatrixBatch.BatchShape(a), batchB = MatrixBatch.BatchShape(bm), batch;
        try { batch = ElementwiseBinary.BroadcastShape(Op, batchA, batchB); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{Op}: the batch dimensions of A {a.Shape} and B {b.Shape} cannot be broadcast together.");
        }
        int k = bm.Shape[-1];
        Tensor ae = batchA == batch ? a : a.Expand([.. batch.Dims, n, n]);
        Tensor be = batchB == batch ? bm : bm.Expand([.. batch.Dims, n, k]);
        Tensor x = Square(ae, be);
        return vector ? x.Squeeze(-1) : x;
    }

    /// <summary>PyTorch's rule: B is a (batch of) vector(s) when 1-D, or when its shape is A's without the last dimension.</summary>
    public static bool IsVectorRhs(Tensor a, Tensor b) =>
        b.Rank == 1 || (b.Rank == a.Rank - 1 && b.Shape.Dims.SequenceEqual(a.Shape.Dims[..^1]));

    /// <summary>A [*, n, n] X = B [*, n, k] with equal batch shapes; records the backward.</summary>
    internal static Tensor Square(Tensor a, Tensor b)
    {
        int n = a.Shape[-1], k = b.Shape[-1], count = MatrixBatch.BatchCount(a), nn = n * n;
        double[] ad = MatrixBatch.Read(a), bd = MatrixBatch.Read(b);
        var perm = new int[n];
        for (int i = 0; i < count; i++)
        {
            Span<double> m = ad.AsSpan(i * nn, nn);
            if (LinalgLu.Factor(m, n, perm, out _) != 0)
                throw new ArgumentException($"{Op}: {MatrixBatch.BatchPrefix(a, i)}The solver failed because the input matrix is singular.");
            LinalgLu.Solve(m, perm, n, bd.AsSpan(i * n * k, n * k), k);
        }
        var output = MatrixBatch.Write(bd, b.Shape, a.DType);
        if (!Tensor.NeedsGrad(a, b)) return output;
        bool needA = a.RequiresGrad;
        var x = output.Detach();
        return Tensor.RecordDifferentiable(output, "LinalgSolveExBackward", [a, b], g =>
        {
            Tensor gb = Square(MT(a), g);
            return [needA ? -gb.MatMul(MT(Autograd.IsCreatingGraph ? output : x)) : null, gb];
        }, a, x);
    }
}
