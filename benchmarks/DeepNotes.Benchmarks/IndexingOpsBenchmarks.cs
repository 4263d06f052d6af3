using System.Diagnostics;
using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Throughput of the indexing and scatter ops at 1M elements (float32), in the format of
/// benchmarks/ops_reference_indexing.py, which times the same shapes in PyTorch.
/// </summary>
public static class IndexingOpsBenchmarks
{
    private const int Rows = 1000, Cols = 1000;

    /// <summary>The cases: name, one run of the op, and the elements it produces or processes.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        var g = new Generator(1);
        Tensor x = Tensor.Randn([Rows, Cols], DType.Float32, g);
        Tensor src = Tensor.Randn([Rows, Cols], DType.Float32, g);
        Tensor index = Tensor.RandInt(0, Cols, [Rows, Cols], g);
        Tensor rowIndex = Tensor.RandInt(0, Rows, [Rows], g);
        Tensor mask = x.Greater(0);
        Tensor rowMask = Tensor.Randn([Rows], DType.Float32, g).Greater(0);
        Tensor flatIndex = Tensor.RandInt(0, Rows * Cols, [Rows * Cols], g);
        Tensor boundaries = Tensor.Arange(-3, 3, 0.006);
        Tensor values = x.Reshape(-1);
        long n = (long)Rows * Cols;
        yield return ("gather", () => x.Gather(1, index), n);
        yield return ("scatter", () => x.Scatter(1, index, src), n);
        yield return ("scatter_add", () => x.ScatterAdd(1, index, src), n);
        yield return ("scatter_reduce_amax", () => x.ScatterReduce(1, index, src, ScatterReduction.Amax), n);
        yield return ("index_add", () => x.IndexAdd(0, rowIndex, src), n);
        yield return ("masked_fill", () => x.MaskedFill(mask, 0.5), n);
        yield return ("masked_select", () => x.MaskedSelect(mask), n);
        yield return ("take", () => x.Take(flatIndex), n);
        yield return ("nonzero", () => mask.Nonzero(), n);
        yield return ("searchsorted", () => Tensor.Searchsorted(boundaries, values), n);
        yield return ("x[row_mask]", () => _ = x[rowMask], n / 2);
    }

}
