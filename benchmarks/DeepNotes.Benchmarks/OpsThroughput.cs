using System.Diagnostics;
using System.Globalization;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>ops</c> verb: the issue-13 op groups' cases (elementwise, reductions, indexing, shape, sampling, dtypes, ...), each timed
/// as the best of short rounds after a warm-up (see Time), one line per case, "group/name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s".
/// Arguments: group names and/or substrings of case names to run a subset; <c>--torch FILE</c> adds PyTorch's time per
/// call from a file of "group/name&lt;TAB&gt;µs" lines (what benchmarks/compare_ops.py writes) and the ratio ours/PyTorch.
/// </summary>
public static class OpsThroughput
{
    private static readonly (string Group, Func<IEnumerable<(string Name, Action Run, long Elements)>> Cases)[] s_groups =
    [
        ("elementwise", ElementwiseOpsCases.Cases),
        ("reductions", ReductionOpsBenchmarks.Cases),
        ("indexing", IndexingOpsBenchmarks.Cases),
        ("shape", ShapeOpsBenchmarks.Cases),
        ("sampling", SamplingOpsCases.Cases),
        ("activations", ActivationOpsCases.Cases),
        ("normseq", NormAndSequenceOpsCases.Cases),
        ("dtypes", DTypeOpsCases.Cases),
        ("losses", LossOpsCases.Cases),
    ];

    public static int Run(string[] args)
    {
        var torch = new Dictionary<string, double>(StringComparer.Ordinal);
        var filters = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--torch" && i + 1 < args.Length)
            {
                foreach (string line in File.ReadAllLines(args[++i]))
                {
                    string[] f = line.Split('\t');
                    if (f.Length >= 2 && double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double us)) torch[f[0]] = us;
                }
            }
            else
            {
                filters.Add(args[i]);
            }
        }
        var groups = s_groups.Where(g => filters.Count == 0 || filters.Contains(g.Group)).ToList();
        if (groups.Count == 0) groups = [.. s_groups];
        var names = filters.Where(f => !s_groups.Any(g => g.Group == f)).ToList();
        Console.WriteLine(torch.Count > 0 ? "op\tus\tMelem/s\ttorch us\tratio" : "op\tus\tMelem/s");
        foreach (var (group, cases) in groups)
            foreach (var (name, run, elements) in cases())
            {
                string full = $"{group}/{name}";
                if (names.Count > 0 && !names.Any(n => full.Contains(n, StringComparison.OrdinalIgnoreCase))) continue;
                double us = Time(run);
                string line = string.Create(CultureInfo.InvariantCulture, $"{full}\t{us:F1}\t{elements / us:F1}");
                if (torch.TryGetValue(full, out double t)) line += string.Create(CultureInfo.InvariantCulture, $"\t{t:F1}\t{us / t:F2}");
                Console.WriteLine(line);
            }
        return 0;
    }

    private static double Time(Action run)
    {
        // tiered JIT and the GC heap settle: at least 200 ms and 60 calls, so that a method called once per call has
        // passed the 30-call threshold and its tier-1 code (installed by a background thread) is what gets timed
        var warm = Stopwatch.StartNew();
        int warmCalls = 0;
        do { run(); warmCalls++; } while (warm.Elapsed.TotalMilliseconds < 200 || warmCalls < 60);
        // the best of short rounds (≥ 1 call and ≥ 2 ms each, ≥ 250 ms and ≥ 5 rounds in all): on a shared machine a
        // short round can fall in a quiet slice, as PyTorch's reductions/shape/indexing scripts' best single calls do
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (int round = 0; round < 5 || total.Elapsed.TotalMilliseconds < 250; round++)
        {
            int calls = 0;
            var sw = Stopwatch.StartNew();
            do { run(); calls++; } while (sw.Elapsed.TotalMilliseconds < 2);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / calls);
        }
        return best;
    }
}
