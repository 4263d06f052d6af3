using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.LinearAlgebra.LinalgTestHelpers;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>
/// Float64 GradCheck of every differentiable Linalg op and product, each over contiguous, transposed and sliced
/// inputs. Symmetric-input ops (Cholesky, Eigh) see ½(X + Xᵀ) and vector outputs enter through sign-invariant
/// functions, as in PyTorch's own tests.
/// </summary>
public class LinalgGradCheckTests
{
    public static TheoryData<Layout> Layouts => new() { Layout.Contiguous, Layout.Transposed, Layout.Sliced };

    private static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert.True(GradCheck.Check(f, inputs));

    private static Tensor Sym(Tensor a) => 0.5 * (a + a.Transpose(-1, -2));

    [Theory, MemberData(nameof(Layouts))]
    public void Inv(Layout layout) => Check(t => Linalg.Inv(t[0]), Matrix([2, 3, 3], 1, layout, boost: 3));

    [Theory, MemberData(nameof(Layouts))]
    public void Solve_MatrixVectorBroadcastAndRight(Layout layout)
    {
        Tensor a = Matrix([2, 3, 3], 2, layout, boost: 3), b = Matrix([3, 2], 3, layout), v = Matrix([2, 3], 4, layout);
        Check(t => Linalg.Solve(t[0], t[1]), a, b);
        Check(t => Linalg.Solve(t[0], t[1]), a, v);
        Check(t => Linalg.Solve(t[0], t[1], left: false), a, Matrix([2, 2, 3], 5, layout));
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Det_And_LogAbsDet(Layout layout)
    {
        Tensor a = Matrix([2, 3, 3], 6, layout, boost: 2);
        Check(t => Linalg.Det(t[0]), a);
        Check(t => Linalg.Slogdet(t[0]).LogAbsDet, a);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Cholesky_LowerAndUpper(Layout layout)
    {
        Tensor x = Matrix([2, 4, 4], 7, layout, boost: 5);
        Check(t => Linalg.Cholesky(Sym(t[0])), x);
        Check(t => Linalg.Cholesky(Sym(t[0]), upper: true), x);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Qr_TallSquareAndWide(Layout layout)
    {
        foreach (int[] shape in new[] { new[] { 5, 3 }, new[] { 3, 3 }, new[] { 3, 5 } })
        {
            Tensor a = Matrix(shape, 8, layout, boost: 2);
            Check(t => Linalg.Qr(t[0]).Q, a);
            Check(t => Linalg.Qr(t[0]).R, a);
        }
        Check(t => Linalg.Qr(t[0], "complete").Q, Matrix([3, 5], 9, layout, boost: 2));
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Eigh_ValuesAndSignInvariantVectors(Layout layout)
    {
        Tensor x = Matrix([2, 4, 4], 10, layout, boost: 0);
        Check(t => Linalg.Eigvalsh(Sym(t[0])), x);
        Check(t => { var v = Linalg.Eigh(Sym(t[0])).Eigenvectors; return v * v; }, x);
        Check(t => { var (l, v) = Linalg.Eigh(Sym(t[0]), "U"); return (v * l.Unsqueeze(-2)).MatMul(v.Transpose(-1, -2)); }, x);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Svd_ValuesAndSignInvariantVectors(Layout layout)
    {
        foreach (int[] shape in new[] { new[] { 2, 5, 3 }, new[] { 3, 3 }, new[] { 3, 5 } })
        {
            Tensor a = Matrix(shape, 11, layout, boost: 1);
            Check(t => Linalg.Svdvals(t[0]), a);
            Check(t => { var (u, _, _) = Linalg.Svd(t[0], fullMatrices: false); return u * u; }, a);
            Check(t => { var (_, _, vh) = Linalg.Svd(t[0], fullMatrices: false); return vh * vh; }, a);
            Check(t => { var (u, s, vh) = Linalg.Svd(t[0]); return u.Narrow(-1, 0, s.Shape[-1]).MatMul(vh.Narrow(-2, 0, s.Shape[-1])); }, a);
        }
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Pinv_Lstsq(Layout layout)
    {
        Check(t => Linalg.Pinv(t[0]), Matrix([2, 5, 3], 12, layout, boost: 1));
        Check(t => Linalg.Pinv(t[0]), Matrix([3, 5], 13, layout, boost: 1));
        Check(t => Linalg.Pinv(Sym(t[0]), hermitian: true), Matrix([4, 4], 14, layout, boost: 3));
        Check(t => Linalg.Lstsq(t[0], t[1]), Matrix([5, 3], 15, layout, boost: 1), Matrix([5, 2], 16, layout));
        Check(t => Linalg.Lstsq(t[0], t[1]), Matrix([2, 4], 17, layout, boost: 1), Matrix([2, 2], 18, layout));
    }

    [Theory, MemberData(nameof(Layouts))]
    public void VectorNorm_EveryOrder(Layout layout)
    {
        Tensor x = Matrix([2, 3, 4], 19, layout);
        foreach (double ord in new[] { 2.0, 1, 3, 0.5, 1.5, double.PositiveInfinity, double.NegativeInfinity })
        {
            Check(t => Linalg.VectorNorm(t[0], ord, [0, 2]), x);
            Check(t => Linalg.VectorNorm(t[0], ord, [-1], keepDim: true), x);
        }
        Check(t => Linalg.VectorNorm(t[0]), x);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void MatrixNorm_EveryOrder_AndCond(Layout layout)
    {
        Tensor a = Matrix([2, 3, 4], 20, layout, boost: 1);
        Check(t => Linalg.MatrixNorm(t[0]), a);
        Check(t => Linalg.MatrixNorm(t[0], "nuc"), a);
        foreach (double ord in new[] { 1.0, -1, 2, -2, double.PositiveInfinity, double.NegativeInfinity })
            Check(t => Linalg.MatrixNorm(t[0], ord), a);
        Check(t => Linalg.MatrixNorm(t[0], "fro", [0, 2], keepDim: true), a);
        Tensor sq = Matrix([2, 3, 3], 21, layout, boost: 2);
        Check(t => Linalg.Cond(t[0]), a);
        Check(t => Linalg.Cond(t[0], "fro"), sq);
        Check(t => Linalg.Cond(t[0], 1), sq);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void MatrixPower_PositiveAndNegative(Layout layout)
    {
        Tensor a = Matrix([2, 3, 3], 22, layout, boost: 2);
        Check(t => Linalg.MatrixPower(t[0], 3), a);
        Check(t => Linalg.MatrixPower(t[0], -2), a);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void Products_MvBmmAddmmBaddbmmDotVdot(Layout layout)
    {
        Check(t => t[0].Mv(t[1]), Matrix([3, 4], 23, layout), Matrix([1, 4], 24, layout == Layout.Transposed ? Layout.Contiguous : layout).Reshape(4).Detach().RequireGrad());
        Check(t => t[0].Bmm(t[1]), Matrix([2, 3, 4], 25, layout), Matrix([2, 4, 5], 26, layout));
        Check(t => t[0].Addmm(t[1], t[2], beta: 0.5, alpha: -2), Matrix([3, 5], 27, layout), Matrix([3, 4], 28, layout), Matrix([4, 5], 29, layout));
        Check(t => t[0].Addmm(t[1], t[2]), Matrix([2, 5], 35, layout).Select(0, 1).Detach().RequireGrad(), Matrix([3, 4], 28, layout), Matrix([4, 5], 29, layout));
        Check(t => t[0].Addmm(t[1], t[2], beta: 0), Matrix([3, 5], 36, layout), Matrix([3, 4], 28, layout), Matrix([4, 5], 29, layout));
        Check(t => t[0].Baddbmm(t[1], t[2], beta: 2, alpha: 0.5), Matrix([2, 3, 5], 30, layout), Matrix([2, 3, 4], 31, layout), Matrix([2, 4, 5], 32, layout));
        Tensor u = Matrix([2, 4], 33, layout).Select(0, 1).Detach().RequireGrad(), w = Matrix([2, 4], 34, layout).Select(0, 0).Detach().RequireGrad();
        Check(t => t[0].Dot(t[1]), u, w);
        Check(t => t[0].Vdot(t[1]), u, w);
    }
}

internal static class GradTestExtensions
{
    public static Tensor RequireGrad(this Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }
}
