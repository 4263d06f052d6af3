using System.Diagnostics;
using System.Globalization;
using DeepNotes.Layers;
using DeepNotes.Optimizers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The standard training workloads, timed exactly like <c>../shared/bench/pytorch_workloads.py</c>: the same model,
/// batch and data shapes, one step = zero grad + forward + cross-entropy + backward + Adam(lr 1e-3); 5 warm-up steps,
/// then steps for at least 4 s and at least 10 steps; the median. One line per workload in the reference's format:
/// <c>name&lt;TAB&gt;X ms/step&lt;TAB&gt;Y steps/s&lt;TAB&gt;threads=N</c>.
/// </summary>
internal static class Workloads
{
    /// <summary>A workload: a model factory and its input and label shapes.</summary>
    private sealed record Workload(string Name, Func<Module<Tensor, Tensor>> Model, int[] InputShape, int Batch);

    private static readonly Workload[] All =
    [
        new("mlp_784_512_256_10_b128",
            () => new Sequential(new Dense(784, 512), new Relu(), new Dense(512, 256), new Relu(), new Dense(256, 10)),
            [128, 784], 128),
        new("transformer_block_s64_d256_b16", () => new TransformerClassifier(), [16, 64, 256], 16),
        new("cnn_fmnist_b64", () => new CnnFmnist(), [64, 1, 28, 28], 64),
        new("lstm_seq32_h256_b32", () => new LstmClassifier(), [32, 32, 64], 32),
    ];

    /// <summary>Runs the named workloads (all when none are named).</summary>
    public static int Run(string[] names)
    {
        var unknown = names.Where(n => All.All(w => w.Name != n)).ToArray();
        if (unknown.Length > 0)
        {
            Console.Error.WriteLine($"unknown workload(s): {string.Join(", ", unknown)}; known: {string.Join(", ", All.Select(w => w.Name))}");
            return 2;
        }
        foreach (var w in All.Where(w => names.Length == 0 || names.Contains(w.Name)))
        {
            double median = MedianStepSeconds(w);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Name}\t{median * 1e3:F2} ms/step\t{1 / median:F1} steps/s\tthreads={Parallelism.ThreadCount}"));
        }
        return 0;
    }

    private static double MedianStepSeconds(Workload w)
    {
        var generator = new Generator(0);
        var model = w.Model();
        var x = Tensor.Randn(w.InputShape, generator: generator);
        var y = Tensor.RandInt(0, 10, [w.Batch], generator);
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);

        void Step()
        {
            optimizer.ZeroGrad();
            Tensor loss = Functional.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
        }

        for (int i = 0; i < 5; i++) Step();
        var times = new List<double>();
        long end = Stopwatch.GetTimestamp() + 4 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end || times.Count < 10)
        {
            long t = Stopwatch.GetTimestamp();
            Step();
            times.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
    }
}
