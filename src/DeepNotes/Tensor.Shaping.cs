using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Reverses the order of entries along <paramref name="dims"/> (a copy), like <c>torch.flip</c>; shape unchanged.</summary>
    /// <remarks>Backward: the gradient flipped along the same dimensions.</remarks>
    public Tensor Flip(params int[] dims) => Ops.Flip.Forward(this, dims);

    /// <summary>Flips dimension 1 (left/right) of a tensor of rank ≥ 2, like <c>torch.fliplr</c>.</summary>
    public Tensor Fliplr() => Ops.Flip.Fliplr(this);

    /// <summary>Flips dimension 0 (up/down) of a tensor of rank ≥ 1, like <c>torch.flipud</c>.</summary>
    public Tensor Flipud() => Ops.Flip.Flipud(this);

    /// <summary>Rolls the entries along <paramref name="dim"/> by <paramref name="shift"/> with wrap-around (entry i moves to (i + shift) mod n), or the flattened tensor when <paramref name="dim"/> is null, like <c>torch.roll</c>.</summary>
    public Tensor Roll(int shift, int? dim = null) => Ops.Roll.Forward(this, [shift], dim is int d ? [d] : []);

    /// <summary>Rolls along several dimensions at once (<paramref name="shifts"/>[i] along <paramref name="dims"/>[i]), like <c>torch.roll</c>.</summary>
    /// <remarks>Backward: the gradient rolled by the negated shifts.</remarks>
    public Tensor Roll(int[] shifts, int[] dims) => Ops.Roll.Forward(this, shifts, dims);

    /// <summary>Rotates by 90° <paramref name="k"/> times in the plane of <paramref name="dims"/> (default [0, 1]), from the first towards the second, like <c>torch.rot90</c>: <c>[m, n] → [n, m]</c> for odd k.</summary>
    public Tensor Rot90(int k = 1, int[]? dims = null) => Ops.Flip.Rot90(this, k, dims ?? [0, 1]);

    /// <summary>
    /// Tiles the tensor <paramref name="repeats"/>[i] times along each dimension, like <c>torch.Tensor.repeat</c>; more
    /// repeats than dimensions add leading dimensions: <c>[a, b].Repeat(r0, r1, r2) → [r0, r1·a, r2·b]</c>.
    /// </summary>
    /// <remarks>Backward: the gradient summed over the tiles.</remarks>
    /// <exception cref="ArgumentException">Fewer repeats than dimensions, or a negative repeat.</exception>
    public Tensor Repeat(params int[] repeats) => Ops.Repeat.Forward(this, repeats);

    /// <summary>Like <see cref="Repeat"/>, but fewer repetitions than dimensions are padded with leading ones, like <c>torch.tile</c>.</summary>
    public Tensor Tile(params int[] reps) => Ops.Repeat.Tile(this, reps);

    /// <summary>Repeats each entry of <paramref name="dim"/> (of the flattened tensor when null) <paramref name="repeats"/> times in place, like <c>torch.repeat_interleave</c>: <c>[1, 2] → [1, 1, 2, 2]</c>.</summary>
    public Tensor RepeatInterleave(int repeats, int? dim = null) => Ops.Repeat.Interleave(this, repeats, dim);

    /// <summary>Repeats entry i of <paramref name="dim"/> (of the flattened tensor when null) <paramref name="repeats"/>[i] times; <paramref name="repeats"/> is Int32, 0-D/one element (broadcast) or as long as the dimension.</summary>
    public Tensor RepeatInterleave(Tensor repeats, int? dim = null) => Ops.Repeat.Interleave(this, repeats, dim);

    /// <summary><c>torch.repeat_interleave(repeats)</c>: index i repeated <paramref name="repeats"/>[i] times, as an Int32 1-D tensor.</summary>
    public static Tensor RepeatInterleave(Tensor repeats) => Ops.Repeat.Interleave(repeats);

    /// <summary>Cuts <paramref name="dim"/> into views of <paramref name="splitSize"/> entries (the last may be smaller), like <c>torch.split</c>.</summary>
    public Tensor[] Split(int splitSize, int dim = 0) => Ops.Split.BySize(this, splitSize, dim);

    /// <summary>Cuts <paramref name="dim"/> into views of the given <paramref name="sizes"/>, which must sum to its size, like <c>torch.split</c> with a list.</summary>
    public Tensor[] Split(int[] sizes, int dim = 0) => Ops.Split.BySizes(this, sizes, dim);

    /// <summary>Cuts <paramref name="dim"/> into at most <paramref name="chunks"/> views of ⌈n / chunks⌉ entries (fewer when they run out), like <c>torch.chunk</c>.</summary>
    public Tensor[] Chunk(int chunks, int dim = 0) => Ops.Split.Chunk(this, chunks, dim);

    /// <summary>Cuts <paramref name="dim"/> into exactly <paramref name="sections"/> views, the first n mod sections one entry longer, like <c>torch.tensor_split</c>.</summary>
    public Tensor[] TensorSplit(int sections, int dim = 0) => Ops.Split.TensorSplitSections(this, sections, dim);

    /// <summary>Cuts <paramref name="dim"/> before each of <paramref name="indices"/> (Python slice bounds), giving indices.Length + 1 views, like <c>torch.tensor_split</c>.</summary>
    public Tensor[] TensorSplit(int[] indices, int dim = 0) => Ops.Split.TensorSplitIndices(this, indices, dim);

    /// <summary>All slices along <paramref name="dim"/>, which disappears, like <c>torch.unbind</c> (views).</summary>
    public Tensor[] Unbind(int dim = 0) => Ops.Split.Unbind(this, dim);

    /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/> (one may be −1), like <c>torch.unflatten</c>: <c>[a, 6, b].Unflatten(1, [2, 3]) → [a, 2, 3, b]</c>.</summary>
    public Tensor Unflatten(int dim, int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (Rank == 0) throw new ArgumentException("Unflatten: a 0-dim tensor has no dimension to unflatten.");
        int d = Ops.Permute.Axis("Unflatten", dim, Rank);
        if (sizes.Length == 0) throw new ArgumentException("Unflatten: sizes must be non-empty.");
        Shape resolved;
        try { resolved = Ops.Reshape.Resolve(new Shape(Shape.Dims[d]), sizes); }
        catch (ArgumentException)
        {
            throw new ArgumentException($"Unflatten: sizes [{string.Join(", ", sizes)}] don't multiply up to the size of dim {d} ({Shape.Dims[d]}) of shape {Shape}.");
        }
        var dims = Shape.ToArray().Take(d).Concat(resolved.ToArray()).Concat(Shape.ToArray().Skip(d + 1)).ToArray();
        return Reshape(dims);
    }

    /// <summary>Moves dimensions <paramref name="source"/> to positions <paramref name="destination"/>, the others keeping their order, like <c>torch.movedim</c> (a view).</summary>
    public Tensor Movedim(int[] source, int[] destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Length != destination.Length)
            throw new ArgumentException($"Movedim: source and destination must have the same number of dimensions, got [{string.Join(", ", source)}] and [{string.Join(", ", destination)}].");
        var perm = Enumerable.Repeat(-1, Rank).ToArray();
        var used = new bool[Rank];
        for (int i = 0; i < source.Length; i++)
        {
            int s = Ops.Permute.Axis("Movedim", source[i], Rank), t = Ops.Permute.Axis("Movedim", destination[i], Rank);
            if (used[s]) throw new ArgumentException($"Movedim: repeated dim in source [{string.Join(", ", source)}].");
            if (perm[t] >= 0) throw new ArgumentException($"Movedim: repeated dim in destination [{string.Join(", ", destination)}].");
            used[s] = true;
            perm[t] = s;
        }
        int next = 0;
        for (int t = 0; t < Rank; t++)
        {
            if (perm[t] >= 0) continue;
            while (used[next]) next++;
            perm[t] = next++;
        }
        return Permute(perm);
    }

    /// <summary>Moves dimension <paramref name="source"/> to position <paramref name="destination"/>, like <c>torch.movedim</c> (a view).</summary>
    public Tensor Movedim(int source, int destination) => Movedim([source], [destination]);

    /// <summary>Alias of <see cref="Movedim(int[], int[])"/>, like <c>torch.moveaxis</c>.</summary>
    public Tensor Moveaxis(int[] source, int[] destination) => Movedim(source, destination);

    /// <summary>Alias of <see cref="Movedim(int, int)"/>, like <c>torch.moveaxis</c>.</summary>
    public Tensor Moveaxis(int source, int destination) => Movedim(source, destination);

    /// <summary>Alias of <see cref="Transpose"/>, like <c>torch.swapaxes</c> (a view).</summary>
    public Tensor Swapaxes(int axis0, int axis1) => Transpose(axis0, axis1);

    /// <summary>Alias of <see cref="Transpose"/>, like <c>torch.swapdims</c> (a view).</summary>
    public Tensor Swapdims(int dim0, int dim1) => Transpose(dim0, dim1);

    /// <summary>
    /// A view of the diagonal of dimensions <paramref name="dim1"/> and <paramref name="dim2"/> (above it for a positive
    /// <paramref name="offset"/>, below for a negative one), like <c>torch.diagonal</c>: both dimensions removed and the
    /// diagonal appended last, <c>[a, n, m] (dims 1, 2) → [a, len]</c>.
    /// </summary>
    /// <remarks>Backward: zeros with the gradient written on the same diagonal.</remarks>
    public Tensor Diagonal(int offset = 0, int dim1 = 0, int dim2 = 1) => Ops.Diagonal.Forward(this, offset, dim1, dim2);

    /// <summary>A 1-D tensor <c>[n]</c> to a square matrix <c>[n + |offset|, n + |offset|]</c> with it on diagonal <paramref name="offset"/>, or a matrix's diagonal as a new 1-D tensor, like <c>torch.diag</c>.</summary>
    public Tensor Diag(int offset = 0) => Ops.Diagonal.Diag(this, offset);

    /// <summary>
    /// The last dimension <c>[*, n]</c> placed on diagonal <paramref name="offset"/> of two new dimensions
    /// <paramref name="dim1"/>, <paramref name="dim2"/> of size n + |offset| (zeros elsewhere), like <c>torch.diag_embed</c>.
    /// </summary>
    /// <remarks>Backward: the diagonal of the gradient.</remarks>
    public Tensor DiagEmbed(int offset = 0, int dim1 = -2, int dim2 = -1) => Ops.Diagonal.Embed(this, offset, dim1, dim2);

    /// <summary>The lower triangle of the last two dimensions (entries with j − i ≤ <paramref name="diagonal"/>; the rest zero), batched, like <c>torch.tril</c>.</summary>
    /// <remarks>Backward: the same triangle of the gradient.</remarks>
    public Tensor Tril(int diagonal = 0) => Triangular.Tril(this, diagonal);

    /// <summary>The upper triangle of the last two dimensions (entries with j − i ≥ <paramref name="diagonal"/>; the rest zero), batched, like <c>torch.triu</c>.</summary>
    /// <remarks>Backward: the same triangle of the gradient.</remarks>
    public Tensor Triu(int diagonal = 0) => Triangular.Triu(this, diagonal);

    /// <summary>The sum of the main diagonal of a 2-D tensor, like <c>torch.trace</c> (0-dim).</summary>
    public Tensor Trace() => Ops.Diagonal.Trace(this);

    /// <summary>The outer product of two 1-D tensors, <c>[n] ⊗ [m] → [n, m]</c>, like <c>torch.outer</c>.</summary>
    public Tensor Outer(Tensor other) => Products.Outer(this, other);

    /// <summary>The Kronecker product, like <c>torch.kron</c>: ranks padded with leading ones, <c>[a0, a1] ⊗ [b0, b1] → [a0·b0, a1·b1]</c>.</summary>
    public Tensor Kron(Tensor other) => Products.Kron(this, other);

    /// <summary>The cross product of 3-vectors along <paramref name="dim"/> (size 3 in both), broadcasting the other dimensions, like <c>torch.linalg.cross</c> (torch.cross's deprecated default of the first size-3 dimension is not copied).</summary>
    public Tensor Cross(Tensor other, int dim = -1) => Products.Cross(this, other, dim);

    /// <summary>A stride-0 view broadcasting this tensor to <paramref name="shape"/>, like <c>torch.broadcast_to</c>.</summary>
    /// <remarks>Backward: the gradient summed over the broadcast dimensions.</remarks>
    public Tensor BroadcastTo(params int[] shape) => Grids.BroadcastTo(this, shape);

    /// <summary>
    /// Coordinate grids from 0-D/1-D tensors of lengths n0, n1, …, like <c>torch.meshgrid</c>: each result has shape
    /// [n0, n1, …] ("ij") or [n1, n0, …] ("xy", Cartesian), the i-th varying along its own dimension (broadcast views).
    /// </summary>
    public static Tensor[] Meshgrid(IReadOnlyList<Tensor> tensors, string indexing = "ij") => Grids.Meshgrid(tensors, indexing);

    /// <summary>The Cartesian product of 1-D tensors as rows, <c>[n0], [n1], … → [n0·n1·…, count]</c>, like <c>torch.cartesian_prod</c>.</summary>
    public static Tensor CartesianProd(IReadOnlyList<Tensor> tensors) => Grids.CartesianProd(tensors);

    /// <summary>
    /// Einstein summation, like <c>torch.einsum</c>: <c>Einsum("bij,bjk->bik", a, b)</c>. Letters name dimensions, a
    /// repeated letter in one operand takes its diagonal, letters missing from the output are summed, <c>...</c> stands for
    /// broadcast dimensions; without <c>-&gt;</c> the output is the ellipsis then the letters used once, alphabetically.
    /// Pairs of operands are contracted with the batched matrix product.
    /// </summary>
    /// <exception cref="ArgumentException">Subscripts that do not match the operands' ranks, mismatched sizes, or a malformed equation.</exception>
    public static Tensor Einsum(string equation, params Tensor[] operands) => Ops.Einsum.Forward(equation, operands);

    /// <summary>Alias of <see cref="Concat"/>, like <c>torch.cat</c> (dtypes promote: Bool &lt; Int32 &lt; Float32 &lt; Float64).</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => Ops.Concat.Forward(tensors, dim);

    /// <summary>Joins horizontally, like <c>torch.hstack</c>: along dimension 0 for 1-D inputs, else dimension 1 (0-D inputs become [1]).</summary>
    public static Tensor Hstack(IReadOnlyList<Tensor> tensors) => Stacking.Hstack(tensors);

    /// <summary>Joins vertically along dimension 0 after raising inputs to 2-D (<c>[n] → [1, n]</c>), like <c>torch.vstack</c>.</summary>
    public static Tensor Vstack(IReadOnlyList<Tensor> tensors) => Stacking.Vstack(tensors);

    /// <summary>Alias of <see cref="Vstack"/>, like <c>torch.row_stack</c>.</summary>
    public static Tensor RowStack(IReadOnlyList<Tensor> tensors) => Stacking.Vstack(tensors);

    /// <summary>Joins depth-wise along dimension 2 after raising inputs to 3-D (<c>[n] → [1, n, 1]</c>, <c>[m, n] → [m, n, 1]</c>), like <c>torch.dstack</c>.</summary>
    public static Tensor Dstack(IReadOnlyList<Tensor> tensors) => Stacking.Dstack(tensors);

    /// <summary>Joins as columns along dimension 1, 0-D/1-D inputs becoming <c>[n, 1]</c>, like <c>torch.column_stack</c>.</summary>
    public static Tensor ColumnStack(IReadOnlyList<Tensor> tensors) => Stacking.ColumnStack(tensors);

    /// <summary>Like <see cref="Narrow(int, int, int)"/> with the start given as a 0-dim Int32 or Int64 tensor.</summary>
    /// <exception cref="ArgumentException"><paramref name="start"/> is not a 0-dim Int32 or Int64 tensor.</exception>
    public Tensor Narrow(int dim, Tensor start, int length)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Rank != 0 || !start.DType.IsInteger())
            throw new ArgumentException($"Narrow: start must be a 0-dim Int32 or Int64 tensor, got shape {start.Shape} {start.DType}.");
        return Narrow(dim, Ops.Indexing.IndexChecks.AsInt32Index("Narrow", start, "start").Item<int>(), length);
    }

    /// <summary>
    /// The same storage seen with a new shape (one dimension may be −1), like <c>torch.Tensor.view</c>: never a copy.
    /// Valid on contiguous tensors and wherever the new dimensions split or merge old ones without crossing a stride gap.
    /// </summary>
    /// <remarks>Backward: the gradient reshaped back.</remarks>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    /// <exception cref="InvalidOperationException">The layout cannot be viewed with this shape; use <see cref="Reshape"/>.</exception>
    public Tensor View(params int[] shape) => ViewShape.Forward(this, shape);
}
