using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Lower (<c>torch.tril</c>) and upper (<c>torch.triu</c>) triangles of the last two dimensions, batched over the
/// leading ones: entries with <c>j − i &gt; diagonal</c> (Tril) or <c>j − i &lt; diagonal</c> (Triu) become zero.
/// Every row is one span copy and one clear. Backward: the same triangle of the gradient.
/// </summary>
internal static class Triangular
{
    public static Tensor Tril(Tensor x, int diagonal) => Forward(x, diagonal, lower: true);

    public static Tensor Triu(Tensor x, int diagonal) => Forward(x, diagonal, lower: false);

    private static Tensor Forward(Tensor x, int diagonal, bool lower)
    {
        string name = lower ? "Tril" : "Triu";
        if (x.Rank < 2) throw new ArgumentException($"{name} expects a tensor of at least 2 dimensions, got shape {x.Shape}.");
        Tensor src = x.ContiguousRaw();
        Tensor result = ShapeMoves.Empty(x.Shape, x.DType);
        int rows = x.Shape.Dims[^2], cols = x.Shape.Dims[^1];
        int batch = rows * cols == 0 ? 0 : x.ElementCount / (rows * cols);
        switch (x.DType.ElementSize())
        {
            case 1: ShapeCopy.Triangle(src.Data<byte>(), src.Offset, result.Data<byte>(), batch, rows, cols, diagonal, lower); break;
            case 2: ShapeCopy.Triangle(src.Data<short>(), src.Offset, result.Data<short>(), batch, rows, cols, diagonal, lower); break;
            case 4: ShapeCopy.Triangle(src.Data<int>(), src.Offset, result.Data<int>(), batch, rows, cols, diagonal, lower); break;
            case 8: ShapeCopy.Triangle(src.Data<long>(), src.Offset, result.Data<long>(), batch, rows, cols, diagonal, lower); break;
            default: throw new NotSupportedException($"{name}: dtype {x.DType} is not supported.");
        }
        return Tensor.RecordDifferentiable(result, name + "Backward", [x], g => [Forward(g, diagonal, lower)]);
    }
}
