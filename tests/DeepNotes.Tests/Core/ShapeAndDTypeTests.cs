namespace DeepNotes.Tests.Core;

public class ShapeAndDTypeTests
{
    [Fact]
    public void Constructor_KeepsDimensionsInOrder()
    {
        var s = new Shape(2, 3, 4);
        Assert.Equal(3, s.Rank);
        Assert.Equal(3, s.Count);
        Assert.Equal(new[] { 2, 3, 4 }, s.ToArray());
        Assert.Equal(new[] { 2, 3, 4 }, s.ToList());
        Assert.Equal(2, s[0]);
        Assert.Equal(4, s[2]);
    }

    [Fact]
    public void CollectionExpression_BuildsTheSameShape()
    {
        Shape s = [5, 7];
        Assert.Equal(new Shape(5, 7), s);
        Shape scalar = [];
        Assert.Equal(Shape.Scalar, scalar);
        Assert.Equal(0, scalar.Rank);
        Shape fromArray = new[] { 1, 2 };
        Assert.Equal(new Shape(1, 2), fromArray);
    }

    [Fact]
    public void NegativeDimension_IsRejectedNamingTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Shape(2, -1, 3));
        Assert.Contains("[2, -1, 3]", ex.Message);
        Assert.Contains("non-negative", ex.Message);
    }

    [Fact]
    public void TooManyElements_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Shape(1 << 16, 1 << 16));
        Assert.Contains("[65536, 65536]", ex.Message);
    }

    [Fact]
    public void HugeDimensionsWithAZero_AreAnEmptyShape()
    {
        // The element count is 0, so nothing overflows (PyTorch accepts torch.empty(2**20, 2**20, 0)).
        var s = new Shape(1 << 20, 1 << 20, 0);
        Assert.Equal(0, s.ElementCount);
    }

    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new[] { 5 }, 5)]
    [InlineData(new[] { 2, 3 }, 6)]
    [InlineData(new[] { 2, 3, 4 }, 24)]
    [InlineData(new[] { 2, 0, 4 }, 0)]
    [InlineData(new[] { 0 }, 0)]
    public void ElementCount_IsTheProduct(int[] dims, int expected) => Assert.Equal(expected, new Shape(dims).ElementCount);

    [Fact]
    public void NegativeAxis_CountsFromTheEnd()
    {
        Shape s = [2, 3, 4];
        Assert.Equal(4, s[-1]);
        Assert.Equal(3, s[-2]);
        Assert.Equal(2, s[-3]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    [InlineData(100)]
    public void OutOfRangeAxis_ThrowsNamingAxisRankAndRange(int axis)
    {
        Shape s = [2, 3, 4];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s[axis]);
        Assert.Contains($"Axis {axis}", ex.Message);
        Assert.Contains("rank 3", ex.Message);
        Assert.Contains("[-3, 2]", ex.Message);
    }

    [Fact]
    public void ScalarShape_HasNoDimensionToIndex()
    {
        // torch.tensor(1.).size(0) raises IndexError; an IndexOutOfRangeException from inside Shape would be a bug.
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.Scalar[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.Scalar[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Scalar(1).Size(0));
    }

    [Fact]
    public void NormalizeAxis_MapsToZeroBasedAndAcceptsAxisZeroOnScalars()
    {
        Assert.Equal(2, Shape.NormalizeAxis(-1, 3));
        Assert.Equal(0, Shape.NormalizeAxis(-3, 3));
        Assert.Equal(1, Shape.NormalizeAxis(1, 3));
        Assert.Equal(0, Shape.NormalizeAxis(0, 0));
        Assert.Equal(0, Shape.NormalizeAxis(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.NormalizeAxis(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.NormalizeAxis(-4, 3));
    }

    [Fact]
    public void Equality_ComparesDimensions()
    {
        Shape a = [2, 3], b = [2, 3], c = [3, 2], d = [2, 3, 1];
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.True(a != d);
        Assert.False(a.Equals("[2, 3]"));
        Assert.True(default(Shape) == new Shape());
        Assert.Equal(default(Shape).GetHashCode(), new Shape().GetHashCode());
    }

    [Fact]
    public void ToString_IsBracketedCommaSeparated()
    {
        Assert.Equal("[2, 3]", new Shape(2, 3).ToString());
        Assert.Equal("[7]", new Shape(7).ToString());
        Assert.Equal("[]", Shape.Scalar.ToString());
        Assert.Equal("[1, 0, 5]", new Shape(1, 0, 5).ToString());
    }

    [Fact]
    public void ToArray_ReturnsACopy()
    {
        Shape s = [2, 3];
        int[] dims = s.ToArray();
        dims[0] = 99;
        Assert.Equal(2, s[0]);
    }

    [Fact]
    public void ContiguousStrides_AreRowMajor()
    {
        Assert.Equal(new[] { 12, 4, 1 }, new Shape(2, 3, 4).ContiguousStrides());
        Assert.Empty(Shape.Scalar.ContiguousStrides());
    }

    [Fact]
    public void DType_Facts()
    {
        Assert.Equal(DType.Float32, default(DType));
        Assert.True(DType.Float32.IsFloatingPoint());
        Assert.True(DType.Float64.IsFloatingPoint());
        Assert.False(DType.Int32.IsFloatingPoint());
        Assert.False(DType.Bool.IsFloatingPoint());
        Assert.Equal(4, DType.Float32.ElementSize());
        Assert.Equal(8, DType.Float64.ElementSize());
        Assert.Equal(4, DType.Int32.ElementSize());
        Assert.Equal(1, DType.Bool.ElementSize());
        Assert.Equal(typeof(float), DType.Float32.ClrType());
        Assert.Equal(typeof(double), DType.Float64.ClrType());
        Assert.Equal(typeof(int), DType.Int32.ClrType());
        Assert.Equal(typeof(bool), DType.Bool.ClrType());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DType)42).ElementSize());
    }

    [Fact]
    public void UnsupportedClrType_IsRejectedNamingIt()
    {
        // long became DType.Int64 (issue 13); short is still no dtype
        var ex = Assert.Throws<NotSupportedException>(() => Tensor.FromArray(new short[] { 1, 2 }));
        Assert.Contains("Int16", ex.Message);
        Assert.Throws<NotSupportedException>(() => Tensor.Zeros([2]).ToArray<ulong>());
    }
}
