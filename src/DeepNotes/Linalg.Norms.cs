using DeepNotes.Ops.LinearAlgebra;

namespace DeepNotes;

public static partial class Linalg
{
    /// <summary>
    /// Vector p-norm (Σ|x|^p)^(1/p) of all elements or over <paramref name="dims"/>: <paramref name="ord"/> 2 (default),
    /// 1, 0 (non-zero count), ±∞ (max/min |x|) or any real p; reduced dims stay as size 1 with <paramref name="keepDim"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Not floating point, or ±∞/negative ord on an empty reduction.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension out of range.</exception>
    public static Tensor VectorNorm(Tensor x, double ord = 2, int[]? dims = null, bool keepDim = false) =>
        Ops.LinearAlgebra.VectorNorm.Forward(x, ord, dims, keepDim);

    /// <summary>
    /// Matrix norm "fro" (default) or "nuc" (sum of singular values) of the matrices spanned by <paramref name="dims"/>
    /// (default the last two): <c>[*, m, n] -> [*]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions, an unknown order or bad dims.</exception>
    public static Tensor MatrixNorm(Tensor a, string ord = "fro", int[]? dims = null, bool keepDim = false) =>
        Ops.LinearAlgebra.MatrixNorm.Forward(a, ord, dims, keepDim);

    /// <summary>
    /// Matrix norm of numeric order: 1/−1 (max/min column sum of |A|), 2/−2 (largest/smallest singular value),
    /// ∞/−∞ (max/min row sum of |A|).
    /// </summary>
    /// <inheritdoc cref="MatrixNorm(Tensor, string, int[], bool)" path="/exception"/>
    public static Tensor MatrixNorm(Tensor a, double ord, int[]? dims = null, bool keepDim = false) =>
        Ops.LinearAlgebra.MatrixNorm.Forward(a, ord, dims, keepDim);

    /// <summary>
    /// Condition number σ_max/σ_min (<paramref name="p"/> null or 2; −2 gives its inverse), any shape
    /// <c>[*, m, n] -> [*]</c>; for p = 1, −1, ∞, −∞ ‖A‖_p·‖A⁻¹‖_p of square matrices (+∞ when singular).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown p, or a non-square matrix where p needs the inverse.</exception>
    public static Tensor Cond(Tensor a, double? p = null) => MatrixFunctions.Cond(a, p);

    /// <summary>Condition number in the "fro" or "nuc" norm: ‖A‖·‖A⁻¹‖ of square matrices (+∞ when singular).</summary>
    /// <inheritdoc cref="Cond(Tensor, double?)" path="/exception"/>
    public static Tensor Cond(Tensor a, string p) => MatrixFunctions.Cond(a, p);
}
