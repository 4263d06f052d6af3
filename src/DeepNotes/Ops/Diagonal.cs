namespace DeepNotes.Ops;

/// <summary>
/// Diagonals: <c>Diagonal</c> (a view: dimensions dim1 and dim2 removed, the diagonal appended last, stride the sum of
/// theirs), its adjoint <c>DiagonalScatter</c> (zeros with a tensor written on a diagonal, which is <c>DiagEmbed</c>),
/// <c>Diag</c> and <c>Trace</c>. Backward: Diagonal ↔ DiagonalScatter, each the other's gradient, so higher orders work.
/// </summary>
internal static class Diagonal
{
    public static Tensor Forward(Tensor x, int offset, int dim1, int dim2)
    {
        if (x.Rank < 2) throw new ArgumentException($"Diagonal expects a tensor of at least 2 dimensions, got shape {x.Shape}.");
        int d1 = Permute.Axis("Diagonal", dim1, x.Rank), d2 = Permute.Axis("Diagonal", dim2, x.Rank);
        if (d1 == d2) throw new ArgumentException($"Diagonal: dim1 and dim2 cannot be identical, got {dim1} and {dim2}.");
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(Raw(x, offset, d1, d2), "DiagonalBackward", [x], g => [Scatter(g, source, offset, d1, d2)]);
    }

    /// <summary>The diagonal view without autograd; <paramref name="d1"/> and <paramref name="d2"/> normalised and distinct.</summary>
    public static Tensor Raw(Tensor x, int offset, int d1, int d2)
    {
        int n1 = x.Shape.Dims[d1], n2 = x.Shape.Dims[d2];
        int length = offset >= 0 ? Math.Max(Math.Min(n1, n2 - offset), 0) : Math.Max(Math.Min(n1 + offset, n2), 0);
        int start = x.Offset;
        if (length > 0) start += offset >= 0 ? offset * x.StrideArray[d2] : -offset * x.StrideArray[d1];
        var dims = new List<int>();
        var strides = new List<int>();
        for (int d = 0; d < x.Rank; d++)
        {
            if (d == d1 || d == d2) continue;
            dims.Add(x.Shape.Dims[d]);
            strides.Add(x.StrideArray[d]);
        }
        dims.Add(length);
        strides.Add(x.StrideArray[d1] + x.StrideArray[d2]);
        return x.View(new Shape(dims.ToArray()), strides.ToArray(), start);
    }

    /// <summary>
    /// Zeros of <paramref name="shape"/> with <paramref name="src"/> written on the diagonal that
    /// <see cref="Forward"/> would view; differentiable (its backward is that diagonal of the gradient).
    /// </summary>
    public static Tensor Scatter(Tensor src, Shape shape, int offset, int d1, int d2)
    {
        var result = new Tensor(shape, src.DType);
        Tensor diagonal = Raw(result, offset, d1, d2);
        if (diagonal.Shape != src.Shape)
            throw new ArgumentException($"DiagonalScatter: the source of shape {src.Shape} does not match the diagonal of shape {diagonal.Shape}.");
        ShapeMoves.Copy(src, diagonal);
        return Tensor.RecordDifferentiable(result, "DiagonalScatterBackward", [src], g => [Forward(g, offset, d1, d2)]);
    }

    /// <summary>
    /// <c>torch.diag_embed</c>: the last dimension of <paramref name="x"/> placed on the diagonal (with
    /// <paramref name="offset"/>) of the new dimensions <paramref name="dim1"/> and <paramref name="dim2"/> of the result.
    /// </summary>
    public static Tensor Embed(Tensor x, int offset, int dim1, int dim2)
    {
        if (x.Rank < 1) throw new ArgumentException("DiagEmbed expects a tensor of at least 1 dimension, got a 0-dim tensor.");
        int rank = x.Rank + 1;
        int d1 = Permute.Axis("DiagEmbed", dim1, rank), d2 = Permute.Axis("DiagEmbed", dim2, rank);
        if (d1 == d2) throw new ArgumentException($"DiagEmbed: dim1 and dim2 cannot be identical, got {dim1} and {dim2}.");
        int n = x.Shape.Dims[^1] + Math.Abs(offset);
        var dims = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++)
            dims[d] = d == d1 || d == d2 ? n : x.Shape.Dims[k++];
        return Scatter(x, new Shape(dims), offset, d1, d2);
    }

    /// <summary><c>torch.diag</c>: a 1-D tensor to a square matrix with it on diagonal <paramref name="offset"/>, or a matrix's diagonal as a new 1-D tensor.</summary>
    public static Tensor Diag(Tensor x, int offset)
    {
        return x.Rank switch
        {
            1 => Embed(x, offset, 0, 1),
            2 => Forward(x, offset, 0, 1).Clone(),
            _ => throw new ArgumentException($"Diag expects a 1-D or 2-D tensor, got shape {x.Shape}."),
        };
    }

    /// <summary><c>torch.trace</c>: the sum of the main diagonal of a 2-D tensor.</summary>
    public static Tensor Trace(Tensor x)
    {
        if (x.Rank != 2) throw new ArgumentException($"Trace expects a 2-D tensor, got shape {x.Shape}.");
        return Sum.Forward(Forward(x, 0, 0, 1), null, keepDim: false);
    }
}
