using System.Diagnostics;
using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Linalg timings: Inv, Solve (one right-hand side matrix of the same size), Cholesky, Svd (reduced) and Eigh on 64×64 and
/// 256×256 matrices, Float32 and Float64, printed as "name&lt;TAB&gt;ms/call"; PyTorch's counterpart is
/// benchmarks/ops_reference_linalg.py (same names, same format).
/// </summary>
public static class LinalgThroughput
{
    /// <summary>The cases: name, one call, and the element count of the input.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
            foreach (int n in new[] { 64, 256 })
            {
                var g = new Generator(42);
                Tensor a = Tensor.Randn([n, n], dtype, g) + Tensor.Eye(n, n, dtype) * n;
                Tensor b = Tensor.Randn([n, n], dtype, g);
                Tensor spd = a.MatMul(a.T);
                string t = dtype == DType.Float32 ? "f32" : "f64";
                yield return ($"inv_{n}_{t}", () => Linalg.Inv(a), n * n);
                yield return ($"solve_{n}_{t}", () => Linalg.Solve(a, b), n * n);
                yield return ($"cholesky_{n}_{t}", () => Linalg.Cholesky(spd), n * n);
                yield return ($"svd_{n}_{t}", () => Linalg.Svd(a, fullMatrices: false), n * n);
                yield return ($"eigh_{n}_{t}", () => Linalg.Eigh(spd), n * n);
            }
    }

    /// <summary>Runs every case (or those whose name contains one of <paramref name="filters"/>) for about 0.3 s each and prints the best ms/call.</summary>
    public static void Run(string[] filters)
    {
        foreach (var (name, run, _) in Cases())
        {
            if (filters.Length > 0 && !filters.Any(f => name.Contains(f, StringComparison.Ordinal))) continue;
            run(); // warm up
            double best = double.MaxValue;
            var total = Stopwatch.StartNew();
            int calls = 0;
            while (total.Elapsed.TotalSeconds < 0.3 || calls < 3)
            {
                var sw = Stopwatch.StartNew();
                run();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
                calls++;
            }
            Console.WriteLine($"{name}\t{best:F3} ms");
        }
    }
}
