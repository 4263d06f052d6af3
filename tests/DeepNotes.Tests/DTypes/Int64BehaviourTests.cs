using DeepNotes;

namespace DeepNotes.Tests.DTypes;

/// <summary>Int64 as a dtype: creation, element access, conversions, shape ops, selection ops and errors.</summary>
public class Int64BehaviourTests
{
    private const long Big = 9007199254740993L; // 2^53 + 1: not a double

    [Fact]
    public void Creation_FromArrays_ZerosFullArange()
    {
        var t = Tensor.FromArray(new[] { 1L, -2L, Big }, new Shape(3));
        Assert.Equal(DType.Int64, t.DType);
        Assert.Equal(8, DType.Int64.ElementSize());
        Assert.Equal(typeof(long), DType.Int64.ClrType());
        Assert.True(DType.Int64.IsInteger());
        Assert.False(DType.Int64.IsFloatingPoint());
        Assert.Equal(new[] { 1L, -2L, Big }, t.ToArray<long>());
        Assert.Equal(new long[] { 0, 0 }, Tensor.Zeros([2], DType.Int64).ToArray<long>());
        Assert.Equal(new long[] { 1, 1 }, Tensor.Ones([2], DType.Int64).ToArray<long>());
        Assert.Equal(new long[] { 5000000000, 5000000000 }, Tensor.Full([2], 5e9, DType.Int64).ToArray<long>());
        Assert.Equal(new long[] { 0, 3, 6 }, Tensor.Arange(0, 9, 3, DType.Int64).ToArray<long>());
        Assert.Equal(new long[] { 1, 0, 0, 1 }, Tensor.Eye(2, dtype: DType.Int64).ToArray<long>());
        Assert.Equal(new long[,] { { 1, 2 }, { 3, 4 } }.Cast<long>(), Tensor.FromArray(new long[,] { { 1, 2 }, { 3, 4 } }).ToArray<long>());
    }

    [Fact]
    public void Item_IsExactBeyond2Pow53_AndConvertsToOtherTypes()
    {
        var t = Tensor.FromArray(new[] { Big });
        Assert.Equal(Big, t.Item<long>());
        Assert.Equal(9007199254740992.0, t.Item<double>());
        Assert.Equal(7, Tensor.FromArray(new[] { 7L }).Item<int>());
        Assert.Equal(7L, Tensor.FromArray(new[] { 7 }).Item<long>());
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { 1L << 40 }).Item<int>());
        Assert.Equal(new long[] { 3, -3 }, Tensor.FromArray(new[] { 3, -3 }).ToArray<long>());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Bool)]
    public void To_AndBack_EveryDtype(DType other)
    {
        var t = Tensor.FromArray(new long[] { 0, 1, -5, 100 });
        Tensor there = t.To(other);
        Assert.Equal(other, there.DType);
        Tensor back = there.To(DType.Int64);
        Assert.Equal(DType.Int64, back.DType);
        long[] expected = other == DType.Bool ? new long[] { 0, 1, 1, 1 } : new long[] { 0, 1, -5, 100 };
        Assert.Equal(expected, back.ToArray<long>());
        // non-contiguous source
        var m = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 }, new Shape(2, 3)).Transpose(0, 1);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, m.To(DType.Float64).ToArray<double>());
        Assert.Equal(new long[] { 1, 4, 2, 5, 3, 6 }, m.Contiguous().ToArray<long>());
    }

    [Fact]
    public void FloatToInt64_RejectsNaN()
    {
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { float.NaN }).To(DType.Int64));
        Assert.Throws<OverflowException>(() => Tensor.FromArray(new[] { 1e19 }).To(DType.Int64));
    }

    [Fact]
    public void Int64_CannotRequireGrad()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int64, requiresGrad: true));
        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void ShapeOps_AreDtypeGeneric()
    {
        var t = Tensor.FromArray(new[] { 1L, 2, 3, 4, 5, Big }, new Shape(2, 3));
        Assert.Equal(new[] { 1L, 4, 2, 5, 3, Big }, t.T.Contiguous().ToArray<long>());
        Assert.Equal(new[] { 1L, 2, 3, 4, 5, Big }, t.Reshape(3, 2).ToArray<long>());
        Assert.Equal(new[] { Big, 5, 4, 3, 2, 1 }, t.Flip(0, 1).ToArray<long>());
        Assert.Equal(new[] { 3L, 1, 2, Big, 4, 5 }, t.Roll(1, 1).ToArray<long>());
        Assert.Equal(new[] { 1L, 2, 3, 1, 2, 3, 4, 5, Big, 4, 5, Big }, t.Repeat(1, 2).ToArray<long>());
        Assert.Equal(new[] { 2L, 5 }, t.Narrow(1, 1, 1).Contiguous().ToArray<long>());
        Assert.Equal(new[] { 1L, 0, 0, 4, 5, 0 }, t.Tril().ToArray<long>());
        Assert.Equal(new[] { 4L, 5, Big }, t[1].ToArray<long>());
        Assert.Equal(new[] { 1L, 1, 2, 2 }, Tensor.FromArray(new[] { 1L, 2 }).RepeatInterleave(2).ToArray<long>());
        Assert.Equal(new Shape(2, 1, 3), t.Unsqueeze(1).Shape);
        Assert.Equal(new[] { 1L, 2, 3, 4, 5, Big }, t.Expand(2, 2, 3)[1].Contiguous().ToArray<long>());
    }

    [Fact]
    public void WhereCatStack_PromoteAsTorch()
    {
        var l = Tensor.FromArray(new[] { Big, 2L });
        var i = Tensor.FromArray(new[] { 3, 4 });
        var mask = Tensor.FromArray(new[] { true, false });
        Tensor w = Tensor.Where(mask, l, i);
        Assert.Equal(DType.Int64, w.DType);
        Assert.Equal(new[] { Big, 4L }, w.ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.Where(mask, l, Tensor.FromArray(new[] { 0.5f, 1.5f })).DType);
        Tensor c = Tensor.Cat([l, i]);
        Assert.Equal(DType.Int64, c.DType);
        Assert.Equal(new[] { Big, 2L, 3, 4 }, c.ToArray<long>());
        Assert.Equal(new[] { Big, 2L, 3, 4 }, Tensor.Stack([l, i]).Reshape(-1).ToArray<long>());
        Assert.Equal(DType.Float32, Tensor.Cat([l, Tensor.Zeros([1])]).DType);
    }

    [Fact]
    public void Logic_Unique_CountNonzero_MaskedFill()
    {
        var t = Tensor.FromArray(new[] { 0L, Big, -1, Big, 0 });
        Assert.Equal(new[] { false, true, true, true, false }, t.LogicalOr(Tensor.Zeros([1], DType.Int64)).ToArray<bool>());
        Assert.Equal(3, t.CountNonzero().Item<int>());
        Assert.True(t.Any().Item<bool>());
        var u = t.Unique(returnCounts: true);
        Assert.Equal(new[] { -1L, 0, Big }, u.Values.ToArray<long>());
        Assert.Equal(new[] { 1, 2, 2 }, u.Counts!.ToArray<int>());
        Assert.Equal(new[] { 1L, Big, -1, Big, 1 }, t.MaskedFill(t.ElementEquals(0), 1).ToArray<long>());
        Assert.Equal(new[] { 1, 3 }, t.ElementEquals(Tensor.FromArray(new[] { Big })).Nonzero().Reshape(-1).ToArray<int>());
        Assert.Equal(new[] { false, false, true, false, false }, t.Signbit().ToArray<bool>());
        Assert.Equal(new[] { true, true, true, true, true }, t.IsFinite().ToArray<bool>());
        Assert.True(t.Equal(t.Clone()));
    }

    [Fact]
    public void Median_Mode_Cumulative_Maximum_Clamp()
    {
        var t = Tensor.FromArray(new long[] { 5, -3, 5, 1 });
        Assert.Equal(1L, t.Median().Item<long>());
        Assert.Equal(5L, t.Mode().Values.Item<long>());
        Assert.Equal(new long[] { 5, -15, -75, -75 }, t.Cumprod(0).ToArray<long>());
        Assert.Equal(new long[] { 5, 5, 5, 5 }, t.Cummax(0).Values.ToArray<long>());
        Assert.Equal(new long[] { 5, 0, 5, 1 }, Tensor.Maximum(t, Tensor.Zeros([1], DType.Int64)).ToArray<long>());
        Assert.Equal(new long[] { 5, 0, 5, 1 }, Tensor.Fmax(t, Tensor.Zeros([1], DType.Int32)).ToArray<long>());
        Assert.Equal(new long[] { 4, 0, 4, 1 }, t.Clamp(0, 4).ToArray<long>());
        Assert.Equal(new long[] { 25, 9, 25, 1 }, t.Square().ToArray<long>());
        Assert.Equal(new long[] { 25, 9, 25, 1 }, t.Pow(2).ToArray<long>());
        Assert.Equal(DType.Float32, t.Sqrt().DType); // floating ops compute Int64 in Float32, as torch
    }

    [Fact]
    public void Scalars_KeepInt64_LongScalarsAreExact()
    {
        var t = Tensor.FromArray(new[] { 1L, 2 });
        Assert.Equal(DType.Int64, (t + 1).DType);
        Assert.Equal(DType.Int64, (t * 3).DType);
        Assert.Equal(DType.Float32, (t + 0.5).DType);
        Assert.Equal(new[] { Big + 1, Big + 2 }, (t + Big).ToArray<long>());
        Assert.Equal(new[] { Big - 1, Big - 2 }, (Big - t).ToArray<long>());
        Assert.Equal(new[] { 3L * (1L << 40), 6L * (1L << 40) }, (t * (3L << 40)).ToArray<long>());
        // an Int32 tensor with a scalar beyond Int32 computes in Int64 instead of wrapping
        Assert.Equal(new[] { 5000000001L }, (Tensor.FromArray(new[] { 1 }) + 5000000000L).ToArray<long>());
        Assert.Equal(DType.Int32, (Tensor.FromArray(new[] { 1 }) + 5L).DType);
        Assert.Equal(new[] { false, true }, t.Greater(1).ToArray<bool>());
        Assert.Equal(new[] { false, true }, t.Greater(1.5).ToArray<bool>());
    }

    [Fact]
    public void InPlace_Ops()
    {
        var t = Tensor.FromArray(new[] { 1L, 2 });
        t.AddInPlace(Tensor.FromArray(new[] { Big, 1L }));
        Assert.Equal(new[] { Big + 1, 3L }, t.ToArray<long>());
        t.MultiplyInPlace(2);
        Assert.Equal(new[] { 2 * (Big + 1), 6L }, t.ToArray<long>());
        var e = Assert.Throws<ArgumentException>(() => t.MultiplyInPlace(0.5));
        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void Errors_NameTheOp()
    {
        var t = Tensor.FromArray(new[] { 1L });
        Assert.Contains("Subtract", Assert.Throws<ArgumentException>(() => t - Tensor.FromArray(new[] { true })).Message);
        Assert.Contains("Bool, Int32 or Int64", Assert.Throws<ArgumentException>(() => t.BitwiseAnd(Tensor.Zeros([1]))).Message);
        Assert.Contains("decimals", Assert.Throws<ArgumentException>(() => t.Round(2)).Message);
    }
}
