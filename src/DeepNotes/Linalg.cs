using DeepNotes.Ops.LinearAlgebra;

namespace DeepNotes;

/// <summary>
/// Linear algebra like <c>torch.linalg</c>: solvers, decompositions and norms over batches of matrices
/// <c>[*, m, n]</c> (every leading dimension is a batch dimension), Float32 and Float64, differentiable with PyTorch's
/// backward formulas. The factorisations run in double precision on the library's own kernels (LU with partial
/// pivoting, Cholesky, Householder QR, tridiagonal QR eigensolver, one-sided Jacobi SVD); Float32 input is factorised in double and rounded once.
/// See docs/linalg.md for the algorithms, accuracy and the backward rules.
/// </summary>
/// <remarks>
/// Bad input throws <see cref="ArgumentException"/> before anything is computed or changed: a non-floating dtype,
/// fewer than 2 dimensions, a non-square matrix where one is needed, shapes that do not fit, a singular matrix
/// (<c>linalg.inv: (Batch element 1): The diagonal element 2 is zero, ...</c>) or one that is not positive-definite.
/// Eigenvectors and singular vectors are defined up to sign; only sign-invariant functions of them have a gradient.
/// </remarks>
public static partial class Linalg
{
    /// <summary>The inverse of each square matrix: <c>[*, n, n] -> [*, n, n]</c>. Backward: −A⁻ᵀ g A⁻ᵀ.</summary>
    /// <exception cref="ArgumentException">Not square, or singular (the message names the batch element and the zero pivot).</exception>
    public static Tensor Inv(Tensor a) => Inverse.Forward(a);

    /// <summary>
    /// X with A X = B (<paramref name="left"/>) or X A = B: A <c>[*, n, n]</c>, B <c>[*, n, k]</c> (or <c>[*, k, n]</c>
    /// when not left) or a batch of vectors <c>[*, n]</c> (1-D, or A's shape without its last dimension); batch
    /// dimensions broadcast. Backward: gB = A⁻ᵀ g, gA = −gB Xᵀ.
    /// </summary>
    /// <exception cref="ArgumentException">A not square, shapes or dtypes that do not fit, or A singular.</exception>
    public static Tensor Solve(Tensor a, Tensor b, bool left = true) => Ops.LinearAlgebra.Solve.Forward(a, b, left);

    /// <summary>The determinant of each square matrix: <c>[*, n, n] -> [*]</c>. Backward: g·det·A⁻ᵀ (the SVD adjugate near singular matrices).</summary>
    /// <exception cref="ArgumentException">Not square.</exception>
    public static Tensor Det(Tensor a) => Determinant.Det(a);

    /// <summary>
    /// Sign and log|det| of each square matrix: <c>[*, n, n] -> ([*], [*])</c>; (0, −∞) for a singular matrix.
    /// Backward of LogAbsDet: g·A⁻ᵀ; Sign has none.
    /// </summary>
    /// <exception cref="ArgumentException">Not square.</exception>
    public static (Tensor Sign, Tensor LogAbsDet) Slogdet(Tensor a) => Determinant.Slogdet(a);

    /// <summary>
    /// The Cholesky factor of symmetric positive-definite matrices: lower L with A = L Lᵀ, or upper U = Lᵀ with
    /// A = Uᵀ U when <paramref name="upper"/>; reads the lower (upper) triangle. <c>[*, n, n] -> [*, n, n]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not square, or not positive-definite (the message names the batch element and the order of the failing leading minor).</exception>
    public static Tensor Cholesky(Tensor a, bool upper = false) => Ops.LinearAlgebra.Cholesky.Forward(a, upper);

    /// <summary>
    /// QR decomposition A = Q R: <paramref name="mode"/> "reduced" gives Q <c>[*, m, k]</c>, R <c>[*, k, n]</c>
    /// (k = min(m, n)); "complete" Q <c>[*, m, m]</c>, R <c>[*, m, n]</c>; "r" only R (Q is empty). Signs as LAPACK.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions or an unknown mode.</exception>
    public static (Tensor Q, Tensor R) Qr(Tensor a, string mode = "reduced") => QrDecomposition.Forward(a, mode);

    /// <summary>
    /// Eigenvalues (ascending) and unit eigenvectors (columns) of symmetric matrices, reading the lower
    /// (<paramref name="uplo"/> "L") or upper ("U") triangle: <c>[*, n, n] -> ([*, n], [*, n, n])</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not square, or uplo not "L"/"U".</exception>
    public static (Tensor Eigenvalues, Tensor Eigenvectors) Eigh(Tensor a, string uplo = "L") =>
        SymmetricEigen.Forward(a, uplo, wantVectors: true, "linalg.eigh");

    /// <summary>Eigenvalues (ascending) of symmetric matrices: <c>[*, n, n] -> [*, n]</c>. Backward: V diag(g) Vᵀ.</summary>
    /// <inheritdoc cref="Eigh" path="/exception"/>
    public static Tensor Eigvalsh(Tensor a, string uplo = "L") =>
        SymmetricEigen.Forward(a, uplo, wantVectors: false, "linalg.eigvalsh").Eigenvalues;

    /// <summary>
    /// Singular value decomposition A = U diag(S) Vh, S descending: U <c>[*, m, m]</c>, S <c>[*, k]</c>, Vh
    /// <c>[*, n, n]</c> with <paramref name="fullMatrices"/> (PyTorch's default), else U <c>[*, m, k]</c>, Vh <c>[*, k, n]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions or not floating point.</exception>
    public static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool fullMatrices = true) =>
        SingularValues.Forward(a, fullMatrices, wantVectors: true, "linalg.svd");

    /// <summary>Singular values, descending: <c>[*, m, n] -> [*, min(m, n)]</c>. Backward: U diag(g) Vh.</summary>
    /// <inheritdoc cref="Svd" path="/exception"/>
    public static Tensor Svdvals(Tensor a) => SingularValues.Forward(a, false, wantVectors: false, "linalg.svdvals").S;

    /// <summary>
    /// Moore–Penrose pseudo-inverse <c>[*, m, n] -> [*, n, m]</c>, dropping singular values ≤ max(atol, rtol·σ_max);
    /// rtol defaults to ε·max(m, n) (0 when only atol &gt; 0 is given). <paramref name="hermitian"/> uses the
    /// eigendecomposition of the lower triangle instead of the SVD.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions, or not square with hermitian.</exception>
    public static Tensor Pinv(Tensor a, double? atol = null, double? rtol = null, bool hermitian = false) =>
        PseudoInverse.Pinv(a, atol, rtol, hermitian);

    /// <summary>
    /// The least-squares solution of A X ≈ B for A <c>[*, m, n]</c>, B <c>[*, m, k]</c> (or <c>[*, m]</c>)
    /// -> X <c>[*, n, k]</c> (or <c>[*, n]</c>): the X of least norm among those minimising ‖AX − B‖, for any shape
    /// and rank — a Householder QR when A has full rank, the SVD when it is rank-deficient, where singular values at
    /// most <paramref name="rcond"/>·σ_max count as zero (default ε·max(m, n) of A's dtype, PyTorch's default for its
    /// CPU driver gelsy). PyTorch's <c>lstsq(A, B, rcond).solution</c>; batch dimensions broadcast.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or dtypes that do not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rcond"/> outside [0, 1).</exception>
    public static Tensor Lstsq(Tensor a, Tensor b, double? rcond = null) => PseudoInverse.Lstsq(a, b, rcond);

    /// <summary>Integer power of square matrices (<c>[*, n, n]</c>): I for 0, repeated squaring for n &gt; 0, of the inverse for n &lt; 0.</summary>
    /// <exception cref="ArgumentException">Not square, or singular with a negative power.</exception>
    public static Tensor MatrixPower(Tensor a, int n) => MatrixFunctions.MatrixPower(a, n);

    /// <summary>
    /// The numerical rank: the number of singular values (|eigenvalues| with <paramref name="hermitian"/>) above
    /// max(atol, rtol·σ_max), rtol defaulting as in <see cref="Pinv"/>. <c>[*, m, n] -> [*]</c> Int32 (PyTorch: int64).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 dimensions.</exception>
    public static Tensor MatrixRank(Tensor a, double? atol = null, double? rtol = null, bool hermitian = false) =>
        MatrixFunctions.MatrixRank(a, atol, rtol, hermitian);
}
