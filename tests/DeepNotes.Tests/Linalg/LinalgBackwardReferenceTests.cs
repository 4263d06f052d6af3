using DeepNotes;
using static DeepNotes.Tests.LinearAlgebra.LinalgReference;
using static DeepNotes.Tests.LinearAlgebra.LinalgTestHelpers;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>
/// Gradients of fixed losses Σ W ⊙ f(A) against torch 1.13's autograd (reference/linalg_reference.py). Losses of
/// eigen- and singular vectors use sign-invariant squares (V ⊙ V), as the vectors' signs are not unique.
/// </summary>
public class LinalgBackwardReferenceTests
{
    private const double Tol = 1e-9;

    private static Tensor Grad(Func<Tensor, Tensor> loss, double[] input, int[] shape)
    {
        Tensor a = R(input, shape, requiresGrad: true);
        return Autograd.Grad(loss(a), [a])[0];
    }

    private static void Close(double[] expected, int[] shape, Tensor actual) => AssertClose(expected, actual, Tol, Tol, shape: shape);

    private static Tensor W(double[] w, int[] shape) => R(w, shape);

    private static Tensor Sym(Tensor a) => 0.5 * (a + a.Transpose(-1, -2));

    [Fact]
    public void Inv_Det_Slogdet_Gradients_MatchTorch()
    {
        Close(GradInvA3, GradInvA3Shape, Grad(a => (W(W3, W3Shape) * Linalg.Inv(a)).Sum(), A3, A3Shape));
        Tensor c = Tensor.FromArray(new[] { 1.5, -0.5 });
        Close(GradDetAb, GradDetAbShape, Grad(a => (Linalg.Det(a) * c).Sum(), Ab, AbShape));
        Close(GradLogdetAb, GradLogdetAbShape, Grad(a => (Linalg.Slogdet(a).LogAbsDet * c).Sum(), Ab, AbShape));
    }

    [Fact]
    public void Det_AtAnExactlySingularMatrix_GradientIsTheAdjugate()
    {
        Close(GradDetSing3, GradDetSing3Shape, Grad(Linalg.Det, Sing3, Sing3Shape));
    }

    [Fact]
    public void Solve_Gradients_MatchTorch()
    {
        Tensor a = R(A3, A3Shape, requiresGrad: true), b = R(B32, B32Shape, requiresGrad: true);
        Tensor w = W(W3, W3Shape).Narrow(-1, 0, 2);
        Tensor[] g = Autograd.Grad((w * Linalg.Solve(a, b)).Sum(), [a, b]);
        Close(GradSolveA, GradSolveAShape, g[0]);
        Close(GradSolveB, GradSolveBShape, g[1]);
    }

    [Fact]
    public void Cholesky_Qr_Gradients_MatchTorch()
    {
        Close(GradCholSpd4, GradCholSpd4Shape, Grad(a => (W(W4, W4Shape) * Linalg.Cholesky(Sym(a))).Sum(), Spd4, Spd4Shape));
        Close(GradQrA43, GradQrA43Shape, Grad(a =>
        {
            var (q, r) = Linalg.Qr(a);
            return (W(W43, W43Shape) * q).Sum() + (W(W33, W33Shape) * r).Sum();
        }, A43, A43Shape));
        Close(GradQrA35, GradQrA35Shape, Grad(a =>
        {
            var (q, r) = Linalg.Qr(a);
            return (W(W33, W33Shape) * q).Sum() + (W(W35, W35Shape) * r).Sum();
        }, A35, A35Shape));
    }

    [Fact]
    public void Eigh_Svd_Gradients_OfSignInvariantLosses_MatchTorch()
    {
        Close(GradEighSym4, GradEighSym4Shape, Grad(a =>
        {
            var (l, v) = Linalg.Eigh(Sym(a));
            return (Tensor.Arange(4, DType.Float64) * l).Sum() + (W(W4, W4Shape) * v * v).Sum();
        }, Sym4, Sym4Shape));
        Close(GradSvdA43, GradSvdA43Shape, Grad(a =>
        {
            var (u, s, vh) = Linalg.Svd(a, fullMatrices: false);
            return (Tensor.Arange(1, 4, 1, DType.Float64) * s).Sum() + (W(W43, W43Shape) * u * u).Sum() + (W(W33, W33Shape) * vh * vh).Sum();
        }, A43, A43Shape));
        Close(GradSvdA35, GradSvdA35Shape, Grad(a =>
        {
            var (u, _, vh) = Linalg.Svd(a, fullMatrices: false);
            return (W(W33, W33Shape) * u * u).Sum() + (W(W35, W35Shape) * vh * vh).Sum();
        }, A35, A35Shape));
    }

    [Fact]
    public void Pinv_Lstsq_Gradients_MatchTorch()
    {
        Close(GradPinvA43, GradPinvA43Shape, Grad(a => (W(W34, W34Shape) * Linalg.Pinv(a)).Sum(), A43, A43Shape));
        Tensor a = R(A53, A53Shape, requiresGrad: true), b = R(B52, B52Shape, requiresGrad: true);
        Tensor[] g = Autograd.Grad((W(W32, W32Shape) * Linalg.Lstsq(a, b)).Sum(), [a, b]);
        Close(GradLstsqA, GradLstsqAShape, g[0]);
        Close(GradLstsqB, GradLstsqBShape, g[1]);
    }

    [Fact]
    public void Norm_Gradients_MatchTorch()
    {
        Tensor c = Tensor.FromArray(new[] { 1.0, -2.0, 0.5 });
        Tensor VN(Tensor x, double ord) => (Linalg.VectorNorm(x, ord, [0, 2]) * c).Sum();
        Close(GradVectorNormTwo, GradVectorNormTwoShape, Grad(x => VN(x, 2), X234, X234Shape));
        Close(GradVectorNormInf, GradVectorNormInfShape, Grad(x => VN(x, double.PositiveInfinity), X234, X234Shape));
        Close(GradVectorNormThree, GradVectorNormThreeShape, Grad(x => VN(x, 3), X234, X234Shape));
        Close(GradVectorNormHalf, GradVectorNormHalfShape, Grad(x => VN(x, 0.5), X234, X234Shape));
        Close(GradVectorNormOne, GradVectorNormOneShape, Grad(x => VN(x, 1), X234, X234Shape));
        Close(GradMatrixNormNuc, GradMatrixNormNucShape, Grad(a => Linalg.MatrixNorm(a, "nuc"), A34, A34Shape));
        Close(GradMatrixNormTwo, GradMatrixNormTwoShape, Grad(a => Linalg.MatrixNorm(a, 2), A34, A34Shape));
        Close(GradMatrixNormOne, GradMatrixNormOneShape, Grad(a => Linalg.MatrixNorm(a, 1), A34, A34Shape));
        Close(GradMatrixNormInf, GradMatrixNormInfShape, Grad(a => Linalg.MatrixNorm(a, double.PositiveInfinity), A34, A34Shape));
    }

    [Fact]
    public void VectorNorm_AtZero_GradientIsZeroNotNaN()
    {
        var x = Tensor.Zeros(new Shape(3), DType.Float64, requiresGrad: true);
        Linalg.VectorNorm(x).Backward();
        Assert.All(x.Grad!.ToArray<double>(), v => Assert.Equal(0.0, v));
    }
}
