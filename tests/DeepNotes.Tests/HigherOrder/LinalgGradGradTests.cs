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
