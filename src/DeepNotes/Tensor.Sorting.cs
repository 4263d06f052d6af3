using DeepNotes.Ops.Sorting;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// Sorts along <paramref name="dim"/> (same shape out), stably (equal values keep their order, also when
    /// descending); NaN sorts as the largest value, like <c>torch.sort(x, dim, descending, stable=True)</c>.
    /// Gradients of the values flow to the positions named by the Int32 indices.
    /// </summary>
    public ValuesAndIndices Sort(int dim = -1, bool descending = false) => Ops.Sorting.Sort.Forward(this, dim, descending);

    /// <summary>The Int32 indices that sort along <paramref name="dim"/> (stable), like <c>torch.argsort</c>.</summary>
    public Tensor ArgSort(int dim = -1, bool descending = false) => Ops.Sorting.Sort.ArgSort(this, dim, descending);

    /// <summary>The values sorted along the first dimension, like <c>torch.msort</c>.</summary>
    public Tensor Msort() => Ops.Sorting.Sort.Forward(this, 0, false).Values;

    /// <summary>
    /// The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices, like
    /// <c>torch.topk</c>: <c>[*, n, *] -> [*, k, *]</c>. The result is always sorted and ties come in input order
    /// (PyTorch leaves the order of ties unspecified); NaN counts as the largest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [0, size of dim].</exception>
    public ValuesAndIndices TopK(int k, int dim = -1, bool largest = true, bool sorted = true) => Ops.Sorting.Sort.TopK(this, k, dim, largest);

    /// <summary>The <paramref name="k"/>-th smallest element (1-based) along <paramref name="dim"/> and its index, like <c>torch.kthvalue</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [1, size of dim].</exception>
    public ValuesAndIndices KthValue(int k, int dim = -1, bool keepDim = false) => Ops.Sorting.Sort.KthValue(this, k, dim, keepDim);

    /// <summary>
    /// The distinct elements in ascending order (of the flattened tensor, or the distinct slices along
    /// <paramref name="dim"/>), with the inverse map and counts on request, like <c>torch.unique</c>. Each NaN is its
    /// own entry. The result is always sorted.
    /// </summary>
    public UniqueResult Unique(bool sorted = true, bool returnInverse = false, bool returnCounts = false, int? dim = null) =>
        Ops.Sorting.Unique.Forward(this, returnInverse, returnCounts, dim, consecutive: false);

    /// <summary>Collapses runs of equal consecutive elements (or slices along <paramref name="dim"/>), like <c>torch.unique_consecutive</c>.</summary>
    public UniqueResult UniqueConsecutive(bool returnInverse = false, bool returnCounts = false, int? dim = null) =>
        Ops.Sorting.Unique.Forward(this, returnInverse, returnCounts, dim, consecutive: true);

    /// <summary>
    /// Histogram of <paramref name="bins"/> equal-width bins over [<paramref name="min"/>, <paramref name="max"/>]
    /// (the data's range when they are equal; elements outside are ignored, <paramref name="max"/> falls in the last
    /// bin), like <c>torch.histc</c>. Floating point, 1-D result of the input's dtype.
    /// </summary>
    public Tensor Histc(int bins = 100, double min = 0, double max = 0) => Histogram.Histc(this, bins, min, max);

    /// <summary>
    /// Occurrences of each value of a 1-D non-negative Int32 tensor (or the sums of <paramref name="weights"/> per
    /// value), of length max(max + 1, <paramref name="minLength"/>), like <c>torch.bincount</c>.
    /// </summary>
    public Tensor Bincount(Tensor? weights = null, int minLength = 0) => Histogram.Bincount(this, weights, minLength);
}
