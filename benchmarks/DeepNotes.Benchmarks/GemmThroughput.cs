using System.Diagnostics;
using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Benchmarks;

/// <summary>
/// GFLOP/s of <see cref="Gemm"/> measured like ../shared/bench/gemm_openblas.py: one warm-up call, then five timed
/// batches of max(3, 1e9 / flops) calls; the best batch average is reported.
/// </summary>
internal static class GemmThroughput
{
    /// <summary>The deep-learning shapes m×n×k: Dense 784→512 forward (batch 128), its input gradient, one 3×3 conv.</summary>
    public static readonly (int M, int N, int K)[] DeepLearningShapes = [(128, 512, 784), (128, 784, 512), (64, 784, 288)];

    public static void Square(string[] args)
    {
        var sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a.All(char.IsDigit)).Select(int.Parse).ToList();
        if (sizes.Count == 0)
        {
            sizes = [128, 256, 512, 1024, 2048];
        }

        string trans = Option(args, "--trans") ?? "NN";
        bool transA = trans[0] == 'T', transB = trans.Length > 1 && trans[1] == 'T';
        foreach (int n in sizes)
        {
            double g = args.Contains("--double") ? Measure<double>(n, n, n, transA, transB) : Measure<float>(n, n, n, transA, transB);
            Console.WriteLine($"{n}\t{g:F1}");
        }
    }

    public static void Shapes(string[] args)
    {
        foreach (var (m, n, k) in DeepLearningShapes)
        {
            double g = args.Contains("--double") ? Measure<double>(m, n, k, false, false) : Measure<float>(m, n, k, false, false);
            Console.WriteLine($"{m}×{n}×{k}\t{g:F1}");
        }
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Best-of-batches GFLOP/s of C[m×n] = op(A)·op(B).</summary>
    public static double Measure<T>(int m, int n, int k, bool transA, bool transB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(0);
        T[] a = Fill<T>(m * k, rng), b = Fill<T>(k * n, rng), c = new T[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        void Run() => Gemm.Multiply<T>(transA, transB, m, n, k, T.One, a, lda, b, ldb, T.Zero, c, n);
        double flops = 2.0 * m * n * k;
        Run();
        int reps = Math.Max(3, (int)(1e9 / flops));
        double best = double.MaxValue;
        for (int batch = 0; batch < 5; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++)
            {
                Run();
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / reps);
        }

        return flops / best / 1e9;
    }

    private static T[] Fill<T>(int count, Random rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = T.CreateChecked(rng.NextDouble());
        }

        return x;
    }
}
