using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.LinearAlgebra.LinalgTestHelpers;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>Float32, empty and larger inputs, invariants, graph names and batch broadcasting.</summary>
public class LinalgBehaviourTests
{
    [Fact]
    public void Float32_AgreesWithFloat64_AndKeepsItsDtype()
    {
        Tensor a64 = Matrix([2, 4, 4], 50, Layout.Contiguous, boost: 3, requiresGrad: false), a32 = a64.To(DType.Float32);
        Tensor spd64 = a64.MatMul(a64.Transpose(-1, -2)), spd32 = spd64.To(DType.Float32);
        OpTestHelpers.AssertFloat32Agrees(Linalg.Inv(a64), Linalg.Inv(a32));
        OpTestHelpers.AssertFloat32Agrees(Linalg.Det(a64), Linalg.Det(a32), rtol: 1e-5, atol: 1e-4);
        OpTestHelpers.AssertFloat32Agrees(Linalg.Solve(a64, spd64), Linalg.Solve(a32, spd32), rtol: 1e-5, atol: 1e-4);
        OpTestHelpers.AssertFloat32Agrees(Linalg.Cholesky(spd64), Linalg.Cholesky(spd32));
        OpTestHelpers.AssertFloat32Agrees(Linalg.Svdvals(a64), Linalg.Svdvals(a32));
        OpTestHelpers.AssertFloat32Agrees(Linalg.Eigvalsh(spd64), Linalg.Eigvalsh(spd32), rtol: 1e-5, atol: 1e-4);
        OpTestHelpers.AssertFloat32Agrees(Linalg.Qr(a64).R, Linalg.Qr(a32).R);
        OpTestHelpers.AssertFloat32Agrees(Linalg.Pinv(a64), Linalg.Pinv(a32));
        OpTestHelpers.AssertFloat32Agrees(Linalg.MatrixNorm(a64, "nuc"), Linalg.MatrixNorm(a32, "nuc"));
        OpTestHelpers.AssertFloat32Agrees(Linalg.VectorNorm(a64, 3), Linalg.VectorNorm(a32, 3));
        var x = a32.Detach();
        x.RequiresGrad = true;
        Linalg.Inv(x).Sum().Backward();
        Assert.Equal(DType.Float32, x.Grad!.DType);
    }

    [Fact]
    public void LargerMatrices_AreAccurate()
    {
        const int n = 64;
        Tensor a = Matrix([n, n], 51, Layout.Contiguous, boost: 0, requiresGrad: false);
        Tensor eye = Tensor.Eye(n, n, DType.Float64);
        Assert.True(MaxDiff(a.MatMul(Linalg.Inv(a)), eye) < 1e-11);
        var (u, s, vh) = Linalg.Svd(a);
        Assert.True(MaxDiff((u * s.Unsqueeze(-2)).MatMul(vh), a) < 1e-12);
        Assert.True(OrthogonalityError(u) < 1e-13 && OrthogonalityError(vh.Transpose(-1, -2)) < 1e-13);
        Tensor sym = a + a.T;
        var (l, v) = Linalg.Eigh(sym);
        Assert.True(MaxDiff(sym.MatMul(v), v * l.Unsqueeze(-2)) < 1e-12);
        Assert.True(OrthogonalityError(v) < 1e-13);
        double[] lv = l.ToArray<double>();
        for (int i = 1; i < n; i++) Assert.True(lv[i - 1] <= lv[i]);
        Tensor spd = a.MatMul(a.T) + eye;
        Tensor c = Linalg.Cholesky(spd);
        Assert.True(MaxDiff(c.MatMul(c.T), spd) < 1e-11);
        var (q, r) = Linalg.Qr(a);
        Assert.True(MaxDiff(q.MatMul(r), a) < 1e-12);
        Assert.True(OrthogonalityError(q) < 1e-13);
    }

    [Fact]
    public void RankDeficientSvd_HasOrthonormalVectors()
    {
        Tensor a = Matrix([5, 2], 52, Layout.Contiguous, requiresGrad: false).MatMul(Matrix([2, 4], 53, Layout.Contiguous, requiresGrad: false));
        var (u, s, vh) = Linalg.Svd(a);
        Assert.True(OrthogonalityError(u) < 1e-13, $"U {OrthogonalityError(u)}");
        Assert.True(OrthogonalityError(vh.Transpose(-1, -2)) < 1e-13, $"V {OrthogonalityError(vh.Transpose(-1, -2))}");
        Assert.True(MaxDiff(u.Narrow(-1, 0, 4).MatMul(s.Unsqueeze(-1) * vh), a) < 1e-12, $"rec {MaxDiff(u.Narrow(-1, 0, 4).MatMul(s.Unsqueeze(-1) * vh), a)} {s}");
        Assert.Equal(2, Linalg.MatrixRank(a).Item<int>());
    }

    [Fact]
    public void EmptyInputs_GiveEmptyOrIdentityResults_AsPyTorch()
    {
        Tensor empty = Tensor.Zeros(new Shape(0, 3, 3), DType.Float64);
        Assert.Equal(new Shape(0, 3, 3), Linalg.Inv(empty).Shape);
        Assert.Equal(new Shape(0), Linalg.Det(empty).Shape);
        Tensor zero = Tensor.Zeros(new Shape(0, 0), DType.Float64);
        Assert.Equal(1.0, Linalg.Det(zero).Item<double>()); // empty product, as torch
        Assert.Equal(new Shape(0, 0), Linalg.Inv(zero).Shape);
        Assert.Equal(0.0, Linalg.VectorNorm(Tensor.Zeros(new Shape(0), DType.Float64)).Item<double>());
        Assert.Equal(new Shape(0, 3), Linalg.Svdvals(Tensor.Zeros(new Shape(0, 3, 5), DType.Float64)).Shape);
    }

    [Fact]
    public void Solve_BroadcastsBatchDimensions_AndSumsTheGradientBack()
    {
        Tensor a = Matrix([1, 3, 3], 54, Layout.Contiguous, boost: 3), b = Matrix([4, 3, 2], 55, Layout.Contiguous);
        Tensor x = Linalg.Solve(a, b);
        Assert.Equal(new Shape(4, 3, 2), x.Shape);
        Assert.True(MaxDiff(a.MatMul(x), b) < 1e-13);
        Assert.True(GradCheck.Check(t => Linalg.Solve(t[0], t[1]), a, b));
    }

    [Fact]
    public void GraphNames_FollowPyTorch()
    {
        Tensor a = Matrix([3, 3], 56, Layout.Contiguous, boost: 3);
        Assert.Equal("LinalgInvExBackward", Linalg.Inv(a).GradFnName);
        Assert.Equal("LinalgDetBackward", Linalg.Det(a).GradFnName);
        Assert.Equal("LinalgSvdBackward", Linalg.Svdvals(a).GradFnName);
        Assert.Equal("LinalgEighBackward", Linalg.Eigvalsh(a).GradFnName);
        Assert.Equal("LinalgVectorNormBackward", Linalg.VectorNorm(a).GradFnName);
        Assert.False(Linalg.Slogdet(a).Sign.RequiresGrad);
        using (Autograd.NoGrad()) Assert.False(Linalg.Inv(a).RequiresGrad);
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        Tensor a = Matrix([3, 20, 20], 57, Layout.Contiguous, boost: 2, requiresGrad: false);
        int saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            double[] one = Linalg.Inv(a).ToArray<double>(), s1 = Linalg.Svdvals(a).ToArray<double>();
            Parallelism.ThreadCount = 2;
            Assert.Equal(one, Linalg.Inv(a).ToArray<double>());
            Assert.Equal(s1, Linalg.Svdvals(a).ToArray<double>());
        }
        finally { Parallelism.ThreadCount = saved; }
    }
}
