namespace DeepNotes.Tests.Core;

public class AccessAndConversionTests
{
    private static Tensor Matrix2x3() => Tensor.FromArray(new[] { 0f, 1, 2, 3, 4, 5 }, [2, 3]);

    [Fact]
    public void Item_ConvertsTheSingleElement()
    {
        Assert.Equal(2.5f, Tensor.Scalar(2.5).Item<float>());
        Assert.Equal(2.5, Tensor.Scalar(2.5, DType.Float64).Item<double>());
        Assert.Equal(-3, Tensor.Scalar(-3, DType.Int32).Item<int>());
        Assert.True(Tensor.Scalar(1, DType.Bool).Item<bool>());
        Assert.False(Tensor.Scalar(0, DType.Bool).Item<bool>());
        Assert.Equal(1.0, Tensor.Scalar(1, DType.Bool).Item());
        Assert.Equal(7, Tensor.Scalar(7.9).Item<int>()); // float -> int truncates toward zero
        Assert.Equal(-7, Tensor.Scalar(-7.9).Item<int>());
        Assert.Equal(0.1f, Tensor.Scalar(0.1).Item<float>());
        // a one-element tensor of any rank
        Assert.Equal(4.0, Tensor.Full([1, 1, 1], 4).Item());
    }

    [Fact]
    public void Item_OnManyOrZeroElements_ThrowsNamingTheShape()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Matrix2x3().Item<float>());
        Assert.Contains("6 elements", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([0]).Item());
        Assert.Contains("0 elements", ex.Message);
    }

    [Fact]
    public void ToArray_OfTransposedView_IsInLogicalOrder()
    {
        var t = Matrix2x3().T; // [[0, 3], [1, 4], [2, 5]]
        Assert.False(t.IsContiguous);
        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.Equal(new[] { 0f, 3, 1, 4, 2, 5 }, t.ToArray<float>());
        Assert.Equal(new[] { 0.0, 3, 1, 4, 2, 5 }, t.ToArray<double>());
    }

    [Fact]
    public void ToArray_OfSteppedSlice_IsInLogicalOrder()
    {
        var v = Tensor.Arange(10, DType.Int32).Slice(0, 1, 8, 3);
        Assert.Equal(new[] { 1, 4, 7 }, v.ToArray<int>());
        var m = Tensor.Arange(12, DType.Float64).Reshape(3, 4).Slice(1, 0, 4, 2); // columns 0 and 2
        Assert.Equal(new[] { 0.0, 2, 4, 6, 8, 10 }, m.ToArray<double>());
        var n = Tensor.Arange(12, DType.Float64).Reshape(3, 4).Narrow(0, 1, 2).Narrow(1, 1, 2);
        Assert.Equal(new[] { 5.0, 6, 9, 10 }, n.ToArray<double>());
    }

    [Fact]
    public void ToArray_OfExpandedView_RepeatsElements()
    {
        var e = Tensor.FromArray(new[] { 1, 2, 3 }, [3, 1]).Expand(3, 2);
        Assert.Equal(new[] { 1, 1, 2, 2, 3, 3 }, e.ToArray<int>());
        var r = Tensor.FromArray(new[] { 1f, 2f }).Expand(2, 2);
        Assert.Equal(new[] { 1f, 2, 1, 2 }, r.ToArray<float>());
        Assert.Equal(new[] { 0, 1 }, r.Strides);
    }

    [Fact]
    public void ToArray_ReturnsACopy()
    {
        var t = Tensor.FromArray(new[] { 1f, 2f });
        t.ToArray<float>()[0] = 50;
        Assert.Equal(1f, t[0].Item<float>());
    }

    [Fact]
    public void To_FloatToOtherDTypes()
    {
        double[] values = [-2.7, -0.5, 0, 0.5, 1, 3.9];
        var f64 = Tensor.FromArray(values);
        var f32 = f64.To(DType.Float32);
        Assert.Equal(DType.Float32, f32.DType);
        Assert.Equal(values.Select(v => (float)v), f32.ToArray<float>());
        Assert.Equal(values.Select(v => (double)(float)v), f32.To(DType.Float64).ToArray<double>());

        // truncation toward zero, like torch's float -> int conversion
        int[] truncated = [-2, 0, 0, 0, 1, 3];
        Assert.Equal(truncated, f64.To(DType.Int32).ToArray<int>());
        Assert.Equal(truncated, f32.To(DType.Int32).ToArray<int>());
        Assert.Equal(DType.Int32, f32.To(DType.Int32).DType);

        bool[] nonZero = [true, true, false, true, true, true];
        Assert.Equal(nonZero, f64.To(DType.Bool).ToArray<bool>());
        Assert.Equal(nonZero, f32.To(DType.Bool).ToArray<bool>());
    }

    [Fact]
    public void To_Float64ToFloat32_RoundsAndOverflowsToInfinity()
    {
        var t = Tensor.FromArray(new[] { 0.1, 1e300, -1e300, 16777217.0 }).To(DType.Float32).ToArray<float>();
        Assert.Equal(0.1f, t[0]);
        Assert.Equal(float.PositiveInfinity, t[1]);
        Assert.Equal(float.NegativeInfinity, t[2]);
        Assert.Equal(16777216f, t[3]);
    }

    [Fact]
    public void To_IntAndBoolToOtherDTypes()
    {
        var i = Tensor.FromArray(new[] { -3, 0, 1, 7, 16777219 });
        Assert.Equal(new[] { -3f, 0, 1, 7, 16777220f }, i.To(DType.Float32).ToArray<float>()); // nearest float
        Assert.Equal(new[] { -3.0, 0, 1, 7, 16777219 }, i.To(DType.Float64).ToArray<double>());
        Assert.Equal(new[] { true, false, true, true, true }, i.To(DType.Bool).ToArray<bool>());

        var b = Tensor.FromArray(new[] { true, false, true });
        Assert.Equal(new[] { 1f, 0, 1 }, b.To(DType.Float32).ToArray<float>());
        Assert.Equal(new[] { 1.0, 0, 1 }, b.To(DType.Float64).ToArray<double>());
        Assert.Equal(new[] { 1, 0, 1 }, b.To(DType.Int32).ToArray<int>());
        Assert.Equal(new[] { 1, 0, 1 }, b.ToArray<int>());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Bool)]
    public void To_SameDType_ReturnsTheSameTensor(DType dtype)
    {
        var t = Tensor.Ones([2], dtype);
        Assert.Same(t, t.To(dtype));
    }

    [Fact]
    public void To_OfNonContiguousView_KeepsLogicalOrder()
    {
        var t = Matrix2x3().T.To(DType.Int32);
        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.Equal(new[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<int>());
    }

    [Fact]
    public void To_BetweenFloats_IsDifferentiable_ToInt_IsNot()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        var y = x.To(DType.Float32);
        Assert.Equal("ToCopyBackward", y.GradFnName);
        (y * y).Sum().Backward();
        Assert.Equal(DType.Float64, x.Grad!.DType);
        Assert.Equal(new[] { 2.0, 4.0 }, x.Grad.ToArray<double>());
        var i = x.To(DType.Int32);
        Assert.False(i.RequiresGrad);
        Assert.Null(i.GradFnName);
    }

    [Fact]
    public void Indexer_SelectsLeadingDimensions()
    {
        var t = Matrix2x3();
        var e = t[1, 2];
        Assert.Equal(0, e.Rank);
        Assert.Equal(5f, e.Item<float>());
        Assert.Equal(5f, t[-1, -1].Item<float>());
        Assert.Equal(3f, t[-1, 0].Item<float>());
        Assert.Equal(1f, t[0, -2].Item<float>());
        var row = t[-2];
        Assert.Equal(new Shape(3), row.Shape);
        Assert.Equal(new[] { 0f, 1, 2 }, row.ToArray<float>());
        var c = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal(new[] { 20f, 21, 22, 23 }, c[1, 2].ToArray<float>());
        Assert.Same(t, t[Array.Empty<int>()]);
    }

    [Theory]
    [InlineData(2, 0, 0, 2, 2)]
    [InlineData(-3, 0, 0, -3, 2)]
    [InlineData(0, 3, 1, 3, 3)]
    [InlineData(0, -4, 1, -4, 3)]
    public void Indexer_OutOfRange_NamesIndexDimensionAndShape(int i, int j, int dim, int bad, int size)
    {
        var t = Matrix2x3();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => t[i, j]);
        Assert.Contains($"Index {bad}", ex.Message);
        Assert.Contains($"dimension {dim} of size {size}", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
    }

    [Fact]
    public void Indexer_TooManyIndices_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Matrix2x3()[0, 0, 0]);
        Assert.Contains("3", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Scalar(1)[0]);
    }

    [Fact]
    public void SizeAndStrides()
    {
        var t = Tensor.Zeros([2, 3, 4]);
        Assert.Equal(4, t.Size(-1));
        Assert.Equal(2, t.Size(0));
        Assert.Equal(new[] { 12, 4, 1 }, t.Strides);
        Assert.Equal(new[] { 1, 4, 12 }, t.Permute(2, 1, 0).Strides);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Size(3));
    }
}
