using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>Which instruction-set path <see cref="Gemm"/> uses; <see cref="Auto"/> picks the widest the CPU supports.</summary>
internal enum GemmPath
{
    /// <summary>AVX-512 when available, else AVX2+FMA, else scalar.</summary>
    Auto,

    /// <summary><c>Vector512</c> microkernels (requires AVX-512F).</summary>
    Avx512,

    /// <summary><c>Vector256</c> microkernels (requires AVX2 and FMA).</summary>
    Avx2,

    /// <summary>Portable scalar microkernel (any CPU).</summary>
    Scalar,
}

/// <summary>
/// General matrix multiply, C = α·op(A)·op(B) + β·C, over row-major spans: a packed, cache-blocked
/// (BLIS/GotoBLAS loop nest) register-tiled kernel with AVX-512, AVX2 and scalar paths, optional fused bias and ReLU,
/// and a strided batched form. Work is split over M or N only (never K), so results are bitwise identical for any
/// thread count.
/// </summary>
internal static partial class Gemm
{
    [ThreadStatic] private static GemmPath t_forcedPath;
    [ThreadStatic] private static GemmBlockSizes? t_forcedBlocking;
    [ThreadStatic] private static int t_maxThreads;

    /// <summary>
    /// Instruction-set path for calls made from the current thread (tests and benchmarks force AVX2 or scalar with
    /// it). Forcing a path the CPU lacks falls back to the next narrower one.
    /// </summary>
    internal static GemmPath ForcedPath
    {
        get => t_forcedPath;
        set => t_forcedPath = value;
    }

    /// <summary>Block sizes for calls made from the current thread (null = the tuned defaults); tests shrink them.</summary>
    internal static GemmBlockSizes? ForcedBlocking
    {
        get => t_forcedBlocking;
        set => t_forcedBlocking = value;
    }

    /// <summary>
    /// Thread count for calls made from the current thread (0 = <see cref="Parallelism.ThreadCount"/>); tests use it to
    /// compare 1 and 2 threads without touching the library-wide setting. The work is split into this many shares even
    /// when the pool runs them on fewer threads.
    /// </summary>
    internal static int MaxThreads
    {
        get => t_maxThreads;
        set => t_maxThreads = value;
    }

    /// <summary>The path <see cref="GemmPath.Auto"/> resolves to on this machine.</summary>
    internal static GemmPath BestPath =>
        Avx512F.IsSupported ? GemmPath.Avx512 : Avx2.IsSupported && Fma.IsSupported ? GemmPath.Avx2 : GemmPath.Scalar;

    /// <summary>
    /// C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major. op(A) is m×k: A is m×k with row stride lda when !transA,
    /// else A is stored k×m with row stride lda. op(B) is k×n: B is k×n (ldb) when !transB, else stored n×k (ldb).
    /// beta == 0 overwrites C (BLAS convention: NaN/garbage in C is ignored).
    /// </summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ReadOnlySpan<T>.Empty, relu: false);

    /// <summary>
    /// C[m×n] = act(alpha·op(A)·op(B) + beta·C + bias), with the bias added per output column (bias[j] to every row's
    /// column j; <c>y = x·Wᵀ + b</c> is <c>transB: true</c> with W stored [n, k]) and act = ReLU when
    /// <paramref name="relu"/> is set (max(x, 0); NaN stays NaN). Both are applied while C is still in registers.
    /// An empty <paramref name="bias"/> means no bias; otherwise it must hold at least n elements.
    /// Layouts and beta follow <see cref="Multiply{T}(bool, bool, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>.
    /// </summary>
    public static unsafe void Multiply<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc,
        ReadOnlySpan<T> bias, bool relu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, bias.Length, 1, 0, 0, 0);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pbias = bias)
        {
            var args = new GemmArgs<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc,
                bias.IsEmpty ? null : pbias, relu);
            Execute(ref args, ResolveThreads());
        }
    }

    /// <summary>
    /// Strided batched GEMM: for every i in [0, batchCount), C_i = act(alpha·op(A_i)·op(B_i) + beta·C_i + bias) where
    /// A_i starts at <c>a[i·strideA]</c>, B_i at <c>b[i·strideB]</c> and C_i at <c>c[i·strideC]</c>; each matrix
    /// follows the layout rules of <see cref="Multiply{T}(bool, bool, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>.
    /// A stride of 0 shares one operand across the batch (e.g. one weight matrix for many inputs). The bias (per output
    /// column, empty = none) and ReLU are optional, as in the epilogue overload. Output matrices must not overlap.
    /// Small matrices are spread over the threads one whole product at a time; large ones are each split over M/N.
    /// </summary>
    public static unsafe void MultiplyBatched<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, long strideA, ReadOnlySpan<T> b, int ldb, long strideB, T beta,
        Span<T> c, int ldc, long strideC, int batchCount, ReadOnlySpan<T> bias = default, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchCount);
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, bias.Length,
            batchCount, strideA, strideB, strideC);
        if (m == 0 || n == 0 || batchCount == 0)
        {
            return;
        }

        if (batchCount > 1 && strideC < (long)(m - 1) * ldc + n)
        {
            throw new ArgumentException(
                $"Gemm batched: strideC ({strideC}) must be at least (m - 1)·ldc + n = {(long)(m - 1) * ldc + n} so the outputs do not overlap.",
                nameof(strideC));
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pbias = bias)
        {
            var args = new GemmArgs<T>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc,
                bias.IsEmpty ? null : pbias, relu);
            ExecuteBatched(ref args, strideA, strideB, strideC, batchCount, ResolveThreads());
        }
    }

    private static int ResolveThreads()
    {
        int forced = t_maxThreads;
        return forced > 0 ? forced : WorkerPool.MaxThreads;
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength,
        int ldb, int cLength, int ldc, int biasLength, int batch, long strideA, long strideB, long strideC)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m),
                $"Gemm: sizes must be non-negative, got m = {m}, n = {n}, k = {k}.");
        }

        if (strideA < 0 || strideB < 0 || strideC < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(strideA),
                $"Gemm batched: strides must be non-negative, got strideA = {strideA}, strideB = {strideB}, strideC = {strideC}.");
        }

        CheckOperand("A", transA ? k : m, transA ? m : k, aLength, lda, batch, strideA, transA ? "k×m" : "m×k");
        CheckOperand("B", transB ? n : k, transB ? k : n, bLength, ldb, batch, strideB, transB ? "n×k" : "k×n");
        CheckOperand("C", m, n, cLength, ldc, batch, strideC, "m×n");
        if (biasLength != 0 && biasLength < n)
        {
            throw new ArgumentException($"Gemm: bias must hold n = {n} elements (one per output column), got {biasLength}.", "bias");
        }
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int ld, int batch, long stride,
        string layout)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException("ld" + name.ToLowerInvariant(),
                $"Gemm: {name} is stored {layout} = {rows}×{cols}, so its row stride must be at least {Math.Max(1, cols)}, got {ld}.");
        }

        if (rows == 0 || cols == 0 || batch == 0)
        {
            return;
        }

        long needed = (long)(batch - 1) * stride + (long)(rows - 1) * ld + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"Gemm: {name} ({layout} = {rows}×{cols}, row stride {ld}{(batch > 1 ? $", {batch} matrices {stride} apart" : "")}) needs at least {needed} elements, got {length}.",
                name.ToLowerInvariant());
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static GemmPath ResolvePath()
    {
        GemmPath path = t_forcedPath;
        if (path == GemmPath.Auto || path == GemmPath.Avx512 && !Avx512F.IsSupported)
        {
            path = BestPath;
        }

        if (path == GemmPath.Avx2 && !(Avx2.IsSupported && Fma.IsSupported))
        {
            path = GemmPath.Scalar;
        }

        return path;
    }
}
