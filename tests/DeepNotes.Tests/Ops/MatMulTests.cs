using DeepNotes;
using MathNet.Numerics.LinearAlgebra;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>MatMul: GradCheck over every operand form, and the forward result against MathNet.Numerics and a naive loop.</summary>
public class MatMulTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    public static TheoryData<string, string, Layout, Layout> GradCases() => new()
    {
        { "3,4", "4,5", C, C },
        { "3,4", "4,5", Tr, C },
        { "3,4", "4,5", C, Tr },
        { "3,4", "4,5", Tr, Tr },
        { "3,6", "6,2", Sl, Sl },
        { "1,1", "1,1", C, C },
        { "1,7", "7,1", C, C },
        { "7,1", "1,7", C, C },
        { "4", "4", C, C },
        { "7", "7", Sl, C },
        { "4", "4,5", C, C },
        { "4", "4,5", C, Tr },
        { "3,4", "4", C, C },
        { "3,4", "4", Tr, C },
        { "2,3,4", "2,4,5", C, C },
        { "2,3,4", "2,4,5", Tr, Tr },
        { "2,3,4", "4,5", C, C },
        { "3,4", "2,4,5", C, Tr },
        { "2,1,3,4", "3,4,2", C, C },
        { "2,1,3,4", "1,3,4,2", Tr, Tr },
        { "2,3,4", "4", C, C },
        { "4", "2,4,3", C, C },
        { "0,3", "3,2", C, C },
        { "3,4", "4,0", C, C },
        { "2,0", "0,3", C, C },
        { "0,3,4", "4,5", C, C },
    };

    [Theory]
    [MemberData(nameof(GradCases))]
    public void MatMul_PassesGradCheck(string shapeA, string shapeB, Layout layoutA, Layout layoutB)
    {
        var a = Input(S(shapeA), 71, Values.Normal, layoutA);
        var b = Input(S(shapeB), 72, Values.Normal, layoutB);
        Check(t => t[0].MatMul(t[1]), a, b);
    }

    [Fact]
    public void MatMul_EmptyInnerDimension_GivesZerosAndZeroGradients()
    {
        var a = Tensor.Zeros([2, 0], DType.Float64, requiresGrad: true);
        var b = Tensor.Zeros([0, 3], DType.Float64, requiresGrad: true);
        var c = a.MatMul(b);
        AssertClose(new double[6], c, 1e-12, 1e-12, shape: [2, 3]);
    }

    [Fact]
    public void MatMul_HandComputed()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.FromArray(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        AssertClose([58, 64, 139, 154], a.MatMul(b), 1e-12, 1e-12, shape: [2, 2]);
        AssertClose([32], Tensor.FromArray(new[] { 1.0, 2, 3 }).MatMul(Tensor.FromArray(new[] { 4.0, 5, 6 })), 1e-12, 1e-12, shape: []);
        AssertClose([50, 122], a.MatMul(Tensor.FromArray(new[] { 7.0, 8, 9 })), 1e-12, 1e-12, shape: [2]);
        AssertClose([23, 26], Tensor.FromArray(new[] { 1.0, 2 }).MatMul(Tensor.FromArray(new double[,] { { 1, 2 }, { 11, 12 } })), 1e-12, 1e-12, shape: [2]);
    }

    [Fact]
    public void MatMul_Gradients_HandComputed()
    {
        // C = A·B, L = sum(C): dA = 1·Bᵀ (row sums of B per column of A), dB = Aᵀ·1
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } }, requiresGrad: true);
        var b = Tensor.FromArray(new double[,] { { 5, 6 }, { 7, 8 } }, requiresGrad: true);
        a.MatMul(b).Sum().Backward();
        AssertClose([11, 15, 11, 15], a.Grad!, 1e-12, 1e-12);
        AssertClose([4, 4, 6, 6], b.Grad!, 1e-12, 1e-12);
    }

    public static TheoryData<int, int, int, bool, bool, bool> MathNetCases()
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        var g = new Generator(73);
        int[] fixedSizes = [1, 2, 7, 13, 31, 64, 61, 17];
        for (int i = 0; i < 12; i++)
        {
            int m = i < fixedSizes.Length ? fixedSizes[i] : g.NextInt32(1, 65);
            int k = i < fixedSizes.Length ? fixedSizes[(i + 3) % fixedSizes.Length] : g.NextInt32(1, 65);
            int n = i < fixedSizes.Length ? fixedSizes[(i + 5) % fixedSizes.Length] : g.NextInt32(1, 65);
            foreach (bool f32 in new[] { false, true })
                data.Add(m, k, n, i % 2 == 1, i % 4 >= 2, f32);
        }
        // every transpose layout at one prime size, both dtypes
        foreach (bool f32 in new[] { false, true })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(37, 41, 43, ta, tb, f32);
        return data;
    }

    [Theory]
    [MemberData(nameof(MathNetCases))]
    public void MatMul_AgreesWithMathNet(int m, int k, int n, bool transposeA, bool transposeB, bool float32)
    {
        var g = new Generator((ulong)(m * 10007 + k * 101 + n));
        var ad = Draw(Values.Normal, m * k, g);
        var bd = Draw(Values.Normal, k * n, g);
        var expected = (Matrix<double>.Build.DenseOfRowMajor(m, k, ad) * Matrix<double>.Build.DenseOfRowMajor(k, n, bd)).ToRowMajorArray();
        DType dtype = float32 ? DType.Float32 : DType.Float64;
        Tensor a = MakeOperand(ad, m, k, transposeA, dtype);
        Tensor b = MakeOperand(bd, k, n, transposeB, dtype);
        Assert.Equal(transposeA && m > 1 && k > 1, !a.IsContiguous);
        var c = a.MatMul(b);
        Assert.Equal(dtype, c.DType);
        // float32: error grows with k; products of N(0,1) entries have sums of magnitude ~sqrt(k)
        double tol = float32 ? 2e-6 * k : 1e-12 * k;
        AssertClose(expected, c, tol, float32 ? 1e-5 : 1e-12, shape: [m, n]);
        if (float32)
        {
            var expected32 = (Matrix<float>.Build.DenseOfRowMajor(m, k, ad.Select(x => (float)x).ToArray())
                * Matrix<float>.Build.DenseOfRowMajor(k, n, bd.Select(x => (float)x).ToArray())).ToRowMajorArray();
            AssertClose(expected32.Select(x => (double)x).ToArray(), c, tol, 1e-5);
        }
    }

    /// <summary>An [rows, cols] operand holding <paramref name="rowMajor"/>, as a transposed view of its transpose when asked.</summary>
    private static Tensor MakeOperand(double[] rowMajor, int rows, int cols, bool transposed, DType dtype)
    {
        if (!transposed) return Tensor.FromArray(rowMajor, new Shape(rows, cols)).To(dtype);
        var t = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) t[j * rows + i] = rowMajor[i * cols + j];
        return Tensor.FromArray(t, new Shape(cols, rows)).To(dtype).T;
    }

    [Theory]
    [InlineData("2,1,3,4", "3,4,5")]
    [InlineData("3,4", "2,3,4,5")]
    [InlineData("5,1,2,7", "1,3,7,1")]
    public void MatMul_Batched_AgreesWithPerBatchLoop(string shapeA, string shapeB)
    {
        int[] sa = S(shapeA), sb = S(shapeB);
        var a = Input(sa, 74, requiresGrad: false);
        var b = Input(sb, 75, requiresGrad: false, layout: Layout.Transposed);
        var c = a.MatMul(b);
        int m = sa[^2], k = sa[^1], n = sb[^1];
        int[] batch = BroadcastShape(sa[..^2], sb[..^2]);
        Assert.Equal(new Shape([.. batch, m, n]), c.Shape);
        double[] ad = D(a), bd = D(b), cd = D(c);
        int batchCount = batch.Aggregate(1, (x, y) => x * y);
        for (int i = 0; i < batchCount; i++)
        {
            var idx = Unravel(i, batch);
            int ai = BroadcastIndex(idx, sa[..^2]), bi = BroadcastIndex(idx, sb[..^2]);
            var expected = RefMatMul(ad[(ai * m * k)..((ai + 1) * m * k)], bd[(bi * k * n)..((bi + 1) * k * n)], m, k, n);
            for (int j = 0; j < m * n; j++) Assert.Equal(expected[j], cd[i * m * n + j], 12);
        }
    }

    [Fact]
    public void MatMul_Float32GradientsAgreeWithFloat64()
    {
        var a64 = Input([5, 7], 76);
        var b64 = Input([3, 7, 4], 77, layout: Layout.Transposed);
        var a32 = Input([5, 7], 76, dtype: DType.Float32);
        var b32 = Input([3, 7, 4], 77, layout: Layout.Transposed, dtype: DType.Float32);
        a64.MatMul(b64).Exp().Mean().Backward();
        a32.MatMul(b32).Exp().Mean().Backward();
        AssertFloat32Agrees(a64.Grad!, a32.Grad!, 1e-4, 1e-5);
        AssertFloat32Agrees(b64.Grad!, b32.Grad!, 1e-4, 1e-5);
    }
}
