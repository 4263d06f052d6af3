using System.Diagnostics;
using DeepNotes.Kernels;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>conv</c> verb: GFLOP/s of the Conv2D kernels (float32) on the shape (32→64, 3×3, padding 1,
/// batch 64, 28×28) and on the two convolutions of the <c>cnn_fmnist_b64</c> workload, measured like
/// ../conv_reference.py (PyTorch): one warm-up call, five batches of max(3, 1e9 / flops) calls, the best batch.
/// Forward includes the bias; backward is input gradient + weight gradient + bias gradient and counts twice the
/// forward's multiply-adds. <c>--path im2col|direct|winograd</c> forces one algorithm (default: automatic choice).
/// <c>--shape NxCxHxWxK</c> (repeatable) measures those 3×3, padding 1, stride 1 shapes instead of the built-in ones.
/// <c>--cpu</c> times by the process's CPU time instead of the wall clock: on a shared machine (and with one thread) this
/// removes the time other processes hold the core, so that two versions of a kernel can be compared.
/// </summary>
internal static class ConvThroughput
{
    private static readonly (string Name, int N, int C, int H, int W, int K, int Kernel, int Stride, int Pad)[] Shapes =
    [
        ("conv2 32->64 3x3 p1 b64 28x28", 64, 32, 28, 28, 64, 3, 1, 1),
        ("cnn c1 1->32 3x3 p1 b64 28x28", 64, 1, 28, 28, 32, 3, 1, 1),
        ("cnn c2 32->64 3x3 p1 b64 14x14", 64, 32, 14, 14, 64, 3, 1, 1),
        ("wide 256->256 3x3 p1 b8 14x14", 8, 256, 14, 14, 256, 3, 1, 1),
    ];

    public static void Run(string[] args)
    {
        int at = Array.IndexOf(args, "--path");
        ConvPath path = at >= 0 && at + 1 < args.Length ? Enum.Parse<ConvPath>(args[at + 1], ignoreCase: true) : ConvPath.Auto;
        Conv.ForcedPath = path;
        s_cpu = args.Contains("--cpu");
        var shapes = new List<(string Name, int N, int C, int H, int W, int K, int Kernel, int Stride, int Pad)>();
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] != "--shape") continue;
            int[] d = args[i + 1].Split('x').Select(int.Parse).ToArray();
            shapes.Add(($"{d[1]}->{d[4]} 3x3 p1 b{d[0]} {d[2]}x{d[3]}", d[0], d[1], d[2], d[3], d[4], 3, 1, 1));
        }
        foreach (var s in shapes.Count > 0 ? shapes.ToArray() : Shapes)
        {
            int oh = (s.H + 2 * s.Pad - s.Kernel) / s.Stride + 1, ow = (s.W + 2 * s.Pad - s.Kernel) / s.Stride + 1;
            var g = new ConvGeometry(s.N, s.C, s.H, s.W, s.K, s.Kernel, s.Kernel, s.Stride, s.Stride, s.Pad, s.Pad, 1, 1, 1, oh, ow);
            var random = new Random(0);
            float[] x = Fill(random, s.N * s.C * s.H * s.W), w = Fill(random, s.K * g.ColRows), b = Fill(random, s.K);
            float[] y = new float[s.N * s.K * oh * ow], dy = Fill(random, y.Length), dx = new float[x.Length], dw = new float[w.Length], db = new float[s.K];
            double flops = 2.0 * g.MultiplyAdds;
            double fwd = Best(() => Conv.Forward<float>(x, w, b, y, g), flops);
            double bwd = Best(() =>
            {
                Conv.BackwardData<float>(dy, w, dx, g);
                Conv.BackwardWeight<float>(dy, x, dw, g);
                Conv.BiasGradient<float>(dy, db, s.N, s.K, oh * ow);
            }, 2 * flops);
            double data = Best(() => Conv.BackwardData<float>(dy, w, dx, g), flops);
            double weight = Best(() => Conv.BackwardWeight<float>(dy, x, dw, g), flops);
            Console.WriteLine($"deepnotes threads={Parallelism.ThreadCount}\t{s.Name}\tfwd {fwd:F1} GFLOP/s\tbwd {bwd:F1} GFLOP/s\t(input grad {data:F1}, weight grad {weight:F1}; path {Conv.ChooseForward(g)})");
        }
    }

    private static float[] Fill(Random random, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        return a;
    }

    private static bool s_cpu;

    private static double Best(Action call, double flops)
    {
        call();
        int calls = Math.Max(3, (int)(1e9 / flops));
        double best = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < 5; r++)
        {
            long t = Stopwatch.GetTimestamp();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            for (int i = 0; i < calls; i++) call();
            process.Refresh();
            double seconds = s_cpu ? (process.TotalProcessorTime - cpu).TotalSeconds : Stopwatch.GetElapsedTime(t).TotalSeconds;
            best = Math.Min(best, seconds / calls);
        }
        return flops / best / 1e9;
    }
}
