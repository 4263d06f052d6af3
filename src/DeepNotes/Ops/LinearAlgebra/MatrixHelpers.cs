namespace DeepNotes.Ops.LinearAlgebra;

/// <summary>
/// Small differentiable building blocks for the backward rules, composed from existing ops so that higher-order
/// gradients flow through them: transpose of the last two dimensions, triangular masks, diagonal extraction and
/// embedding (through products with a constant identity or mask; O(n²), negligible next to the O(n³) factorisations).
/// </summary>
internal static class MatrixHelpers
{
    /// <summary>Xᵀ over the last two dimensions (a view).</summary>
    public static Tensor MT(Tensor x) => x.Transpose(-1, -2);

    /// <summary>The n×n identity in <paramref name="dtype"/>.</summary>
    public static Tensor Eye(int n, DType dtype) => Tensor.Eye(n, n, dtype);

    /// <summary>Entries with j − i ≤ <paramref name="k"/> kept (lower triangle), the rest zero.</summary>
    public static Tensor Tril(Tensor x, int k = 0) => x * Mask(x.Shape[-2], x.Shape[-1], k, lower: true, x.DType);

    /// <summary>Entries with j − i ≥ <paramref name="k"/> kept (upper triangle), the rest zero.</summary>
    public static Tensor Triu(Tensor x, int k = 0) => x * Mask(x.Shape[-2], x.Shape[-1], k, lower: false, x.DType);

    /// <summary>The main diagonal of square matrices: <c>[*, n, n] -> [*, n]</c>.</summary>
    public static Tensor Diagonal(Tensor x) => (x * Eye(x.Shape[-1], x.DType)).Sum(-1);

    /// <summary>Vectors on the diagonal of square matrices: <c>[*, n] -> [*, n, n]</c>.</summary>
    public static Tensor DiagEmbed(Tensor v) => v.Unsqueeze(-1) * Eye(v.Shape[-1], v.DType);

    /// <summary>The diagonal of the square matrices zeroed.</summary>
    public static Tensor OffDiagonal(Tensor x) => x * Mask(x.Shape[-1], x.Shape[-1], 0, lower: true, x.DType, offDiagonalOnly: true);

    private static Tensor Mask(int rows, int cols, int k, bool lower, DType dtype, bool offDiagonalOnly = false)
    {
        var m = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                m[i * cols + j] = offDiagonalOnly ? (i != j ? 1 : 0) : lower ? (j - i <= k ? 1 : 0) : (j - i >= k ? 1 : 0);
        return MatrixBatch.Write(m, new Shape(rows, cols), dtype);
    }
}
