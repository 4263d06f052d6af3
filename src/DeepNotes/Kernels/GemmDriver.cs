using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

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
    internal const long ParallelFlops = 1L << 20;

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
