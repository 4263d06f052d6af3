using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.LinearAlgebra.LinalgTestHelpers;

namespace DeepNotes.Tests.LinearAlgebra;

/// <summary>Bad input: PyTorch's conditions and message texts, naming what was expected and what came; nothing changes.</summary>
public class LinalgErrorTests
{
    private static Tensor Singular2() => Tensor.FromArray(new[] { 1.0, 2, 2, 4 }, new Shape(2, 2));

    [Fact]
    public void Inv_SingularMatrix_NamesTheZeroDiagonalElement_AndBatchElement()
    {
        var e = Assert.Throws<ArgumentException>(() => Linalg.Inv(Singular2()));
        Assert.Equal("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.", e.Message);
        var batch = Tensor.Stack([Tensor.Eye(2, 2, DType.Float64), Singular2()]);
        e = Assert.Throws<ArgumentException>(() => Linalg.Inv(batch));
        Assert.StartsWith("linalg.inv: (Batch element 1): The diagonal element 2 is zero", e.Message);
        Assert.Contains("singular", e.Message);
    }

    [Fact]
    public void Solve_Singular_ShapeMismatch_Dtype_Broadcast()
    {
        var batch = Tensor.Stack([Tensor.Eye(2, 2, DType.Float64), Singular2()]);
        var e = Assert.Throws<ArgumentException>(() => Linalg.Solve(batch, Tensor.Ones(new Shape(2), DType.Float64)));
        Assert.Equal("linalg.solve: (Batch element 1): The solver failed because the input matrix is singular.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Linalg.Solve(Tensor.Eye(3, 3, DType.Float64), Tensor.Ones(new Shape(4), DType.Float64)));
        Assert.Equal("linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 4x1)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Linalg.Solve(Tensor.Eye(3, 3, DType.Float64), Tensor.Ones(new Shape(4, 2), DType.Float64)));
        Assert.Contains("(3x3 and 4x2)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Linalg.Solve(Tensor.Eye(3), Tensor.Ones(new Shape(3), DType.Float64)));
        Assert.Equal("linalg.solve: Expected A and B to have the same dtype, but found A of type Float32 and B of type Float64 instead.", e.Message);
        e = Assert.Throws<ArgumentException>(() => Linalg.Solve(Tensor.Eye(3).Expand(2, 3, 3), Tensor.Ones(new Shape(3, 3, 2))));
        Assert.Contains("[2, 3, 3]", e.Message);
        Assert.Contains("[3, 3, 2]", e.Message);
        Assert.Contains("cannot be broadcast", e.Message);
    }

    [Fact]
    public void Cholesky_NotPositiveDefinite_NamesTheLeadingMinorOrder()
    {
        var bad = Tensor.FromArray(new[] { 1.0, 2, 2, 1 }, new Shape(2, 2));
        var e = Assert.Throws<ArgumentException>(() => Linalg.Cholesky(bad));
        Assert.Equal("linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).", e.Message);
        var batch = Tensor.Stack([Tensor.Eye(2, 2, DType.Float64), bad]);
        e = Assert.Throws<ArgumentException>(() => Linalg.Cholesky(batch));
        Assert.StartsWith("linalg.cholesky: (Batch element 1): ", e.Message);
        var nan = Tensor.FromArray(new[] { double.NaN, 0, 0, 1 }, new Shape(2, 2));
        Assert.Contains("order 1", Assert.Throws<ArgumentException>(() => Linalg.Cholesky(nan)).Message);
    }

    [Fact]
    public void NonSquare_OneDimensional_AndIntegerInputs_AreRejectedWithTheOpName()
    {
        var rect = Tensor.Ones(new Shape(2, 3));
        foreach (var (name, f) in new (string, Action)[]
        {
            ("linalg.inv", () => Linalg.Inv(rect)), ("linalg.det", () => Linalg.Det(rect)), ("linalg.slogdet", () => Linalg.Slogdet(rect)),
            ("linalg.cholesky", () => Linalg.Cholesky(rect)), ("linalg.eigh", () => Linalg.Eigh(rect)), ("linalg.eigvalsh", () => Linalg.Eigvalsh(rect)),
            ("linalg.matrix_power", () => Linalg.MatrixPower(rect, 2)), ("linalg.solve", () => Linalg.Solve(rect, Tensor.Ones(new Shape(2)))),
        })
        {
            var e = Assert.Throws<ArgumentException>(f);
            Assert.Equal($"{name}: A must be batches of square matrices, but they are 2 by 3 matrices (shape [2, 3]).", e.Message);
        }
        var vec = Tensor.Ones(new Shape(3));
        foreach (Action f in new Action[] { () => Linalg.Inv(vec), () => Linalg.Svd(vec), () => Linalg.Qr(vec), () => Linalg.Pinv(vec), () => Linalg.MatrixNorm(vec), () => Linalg.MatrixRank(vec), () => Linalg.Lstsq(vec, vec) })
            Assert.Contains("must have at least 2 dimensions, got shape [3]", Assert.Throws<ArgumentException>(f).Message);
        var ints = Tensor.FromArray(new[] { 1, 0, 0, 1 }, new Shape(2, 2));
        Assert.Contains("Got Int32", Assert.Throws<ArgumentException>(() => Linalg.Inv(ints)).Message);
        Assert.Contains("Got Int32", Assert.Throws<ArgumentException>(() => Linalg.VectorNorm(ints)).Message);
    }

    [Fact]
    public void BadModes_Orders_AndUplo()
    {
        var a = Tensor.Eye(3, 3, DType.Float64);
        Assert.Contains("unrecognized mode 'x'", Assert.Throws<ArgumentException>(() => Linalg.Qr(a, "x")).Message);
        Assert.Contains("Expected UPLO argument to be 'L' or 'U', but got X", Assert.Throws<ArgumentException>(() => Linalg.Eigh(a, "X")).Message);
        Assert.Contains("Order 3 not supported", Assert.Throws<ArgumentException>(() => Linalg.MatrixNorm(a, 3)).Message);
        Assert.Contains("Order max not supported", Assert.Throws<ArgumentException>(() => Linalg.MatrixNorm(a, "max")).Message);
        Assert.Contains("invalid norm type: 3", Assert.Throws<ArgumentException>(() => Linalg.Cond(a, 3)).Message);
        Assert.Contains("2 by 3", Assert.Throws<ArgumentException>(() => Linalg.Cond(Tensor.Ones(new Shape(2, 3)), "fro")).Message);
        Assert.Contains("dims must be different", Assert.Throws<ArgumentException>(() => Linalg.MatrixNorm(a, "fro", [0, -2])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Linalg.VectorNorm(a, 2, [2]));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Linalg.VectorNorm(Tensor.Zeros(new Shape(0)), double.PositiveInfinity)).Message);
        Assert.Contains("should match", Assert.Throws<ArgumentException>(() => Linalg.Lstsq(Tensor.Ones(new Shape(3, 2)), Tensor.Ones(new Shape(4, 1)))).Message);
    }

    [Fact]
    public void Qr_Backward_IsRefusedWherePyTorchRefusesIt()
    {
        var a = Matrix([4, 2], 40, Layout.Contiguous, boost: 1);
        var e = Assert.Throws<InvalidOperationException>(() => Linalg.Qr(a, "complete").Q.Sum().Backward());
        Assert.Contains("mode='complete' and nrows > ncols", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => Linalg.Qr(a, "r").R.Sum().Backward());
        Assert.Contains("mode='r'", e.Message);
    }

    [Fact]
    public void ProductShapeChecks_UseTorchTexts()
    {
        Tensor M(params int[] s) => Tensor.Ones(new Shape(s));
        Assert.Equal("Mv: size mismatch, got 2, 2x3,4.", Assert.Throws<ArgumentException>(() => M(2, 3).Mv(M(4))).Message);
        Assert.StartsWith("Mv: vector + matrix @ vector expected, got 1, 3, 1", Assert.Throws<ArgumentException>(() => M(2, 3, 1).Mv(M(4))).Message);
        Assert.Equal("Bmm: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5].", Assert.Throws<ArgumentException>(() => M(2, 3, 4).Bmm(M(2, 5, 6))).Message);
        Assert.Equal("Bmm: Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].", Assert.Throws<ArgumentException>(() => M(2, 3, 4).Bmm(M(3, 4, 6))).Message);
        Assert.StartsWith("Bmm: batch1 must be a 3D tensor", Assert.Throws<ArgumentException>(() => M(3, 4).Bmm(M(2, 4, 6))).Message);
        Assert.StartsWith("Bmm: batch2 must be a 3D tensor", Assert.Throws<ArgumentException>(() => M(2, 3, 4).Bmm(M(4, 6))).Message);
        Assert.Equal("Addmm: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5).", Assert.Throws<ArgumentException>(() => M(2, 5).Addmm(M(2, 3), M(4, 5))).Message);
        Assert.Equal("Addmm: The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 5].  Tensor sizes: [3, 5]",
            Assert.Throws<ArgumentException>(() => M(3, 5).Addmm(M(2, 3), M(3, 5))).Message);
        Assert.Equal("Addmm: mat1 must be a matrix, got 1-D tensor.", Assert.Throws<ArgumentException>(() => M(2, 5).Addmm(M(3), M(3, 5))).Message);
        Assert.Contains("Target sizes: [2, 3, 5].  Tensor sizes: [2, 4, 5]", Assert.Throws<ArgumentException>(() => M(2, 4, 5).Baddbmm(M(2, 3, 4), M(2, 4, 5))).Message);
        Assert.Equal("Dot: inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively.", Assert.Throws<ArgumentException>(() => M(3).Dot(M(4))).Message);
        Assert.Equal("Dot: 1D tensors expected, but got 2D and 1D tensors.", Assert.Throws<ArgumentException>(() => M(3, 1).Dot(M(3))).Message);
        Assert.Equal("Vdot: 1D tensors expected, but got 1D and 2D tensors.", Assert.Throws<ArgumentException>(() => M(3).Vdot(M(3, 1))).Message);
        Assert.Equal("Dot: expected both vectors to have same dtype, but found Float32 and Float64.", Assert.Throws<ArgumentException>(() => M(3).Dot(Tensor.Ones(new Shape(3), DType.Float64))).Message);
    }

    [Fact]
    public void FailedCalls_ChangeNothing()
    {
        var a = Tensor.Stack([Tensor.Eye(2, 2, DType.Float64), Singular2()]);
        a.RequiresGrad = true;
        double[] before = a.ToArray<double>();
        Assert.Throws<ArgumentException>(() => Linalg.Inv(a));
        Assert.Throws<ArgumentException>(() => Linalg.Solve(a, Tensor.Ones(new Shape(2, 2), DType.Float64)));
        Assert.Throws<ArgumentException>(() => Linalg.Cholesky(a));
        Assert.Equal(before, a.ToArray<double>());
        Assert.Null(a.Grad);
    }
}
