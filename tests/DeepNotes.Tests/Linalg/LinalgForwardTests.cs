using DeepNotes;
using static DeepNotes.Tests.LinearAlgebra.LinalgReference;
using static DeepNotes.Tests.LinearAlgebra.LinalgTestHelpers;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>Forward values of every Linalg op against torch 1.13 (float64, tolerance 1e-10), from reference/linalg_reference.py.</summary>
public class LinalgForwardTests
{
    private const double Tol = 1e-10;

    private static void Close(double[] expected, int[] shape, Tensor actual, double tol = Tol) => AssertClose(expected, actual, tol, tol, shape: shape);

    [Fact]
    public void Inv_MatchesTorch_SingleAndBatched()
    {
        Close(InvA3, InvA3Shape, Linalg.Inv(R(A3, A3Shape)));
        Close(InvAb, InvAbShape, Linalg.Inv(R(Ab, AbShape)));
    }

    [Fact]
    public void DetAndSlogdet_MatchTorch()
    {
        Close(DetA3, DetA3Shape, Linalg.Det(R(A3, A3Shape)));
        Close(DetAb, DetAbShape, Linalg.Det(R(Ab, AbShape)));
        var (sign, log) = Linalg.Slogdet(R(Ab, AbShape));
        Close(SlogdetSignAb, SlogdetSignAbShape, sign);
        Close(SlogdetLogAb, SlogdetLogAbShape, log);
    }

    [Fact]
    public void Slogdet_OfSingularMatrix_IsZeroAndMinusInfinity_DetIsZero()
    {
        var (sign, log) = Linalg.Slogdet(R(Sing3, Sing3Shape));
        Assert.Equal(0.0, sign.Item<double>());
        Assert.Equal(double.NegativeInfinity, log.Item<double>());
        Assert.Equal(0.0, Linalg.Det(R(Sing3, Sing3Shape)).Item<double>(), 12);
    }

    [Fact]
    public void Solve_VectorMatrixBroadcastAndRight_MatchTorch()
    {
        Close(SolveA3b3, SolveA3b3Shape, Linalg.Solve(R(A3, A3Shape), R(b3, b3Shape)));
        Close(SolveAbB32, SolveAbB32Shape, Linalg.Solve(R(Ab, AbShape), R(B32, B32Shape))); // B broadcast over the batch
        Close(SolveAbBb, SolveAbBbShape, Linalg.Solve(R(Ab, AbShape), R(Bb, BbShape)));     // batch of vectors
        Close(SolveRightA3B23, SolveRightA3B23Shape, Linalg.Solve(R(A3, A3Shape), R(B23, B23Shape), left: false));
    }

    [Fact]
    public void Cholesky_LowerAndUpper_MatchTorch()
    {
        Close(CholSpd4, CholSpd4Shape, Linalg.Cholesky(R(Spd4, Spd4Shape)));
        Close(CholUpperSpd4, CholUpperSpd4Shape, Linalg.Cholesky(R(Spd4, Spd4Shape), upper: true));
    }

    [Fact]
    public void Qr_ReducedCompleteAndWide_MatchTorchIncludingSigns()
    {
        var (q, r) = Linalg.Qr(R(A43, A43Shape));
        Close(QrQ43, QrQ43Shape, q);
        Close(QrR43, QrR43Shape, r);
        (q, r) = Linalg.Qr(R(A43, A43Shape), "complete");
        Close(QrR43c, QrR43cShape, r);
        Close(Column3(QrQ43c), [4, 3], q.Narrow(-1, 0, 3)); // the completing column is not unique
        Assert.True(OrthogonalityError(q) < 1e-14);
        (q, r) = Linalg.Qr(R(A35, A35Shape));
        Close(QrQ35, QrQ35Shape, q);
        Close(QrR35, QrR35Shape, r);
        (q, r) = Linalg.Qr(R(A43, A43Shape), "r");
        Assert.Equal(0, q.ElementCount);
        Close(QrR43, QrR43Shape, r);
    }

    private static double[] Column3(double[] q4x4)
    {
        var o = new double[12];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) o[i * 3 + j] = q4x4[i * 4 + j];
        return o;
    }

    [Fact]
    public void Eigh_ValuesAndAbsVectorsMatchTorch_AndReconstruct()
    {
        Tensor a = R(Sym4, Sym4Shape);
        var (w, v) = Linalg.Eigh(a);
        Close(EighL, EighLShape, w);
        Close(EighAbsV, EighAbsVShape, v.Abs(), 1e-9);
        Assert.True(OrthogonalityError(v) < 1e-13);
        Assert.True(MaxDiff(a.MatMul(v), v * w.Unsqueeze(-2)) < 1e-12); // A v = λ v
        Close(EighL, EighLShape, Linalg.Eigvalsh(a));
    }

    [Fact]
    public void Eigvalsh_Upper_ReadsTheUpperTriangle()
    {
        var m = R(Sym4, Sym4Shape).Triu0() + 5 * Tensor.Ones(new Shape(4, 4), DType.Float64).Tril1();
        Close(EigvalshSymU, EigvalshSymUShape, Linalg.Eigvalsh(m, "U"));
    }

    [Fact]
    public void Svd_TallAndWide_MatchTorchUpToSigns_AndReconstruct()
    {
        foreach (var (a, shape, s, au, avh) in new[] { (A43, A43Shape, SvdS43, SvdAbsU43, SvdAbsVh43), (A35, A35Shape, SvdS35, SvdAbsU35, SvdAbsVh35) })
        {
            Tensor x = R(a, shape);
            var (u, sv, vh) = Linalg.Svd(x, fullMatrices: false);
            AssertClose(s, sv, Tol, Tol);
            AssertClose(au, u.Abs(), 1e-9, 1e-9);
            AssertClose(avh, vh.Abs(), 1e-9, 1e-9);
            Assert.True(MaxDiff((u * sv.Unsqueeze(-2)).MatMul(vh), x) < 1e-13);
            var (uf, sf, vhf) = Linalg.Svd(x);
            Assert.Equal(new Shape(shape[0], shape[0]), uf.Shape);
            Assert.Equal(new Shape(shape[1], shape[1]), vhf.Shape);
            Assert.True(OrthogonalityError(uf) < 1e-13);
            Assert.True(OrthogonalityError(vhf.Transpose(-1, -2)) < 1e-13);
            AssertClose(s, sf, Tol, Tol);
        }
        Close(SvdvalsAb234, SvdvalsAb234Shape, Linalg.Svdvals(R(Ab234, Ab234Shape)));
    }

    [Fact]
    public void Pinv_FullRankRankDeficientAndHermitian_MatchTorch()
    {
        Close(PinvA43, PinvA43Shape, Linalg.Pinv(R(A43, A43Shape)));
        Close(PinvA35, PinvA35Shape, Linalg.Pinv(R(A35, A35Shape)));
        Close(PinvRank2, PinvRank2Shape, Linalg.Pinv(R(Rank2, Rank2Shape)), 1e-9);
        Close(PinvSym4Herm, PinvSym4HermShape, Linalg.Pinv(R(Sym4, Sym4Shape), hermitian: true));
    }

    [Fact]
    public void MatrixRank_MatchesTorch()
    {
        Close(RankRank2, RankRank2Shape, Linalg.MatrixRank(R(Rank2, Rank2Shape)).To(DType.Float64));
        Close(RankA43, RankA43Shape, Linalg.MatrixRank(R(A43, A43Shape)).To(DType.Float64));
        Assert.Equal(DType.Int32, Linalg.MatrixRank(R(A43, A43Shape)).DType);
        Assert.Equal(2, Linalg.MatrixRank(R(Rank2, Rank2Shape), hermitian: false).Item<int>());
        Assert.Equal(0, Linalg.MatrixRank(R(A43, A43Shape), atol: 100.0).Item<int>()); // every singular value below atol
    }

    [Fact]
    public void Lstsq_OverAndUnderdetermined_MatchTorch()
    {
        Close(LstsqA53B52, LstsqA53B52Shape, Linalg.Lstsq(R(A53, A53Shape), R(B52, B52Shape)));
        Close(LstsqA24b2, LstsqA24b2Shape, Linalg.Lstsq(R(A24, A24Shape), R(b2, b2Shape)));
    }

    [Fact]
    public void Lstsq_RankDeficient_GivesTorchsMinimumNormSolution()
    {
        // Square rank 2, tall 5×3 with a dependent column, wide 2×4 of rank 1: the QR's R is singular, the SVD decides.
        Close(LstsqRank2, LstsqRank2Shape, Linalg.Lstsq(R(Rank2, Rank2Shape), R(Bq32, Bq32Shape)));
        Close(LstsqTallRank2, LstsqTallRank2Shape, Linalg.Lstsq(R(Tall53Rank2, Tall53Rank2Shape), R(B52, B52Shape)));
        Close(LstsqWideRank1, LstsqWideRank1Shape, Linalg.Lstsq(R(Wide24Rank1, Wide24Rank1Shape), R(b2, b2Shape)));
        // The same in float32 (ε of float32 decides the rank), and finite everywhere.
        Tensor x32 = Linalg.Lstsq(R(Rank2, Rank2Shape).To(DType.Float32), R(Bq32, Bq32Shape).To(DType.Float32));
        Close(LstsqRank2, LstsqRank2Shape, x32.To(DType.Float64), 1e-4);
    }

    [Fact]
    public void Lstsq_Rcond_CutsSmallSingularValues()
    {
        // diag(1, 1e-3): with rcond 1e-2 the second direction counts as zero and its component of x vanishes.
        Tensor a = Tensor.FromArray(new double[] { 1, 0, 0, 1e-3 }, [2, 2]), b = Tensor.FromArray(new double[] { 2, 3 }, [2]);
        Assert.Equal(new double[] { 2, 3000 }, Linalg.Lstsq(a, b).ToArray<double>());
        Assert.Equal(new double[] { 2, 0 }, Linalg.Lstsq(a, b, rcond: 1e-2).ToArray<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Linalg.Lstsq(a, b, rcond: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Linalg.Lstsq(a, b, rcond: -1));
    }

    [Fact]
    public void MatrixNorm_EveryOrder_MatchesTorch()
    {
        Tensor a = R(A34, A34Shape);
        Close(MatrixNormFro, MatrixNormFroShape, Linalg.MatrixNorm(a));
        Close(MatrixNormNuc, MatrixNormNucShape, Linalg.MatrixNorm(a, "nuc"));
        Close(MatrixNormOne, MatrixNormOneShape, Linalg.MatrixNorm(a, 1));
        Close(MatrixNormMinusOne, MatrixNormMinusOneShape, Linalg.MatrixNorm(a, -1));
        Close(MatrixNormTwo, MatrixNormTwoShape, Linalg.MatrixNorm(a, 2));
        Close(MatrixNormMinusTwo, MatrixNormMinusTwoShape, Linalg.MatrixNorm(a, -2));
        Close(MatrixNormInf, MatrixNormInfShape, Linalg.MatrixNorm(a, double.PositiveInfinity));
        Close(MatrixNormMinusInf, MatrixNormMinusInfShape, Linalg.MatrixNorm(a, double.NegativeInfinity));
        Tensor b = R(Ab234, Ab234Shape);
        Close(MatrixNormFroDims02, MatrixNormFroDims02Shape, Linalg.MatrixNorm(b, "fro", [0, 2]));
        Close(MatrixNormOneDims20Keep, MatrixNormOneDims20KeepShape, Linalg.MatrixNorm(b, 1, [2, 0], keepDim: true));
        Close(MatrixNormNucKeep, MatrixNormNucKeepShape, Linalg.MatrixNorm(b, "nuc", keepDim: true));
    }

    [Fact]
    public void VectorNorm_EveryOrder_MatchesTorch()
    {
        Tensor x = R(X234, X234Shape);
        Close(VectorNormTwo, VectorNormTwoShape, Linalg.VectorNorm(x, 2, [0, 2]));
        Close(VectorNormOne, VectorNormOneShape, Linalg.VectorNorm(x, 1, [0, 2]));
        Close(VectorNormInf, VectorNormInfShape, Linalg.VectorNorm(x, double.PositiveInfinity, [0, 2]));
        Close(VectorNormMinusInf, VectorNormMinusInfShape, Linalg.VectorNorm(x, double.NegativeInfinity, [0, 2]));
        Close(VectorNormZero, VectorNormZeroShape, Linalg.VectorNorm(x, 0, [0, 2]));
        Close(VectorNormThree, VectorNormThreeShape, Linalg.VectorNorm(x, 3, [0, 2]));
        Close(VectorNormHalf, VectorNormHalfShape, Linalg.VectorNorm(x, 0.5, [0, 2]));
        Close(VectorNormAll, VectorNormAllShape, Linalg.VectorNorm(x));
        Close(VectorNormKeep, VectorNormKeepShape, Linalg.VectorNorm(x, 3, [-1], keepDim: true));
    }

    [Fact]
    public void MatrixPowerAndCond_MatchTorch()
    {
        Tensor a = R(A3, A3Shape);
        Close(PowA3_3, PowA3_3Shape, Linalg.MatrixPower(a, 3));
        Close(PowA3_m2, PowA3_m2Shape, Linalg.MatrixPower(a, -2));
        AssertClose(D(Tensor.Eye(3, 3, DType.Float64)), Linalg.MatrixPower(a, 0), 1e-12, 1e-12);
        Close(CondA43, CondA43Shape, Linalg.Cond(R(A43, A43Shape)));
        Close(CondA3Fro, CondA3FroShape, Linalg.Cond(a, "fro"));
        Close(CondA3Nuc, CondA3NucShape, Linalg.Cond(a, "nuc"));
        Close(CondA3One, CondA3OneShape, Linalg.Cond(a, 1));
        Close(CondA3Inf, CondA3InfShape, Linalg.Cond(a, double.PositiveInfinity));
        Close(CondA3MinusTwo, CondA3MinusTwoShape, Linalg.Cond(a, -2));
        Close(CondSing3Fro, CondSing3FroShape, Linalg.Cond(R(Sing3, Sing3Shape), "fro")); // singular: +inf as torch
    }

    [Fact]
    public void Products_MatchTorch()
    {
        Close(MvM34V4, MvM34V4Shape, R(M34, M34Shape).Mv(R(V4, V4Shape)));
        Close(BmmOut, BmmOutShape, R(Bmm1, Bmm1Shape).Bmm(R(Bmm2, Bmm2Shape)));
        Close(AddmmOut, AddmmOutShape, R(AddmmIn, AddmmInShape).Addmm(R(AddmmM1, AddmmM1Shape), R(AddmmM2, AddmmM2Shape), beta: 0.5, alpha: 2.0));
        Close(BaddbmmOut, BaddbmmOutShape, R(BaddbmmIn, BaddbmmInShape).Baddbmm(R(Bmm1, Bmm1Shape), R(Bmm2, Bmm2Shape), beta: -1, alpha: 0.25));
        Close(DotOut, DotOutShape, R(V4, V4Shape).Dot(R(V4b, V4bShape)));
        Close(DotOut, DotOutShape, R(V4, V4Shape).Vdot(R(V4b, V4bShape)));
    }

    [Fact]
    public void Addmm_WithBetaZero_IgnoresNaNInInput()
    {
        var input = Tensor.Full(new Shape(3, 5), double.NaN, DType.Float64);
        Tensor r = input.Addmm(R(AddmmM1, AddmmM1Shape), R(AddmmM2, AddmmM2Shape), beta: 0);
        AssertClose(D(R(AddmmM1, AddmmM1Shape).MatMul(R(AddmmM2, AddmmM2Shape))), r, 1e-12, 1e-12);
    }

    [Fact]
    public void NonContiguousInputs_GiveTheSameResults()
    {
        double[] v = D(Matrix([2, 4, 4], 7, Ops.Layout.Contiguous, boost: 4, requiresGrad: false));
        Tensor c = R(v, [2, 4, 4]);
        foreach (var layout in new[] { Ops.Layout.Transposed, Ops.Layout.Sliced })
        {
            Tensor t = Layouts(v, [2, 4, 4], layout, requiresGrad: false);
            Assert.True(MaxDiff(Linalg.Inv(c), Linalg.Inv(t)) < 1e-15);
            Assert.True(MaxDiff(Linalg.Det(c), Linalg.Det(t)) < 1e-15);
            Assert.True(MaxDiff(Linalg.Svdvals(c), Linalg.Svdvals(t)) < 1e-15);
            Assert.True(MaxDiff(Linalg.Qr(c).R, Linalg.Qr(t).R) < 1e-15);
        }
    }
}

internal static class TriangleTestExtensions
{
    /// <summary>Upper triangle including the diagonal (test-only helper, independent of the library's Triu).</summary>
    public static Tensor Triu0(this Tensor t) => t * Mask(t.Shape[-1], (i, j) => j >= i);

    /// <summary>Strictly lower triangle.</summary>
    public static Tensor Tril1(this Tensor t) => t * Mask(t.Shape[-1], (i, j) => j < i);

    private static Tensor Mask(int n, Func<int, int, bool> keep)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i * n + j] = keep(i, j) ? 1 : 0;
        return Tensor.FromArray(m, new Shape(n, n));
    }
}
