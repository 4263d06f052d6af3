using System.Diagnostics;
using System.Globalization;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>ops</c> verb: each op group's cases timed (best of several ~50 ms rounds), one line per case,
/// "name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s", the format of benchmarks/ops_reference_*.py. Arguments filter case names.
/// </summary>
public static class OpsThroughput
{
    public static int Run(string[] args)
    {
        var groups = new List<(string Group, IEnumerable<(string Name, Action Run, long Elements)> Cases)>
        {
            ("elementwise", ElementwiseOpsCases.Cases()),
        };
        foreach (var (group, cases) in groups)
            foreach (var (name, run, elements) in cases)
            {
                if (args.Length > 0 && !args.Any(a => name.Contains(a, StringComparison.OrdinalIgnoreCase))) continue;
                double us = Time(run);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group}/{name}\t{us:F1}\t{elements / us:F1}"));
            }
        return 0;
    }

    private static double Time(Action run)
    {
        run();
        run();
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            int calls = 0;
            var sw = Stopwatch.StartNew();
            do { run(); calls++; } while (sw.Elapsed.TotalMilliseconds < 50);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / calls);
        }
        return best;
    }
}
