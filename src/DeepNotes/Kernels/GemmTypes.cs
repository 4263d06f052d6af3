using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>Cache block sizes of the GotoBLAS loop nest: MC rows of A and KC of depth per packed A block (L2), NC columns
/// per packed B block (L3). See docs/gemm.md for the measured choice.</summary>
/// <param name="MC">Rows of A packed per block (rounded up to a multiple of the microkernel's MR).</param>
/// <param name="KC">Depth of one packed block; the K loop is cut into equal blocks of at most this size.</param>
/// <param name="NC">Columns of B packed per block (rounded up to a multiple of the microkernel's NR).</param>
internal sealed record GemmBlockSizes(int MC, int KC, int NC);

/// <summary>One GEMM problem as raw pointers (the spans are pinned by the caller for the whole call).</summary>
internal unsafe struct GemmArgs<T>
    where T : unmanaged
{
    /// <summary>Operand layouts (see <see cref="Gemm"/>) and the ReLU epilogue flag.</summary>
    public bool TransA, TransB, Relu;

    /// <summary>C is M×N; the depth is K.</summary>
    public int M, N, K;

    /// <summary>Scales of the product and of the old C.</summary>
    public T Alpha, Beta;

    /// <summary>First elements of the operands, of C and of the bias (null = none).</summary>
    public T* A, B, C, Bias;

    /// <summary>Row strides of the stored A, B and C.</summary>
    public nint Lda, Ldb, Ldc;

    /// <summary>Bundles the arguments of one call.</summary>
    public GemmArgs(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta,
        T* c, int ldc, T* bias, bool relu)
    {
        TransA = transA;
        TransB = transB;
        M = m;
        N = n;
        K = k;
        Alpha = alpha;
        Beta = beta;
        A = a;
        B = b;
        C = c;
        Lda = lda;
        Ldb = ldb;
        Ldc = ldc;
        Bias = bias;
        Relu = relu;
    }
}

/// <summary>How a microkernel combines its accumulated tile with C: c = act(alpha·acc + beta·c + bias).</summary>
internal readonly struct GemmUpdate<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Store the bare accumulators (alpha 1, overwrite, no activation): used for ragged tiles.</summary>
    public static readonly GemmUpdate<T> Raw = new(T.One, T.Zero, overwrite: true, relu: false);

    /// <summary>Scale of the product.</summary>
    public readonly T Alpha;

    /// <summary>Scale of the old C (ignored when <see cref="Overwrite"/>).</summary>
    public readonly T Beta;

    /// <summary>True when beta is zero: C is written without being read.</summary>
    public readonly bool Overwrite;

    /// <summary>Apply max(x, 0) after the bias.</summary>
    public readonly bool Relu;

    /// <summary>Creates an update rule.</summary>
    public GemmUpdate(T alpha, T beta, bool overwrite, bool relu)
    {
        Alpha = alpha;
        Beta = beta;
        Overwrite = overwrite;
        Relu = relu;
    }
}

/// <summary>
/// A register-tiled microkernel: C[rows×cols] (op)= A-panel·B-panel over depth kc, where the A panel is packed
/// [kc][MR] and the B panel [kc][NR] (see <see cref="GemmPacking"/>).
/// </summary>
internal unsafe interface IGemmKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Default cache blocking for this kernel.</summary>
    static abstract GemmBlockSizes Blocking { get; }

    /// <summary>The instruction-set path of this kernel (selects the matching packers).</summary>
    static abstract GemmPath Path { get; }

    /// <summary>
    /// Computes one tile of <paramref name="rows"/> ≤ MR by <paramref name="cols"/> ≤ NR and applies
    /// <paramref name="u"/> (plus <paramref name="bias"/>, indexed by tile column, when not null) to C.
    /// <paramref name="tile"/> is MR·NR elements of 64-byte aligned scratch for partial tiles.
    /// </summary>
    static abstract void Tile(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias,
        T* tile);
}

/// <summary>A compile-time integer (row and column counts of microkernel variants, resolved by the JIT).</summary>
internal interface IGemmConst
{
    /// <summary>The constant.</summary>
    static abstract int Value { get; }
}

/// <summary>The <see cref="IGemmConst"/> values used by the microkernels.</summary>
internal static class GemmConst
{
#pragma warning disable CS1591 // self-describing constants
    public readonly struct N1 : IGemmConst { public static int Value => 1; }
    public readonly struct N2 : IGemmConst { public static int Value => 2; }
    public readonly struct N4 : IGemmConst { public static int Value => 4; }
    public readonly struct N6 : IGemmConst { public static int Value => 6; }
    public readonly struct N8 : IGemmConst { public static int Value => 8; }
    public readonly struct N12 : IGemmConst { public static int Value => 12; }
#pragma warning restore CS1591
}
