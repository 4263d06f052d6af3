using System.Globalization;

namespace DeepNotes.Tests.Core;

/// <summary>
/// Expected strings follow PyTorch's _tensor_str rules (precision 4, threshold 1000, edgeitems 3): integer-valued
/// floats print as "1.", scientific when max/min of the nonzero finite magnitudes > 1000, max > 1e8 or min &lt; 1e-4,
/// right-aligned to the widest finite entry; with our ", shape=..., dtype=..." suffix instead of torch's dtype= note.
/// </summary>
public class FormatTests
{
    [Fact]
    public void Matrix_FixedFourDecimals_RowsAligned()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2.5f }, { 3, 4 } });
        Assert.Equal("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=Float32)", t.ToString());
    }

    [Fact]
    public void IntegerValuedFloats_PrintWithTrailingDot()
    {
        Assert.Equal("tensor([1., 2., 3.], shape=[3], dtype=Float32)", Tensor.FromArray(new[] { 1f, 2f, 3f }).ToString());
        Assert.Equal("tensor([  1., -10.], shape=[2], dtype=Float32)", Tensor.FromArray(new[] { 1f, -10f }).ToString());
        Assert.Equal("tensor([0., 0.], shape=[2], dtype=Float64)", Tensor.Zeros([2], DType.Float64).ToString());
        // 1e8 itself is not "> 1e8"
        Assert.Equal("tensor([100000000.], shape=[1], dtype=Float64)", Tensor.FromArray(new[] { 1e8 }).ToString());
    }

    [Fact]
    public void MixedSigns_AreRightAligned()
    {
        Assert.Equal("tensor([ 0.5000, -1.2500,  3.0000], shape=[3], dtype=Float64)",
            Tensor.FromArray(new[] { 0.5, -1.25, 3 }).ToString());
        Assert.Equal("tensor([ 0.0000, -0.5000], shape=[2], dtype=Float32)", Tensor.FromArray(new[] { 0f, -0.5f }).ToString());
    }

    [Fact]
    public void Rounding_IsToFourDecimals()
    {
        Assert.Equal("tensor([0.3333, 0.6667], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { 1 / 3.0, 2 / 3.0 }).ToString());
    }

    [Fact]
    public void WideRanges_UseScientificNotation()
    {
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { 1e-5, 1 }).ToString());
        Assert.Equal("tensor([1.0000e-03, 2.5000e+00], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { 1e-3, 2.5 }).ToString());
        Assert.Equal("tensor([1.0000e+09], shape=[1], dtype=Float64)", Tensor.FromArray(new[] { 1e9 }).ToString());
        Assert.Equal("tensor([-1.5000e+10,  2.0000e+00], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { -1.5e10, 2 }).ToString());
        // integer-valued, but max/min = 2000 > 1000
        Assert.Equal("tensor([1.0000e+00, 2.0000e+03], shape=[2], dtype=Float32)", Tensor.FromArray(new[] { 1f, 2000f }).ToString());
        // ratio exactly 1000 stays in integer mode
        Assert.Equal("tensor([   1., 1000.], shape=[2], dtype=Float32)", Tensor.FromArray(new[] { 1f, 1000f }).ToString());
    }

    [Fact]
    public void NonFiniteValues_DoNotWidenTheColumns()
    {
        // torch: tensor([1., nan, inf, -inf]) — the width comes from the finite entries only
        Assert.Equal("tensor([1., nan, inf, -inf], shape=[4], dtype=Float32)",
            Tensor.FromArray(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity }).ToString());
        Assert.Equal("tensor([0.5000,    nan], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { 0.5, double.NaN }).ToString());
        Assert.Equal("tensor([nan, -inf], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { double.NaN, double.NegativeInfinity }).ToString());
    }

    [Fact]
    public void Int32_And_Bool()
    {
        Assert.Equal("tensor([  1, -20, 300], shape=[3], dtype=Int32)", Tensor.FromArray(new[] { 1, -20, 300 }).ToString());
        Assert.Equal("tensor([ True, False], shape=[2], dtype=Bool)", Tensor.FromArray(new[] { true, false }).ToString());
        Assert.Equal("tensor([[0, 1],\n        [2, 3]], shape=[2, 2], dtype=Int32)", Tensor.Arange(4, DType.Int32).Reshape(2, 2).ToString());
    }

    [Fact]
    public void ZeroDim()
    {
        Assert.Equal("tensor(2.5000, shape=[], dtype=Float32)", Tensor.Scalar(2.5).ToString());
        Assert.Equal("tensor(3., shape=[], dtype=Float32)", Tensor.Scalar(3).ToString());
        Assert.Equal("tensor(-3., shape=[], dtype=Float64)", Tensor.Scalar(-3, DType.Float64).ToString());
        Assert.Equal("tensor(7, shape=[], dtype=Int32)", Tensor.Scalar(7, DType.Int32).ToString());
        Assert.Equal("tensor(True, shape=[], dtype=Bool)", Tensor.Scalar(1, DType.Bool).ToString());
    }

    [Fact]
    public void Empty()
    {
        Assert.Equal("tensor([], shape=[0], dtype=Float32)", Tensor.Zeros([0]).ToString());
        Assert.Equal("tensor([], shape=[2, 0], dtype=Int32)", Tensor.Zeros([2, 0], DType.Int32).ToString());
    }

    [Fact]
    public void RequiresGradAndGradFnSuffix()
    {
        var x = Tensor.FromArray(new[] { 1f, 2f }, requiresGrad: true);
        Assert.Equal("tensor([1., 2.], shape=[2], dtype=Float32, requiresGrad=True)", x.ToString());
        Assert.Equal("tensor([1., 4.], shape=[2], dtype=Float32, gradFn=<MulBackward>)", (x * x).ToString());
        Assert.Equal("tensor([1., 2.], shape=[2], dtype=Float32)", x.Detach().ToString());
    }

    [Fact]
    public void ThreeDims_SeparateBlocksWithBlankLines()
    {
        Assert.Equal(
            "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]], shape=[2, 2, 2], dtype=Float32)",
            Tensor.Arange(8).Reshape(2, 2, 2).ToString());
    }

    [Fact]
    public void NonContiguousView_PrintsLogicalOrder()
    {
        var t = Tensor.FromArray(new[] { 0f, 1, 2, 3, 4, 5 }, [2, 3]).T;
        Assert.Equal("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]], shape=[3, 2], dtype=Float32)", t.ToString());
    }

    [Fact]
    public void Elision_1D()
    {
        Assert.Equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999], shape=[2000], dtype=Int32)",
            Tensor.Arange(2000, DType.Int32).ToString());
        Assert.Equal("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.], shape=[1001], dtype=Float32)",
            Tensor.Arange(1001).ToString());
    }

    [Fact]
    public void Elision_2D()
    {
        string expected =
            "tensor([[   0,    1,    2,  ...,   37,   38,   39],\n" +
            "        [  40,   41,   42,  ...,   77,   78,   79],\n" +
            "        [  80,   81,   82,  ...,  117,  118,  119],\n" +
            "        ...,\n" +
            "        [1480, 1481, 1482,  ..., 1517, 1518, 1519],\n" +
            "        [1520, 1521, 1522,  ..., 1557, 1558, 1559],\n" +
            "        [1560, 1561, 1562,  ..., 1597, 1598, 1599]], shape=[40, 40], dtype=Int32)";
        Assert.Equal(expected, Tensor.Arange(1600, DType.Int32).Reshape(40, 40).ToString());
    }

    [Fact]
    public void Elision_3D_ShowsEdgesOnly()
    {
        string s = Tensor.Arange(2000, DType.Int32).Reshape(10, 10, 20).ToString();
        Assert.StartsWith("tensor([[[   0,    1,    2,  ...,   17,   18,   19],\n", s);
        Assert.EndsWith("1997, 1998, 1999]]], shape=[10, 10, 20], dtype=Int32)", s);
        Assert.Contains("]],\n\n        ...,\n\n        [[", s);
        Assert.Contains("         ...,\n", s);
        Assert.DoesNotContain(" 1000,", s); // element [5, 0, 0]
        Assert.DoesNotContain("   23,", s); // element [0, 1, 3]
        Assert.DoesNotContain(" 100,", s);  // element [0, 5, 0]
    }

    [Fact]
    public void Elision_FirstAndLastThreeOfRandomValues()
    {
        var t = Tensor.Rand([1500], DType.Float64, new Generator(3));
        double[] v = t.ToArray<double>();
        string s = t.ToString();
        foreach (int i in new[] { 0, 1, 2, 1497, 1498, 1499 })
            Assert.Contains(Fixed4(v, i), s);
        Assert.Contains(",  ...,", s);
        // the visible values, in order, separated only by the elision
        string expected = string.Join(", ", new[] { 0, 1, 2 }.Select(i => Fixed4(v, i))) + ",  ..., " +
                          string.Join(", ", new[] { 1497, 1498, 1499 }.Select(i => Fixed4(v, i)));
        Assert.Contains(expected, s);
    }

    private static string Fixed4(double[] v, int i) => v[i].ToString("0.0000", CultureInfo.InvariantCulture);

    [Fact]
    public void ExactlyThresholdElements_AreNotElided()
    {
        string s = Tensor.Arange(1000, DType.Int32).ToString();
        Assert.DoesNotContain("...", s);
        Assert.Contains(" 500,", s);
    }

    [Fact]
    public void Formatting_IgnoresTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // a culture with a decimal comma and an odd minus sign (the test host runs in globalization-invariant mode)
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("tensor([ 2.5000, -1.2500], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { 2.5, -1.25 }).ToString());
            Assert.Equal("tensor([-1.0000e-05,  1.0000e+00], shape=[2], dtype=Float64)", Tensor.FromArray(new[] { -1e-5, 1 }).ToString());
            Assert.Equal("tensor([-3,  4], shape=[2], dtype=Int32)", Tensor.FromArray(new[] { -3, 4 }).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
