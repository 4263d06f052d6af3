using System.Numerics;
using System.Runtime.CompilerServices;

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

/// <summary>The blocked loop nest and the thread split for one microkernel.</summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : IGemmKernel<T>
{
    [ThreadStatic] private static Job? t_job;
    [ThreadStatic] private static BatchJob? t_batchJob;

    /// <summary>Runs one product on up to <paramref name="threads"/> threads.</summary>
    public static void Run(ref GemmArgs<T> g, int threads, GemmBlockSizes blocks)
    {
        Plan(in g, threads, out bool splitM, out int parts);
        if (parts <= 1)
        {
            RunPartition(in g, 0, g.M, 0, g.N, blocks);
            return;
        }

        Job job = t_job ??= new Job();
        job.Args = g;
        job.Blocks = blocks;
        job.SplitM = splitM;
        job.Parts = parts;
        try
        {
            WorkerPool.Run(job, parts);
        }
        finally
        {
            job.Blocks = null!;
        }
    }

    /// <summary>Runs a strided batch: whole products spread over threads when each is small, else one after another.</summary>
    public static void RunBatched(ref GemmArgs<T> g, long strideA, long strideB, long strideC, int batchCount,
        int threads, GemmBlockSizes blocks)
    {
        Plan(in g, threads, out _, out int parts);
        if (parts > 1 || threads <= 1 || batchCount == 1)
        {
            for (int i = 0; i < batchCount; i++)
            {
                GemmArgs<T> gi = g;
                gi.A += i * strideA;
                gi.B += i * strideB;
                gi.C += i * strideC;
                Run(ref gi, threads, blocks);
            }

            return;
        }

        BatchJob job = t_batchJob ??= new BatchJob();
        job.Args = g;
        job.Blocks = blocks;
        job.StrideA = strideA;
        job.StrideB = strideB;
        job.StrideC = strideC;
        job.Count = batchCount;
        job.Parts = Math.Min(batchCount, threads);
        try
        {
            WorkerPool.Run(job, job.Parts);
        }
        finally
        {
            job.Blocks = null!;
        }
    }

    /// <summary>Minimum flops of a product before it is split over threads.</summary>
    internal const long ParallelFlops = 1L << 21;

    /// <summary>
    /// Chooses the split: one thread for small products; otherwise over M or N, whichever duplicates less packing
    /// (each thread packs its own share of one operand and all of the other).
    /// </summary>
    private static void Plan(in GemmArgs<T> g, int threads, out bool splitM, out int parts)
    {
        int panelsM = (g.M + TKernel.MR - 1) / TKernel.MR;
        int panelsN = (g.N + TKernel.NR - 1) / TKernel.NR;
        long flops = 2L * g.M * g.N * g.K;
        splitM = true;
        parts = 1;
        if (threads <= 1 || flops < ParallelFlops)
        {
            return;
        }

        // Packing cost per element: a transposing gather costs about three times a contiguous copy.
        long costA = g.TransA ? 1 : 3, costB = g.TransB ? 3 : 1;
        long splitMCost = g.M * costA / threads + g.N * costB;
        long splitNCost = g.M * costA + g.N * costB / threads;
        splitM = panelsM >= threads && (panelsN < threads || splitMCost <= splitNCost);
        parts = Math.Min(threads, splitM ? panelsM : panelsN);
        parts = (int)Math.Max(1, Math.Min(parts, flops / (ParallelFlops / 2)));
    }

    /// <summary>The GotoBLAS loop nest over C[m0..m1, n0..n1): NC → KC (pack B) → MC (pack A) → NR → MR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunPartition(in GemmArgs<T> g, int m0, int m1, int n0, int n1, GemmBlockSizes blocks)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int k = g.K;
        int kBlocks = (k + blocks.KC - 1) / blocks.KC;
        int kcStep = (k + kBlocks - 1) / kBlocks;
        int mcStep = Balance(m1 - m0, blocks.MC, mr);
        int ncStep = Balance(n1 - n0, blocks.NC, nr);

        T* packA = GemmScratch<T>.A((nint)mcStep * kcStep + 16);
        T* packB = GemmScratch<T>.B((nint)ncStep * kcStep);
        byte* tileBytes = stackalloc byte[mr * nr * sizeof(T) + 64];
        T* tile = (T*)(((nint)tileBytes + 63) & ~(nint)63);

        bool betaZero = g.Beta == T.Zero;
        var first = new GemmUpdate<T>(g.Alpha, g.Beta, betaZero, g.Relu && kBlocks == 1);
        var next = new GemmUpdate<T>(g.Alpha, T.One, false, false);
        var last = new GemmUpdate<T>(g.Alpha, T.One, false, g.Relu);
        nint ldc = g.Ldc;

        for (int jc = n0; jc < n1; jc += ncStep)
        {
            int nc = Math.Min(ncStep, n1 - jc);
            for (int kb = 0; kb < kBlocks; kb++)
            {
                int pc = kb * kcStep;
                int kc = Math.Min(kcStep, k - pc);
                bool isLast = kb == kBlocks - 1;
                ref readonly GemmUpdate<T> u = ref kb == 0 ? ref first : ref isLast ? ref last : ref next;
                T* bias = isLast && g.Bias != null ? g.Bias + jc : null;
                GemmPacking.PackB(g.TransB, g.B, g.Ldb, pc, kc, jc, nc, nr, packB, TKernel.Path);

                for (int ic = m0; ic < m1; ic += mcStep)
                {
                    int mc = Math.Min(mcStep, m1 - ic);
                    GemmPacking.PackA(g.TransA, g.A, g.Lda, ic, mc, pc, kc, mr, packA, TKernel.Path);
                    T* cBlock = g.C + ic * ldc + jc;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        T* bPanel = packB + (nint)jr * kc;
                        T* biasPanel = bias == null ? null : bias + jr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            TKernel.Tile(Math.Min(mr, mc - ir), cols, kc, packA + (nint)ir * kc, bPanel,
                                cBlock + ir * ldc + jr, ldc, in u, biasPanel, tile);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Cuts <paramref name="length"/> into equal blocks of at most ~<paramref name="block"/>, multiples of <paramref name="unit"/>.</summary>
    private static int Balance(int length, int block, int unit)
    {
        block = Math.Max(unit, block / unit * unit);
        int count = Math.Max(1, (length + block - 1) / block);
        int step = (length + count - 1) / count;
        return (step + unit - 1) / unit * unit;
    }

    /// <summary>One share (a range of MR-row or NR-column panels) of a split product.</summary>
    private sealed class Job : ParallelWork
    {
        public GemmArgs<T> Args;
        public GemmBlockSizes Blocks = null!;
        public bool SplitM;
        public int Parts;

        public override void Execute(int index)
        {
            if (SplitM)
            {
                int panels = (Args.M + TKernel.MR - 1) / TKernel.MR;
                int m0 = (int)((long)panels * index / Parts) * TKernel.MR;
                int m1 = Math.Min(Args.M, (int)((long)panels * (index + 1) / Parts) * TKernel.MR);
                if (m0 < m1)
                {
                    RunPartition(in Args, m0, m1, 0, Args.N, Blocks);
                }
            }
            else
            {
                int panels = (Args.N + TKernel.NR - 1) / TKernel.NR;
                int n0 = (int)((long)panels * index / Parts) * TKernel.NR;
                int n1 = Math.Min(Args.N, (int)((long)panels * (index + 1) / Parts) * TKernel.NR);
                if (n0 < n1)
                {
                    RunPartition(in Args, 0, Args.M, n0, n1, Blocks);
                }
            }
        }
    }

    /// <summary>A contiguous range of whole products of a batch, each computed on one thread.</summary>
    private sealed class BatchJob : ParallelWork
    {
        public GemmArgs<T> Args;
        public GemmBlockSizes Blocks = null!;
        public long StrideA, StrideB, StrideC;
        public int Count, Parts;

        public override void Execute(int index)
        {
            int i0 = (int)((long)Count * index / Parts), i1 = (int)((long)Count * (index + 1) / Parts);
            for (int i = i0; i < i1; i++)
            {
                GemmArgs<T> gi = Args;
                gi.A += i * StrideA;
                gi.B += i * StrideB;
                gi.C += i * StrideC;
                RunPartition(in gi, 0, gi.M, 0, gi.N, Blocks);
            }
        }
    }
}

/// <summary>Top-level dispatch: degenerate cases, the no-pack path, then the packed path of the chosen instruction set.</summary>
internal static partial class Gemm
{
    /// <summary>Products with at most this many multiply-adds skip packing (<see cref="GemmSmall"/>).</summary>
    internal const long SmallProductLimit = 24 * 24 * 24;

    private static void Execute<T>(ref GemmArgs<T> g, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.K == 0 || g.Alpha == T.Zero)
        {
            GemmEpilogue.ScaleOnly(in g);
            return;
        }

        if (IsSmall(g.M, g.N, g.K))
        {
            bool vector = PathFor<T>() != GemmPath.Scalar;
            long flops = 2L * g.M * g.N * g.K;
            if (threads > 1 && flops >= GemmDriver<T, GemmKernelScalar<T>>.ParallelFlops)
            {
                // A large skinny product (GEMV-like): split the long side; every element is computed the same way.
                SmallSplitJob<T> job = SmallSplitJob<T>.ForThisThread;
                job.Args = g;
                job.Vector = vector;
                job.SplitM = g.M >= g.N;
                int units = job.SplitM ? (g.M + 3) / 4 : (g.N + 31) / 32;
                job.Parts = (int)Math.Min(Math.Min(threads, units), flops / (GemmDriver<T, GemmKernelScalar<T>>.ParallelFlops / 2));
                if (job.Parts > 1)
                {
                    WorkerPool.Run(job, job.Parts);
                    return;
                }
            }

            GemmSmall.Run(in g, vector);
            return;
        }

        switch (PathFor<T>())
        {
            case GemmPath.Avx512:
                GemmDriver<T, GemmKernelAvx512<T>>.Run(ref g, threads, t_forcedBlocking ?? GemmKernelAvx512<T>.Blocking);
                break;
            case GemmPath.Avx2:
                GemmDriver<T, GemmKernelAvx2<T>>.Run(ref g, threads, t_forcedBlocking ?? GemmKernelAvx2<T>.Blocking);
                break;
            default:
                GemmDriver<T, GemmKernelScalar<T>>.Run(ref g, threads, t_forcedBlocking ?? GemmKernelScalar<T>.Blocking);
                break;
        }
    }

    private static unsafe void ExecuteBatched<T>(ref GemmArgs<T> g, long strideA, long strideB, long strideC,
        int batchCount, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool packed = g.K != 0 && g.Alpha != T.Zero && !IsSmall(g.M, g.N, g.K);
        if (packed)
        {
            switch (PathFor<T>())
            {
                case GemmPath.Avx512:
                    GemmDriver<T, GemmKernelAvx512<T>>.RunBatched(ref g, strideA, strideB, strideC, batchCount, threads,
                        t_forcedBlocking ?? GemmKernelAvx512<T>.Blocking);
                    return;
                case GemmPath.Avx2:
                    GemmDriver<T, GemmKernelAvx2<T>>.RunBatched(ref g, strideA, strideB, strideC, batchCount, threads,
                        t_forcedBlocking ?? GemmKernelAvx2<T>.Blocking);
                    return;
                default:
                    GemmDriver<T, GemmKernelScalar<T>>.RunBatched(ref g, strideA, strideB, strideC, batchCount, threads,
                        t_forcedBlocking ?? GemmKernelScalar<T>.Blocking);
                    return;
            }
        }

        long totalFlops = 2L * g.M * g.N * g.K * batchCount;
        if (threads > 1 && batchCount > 1 && totalFlops >= GemmDriver<T, GemmKernelScalar<T>>.ParallelFlops)
        {
            // Small products (or alpha = 0 / k = 0 scalings): whole products spread over the threads.
            SmallBatchJob<T> job = SmallBatchJob<T>.ForThisThread;
            job.Args = g;
            job.StrideA = strideA;
            job.StrideB = strideB;
            job.StrideC = strideC;
            job.Count = batchCount;
            job.Parts = Math.Min(batchCount, threads);
            WorkerPool.Run(job, job.Parts);
            return;
        }

        for (int i = 0; i < batchCount; i++)
        {
            GemmArgs<T> gi = g;
            gi.A += i * strideA;
            gi.B += i * strideB;
            gi.C += i * strideC;
            Execute(ref gi, 1);
        }
    }

    /// <summary>One share (rows in fours, or columns in 32s) of a large skinny product on the no-pack path.</summary>
    private sealed class SmallSplitJob<T> : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static SmallSplitJob<T>? t_instance;

        public GemmArgs<T> Args;
        public bool Vector, SplitM;
        public int Parts;

        /// <summary>The calling thread's reusable instance.</summary>
        public static SmallSplitJob<T> ForThisThread => t_instance ??= new SmallSplitJob<T>();

        public override unsafe void Execute(int index)
        {
            GemmArgs<T> g = Args;
            if (SplitM)
            {
                int units = (g.M + 3) / 4;
                int i0 = (int)((long)units * index / Parts) * 4, i1 = Math.Min(g.M, (int)((long)units * (index + 1) / Parts) * 4);
                g.A += g.TransA ? i0 : i0 * g.Lda;
                g.C += i0 * g.Ldc;
                g.M = i1 - i0;
            }
            else
            {
                int units = (g.N + 31) / 32;
                int j0 = (int)((long)units * index / Parts) * 32, j1 = Math.Min(g.N, (int)((long)units * (index + 1) / Parts) * 32);
                g.B += g.TransB ? j0 * g.Ldb : j0;
                g.C += j0;
                if (g.Bias != null)
                {
                    g.Bias += j0;
                }

                g.N = j1 - j0;
            }

            if (g.M > 0 && g.N > 0)
            {
                GemmSmall.Run(in g, Vector);
            }
        }
    }

    /// <summary>A contiguous range of whole small products of a batch, each on one thread without packing.</summary>
    private sealed class SmallBatchJob<T> : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static SmallBatchJob<T>? t_instance;

        public GemmArgs<T> Args;
        public long StrideA, StrideB, StrideC;
        public int Count, Parts;

        /// <summary>The calling thread's reusable instance.</summary>
        public static SmallBatchJob<T> ForThisThread => t_instance ??= new SmallBatchJob<T>();

        public override unsafe void Execute(int index)
        {
            int i0 = (int)((long)Count * index / Parts), i1 = (int)((long)Count * (index + 1) / Parts);
            for (int i = i0; i < i1; i++)
            {
                GemmArgs<T> gi = Args;
                gi.A += i * StrideA;
                gi.B += i * StrideB;
                gi.C += i * StrideC;
                Gemm.Execute(ref gi, 1);
            }
        }
    }

    /// <summary>Whether a product takes the no-pack path: few multiply-adds, or at most <see cref="GemmSmall.Skinny"/> rows or columns.</summary>
    private static bool IsSmall(int m, int n, int k)
        => (long)m * n * k <= SmallProductLimit || m <= GemmSmall.Skinny || n <= GemmSmall.Skinny;

    /// <summary>The path for element type T: vector paths exist for float and double only.</summary>
    private static GemmPath PathFor<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            return GemmPath.Scalar;
        }

        return ResolvePath();
    }
}
