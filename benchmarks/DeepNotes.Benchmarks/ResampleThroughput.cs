using System.Diagnostics;
using System.Globalization;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>resample</c> verb (issue 14): Functional.Interpolate (nearest, bilinear; bicubic and GridSample for scale) on
/// a U-Net-like feature map, forward and forward+backward, one line per case "name&lt;TAB&gt;forward ms&lt;TAB&gt;forward+backward ms&lt;TAB&gt;(cpu forward / forward+backward ms)",
/// the format of benchmarks/layers_reference_resample.py. Optional name filters select cases.
/// </summary>
public static class ResampleThroughput
{
    /// <summary>The cases: name, input shape, and the op.</summary>
    public static IEnumerable<(string Name, int[] Shape, Func<Tensor, Tensor> Op)> Cases()
    {
        yield return ("nearest_x2 [32,64,56,56]", [32, 64, 56, 56], x => Functional.Interpolate(x, 2.0));
        yield return ("bilinear_x2 [32,64,56,56]", [32, 64, 56, 56], x => Functional.Interpolate(x, 2.0, InterpolationMode.Bilinear));
        yield return ("bilinear_x2_align [32,64,56,56]", [32, 64, 56, 56], x => Functional.Interpolate(x, 2.0, InterpolationMode.Bilinear, alignCorners: true));
        yield return ("nearest_down0.5 [32,64,56,56]", [32, 64, 56, 56], x => Functional.Interpolate(x, 0.5));
        yield return ("bicubic_x2 [8,64,56,56]", [8, 64, 56, 56], x => Functional.Interpolate(x, 2.0, InterpolationMode.Bicubic));
        yield return ("trilinear_x2 [4,32,16,28,28]", [4, 32, 16, 28, 28], x => Functional.Interpolate(x, 2.0, InterpolationMode.Trilinear));
    }

    public static void Run(string[] filters)
    {
        foreach (var (name, shape, op) in Cases())
        {
            if (filters.Length > 0 && !filters.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
            var x = Tensor.Randn(shape, generator: new Generator(1));
            Tensor sample;
            using (Autograd.NoGrad()) sample = op(x);
            var g = Tensor.Randn(sample.Shape.ToArray(), generator: new Generator(2));
            var forward = Time(() =>
            {
                using (Autograd.NoGrad()) op(x);
            });
            var xg = x.Detach();
            xg.RequiresGrad = true;
            var both = Time(() =>
            {
                xg.Grad = null;
                op(xg).Backward(g);
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}\t{forward.Wall:F2} ms\t{both.Wall:F2} ms\t(user cpu {forward.Cpu:F2} / {both.Cpu:F2} ms)"));
        }
    }

    /// <summary>Median wall time of a call, and user-mode CPU time per call (all threads; without the kernel's page faulting, less sensitive to a busy machine).</summary>
    private static (double Wall, double Cpu) Time(Action run)
    {
        run();
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        TimeSpan cpu0 = Process.GetCurrentProcess().UserProcessorTime;
        while (times.Count < 5 || (times.Count < 30 && total.Elapsed.TotalMilliseconds < 1500))
        {
            var sw = Stopwatch.StartNew();
            run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        double cpu = (Process.GetCurrentProcess().UserProcessorTime - cpu0).TotalMilliseconds / times.Count;
        times.Sort();
        return (times[times.Count / 2], cpu);
    }
}
