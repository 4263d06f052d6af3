using System.Diagnostics;
using System.Globalization;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>pool3d</c> verb (issue 14): MaxUnpool2D of a 2×2 max pool (<c>[32, 64, 28, 28] -> [32, 64, 56, 56]</c>)
/// forward and forward+backward, and MaxPool3D / AvgPool3D (2×2×2) forward+backward on <c>[8, 64, 8, 28, 28]</c>,
/// float32, one line per case, "name&lt;TAB&gt;ms" (best of five ~0.3 s rounds after a warm-up). Backward runs through
/// <see cref="Autograd.Grad"/>, as for a layer inside a network (whose input is no leaf): <c>Backward()</c> into a leaf's
/// <c>.Grad</c> would add a copy of the gradient, where PyTorch's <c>.backward()</c> steals the buffer. PyTorch's side:
/// <c>OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/layers_reference_unpool.py 1 2</c>. Arguments: substrings
/// of case names to run a subset.
/// </summary>
public static class Pool3DUnpoolCases
{
    public static IEnumerable<(string Name, Action Run)> Cases()
    {
        var g = new Generator(0);
        Tensor big = Tensor.Randn([32, 64, 56, 56], DType.Float32, g);
        var (pooled, indices) = Functional.MaxPool2DWithIndices(big, 2);
        Tensor x = pooled.Detach();
        x.RequiresGrad = true;
        Tensor grad = Tensor.Randn([32, 64, 56, 56], DType.Float32, g);
        yield return ("unpool2d [32,64,28,28]->56x56 fwd", () =>
        {
            using (Autograd.NoGrad()) Functional.MaxUnpool2D(x, indices, 2);
        });
        yield return ("unpool2d [32,64,28,28]->56x56 fwd+bwd", () =>
        {
            Autograd.Grad(Functional.MaxUnpool2D(x, indices, 2), [x], grad);
        });

        Tensor v = Tensor.Randn([8, 64, 8, 28, 28], DType.Float32, g);
        v.RequiresGrad = true;
        Tensor gv = Tensor.Randn([8, 64, 4, 14, 14], DType.Float32, g);
        yield return ("maxpool3d k2 [8,64,8,28,28] fwd", () =>
        {
            using (Autograd.NoGrad()) Functional.MaxPool3D(v, 2);
        });
        yield return ("avgpool3d k2 [8,64,8,28,28] fwd", () =>
        {
            using (Autograd.NoGrad()) Functional.AvgPool3D(v, 2);
        });
        yield return ("maxpool3d k2 [8,64,8,28,28] fwd+bwd", () =>
        {
            Autograd.Grad(Functional.MaxPool3D(v, 2), [v], gv);
        });
        yield return ("avgpool3d k2 [8,64,8,28,28] fwd+bwd", () =>
        {
            Autograd.Grad(Functional.AvgPool3D(v, 2), [v], gv);
        });
    }

    /// <summary>Runs the cases; <c>--cpu</c> reports process CPU time per call instead of wall time (steadier on a loaded machine).</summary>
    public static int Run(string[] args)
    {
        bool cpu = args.Contains("--cpu");
        string[] filters = args.Where(a => a != "--cpu").ToArray();
        Console.WriteLine($"threads={Parallelism.ThreadCount}\tcase\t{(cpu ? "cpu ms" : "ms")}");
        foreach (var (name, run) in Cases())
        {
            if (filters.Length > 0 && !filters.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads={Parallelism.ThreadCount}\t{name}\t{BestMs(run, cpu):F3}"));
        }
        return 0;
    }

    private static double BestMs(Action run, bool cpu)
    {
        var process = Process.GetCurrentProcess();
        double Now()
        {
            if (!cpu) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
            process.Refresh();
            return process.TotalProcessorTime.TotalMilliseconds;
        }
        var warm = Stopwatch.StartNew();
        do run(); while (warm.Elapsed.TotalMilliseconds < 200);
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            int calls = 0;
            double start = Now();
            var sw = Stopwatch.StartNew();
            do { run(); calls++; } while (sw.Elapsed.TotalMilliseconds < 300);
            best = Math.Min(best, (Now() - start) / calls);
        }
        return best;
    }
}
