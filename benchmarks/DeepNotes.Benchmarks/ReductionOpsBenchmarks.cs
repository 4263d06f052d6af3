using System.Diagnostics;
using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Throughput of the reduction and sorting ops of issue 13 at 1M elements (Float32), in the format of
/// benchmarks/ops_reference_reductions.py ("name&lt;TAB&gt;ms&lt;TAB&gt;M elements/s"), so the two can be compared line by line.
/// </summary>
public static class ReductionOpsBenchmarks
{
    /// <summary>The cases: name, the work, and the number of input elements it processes.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(1);
        Tensor m = Tensor.Randn([1000, 1000], DType.Float32, g);
        Tensor v = Tensor.Randn([1_000_000], DType.Float32, g);
        Tensor pos = Tensor.Rand([1000, 1000], DType.Float32, g) + 0.5;
        Tensor ints = Tensor.RandInt(0, 1000, [1_000_000], g);
        Tensor small = Tensor.RandInt(0, 100, [1_000_000], g).To(DType.Float32);
        const long n = 1_000_000;
        yield return ("sort_rows_1000x1000", () => m.Sort(-1), n);
        yield return ("sort_1M", () => v.Sort(), n);
        yield return ("sort_dim0_1000x1000", () => m.Sort(0), n);
        yield return ("argsort_rows", () => m.ArgSort(-1, descending: true), n);
        yield return ("topk10_rows", () => m.TopK(10, -1), n);
        yield return ("kthvalue_rows", () => m.KthValue(500, -1), n);
        yield return ("median_rows", () => m.Median(-1), n);
        yield return ("quantile_rows", () => m.Quantile(0.3, -1), n);
        yield return ("mode_rows", () => small.Reshape(1000, 1000).Mode(-1), n);
        yield return ("unique_1M", () => ints.Unique(returnCounts: true), n);
        yield return ("cumsum_rows", () => m.Cumsum(-1), n);
        yield return ("cumsum_dim0", () => m.Cumsum(0), n);
        yield return ("cumprod_rows", () => pos.Cumprod(-1), n);
        yield return ("cummax_rows", () => m.Cummax(-1), n);
        yield return ("logcumsumexp_rows", () => m.Logcumsumexp(-1), n);
        yield return ("prod_rows", () => pos.Prod(-1), n);
        yield return ("norm2_all", () => m.Norm(), n);
        yield return ("norm2_rows", () => m.Norm(2, -1), n);
        yield return ("norm3_rows", () => m.Norm(3, -1), n);
        yield return ("amax_rows", () => m.Amax(-1), n);
        yield return ("max_indices_rows", () => m.MaxWithIndices(-1), n);
        yield return ("nansum_all", () => m.Nansum(), n);
        yield return ("count_nonzero", () => m.CountNonzero(), n);
        yield return ("all_rows", () => pos.All(-1), n);
        yield return ("histc_1M", () => v.Histc(100, -3, 3), n);
        yield return ("bincount_1M", () => ints.Bincount(), n);
    }

}
