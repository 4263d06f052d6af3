using System.Diagnostics;
using System.Globalization;
using DeepNotes.Distributions;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The sampling group of the <c>ops</c> verb (issue 13): creation, random sampling and Distributions at 1M float32
/// elements, one line per case "sampling/name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s", the format of
/// benchmarks/ops_reference_sampling.py. Every sampler runs on one generator in element order (reproducible).
/// </summary>
public static class SamplingOpsCases
{
    private const int N = 1 << 20;

    /// <summary>The cases: name, one call, elements produced per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(7);
        var mean = Tensor.Randn([N], generator: g);
        var std = Tensor.Rand([N], generator: g) + 0.5;
        var prob = Tensor.Rand([N], generator: g);
        var rates4 = Tensor.Full([N], 4.0);
        var rates50 = Tensor.Full([N], 50.0);
        var weights = Tensor.Rand([1000], generator: g) + 0.1;
        var rows = Tensor.Rand([1024, 1024], generator: g) + 0.1;
        var buffer = Tensor.Zeros([N]);
        var normal = new Normal(mean, std);
        var value = Tensor.Randn([N], generator: g);
        yield return ("baseline_rand", () => Tensor.Rand([N], generator: g), N);
        yield return ("baseline_randn", () => Tensor.Randn([N], generator: g), N);
        yield return ("linspace", () => Tensor.Linspace(-1, 1, N), N);
        yield return ("normal_tensor", () => Tensor.Normal(mean, std, g), N);
        yield return ("uniform_", () => buffer.UniformInPlace(-1, 1, g), N);
        yield return ("normal_", () => buffer.NormalInPlace(0, 1, g), N);
        yield return ("exponential_", () => buffer.ExponentialInPlace(1, g), N);
        yield return ("bernoulli_tensor", () => prob.Bernoulli(g), N);
        yield return ("bernoulli_", () => buffer.BernoulliInPlace(0.5, g), N);
        yield return ("poisson_4", () => Tensor.Poisson(rates4, g), N);
        yield return ("poisson_50", () => Tensor.Poisson(rates50, g), N);
        yield return ("multinomial_1000cat_1M_repl", () => weights.Multinomial(N, true, g), N);
        yield return ("multinomial_1024x1024_noreplace_8", () => rows.Multinomial(8, false, g), N);
        yield return ("randperm", () => Tensor.RandPerm(N, g), N);
        yield return ("dist_normal_log_prob", () => normal.LogProb(value), N);
        yield return ("dist_normal_rsample", () => normal.RSample(default, g), N);
    }


    private static double Time(Action run)
    {
        run();
        double best = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            int calls = 0;
            var sw = Stopwatch.StartNew();
            do { run(); calls++; } while (sw.Elapsed.TotalMilliseconds < 50);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / calls);
        }
        return best;
    }
}
