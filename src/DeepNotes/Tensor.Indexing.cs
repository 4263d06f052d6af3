using DeepNotes.Ops.Indexing;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// Values along <paramref name="dim"/> picked by an Int32 <paramref name="index"/> of the same rank, like
    /// <c>torch.gather</c>: <c>out[i][j] = this[index[i][j]][j]</c> for dim 0. Shapes: index ≤ this in every dimension
    /// but <paramref name="dim"/>; the result has the index's shape. Backward: g scatter-added back (repeats accumulate).
    /// </summary>
    /// <exception cref="ArgumentException">The index is not Int32, has another rank, or is too large in a dimension.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index value is outside [0, size(dim)); the message names it, the dimension and the size.</exception>
    public Tensor Gather(int dim, Tensor index) => Ops.Indexing.Gather.Forward(this, dim, index);

    /// <summary>
    /// A copy with <c>src</c> written at the positions the index names along <paramref name="dim"/>, like
    /// <c>torch.scatter</c>: <c>out[index[i][j]][j] = src[i][j]</c> for dim 0. Shapes: index ≤ src in every dimension and
    /// ≤ this outside <paramref name="dim"/>; result shaped like this. Repeated positions: the last in row-major order wins.
    /// Backward: this gets g with the written positions zeroed; src gets <c>g.Gather(dim, index)</c> (zeros beyond the index).
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor Scatter(int dim, Tensor index, Tensor src) => Ops.Indexing.Scatter.Assign(this, dim, index, src);

    /// <summary>A copy with <paramref name="value"/> written at the positions the index names along <paramref name="dim"/> (<c>torch.scatter</c> with a scalar).</summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor Scatter(int dim, Tensor index, double value) => Ops.Indexing.Scatter.AssignValue(this, dim, index, value);

    /// <summary>
    /// A copy with <c>src</c> added at the positions the index names along <paramref name="dim"/>, like
    /// <c>torch.scatter_add</c>; repeats accumulate in row-major order of the index (fixed, thread-independent).
    /// Shapes as <see cref="Scatter(int, Tensor, Tensor)"/>. Backward: this gets g; src gets <c>g.Gather(dim, index)</c>.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src) => Ops.Indexing.Scatter.Add(this, dim, index, src);

    /// <summary>
    /// A copy where the src values landing on each position are reduced with <paramref name="reduce"/>, including this
    /// tensor's value when <paramref name="includeSelf"/>, like <c>torch.scatter_reduce</c>; positions no index names keep
    /// their value. Shapes as <see cref="Scatter(int, Tensor, Tensor)"/>. Backward as PyTorch 1.13 (see docs/tensor-and-autograd.md).
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor ScatterReduce(int dim, Tensor index, Tensor src, ScatterReduction reduce, bool includeSelf = true) =>
        Ops.Indexing.ScatterReduce.Forward(this, dim, index, src, reduce, includeSelf);

    /// <summary>
    /// A copy with <c>alpha · source</c> added to the slices of <paramref name="dim"/> named by the 1-D Int32 index, like
    /// <c>torch.index_add</c>: source has this shape with <c>len(index)</c> at dim. Repeats accumulate in index order.
    /// Backward: this gets g; source gets <c>alpha · g.IndexSelect(dim, index)</c>.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor IndexAdd(int dim, Tensor index, Tensor source, double alpha = 1) => IndexUpdate.Add(this, dim, index, source, alpha);

    /// <summary>
    /// A copy with the slices of <paramref name="dim"/> named by the 1-D Int32 index replaced by those of source, like
    /// <c>torch.index_copy</c> (the last repeat wins). Backward: this gets g with those slices zeroed; source gets
    /// <c>g.IndexSelect(dim, index)</c>.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor IndexCopy(int dim, Tensor index, Tensor source) => IndexUpdate.Copy(this, dim, index, source);

    /// <summary>A copy with the slices of <paramref name="dim"/> named by the 1-D Int32 index (negative allowed) set to <paramref name="value"/>, like <c>torch.index_fill</c>. Backward: g with those slices zeroed.</summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor IndexFill(int dim, Tensor index, double value) => IndexUpdate.Fill(this, dim, index, value);

    /// <summary>As <see cref="IndexFill(int, Tensor, double)"/> with a 0-dim value tensor, which gets the sum of g over the filled slices.</summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor IndexFill(int dim, Tensor index, Tensor value) => IndexUpdate.Fill(this, dim, index, value);

    /// <summary>
    /// A copy with <paramref name="value"/> where the Bool <paramref name="mask"/> is true, like <c>torch.masked_fill</c>;
    /// this and mask broadcast together. Backward: g where the mask is false (summed over broadcast dimensions).
    /// </summary>
    /// <exception cref="ArgumentException">The mask is not Bool or does not broadcast.</exception>
    public Tensor MaskedFill(Tensor mask, double value) => Masked.Fill(this, mask, value);

    /// <summary>As <see cref="MaskedFill(Tensor, double)"/> with a 0-dim value tensor of the same dtype, which gets Σ g where the mask is true.</summary>
    /// <inheritdoc cref="MaskedFill(Tensor, double)" path="/exception"/>
    public Tensor MaskedFill(Tensor mask, Tensor value) => Masked.Fill(this, mask, value);

    /// <summary>
    /// A copy with consecutive elements of <paramref name="source"/> (row-major) written where the mask is true, like
    /// <c>torch.masked_scatter</c>; this and mask broadcast together; source needs at least as many elements as true
    /// entries. Backward: this gets g where the mask is false; source gets g at the true positions in order, zeros after.
    /// </summary>
    /// <inheritdoc cref="MaskedFill(Tensor, double)" path="/exception"/>
    public Tensor MaskedScatter(Tensor mask, Tensor source) => Masked.Scatter(this, mask, source);

    /// <summary>
    /// The elements where the Bool mask is true, row-major, as a 1-D tensor (this and mask broadcast together), like
    /// <c>torch.masked_select</c>. Backward: g written back at the selected positions.
    /// </summary>
    /// <inheritdoc cref="MaskedFill(Tensor, double)" path="/exception"/>
    public Tensor MaskedSelect(Tensor mask) => Masked.Select(this, mask);

    /// <summary>
    /// The elements at the Int32 <paramref name="index"/> into this tensor flattened row-major (negative counts from the
    /// end), like <c>torch.take</c>; shaped like the index. Backward: g added back at the taken positions.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor Take(Tensor index) => TakePut.Take(this, index);

    /// <summary>
    /// <c>torch.take_along_dim</c>: <see cref="Gather"/> after broadcasting this and <paramref name="indices"/> (same rank) in
    /// every dimension but <paramref name="dim"/>; without a dim both are flattened. Backward as Gather.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor TakeAlongDim(Tensor indices, int? dim = null) => Ops.Indexing.Gather.TakeAlongDim(this, indices, dim);

    /// <summary>
    /// A copy with <paramref name="source"/>'s elements written (or added, with <paramref name="accumulate"/>) at the Int32
    /// <paramref name="index"/> into this tensor flattened (negative counts from the end), like <c>torch.put</c>; index and
    /// source have the same element count. Backward: this gets g (accumulate) or g with the written positions zeroed;
    /// source gets <c>g.Take(index)</c>.
    /// </summary>
    /// <inheritdoc cref="Gather" path="/exception"/>
    public Tensor Put(Tensor index, Tensor source, bool accumulate = false) => TakePut.Put(this, index, source, accumulate);

    /// <summary>The coordinates of the non-zero elements in row-major order as an Int32 <c>[n, Rank]</c> tensor, like <c>torch.nonzero</c> (NaN counts as non-zero).</summary>
    public Tensor Nonzero() => Ops.Indexing.Nonzero.Forward(this);

    /// <summary><c>torch.nonzero(as_tuple=True)</c>: one Int32 <c>[n]</c> tensor of coordinates per dimension (a 0-dim tensor counts as 1-D).</summary>
    public Tensor[] NonzeroAsTuple() => Ops.Indexing.Nonzero.AsTuple(this);

    /// <summary>The same as <see cref="Nonzero"/>, like <c>torch.argwhere</c>: Int32 <c>[n, Rank]</c>.</summary>
    public Tensor Argwhere() => Ops.Indexing.Nonzero.Forward(this);

    /// <summary>The one-argument <c>torch.where(condition)</c>: the same as <c>condition.NonzeroAsTuple()</c>.</summary>
    public static Tensor[] Where(Tensor condition) => Ops.Indexing.Nonzero.AsTuple(condition);

    /// <summary>
    /// The bucket of each element of <paramref name="input"/> among the sorted 1-D <paramref name="boundaries"/>, like
    /// <c>torch.bucketize</c>: i with boundaries[i-1] &lt; x ≤ boundaries[i], or boundaries[i-1] ≤ x &lt; boundaries[i] when
    /// <paramref name="right"/>. Int32, shaped like the input; no gradient.
    /// </summary>
    /// <exception cref="ArgumentException">The boundaries are not 1-D, or a tensor is Bool.</exception>
    public static Tensor Bucketize(Tensor input, Tensor boundaries, bool right = false) => Ops.Indexing.Searchsorted.Bucketize(input, boundaries, right);

    /// <summary>
    /// Insertion points of <paramref name="values"/> into the innermost dimension of <paramref name="sortedSequence"/>, like
    /// <c>torch.searchsorted</c>: 1-D, or N-D with the values' leading dimensions. Left (default): the first index
    /// whose entry is ≥ the value; right (<paramref name="right"/> or <paramref name="side"/>): the first whose entry is &gt;.
    /// <paramref name="sorter"/>: Int32 indices that sort an unsorted sequence along its last dimension. Int32 result
    /// shaped like the values; no gradient.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched leading dimensions, conflicting right/side, a bad sorter, or Bool tensors.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sorter value is outside the last dimension.</exception>
    public static Tensor Searchsorted(Tensor sortedSequence, Tensor values, bool right = false, SearchSide? side = null, Tensor? sorter = null) =>
        Ops.Indexing.Searchsorted.Forward(sortedSequence, values, right, side, sorter);

    /// <summary>As <see cref="Searchsorted(Tensor, Tensor, bool, SearchSide?, Tensor?)"/> for one value: a 0-dim Int32 result.</summary>
    /// <inheritdoc cref="Searchsorted(Tensor, Tensor, bool, SearchSide?, Tensor?)" path="/exception"/>
    public static Tensor Searchsorted(Tensor sortedSequence, double value, bool right = false, SearchSide? side = null, Tensor? sorter = null) =>
        Ops.Indexing.Searchsorted.Forward(sortedSequence, Scalar(value, sortedSequence.DType.IsInteger() && value != Math.Floor(value) ? DType.Float64 : sortedSequence.DType), right, side, sorter);
}
