namespace DeepNotes.Benchmarks;

/// <summary>
/// The dtypes group of the <c>ops</c> verb (issue 13): Int64 arithmetic, reductions and sorting, Int64-indexed gather,
/// and Float16/BFloat16 conversions at 1M elements, one line per case "dtypes/name&lt;TAB&gt;µs/call&lt;TAB&gt;Melem/s",
/// the format of benchmarks/ops_reference_dtypes.py.
/// </summary>
public static class DTypeOpsCases
{
    private const int N = 1 << 20;

    /// <summary>The cases: name, one call, elements per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(11);
        Tensor a = Tensor.RandInt(-1000, 1000, [N], g).To(DType.Int64);
        Tensor b = Tensor.RandInt(1, 1000, [N], g).To(DType.Int64);
        Tensor x = Tensor.Randn([N], generator: g);
        Tensor idx = Tensor.RandInt(0, N, [N], g).To(DType.Int64);
        Tensor half = x.To(DType.Float16), bf16 = x.To(DType.BFloat16);
        yield return ("int64_add", () => _ = a + b, N);
        yield return ("int64_mul", () => _ = a * b, N);
        yield return ("int64_remainder", () => a.Remainder(b), N);
        yield return ("int64_sum", () => a.Sum(), N);
        yield return ("int64_max", () => a.Max(), N);
        yield return ("int64_sort", () => a.Sort(), N);
        yield return ("int64_to_float32", () => a.To(DType.Float32), N);
        yield return ("gather_int64_index", () => x.Gather(0, idx), N);
        yield return ("float32_to_float16", () => x.To(DType.Float16), N);
        yield return ("float16_to_float32", () => half.To(DType.Float32), N);
        yield return ("float32_to_bfloat16", () => x.To(DType.BFloat16), N);
        yield return ("bfloat16_to_float32", () => bf16.To(DType.Float32), N);
    }
}
