using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>Second derivatives of the Linalg ops whose backward is differentiable, over contiguous, transposed and sliced inputs.</summary>
public class LinalgGradGradTests
{
    public static TheoryData<Layout> Layouts() => new() { Layout.Contiguous, Layout.Transposed, Layout.Sliced };

    /// <summary>A well-conditioned matrix made from a free one: A + 3I.</summary>
    private static Tensor Boost(Tensor a) => a + Tensor.Eye(a.Shape[-1], a.Shape[-1], DType.Float64) * 3;

    /// <summary>A symmetric positive-definite matrix made from a free one: A Aᵀ + I.</summary>
    private static Tensor Spd(Tensor a) => a.MatMul(a.Transpose(-1, -2)) + Tensor.Eye(a.Shape[-1], a.Shape[-1], DType.Float64);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void InverseSolveAndDeterminants(Layout layout)
    {
        Tensor a = Input([3, 3], 21, Values.Normal, layout), b = Input([3, 2], 22, Values.Normal, layout);
        GradCheck.GradGradCheck(t => Linalg.Inv(Boost(t[0])), a);
        GradCheck.GradGradCheck(t => Linalg.Solve(Boost(t[0]), t[1]), a, b);
        GradCheck.GradGradCheck(t => Linalg.Det(Boost(t[0])), a);
        GradCheck.GradGradCheck(t => Linalg.Slogdet(Boost(t[0])).LogAbsDet, a);
        GradCheck.GradGradCheck(t => Linalg.MatrixPower(Boost(t[0]), -2), a);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Cholesky_LowerAndUpper(Layout layout)
    {
        Tensor a = Input([3, 3], 23, Values.Normal, layout);
        GradCheck.GradGradCheck(t => Linalg.Cholesky(Spd(t[0])), a);
        GradCheck.GradGradCheck(t => Linalg.Cholesky(Spd(t[0]), upper: true), a);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void PinvAndLstsq(Layout layout)
    {
        Tensor tall = Input([4, 3], 24, Values.Normal, layout), rhs = Input([4, 2], 25, Values.Normal, layout);
        GradCheck.GradGradCheck(t => Linalg.Pinv(t[0]), tall);
        GradCheck.GradGradCheck(t => Linalg.Lstsq(t[0], t[1]), tall, rhs);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(0.5)]
    [InlineData(double.PositiveInfinity)]
    public void VectorNorm_EveryOrder(double ord)
    {
        foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
        {
            Tensor x = Input([3, 4], 26, Values.Distinct, layout);
            GradCheck.GradGradCheck(t => Linalg.VectorNorm(t[0] * 10, ord, [1]) * t[0].Sum(), x);
        }
    }

    /// <summary>½(X + Xᵀ): the symmetric matrix the eigendecomposition sees.</summary>
    private static Tensor Sym(Tensor a) => 0.5 * (a + a.Transpose(-1, -2));

    /// <summary>Fixed weights for sign-invariant sums of squared singular-vector or eigenvector entries.</summary>
    private static Tensor Weights(int rows, int cols) =>
        Tensor.Arange(rows * cols, DType.Float64).Reshape([rows, cols]).Sin() + 1.5;

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Svd_ValuesAndSignInvariantVectors_TallSquareWide(Layout layout)
    {
        foreach (int[] shape in new[] { new[] { 4, 3 }, new[] { 3, 3 }, new[] { 2, 4 } })
        {
            Tensor a = Input(shape, 31, Values.Normal, layout);
            int k = Math.Min(shape[0], shape[1]);
            GradCheck.GradGradCheck(t => Linalg.Svdvals(t[0]), a);
            // U·diag(S)·Vh is A itself: a sign-invariant function of all three factors
            GradCheck.GradGradCheck(t =>
            {
                var (u, s, vh) = Linalg.Svd(t[0], fullMatrices: false);
                return (u * s.Unsqueeze(-2)).MatMul(vh).Square();
            }, a);
            // weighted |U|² and |Vh|² sums exercise the U and Vh rules alone (and the m > n, m < n projections)
            Tensor wu = Weights(shape[0], k), wv = Weights(k, shape[1]);
            GradCheck.GradGradCheck(t => (Linalg.Svd(t[0], fullMatrices: false).U.Square() * wu).Sum(), a);
            GradCheck.GradGradCheck(t => (Linalg.Svd(t[0], fullMatrices: false).Vh.Square() * wv).Sum(), a);
        }
    }

    [Fact]
    public void Svd_FullMatricesAndBatched()
    {
        Tensor a = Input([2, 3, 2], 32, Values.Normal);
        GradCheck.GradGradCheck(t =>
        {
            var (u, s, vh) = Linalg.Svd(t[0]); // full: U [2, 3, 3], only its first 2 columns enter
            return (u.Narrow(-1, 0, 2).Square() * s.Unsqueeze(-2)).Sum() + vh.Square().Sum(-1).Sum();
        }, a);
        GradCheck.GradGradCheck(t => Linalg.Svdvals(t[0]).Square().Sum() * t[0].Sum(), a);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Eigh_ValuesAndSignInvariantVectors(Layout layout)
    {
        Tensor x = Input([3, 3], 33, Values.Normal, layout);
        Tensor w = Weights(3, 3);
        GradCheck.GradGradCheck(t => Linalg.Eigvalsh(Sym(t[0])), x);
        GradCheck.GradGradCheck(t => Linalg.Eigvalsh(Sym(t[0]), "U") * t[0].Sum(), x);
        GradCheck.GradGradCheck(t => (Linalg.Eigh(Sym(t[0])).Eigenvectors.Square() * w).Sum(), x);
        GradCheck.GradGradCheck(t =>
        {
            var (l, v) = Linalg.Eigh(Sym(t[0]), "U");
            return (v * l.Unsqueeze(-2)).MatMul(v.Transpose(-1, -2)).Exp(); // V diag(L) Vᵀ, through both rules
        }, x);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Qr_TallSquareAndWide(Layout layout)
    {
        foreach (int[] shape in new[] { new[] { 4, 3 }, new[] { 3, 3 }, new[] { 2, 4 } })
        {
            Tensor a = Input(shape, 34, Values.Normal, layout);
            GradCheck.GradGradCheck(t => Linalg.Qr(t[0]).Q, a);
            GradCheck.GradGradCheck(t => Linalg.Qr(t[0]).R, a);
            GradCheck.GradGradCheck(t => { var (q, r) = Linalg.Qr(t[0]); return q.Sin().Sum(-1) + r.Square().Sum(); }, a);
        }
        GradCheck.GradGradCheck(t => Linalg.Qr(t[0], "complete").Q, Input([2, 3], 35, Values.Normal, layout));
    }

    [Fact]
    public void Spectral_CondAndMatrixNorms()
    {
        Tensor a = Input([3, 3], 36, Values.Normal);
        GradCheck.GradGradCheck(t => Linalg.Cond(t[0]), a);
        GradCheck.GradGradCheck(t => Linalg.Cond(t[0], -2), a);
        GradCheck.GradGradCheck(t => Linalg.MatrixNorm(t[0], "nuc"), a);
        GradCheck.GradGradCheck(t => Linalg.MatrixNorm(t[0], 2), a);
        GradCheck.GradGradCheck(t => Linalg.MatrixNorm(t[0], -2), a);
    }

    [Fact]
    public void Det_OfASingularMatrix_RefusesCreateGraph()
    {
        Tensor a = Tensor.FromArray(new double[] { 1, 2, 2, 4 }, [2, 2]);
        a.RequiresGrad = true;
        var ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad(Linalg.Det(a), [a], createGraph: true));
        Assert.Contains("singular", ex.Message);
        double[] adjugate = Autograd.Grad(Linalg.Det(a), [a])[0].ToArray<double>(); // first order: the adjugate
        Assert.Equal(new double[] { 4, -2, -2, 1 }, adjugate.Select(v => Math.Round(v, 12)).ToArray());
    }
}
