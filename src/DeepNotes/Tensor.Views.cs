using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape; one dimension may be −1. A view when contiguous, else a copy.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(params int[] shape) => Ops.Reshape.Forward(this, shape);

    /// <summary>All dimensions from <paramref name="startDim"/> to <paramref name="endDim"/> merged into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = Ops.Permute.Axis("Flatten", startDim, Rank), e = Ops.Permute.Axis("Flatten", endDim, Rank);
        if (s > e) throw new ArgumentException($"Flatten: startDim ({startDim}) must not come after endDim ({endDim}).");
        var dims = new List<int>();
        for (int d = 0; d < s; d++) dims.Add(Shape.Dims[d]);
        int merged = 1;
        for (int d = s; d <= e; d++) merged *= Shape.Dims[d];
        dims.Add(merged);
        for (int d = e + 1; d < Rank; d++) dims.Add(Shape.Dims[d]);
        return Reshape(dims.ToArray());
    }

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped.</summary>
    public Tensor Transpose(int dim0, int dim1) => Ops.Permute.Transpose(this, dim0, dim1);

    /// <summary>A view with the dimensions reordered: output dimension i is input dimension <c>dims[i]</c>.</summary>
    public Tensor Permute(params int[] dims) => Ops.Permute.Forward(this, dims);

    /// <summary>The transpose of a 2-D tensor (a view), like <c>tensor.T</c>.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not 2-D.</exception>
    public Tensor T => Rank == 2 ? Transpose(0, 1)
        : throw new InvalidOperationException($"T expects a 2-D tensor, got shape {Shape}; use Transpose or Permute.");

    /// <summary>A view of <paramref name="length"/> entries of dimension <paramref name="dim"/> from <paramref name="start"/>.</summary>
    public Tensor Narrow(int dim, int start, int length) => Ops.Narrow.Forward(this, dim, start, length);

    /// <summary>A view of entries <c>start, start + step, ...</c> before <paramref name="end"/> of one dimension; negative bounds count from the end, like Python slices.</summary>
    public Tensor Slice(int dim, int start, int end, int step = 1) => Ops.Narrow.Slice(this, dim, start, end, step);

    /// <summary>A view of entry <paramref name="index"/> of dimension <paramref name="dim"/>, which disappears.</summary>
    public Tensor Select(int dim, int index) => Ops.Narrow.Select(this, dim, index);

    /// <summary>Indexes the leading dimensions (negative indices count from the end): <c>t[1, 2]</c> of a [4, 5, 6] tensor is a [6] view.</summary>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public Tensor this[params int[] indices]
    {
        get
        {
            if (indices.Length > Rank)
                throw new ArgumentException($"Too many indices ({indices.Length}) for a tensor of shape {Shape}.");
            for (int d = 0; d < indices.Length; d++)
            {
                int size = Shape.Dims[d];
                if (indices[d] < -size || indices[d] >= size)
                    throw new ArgumentOutOfRangeException(nameof(indices), indices[d],
                        $"Index {indices[d]} is out of range for dimension {d} of size {size} (tensor shape {Shape}).");
            }
            Tensor t = this;
            foreach (int i in indices) t = t.Select(0, i);
            return t;
        }
    }

    /// <summary>Gathers entries of dimension <paramref name="dim"/> at the Int32 <paramref name="indices"/> (a copy).</summary>
    public Tensor IndexSelect(int dim, Tensor indices) => Ops.IndexSelect.Forward(this, dim, indices);

    /// <summary>Removes every size-1 dimension, or only <paramref name="dim"/> when given and of size 1.</summary>
    public Tensor Squeeze(int? dim = null) => Ops.Squeeze.Forward(this, dim);

    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/> (in [-Rank-1, Rank]).</summary>
    public Tensor Unsqueeze(int dim) => Ops.Squeeze.Unsqueeze(this, dim);

    /// <summary>A stride-0 view broadcasting size-1 dimensions (and new leading ones) to <paramref name="shape"/>; −1 keeps a size.</summary>
    public Tensor Expand(params int[] shape) => Ops.Expand.Forward(this, shape);

    /// <summary>Joins tensors along existing dimension <paramref name="dim"/>; all other dimensions must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0) => Ops.Concat.Forward(tensors, dim);

    /// <summary>Joins equal-shaped tensors along a new dimension <paramref name="dim"/>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0) => Ops.Concat.Stack(tensors, dim);

    /// <summary>A tensor over this one's storage with the given layout (no copy, no autograd).</summary>
    internal Tensor View(Shape shape, int[] strides, int offset) => new(Storage, shape, strides, offset, DType);
}
