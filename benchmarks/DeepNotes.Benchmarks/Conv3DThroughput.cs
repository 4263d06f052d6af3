using System.Diagnostics;
using DeepNotes.Kernels;
using DeepNotes.Layers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>conv3d</c> verb: Conv3D forward and forward+backward (float32, through the layer and autograd, as a training
/// step sees it) on the issue's video-shaped workloads, in the format of ../layers_reference_conv3d.py (PyTorch):
/// <c>video c1</c> [8, 3, 16, 56, 56] → 64 channels, 3×3×3, padding 1 (a first layer: the input needs no gradient) and
/// <c>video c2</c> [8, 64, 8, 28, 28] → 64 (a middle layer: input gradient too). One warm-up step, then
/// <c>--rounds R</c> (default 5) timed steps per workload; prints every step's time and the median.
/// <c>--path im2col|direct</c> forces one algorithm; <c>--kernels</c> times each kernel on each path instead; <c>--cpu</c>
/// times by process CPU time (a busy machine, 1 thread). Side by side: ../compare_conv3d.py alternates both.
/// </summary>
internal static class Conv3DThroughput
{
    internal static readonly (string Name, int N, int C, int D, int H, int W, int K, bool InputGrad)[] Workloads =
    [
        ("video c1 3->64 3x3x3 p1 b8 16x56x56", 8, 3, 16, 56, 56, 64, false),
        ("video c2 64->64 3x3x3 p1 b8 8x28x28", 8, 64, 8, 28, 28, 64, true),
    ];

    public static void Run(string[] args)
    {
        s_cpu = args.Contains("--cpu");
        int at = Array.IndexOf(args, "--rounds");
        int rounds = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : 5;
        at = Array.IndexOf(args, "--path");
        Conv.ForcedPath = at >= 0 && at + 1 < args.Length ? Enum.Parse<ConvPath>(args[at + 1], ignoreCase: true) : ConvPath.Auto;
        string[] filters = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || args[i - 1] is not ("--rounds" or "--path" or "--block"))).ToArray();
        at = Array.IndexOf(args, "--block");
        if (at >= 0 && at + 1 < args.Length) ConvDirectWeight.BlockPositions = int.Parse(args[at + 1]);
        if (args.Contains("--kernels"))
        {
            Kernels(filters, rounds);
            return;
        }
        foreach (var s in Workloads)
        {
            if (filters.Length > 0 && !filters.Any(f => s.Name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
            var conv = new Conv3D(s.C, s.K, 3, padding: 1, generator: new Generator(0));
            var x = Tensor.Randn([s.N, s.C, s.D, s.H, s.W], generator: new Generator(1), requiresGrad: s.InputGrad);
            Tensor y0;
            using (Autograd.NoGrad()) y0 = conv.Forward(x);
            var g = Tensor.Ones(y0.Shape.ToArray());
            void Forward()
            {
                using (Autograd.NoGrad()) conv.Forward(x);
            }
            void Step()
            {
                conv.Forward(x).Backward(g);
            }
            double[] fwd = Time(Forward, rounds), step = Time(Step, rounds);
            Console.WriteLine($"deepnotes threads={Parallelism.ThreadCount}\t{s.Name}\tfwd {Median(fwd):F1} ms\tfwd+bwd {Median(step):F1} ms" +
                $"\t(fwd rounds {string.Join(" ", fwd.Select(t => t.ToString("F1")))}; fwd+bwd rounds {string.Join(" ", step.Select(t => t.ToString("F1")))})");
        }
    }

    /// <summary>
    /// <c>--kernels</c>: each kernel (forward, input gradient, weight gradient) on each path, float32 spans, the best of
    /// the rounds in ms (with <c>--cpu</c>: process CPU time, for comparing kernels on a busy machine at 1 thread).
    /// </summary>
    private static void Kernels(string[] filters, int rounds)
    {
        foreach (var s in Workloads)
        {
            if (filters.Length > 0 && !filters.Any(f => s.Name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
            var g = new ConvGeometry(s.N, s.C, s.H, s.W, s.K, 3, 3, 1, 1, 1, 1, 1, 1, 1, s.H, s.W)
            {
                InDepth = s.D, OutDepth = s.D, KernelDepth = 3, PadD = 1,
            };
            var random = new Random(0);
            float[] x = Fill(random, s.N * s.C * g.InPlane), w = Fill(random, s.K * g.ColRows), b = Fill(random, s.K);
            float[] y = new float[s.N * s.K * g.OutPlane], dy = Fill(random, y.Length), dx = new float[x.Length], dw = new float[w.Length];
            foreach (ConvPath path in new[] { ConvPath.Im2Col, ConvPath.Direct })
            {
                Conv.ForcedPath = path;
                double fwd = Time(() => Conv.Forward<float>(x, w, b, y, g), rounds).Min();
                double data = Time(() => Conv.BackwardData<float>(dy, w, dx, g), rounds).Min();
                double weight = Time(() => Conv.BackwardWeight<float>(dy, x, dw, g), rounds).Min();
                double gflop = 2.0 * g.MultiplyAdds / 1e9;
                Console.WriteLine($"deepnotes threads={Parallelism.ThreadCount}	{s.Name}	{path}	fwd {fwd:F1} ms ({gflop / fwd * 1e3:F0} GFLOP/s)" +
                    $"	input grad {data:F1} ms ({gflop / data * 1e3:F0})	weight grad {weight:F1} ms ({gflop / weight * 1e3:F0})");
            }
            Conv.ForcedPath = ConvPath.Auto;
            Console.WriteLine($"  auto: fwd {Conv.ChooseForward(g)}, input grad {Conv.ChooseBackwardData(g)}, weight grad {Conv.ChooseBackwardWeight<float>(g)}");
        }
    }

    private static float[] Fill(Random random, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        return a;
    }

    private static bool s_cpu;

    private static double[] Time(Action call, int rounds)
    {
        call();
        var times = new double[rounds];
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < rounds; r++)
        {
            long t = Stopwatch.GetTimestamp();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            call();
            process.Refresh();
            times[r] = s_cpu ? (process.TotalProcessorTime - cpu).TotalMilliseconds : Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        return times;
    }

    private static double Median(double[] a)
    {
        double[] s = a.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
