using DeepNotes;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the <c>Linalg</c> members. Square inputs are made well conditioned (A + 3I), symmetric ones
/// are ½(X + Xᵀ) (Eigh reads one triangle) or X Xᵀ + I (Cholesky), and singular vectors / eigenvectors enter only
/// through sign-invariant functions (U diag(S) Vh, weighted sums of squared entries), since their signs are arbitrary.
/// Random matrices have distinct singular values and eigenvalues almost surely, which these rules need.
/// </summary>
public sealed class LinalgGradGradCases : IGradGradCaseSource
{
    private static Tensor Boost(Tensor a) => a + Tensor.Eye(a.Shape[-1], a.Shape[-1], DType.Float64) * 3;

    private static Tensor Sym(Tensor a) => 0.5 * (a + a.Transpose(-1, -2));

    private static Tensor Spd(Tensor a) => a.MatMul(a.Transpose(-1, -2)) + Tensor.Eye(a.Shape[-1], a.Shape[-1], DType.Float64);

    private static Tensor Weights(int rows, int cols) => Tensor.Arange(rows * cols, DType.Float64).Reshape([rows, cols]).Cos() + 1.5;

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        yield return new("Linalg.Inv", "", t => Linalg.Inv(Boost(t[0])), () => [Randn(401, 3, 3)]);
        yield return new("Linalg.Inv", "transposed", t => Linalg.Inv(Boost(t[0].Transpose(0, 1))), () => [Randn(402, 3, 3)]);
        yield return new("Linalg.Solve", "", t => Linalg.Solve(Boost(t[0]), t[1]), () => [Randn(403, 3, 3), Randn(404, 3, 2)]);
        yield return new("Linalg.Solve", "right", t => Linalg.Solve(Boost(t[0]), t[1], left: false), () => [Randn(405, 3, 3), Randn(406, 2, 3)]);
        yield return new("Linalg.Det", "", t => Linalg.Det(Boost(t[0])), () => [Randn(407, 3, 3)]);
        yield return new("Linalg.Slogdet", "", t => Linalg.Slogdet(Boost(t[0])).LogAbsDet, () => [Randn(408, 3, 3)]);
        yield return new("Linalg.Cholesky", "", t => Linalg.Cholesky(Spd(t[0])), () => [Randn(409, 3, 3)]);
        yield return new("Linalg.Cholesky", "upper", t => Linalg.Cholesky(Spd(t[0]), upper: true), () => [Randn(410, 3, 3)]);
        yield return new("Linalg.Pinv", "tall", t => Linalg.Pinv(t[0]), () => [Randn(411, 4, 3)]);
        yield return new("Linalg.Pinv", "wide", t => Linalg.Pinv(t[0]), () => [Randn(412, 2, 3)]);
        yield return new("Linalg.Lstsq", "", t => Linalg.Lstsq(t[0], t[1]), () => [Randn(413, 4, 3), Randn(414, 4, 2)]);
        yield return new("Linalg.MatrixPower", "3", t => Linalg.MatrixPower(t[0], 3), () => [Randn(415, 3, 3)]);
        yield return new("Linalg.MatrixPower", "-2", t => Linalg.MatrixPower(Boost(t[0]), -2), () => [Randn(416, 3, 3)]);
        yield return new("Linalg.VectorNorm", "2", t => Linalg.VectorNorm(t[0], 2, [1]), () => [Randn(417, 3, 4)]);
        yield return new("Linalg.VectorNorm", "3", t => Linalg.VectorNorm(t[0], 3), () => [Randn(418, 3, 4)]);
        yield return new("Linalg.MatrixNorm", "fro", t => Linalg.MatrixNorm(t[0]), () => [Randn(419, 3, 4)]);
        yield return new("Linalg.MatrixNorm", "nuc", t => Linalg.MatrixNorm(t[0], "nuc"), () => [Randn(420, 3, 4)]);
        yield return new("Linalg.MatrixNorm", "2", t => Linalg.MatrixNorm(t[0], 2), () => [Randn(421, 4, 3)]);
        yield return new("Linalg.MatrixNorm", "-2", t => Linalg.MatrixNorm(t[0], -2), () => [Randn(422, 3, 3)]);
        yield return new("Linalg.MatrixNorm", "1", t => Linalg.MatrixNorm(t[0], 1.0), () => [Randn(423, 3, 3)]);
        yield return new("Linalg.Cond", "2", t => Linalg.Cond(t[0]), () => [Randn(424, 3, 3)]);
        yield return new("Linalg.Cond", "fro", t => Linalg.Cond(Boost(t[0]), "fro"), () => [Randn(425, 3, 3)]);
        yield return new("Linalg.Svdvals", "tall", t => Linalg.Svdvals(t[0]), () => [Randn(426, 4, 3)]);
        yield return new("Linalg.Svdvals", "wide", t => Linalg.Svdvals(t[0]), () => [Randn(427, 2, 3)]);
        yield return new("Linalg.Svd", "U diag(S) Vh", t =>
        {
            var (u, s, vh) = Linalg.Svd(t[0], fullMatrices: false);
            return (u * s.Unsqueeze(-2)).MatMul(vh).Square();
        }, () => [Randn(428, 4, 3)]);
        yield return new("Linalg.Svd", "|U|² |Vh|² tall", t =>
        {
            var (u, _, vh) = Linalg.Svd(t[0], fullMatrices: false);
            return (u.Square() * Weights(4, 3)).Sum() + (vh.Square() * Weights(3, 3)).Sum();
        }, () => [Randn(429, 4, 3)]);
        yield return new("Linalg.Svd", "|U|² |Vh|² wide", t =>
        {
            var (u, _, vh) = Linalg.Svd(t[0], fullMatrices: false);
            return (u.Square() * Weights(2, 2)).Sum() + (vh.Square() * Weights(2, 4)).Sum();
        }, () => [Randn(430, 2, 4)]);
        yield return new("Linalg.Eigvalsh", "", t => Linalg.Eigvalsh(Sym(t[0])), () => [Randn(431, 3, 3)]);
        yield return new("Linalg.Eigh", "|V|² and L", t =>
        {
            var (l, v) = Linalg.Eigh(Sym(t[0]));
            return (v.Square() * Weights(3, 3)).Sum() + l.Square().Sum();
        }, () => [Randn(432, 3, 3)]);
        yield return new("Linalg.Eigh", "V diag(L) Vᵀ, upper", t =>
        {
            var (l, v) = Linalg.Eigh(Sym(t[0]), "U");
            return (v * l.Unsqueeze(-2)).MatMul(v.Transpose(-1, -2)).Sin();
        }, () => [Randn(433, 3, 3)]);
        yield return new("Linalg.Qr", "tall", t => { var (q, r) = Linalg.Qr(t[0]); return q.Sin().Sum(-1) + r.Square().Sum(); }, () => [Randn(434, 4, 3)]);
        yield return new("Linalg.Qr", "wide", t => { var (q, r) = Linalg.Qr(t[0]); return q.Sin().Sum() + r.Square().Sum(0); }, () => [Randn(435, 2, 4)]);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Api, string Reason)> NotDifferentiable()
    {
        yield return ("Linalg.MatrixRank", "an integer count of singular values above a tolerance: piecewise constant, no gradient (as torch.linalg.matrix_rank)");
    }
}
