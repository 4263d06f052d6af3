using BenchmarkDotNet.Attributes;

namespace DeepNotes.Benchmarks;

/// <summary>BenchmarkDotNet view of the float GEMM: square sizes and the deep-learning shapes, 1 and all threads.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;

    /// <summary>Problem as "m×n×k".</summary>
    [Params("256×256×256", "512×512×512", "1024×1024×1024", "128×512×784", "128×784×512", "64×784×288")]
    public string Shape { get; set; } = "";

    /// <summary>Thread count (0 = all cores).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] mnk = Shape.Split('×').Select(int.Parse).ToArray();
        (_m, _n, _k) = (mnk[0], mnk[1], mnk[2]);
        var rng = new Random(0);
        _a = Enumerable.Range(0, _m * _k).Select(_ => (float)rng.NextDouble()).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => (float)rng.NextDouble()).ToArray();
        _c = new float[_m * _n];
        Parallelism.ThreadCount = Threads == 0 ? Environment.ProcessorCount : Threads;
    }

    /// <summary>C = A·B.</summary>
    [Benchmark]
    public void Gemm() => DeepNotes.Kernels.Gemm.Multiply<float>(false, false, _m, _n, _k, 1f, _a, _k, _b, _n, 0f, _c, _n);

    /// <summary>C = A·Bᵀ (a Dense forward with W stored [out, in]).</summary>
    [Benchmark]
    public void GemmTransB() => DeepNotes.Kernels.Gemm.Multiply<float>(false, true, _m, _n, _k, 1f, _a, _k, _b, _k, 0f, _c, _n);
}
