using System.Numerics;

namespace DeepNotes.Kernels;

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
