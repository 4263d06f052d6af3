namespace DeepNotes.Tests.Core;

public class CreationTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Bool)]
    public void Zeros_Ones_Full_HaveShapeDTypeAndValues(DType dtype)
    {
        var z = Tensor.Zeros([2, 3], dtype);
        Assert.Equal(new Shape(2, 3), z.Shape);
        Assert.Equal(dtype, z.DType);
        Assert.Equal(2, z.Rank);
        Assert.Equal(6, z.ElementCount);
        Assert.True(z.IsContiguous);
        Assert.False(z.RequiresGrad);
        Assert.True(z.IsLeaf);
        Assert.All(z.ToArray<double>(), v => Assert.Equal(0.0, v));

        var o = Tensor.Ones([4], dtype);
        Assert.Equal(dtype, o.DType);
        Assert.All(o.ToArray<double>(), v => Assert.Equal(1.0, v));

        var f = Tensor.Full([3, 1], 1, dtype);
        Assert.Equal(new Shape(3, 1), f.Shape);
        Assert.All(f.ToArray<double>(), v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void Full_StoresTheValueInTheDType()
    {
        Assert.All(Tensor.Full([5], 2.5).ToArray<float>(), v => Assert.Equal(2.5f, v));
        Assert.All(Tensor.Full([2], -7.25, DType.Float64).ToArray<double>(), v => Assert.Equal(-7.25, v));
        Assert.All(Tensor.Full([2], -7, DType.Int32).ToArray<int>(), v => Assert.Equal(-7, v));
        Assert.All(Tensor.Full([2], 0.1).ToArray<float>(), v => Assert.Equal(0.1f, v));
    }

    [Fact]
    public void RequiresGradFlag_MakesALeafThatRequiresGrad()
    {
        var t = Tensor.Ones([2], DType.Float64, requiresGrad: true);
        Assert.True(t.RequiresGrad);
        Assert.True(t.IsLeaf);
        Assert.Null(t.Grad);
        Assert.True(Tensor.Zeros([2], requiresGrad: true).RequiresGrad);
        Assert.True(Tensor.Full([2], 3, requiresGrad: true).RequiresGrad);
        Assert.True(Tensor.Scalar(3, requiresGrad: true).RequiresGrad);
        Assert.True(Tensor.FromArray(new[] { 1f }, requiresGrad: true).RequiresGrad);
        Assert.True(Tensor.Rand([2], requiresGrad: true, generator: new Generator(1)).RequiresGrad);
        Assert.True(Tensor.Randn([2], requiresGrad: true, generator: new Generator(1)).RequiresGrad);
    }

    [Fact]
    public void IntegerTensors_CannotRequireGrad()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int32, requiresGrad: true));
        Assert.Contains("Int32", ex.Message);
        Assert.Throws<InvalidOperationException>(() => Tensor.Ones([2], DType.Bool, requiresGrad: true));
    }

    [Fact]
    public void ZerosLike_OnesLike_CopyShapeAndDTypeButNotRequiresGrad()
    {
        var src = Tensor.Rand([3, 2], DType.Float64, new Generator(1), requiresGrad: true);
        var z = Tensor.ZerosLike(src);
        var o = Tensor.OnesLike(src);
        Assert.Equal(src.Shape, z.Shape);
        Assert.Equal(DType.Float64, z.DType);
        Assert.Equal(DType.Float64, o.DType);
        Assert.False(z.RequiresGrad);
        Assert.Equal(new double[6], z.ToArray<double>());
        Assert.Equal(Enumerable.Repeat(1.0, 6), o.ToArray<double>());
        Assert.Equal(DType.Int32, Tensor.OnesLike(Tensor.Zeros([2], DType.Int32)).DType);
    }

    [Fact]
    public void Scalar_IsZeroDim()
    {
        var s = Tensor.Scalar(3.5);
        Assert.Equal(0, s.Rank);
        Assert.Equal(Shape.Scalar, s.Shape);
        Assert.Equal(1, s.ElementCount);
        Assert.Equal(DType.Float32, s.DType);
        Assert.Equal(3.5, s.Item());
        Assert.Equal(DType.Int32, Tensor.Scalar(4, DType.Int32).DType);
        Assert.Equal(4, Tensor.Scalar(4, DType.Int32).Item<int>());
    }

    [Fact]
    public void FromArray_1D_InfersDTypeAndCopies()
    {
        var data = new[] { 1f, 2f, 3f };
        var t = Tensor.FromArray(data);
        Assert.Equal(new Shape(3), t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        data[0] = 100f;
        Assert.Equal(new[] { 1f, 2f, 3f }, t.ToArray<float>()); // the tensor owns a copy

        Assert.Equal(DType.Float64, Tensor.FromArray(new[] { 1.0 }).DType);
        Assert.Equal(DType.Int32, Tensor.FromArray(new[] { 1 }).DType);
        Assert.Equal(DType.Bool, Tensor.FromArray(new[] { true, false }).DType);
        Assert.Equal(new[] { true, false }, Tensor.FromArray(new[] { true, false }).ToArray<bool>());
        Assert.Equal(new Shape(0), Tensor.FromArray(Array.Empty<float>()).Shape);
    }

    [Fact]
    public void FromArray_WithShape_IsRowMajor()
    {
        var t = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(1.0, t[0, 0].Item());
        Assert.Equal(3.0, t[0, 2].Item());
        Assert.Equal(4.0, t[1, 0].Item());
        Assert.Equal(6.0, t[1, 2].Item());
        Assert.Equal(new[] { 12, 1 }.Length, t.Strides.Count);
        Assert.Equal(new[] { 3, 1 }, t.Strides);

        var scalar = Tensor.FromArray(new[] { 9f }, Shape.Scalar);
        Assert.Equal(0, scalar.Rank);
        Assert.Equal(9f, scalar.Item<float>());
    }

    [Fact]
    public void FromArray_2DArray_KeepsRowsAndColumns()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new Shape(2, 3), t.Shape);
        Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, t.ToArray<float>());
        Assert.Equal(DType.Int32, Tensor.FromArray(new int[,] { { 1 }, { 2 } }).DType);
        Assert.True(Tensor.FromArray(new double[,] { { 1 } }, requiresGrad: true).RequiresGrad);
    }

    [Fact]
    public void FromArray_ShapeLengthMismatch_NamesBoth()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1f, 2f, 3f }, [2, 2]));
        Assert.Contains("[2, 2]", ex.Message);
        Assert.Contains("4", ex.Message);
        Assert.Contains("3", ex.Message);
        Assert.Throws<ArgumentNullException>(() => Tensor.FromArray((float[])null!));
    }

    [Fact]
    public void Arange_CountsAndValues()
    {
        Assert.Equal(new[] { 0f, 1, 2, 3, 4 }, Tensor.Arange(5).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Arange(5).DType);
        Assert.Equal(new[] { 1.0, 1.25, 1.5, 1.75 }, Tensor.Arange(1, 2, 0.25, DType.Float64).ToArray<double>());
        // ceil((1 - 0) / 0.3) = 4 elements: 0, 0.3, 0.6, 0.9
        var t = Tensor.Arange(0, 1, 0.3, DType.Float64).ToArray<double>();
        Assert.Equal(4, t.Length);
        Assert.Equal(0.9, t[3], 1e-12);
        Assert.Equal(new[] { 2, 4, 6 }, Tensor.Arange(2, 7, 2, DType.Int32).ToArray<int>());
        Assert.Equal(new Shape(0), Tensor.Arange(0).Shape);
        Assert.Equal(new Shape(0), Tensor.Arange(3, 3).Shape);
    }

    [Fact]
    public void Arange_NegativeStep_CountsDown()
    {
        Assert.Equal(new[] { 5.0, 3, 1 }, Tensor.Arange(5, 0, -2, DType.Float64).ToArray<double>());
        Assert.Equal(new[] { 0.0, -0.5, -1, -1.5 }, Tensor.Arange(0, -2, -0.5, DType.Float64).ToArray<double>());
    }

    [Theory]
    [InlineData(0, 5, 0)]
    [InlineData(0, 5, -1)]
    [InlineData(5, 0, 1)]
    [InlineData(0, 5, double.NaN)]
    public void Arange_BadStep_Throws(double start, double end, double step)
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(start, end, step));
        Assert.Contains("Arange", ex.Message);
    }

    [Fact]
    public void Arange_NonFiniteBounds_Throw()
    {
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(double.NaN, 5));
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0, double.NaN));
    }

    [Fact]
    public void Eye_SquareAndRectangular()
    {
        Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0, 0, 0, 1 }, Tensor.Eye(3).ToArray<float>());
        var wide = Tensor.Eye(2, 3, DType.Float64);
        Assert.Equal(new Shape(2, 3), wide.Shape);
        Assert.Equal(DType.Float64, wide.DType);
        Assert.Equal(new[] { 1.0, 0, 0, 0, 1, 0 }, wide.ToArray<double>());
        var tall = Tensor.Eye(3, 2, DType.Int32);
        Assert.Equal(new Shape(3, 2), tall.Shape);
        Assert.Equal(new[] { 1, 0, 0, 1, 0, 0 }, tall.ToArray<int>());
        Assert.Equal(new Shape(0, 0), Tensor.Eye(0).Shape);
    }

    [Fact]
    public void Rand_IsInUnitIntervalWithUniformMoments()
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            var t = Tensor.Rand([100_000], dtype, new Generator(1234));
            Assert.Equal(dtype, t.DType);
            double[] v = t.ToArray<double>();
            Assert.All(v, x => Assert.True(x >= 0.0 && x < 1.0, $"{x} outside [0, 1)"));
            double mean = v.Average();
            double variance = v.Select(x => (x - mean) * (x - mean)).Average();
            // standard error of the mean ≈ 0.29 / 316 ≈ 0.0009; bounds are > 10 sigma
            Assert.InRange(mean, 0.49, 0.51);
            Assert.InRange(variance, 1.0 / 12 - 0.004, 1.0 / 12 + 0.004);
            Assert.InRange(v.Count(x => x < 0.25) / 100_000.0, 0.24, 0.26);
        }
    }

    [Fact]
    public void Randn_HasZeroMeanUnitStd()
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            double[] v = Tensor.Randn([100_000], dtype, new Generator(99)).ToArray<double>();
            double mean = v.Average();
            double std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
            Assert.InRange(mean, -0.02, 0.02);
            Assert.InRange(std, 0.98, 1.02);
            // about 68.3% within one standard deviation
            Assert.InRange(v.Count(x => Math.Abs(x) < 1) / 100_000.0, 0.673, 0.693);
            Assert.All(v, x => Assert.True(double.IsFinite(x)));
        }
    }

    [Fact]
    public void RandInt_StaysInRangeAndHitsEveryValue()
    {
        var t = Tensor.RandInt(-3, 4, [10_000], new Generator(5));
        Assert.Equal(DType.Int32, t.DType);
        int[] v = t.ToArray<int>();
        Assert.All(v, x => Assert.InRange(x, -3, 3));
        Assert.Equal(Enumerable.Range(-3, 7), v.Distinct().Order());
        // each of 7 values expects ~1429 hits
        Assert.All(v.GroupBy(x => x), g => Assert.InRange(g.Count(), 1200, 1650));
    }

    [Fact]
    public void RandInt_BadBounds_NameThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.RandInt(5, 5, [2]));
        Assert.Contains("low=5", ex.Message);
        Assert.Contains("high=5", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.RandInt(5, 1, [2]));
    }

    [Fact]
    public void Rand_Randn_RejectNonFloatDTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Rand([2], DType.Int32));
        Assert.Contains("Int32", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Randn([2], DType.Bool));
    }

    [Fact]
    public void EmptyShapes_AreAllowed()
    {
        var e = Tensor.Zeros([2, 0, 3]);
        Assert.Equal(0, e.ElementCount);
        Assert.Empty(e.ToArray<float>());
        Assert.Empty(Tensor.Rand([0], generator: new Generator(1)).ToArray<float>());
    }
}
