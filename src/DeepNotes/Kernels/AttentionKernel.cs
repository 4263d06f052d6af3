using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// A batch of row-major matrices inside one array: matrix i starts at <c>Data[Offsets[i]]</c> with row stride
/// <see cref="Ld"/> and unit column stride. The matrices of an attention head are columns of a wider projection
/// (row stride 3E in a packed QKV), so heads are read in place, never copied out.
/// </summary>
internal sealed class AttentionOperand<T>(T[] data, int[] offsets, int ld)
{
    public T[] Data { get; } = data;

    public int[] Offsets { get; } = offsets;

    public int Ld { get; } = ld;

    public Span<T> Matrix(int i) => Data.AsSpan(Offsets[i]);
}

/// <summary>
/// An additive mask term broadcast over the batch: element (i, l, s) is
/// <c>Data[Offsets[i] + l·RowStride + s·ColStride]</c> (strides may be 0). <see cref="Grad"/>, when set, receives the
/// gradient of the attention scores summed over the broadcast (same indexing).
/// </summary>
internal sealed class AttentionMaskTerm<T>(T[] data, int[] offsets, int rowStride, int colStride, T[]? grad)
{
    public T[] Data { get; } = data;

    public int[] Offsets { get; } = offsets;

    public int RowStride { get; } = rowStride;

    public int ColStride { get; } = colStride;

    public T[]? Grad { get; set; } = grad;
}

/// <summary>
/// One scaled dot-product attention problem over <see cref="Count"/> independent matrices (batch × heads):
/// P_i = softmax(scale·Q_i·K_iᵀ + masks), optionally dropped out, and O_i = P_i·V_i, with Q_i [L, E], K_i [S, E],
/// V_i [S, Ev], O_i [L, Ev]. <see cref="Probs"/> [Count, L, S] holds the softmax (saved for backward);
/// <see cref="Dropped"/> the weights after dropout (the same array when there is no dropout).
/// </summary>
internal sealed class AttentionProblem<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public required int Count { get; init; }
    public required int L { get; init; }
    public required int S { get; init; }
    public required int E { get; init; }
    public required int Ev { get; init; }
    public required T Scale { get; init; }
    public required bool Causal { get; init; }
    public required AttentionOperand<T> Q { get; init; }
    public required AttentionOperand<T> K { get; init; }
    public required AttentionOperand<T> V { get; init; }
    public required AttentionMaskTerm<T>[] Masks { get; init; }
    public required T[] Probs { get; init; }

    /// <summary>Dropout multipliers (0 or 1/(1 − p)) per weight, or null without dropout.</summary>
    public T[]? DropMask { get; init; }

    /// <summary>Probs ⊙ DropMask, or <see cref="Probs"/> itself without dropout.</summary>
    public required T[] Dropped { get; init; }

    public int MatrixSize => L * S;
}

/// <summary>
/// The fused attention kernel: per (batch, head) matrix, the score GEMM writes straight into the weight buffer, the
/// masks are added and a safe softmax is taken row by row while the tile is hot in cache, then the value GEMM writes
/// the output in place (into the caller's layout, e.g. heads interleaved as [B, L, H·hd]). Matrices are spread over
/// the worker threads one at a time (each one's GEMMs then run on its thread); a single matrix uses threaded GEMMs.
/// </summary>
internal static partial class AttentionKernel
{
    /// <summary>Forward: fills Probs (and Dropped) and writes O_i = Dropped_i·V_i into <paramref name="output"/>.</summary>
    public static void Forward<T>(AttentionProblem<T> p, AttentionOperand<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var job = new ForwardJob<T>(p, output);
        if (p.Count >= 2 && WorkerPool.MaxThreads > 1) WorkerPool.Run(job, p.Count);
        else for (int i = 0; i < p.Count; i++) job.Execute(i);
    }

    private sealed class ForwardJob<T>(AttentionProblem<T> p, AttentionOperand<T> o) : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int i)
        {
            int L = p.L, S = p.S, size = p.MatrixSize;
            Span<T> probs = p.Probs.AsSpan(i * size, size);
            if (S == 0)
            {
                ClearOutput(o, i, L, p.Ev);
                return;
            }
            if (p.E == 0) probs.Clear();
            else
                Gemm.Multiply(false, true, L, S, p.E, p.Scale, p.Q.Matrix(i), p.Q.Ld, p.K.Matrix(i), p.K.Ld,
                    T.Zero, probs, S);
            for (int l = 0; l < L; l++)
            {
                Span<T> row = probs.Slice(l * S, S);
                foreach (var m in p.Masks) AddMaskRow(m, i, l, row);
                int n = p.Causal ? Math.Min(l + 1, S) : S;
                AttentionSoftmax.Row(row[..n]);
                row[n..].Clear();
            }
            Span<T> weights = probs;
            if (p.DropMask is not null)
            {
                weights = p.Dropped.AsSpan(i * size, size);
                TensorPrimitives.Multiply(probs, p.DropMask.AsSpan(i * size, size), weights);
            }
            if (p.Ev > 0)
                Gemm.Multiply(false, false, L, p.Ev, S, T.One, weights, S, p.V.Matrix(i), p.V.Ld, T.Zero, o.Matrix(i), o.Ld);
        }
    }

    private static void ClearOutput<T>(AttentionOperand<T> o, int i, int rows, int cols)
    {
        Span<T> m = o.Matrix(i);
        for (int r = 0; r < rows; r++) m.Slice(r * o.Ld, cols).Clear();
    }

    /// <summary>row[s] += mask(i, l, s).</summary>
    private static void AddMaskRow<T>(AttentionMaskTerm<T> m, int i, int l, Span<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int start = m.Offsets[i] + l * m.RowStride;
        if (m.ColStride == 1)
        {
            TensorPrimitives.Add(row, m.Data.AsSpan(start, row.Length), row);
        }
        else
        {
            T[] d = m.Data;
            for (int s = 0; s < row.Length; s++) row[s] += d[start + s * m.ColStride];
        }
    }
}
