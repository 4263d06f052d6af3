using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Gradients for the attention problem: dQ, dK, dV are accumulated (beta = 1) into zero-initialised arrays laid out
/// like Q, K, V, so packed or shared sources (self-attention on one tensor) sum their parts. With W the weights after
/// dropout, D the dropout multipliers and P the softmax:
/// dW = dO·Vᵀ (or the incoming gradient of the returned weights), dV = Wᵀ·dO, dP = dW ⊙ D,
/// dZ = P ⊙ (dP − rowsum(dP ⊙ P)) (the gradient of the masked scores), dQ = scale·dZ·K, dK = scale·dZᵀ·Q and
/// d(mask) = dZ summed over the mask's broadcast.
/// </summary>
internal static partial class AttentionKernel
{
    /// <summary>
    /// Backward. Exactly one of <paramref name="gradOutput"/> (dL/dO) and <paramref name="gradWeights"/> (dL/dW,
    /// contiguous [Count, L, S]) is given. Null gradient operands are skipped; mask terms with a Grad array get theirs.
    /// </summary>
    public static void Backward<T>(AttentionProblem<T> p, AttentionOperand<T>? gradOutput, T[]? gradWeights,
        AttentionOperand<T>? dQ, AttentionOperand<T>? dK, AttentionOperand<T>? dV)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool maskGrads = p.Masks.Any(m => m.Grad is not null);
        int size = p.MatrixSize;
        // dZ per matrix: kept for all matrices when a mask wants its gradient (reduced afterwards in a fixed order, so
        // the result does not depend on the thread count), else one scratch tile per thread.
        T[]? all = maskGrads ? ArrayPool<T>.Shared.Rent(p.Count * size) : null;
        try
        {
            var job = new BackwardJob<T>(p, gradOutput, gradWeights, dQ, dK, dV, all);
            if (p.Count >= 2 && WorkerPool.MaxThreads > 1) WorkerPool.Run(job, p.Count);
            else for (int i = 0; i < p.Count; i++) job.Execute(i);
            if (all is not null)
                foreach (var m in p.Masks)
                    if (m.Grad is not null) ReduceMaskGrad(p, m, all);
        }
        finally
        {
            if (all is not null) ArrayPool<T>.Shared.Return(all);
        }
    }

    private static void ReduceMaskGrad<T>(AttentionProblem<T> p, AttentionMaskTerm<T> m, T[] dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] g = m.Grad!;
        int size = p.MatrixSize;
        for (int i = 0; i < p.Count; i++)
            for (int l = 0; l < p.L; l++)
            {
                int src = i * size + l * p.S, dst = m.Offsets[i] + l * m.RowStride;
                for (int s = 0; s < p.S; s++) g[dst + s * m.ColStride] += dz[src + s];
            }
    }

    private sealed class BackwardJob<T>(AttentionProblem<T> p, AttentionOperand<T>? dO, T[]? dW,
        AttentionOperand<T>? dQ, AttentionOperand<T>? dK, AttentionOperand<T>? dV, T[]? all) : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int i)
        {
            int L = p.L, S = p.S, size = p.MatrixSize;
            if (size == 0) return;
            T[]? rented = all is null ? ArrayPool<T>.Shared.Rent(size) : null;
            try
            {
                Span<T> dz = all is null ? rented.AsSpan(0, size) : all.AsSpan(i * size, size);
                ReadOnlySpan<T> weights = p.Dropped.AsSpan(i * size, size);
                ReadOnlySpan<T> probs = p.Probs.AsSpan(i * size, size);
                if (dO is not null)
                {
                    if (p.Ev == 0) dz.Clear();
                    else Gemm.Multiply(false, true, L, S, p.Ev, T.One, dO.Matrix(i), dO.Ld, p.V.Matrix(i), p.V.Ld, T.Zero, dz, S);
                    if (dV is not null && p.Ev > 0)
                        Gemm.Multiply(true, false, S, p.Ev, L, T.One, weights, S, dO.Matrix(i), dO.Ld, T.One, dV.Matrix(i), dV.Ld);
                }
                else
                {
                    dW.AsSpan(i * size, size).CopyTo(dz);
                }
                if (p.DropMask is not null) TensorPrimitives.Multiply(dz, p.DropMask.AsSpan(i * size, size), dz);
                for (int l = 0; l < L; l++)
                {
                    Span<T> row = dz.Slice(l * S, S);
                    ReadOnlySpan<T> pr = probs.Slice(l * S, S);
                    AttentionSoftmax.RowBackward(row, pr);
                }
                if (p.E == 0) return;
                if (dQ is not null)
                    Gemm.Multiply(false, false, L, p.E, S, p.Scale, dz, S, p.K.Matrix(i), p.K.Ld, T.One, dQ.Matrix(i), dQ.Ld);
                if (dK is not null)
                    Gemm.Multiply(true, false, S, p.E, L, p.Scale, dz, S, p.Q.Matrix(i), p.Q.Ld, T.One, dK.Matrix(i), dK.Ld);
            }
            finally
            {
                if (rented is not null) ArrayPool<T>.Shared.Return(rented);
            }
        }
    }
}
