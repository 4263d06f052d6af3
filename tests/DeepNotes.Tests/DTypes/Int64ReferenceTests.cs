using DeepNotes;

namespace DeepNotes.Tests.DTypes;

/// <summary>
/// Int64 arithmetic, bitwise ops, reductions, sorting and conversions against torch 1.13 (values printed by
/// reference/int64_reference.py). The operands include 2^53 + 1 and −2^62, which a detour through double would corrupt.
/// </summary>
public class Int64ReferenceTests
{
    private static readonly long[] A = { 7L, -7L, 7L, -7L, 9007199254740993L, -4611686018427387904L, 0L };
    private static readonly long[] B = { 2L, 2L, -2L, -2L, 2L, 3L, 5L };
    private static Tensor TA => Tensor.FromArray(A);
    private static Tensor TB => Tensor.FromArray(B);

    private static void Exact(long[] expected, Tensor actual)
    {
        Assert.Equal(DType.Int64, actual.DType);
        Assert.Equal(expected, actual.ToArray<long>());
    }

    [Fact]
    public void Arithmetic_IsExact()
    {
        Exact(new long[] { 9L, -5L, 5L, -9L, 9007199254740995L, -4611686018427387901L, 5L }, TA + TB);
        Exact(new long[] { 5L, -9L, 9L, -5L, 9007199254740991L, -4611686018427387907L, -5L }, TA - TB);
        Exact(new long[] { 14L, -14L, -14L, 14L, 18014398509481986L, 4611686018427387904L, 0L }, TA * TB);
        Exact(new long[] { -7L, 7L, -7L, 7L, -9007199254740993L, 4611686018427387904L, 0L }, TA.Neg());
        Exact(new long[] { -7L, 7L, -7L, 7L, -9007199254740993L, 4611686018427387904L, 0L }, -TA);
        Exact(new long[] { 7L, 7L, 7L, 7L, 9007199254740993L, 4611686018427387904L, 0L }, TA.Abs());
    }

    [Fact]
    public void RemainderAndFmod_FollowTheSignOfDivisorAndDividend()
    {
        Exact(new long[] { 1L, 1L, -1L, -1L, 1L, 2L, 0L }, TA.Remainder(TB));
        Exact(new long[] { 1L, -1L, 1L, -1L, 1L, -1L, 0L }, TA.Fmod(TB));
        var e = Assert.Throws<ArgumentException>(() => TA.Remainder(Tensor.Zeros([7], DType.Int64)));
        Assert.Contains("integer division by zero", e.Message);
    }

    [Fact]
    public void Division_IsTrueDivisionInFloat32()
    {
        double[] expected = { 3.5, -3.5, -3.5, 3.5, 4503599627370496.0, -1.5372287186221138e+18, 0.0 };
        Tensor q = TA / TB;
        Assert.Equal(DType.Float32, q.DType);
        float[] got = q.ToArray<float>();
        for (int i = 0; i < expected.Length; i++) Assert.Equal((float)expected[i], got[i]);
    }

    [Fact]
    public void Bitwise_AndPow_WrapAsTorch()
    {
        Exact(new long[] { 2L, 0L, 6L, -8L, 0L, 0L, 0L }, TA.BitwiseAnd(TB));
        Exact(new long[] { 7L, -5L, -1L, -1L, 9007199254740995L, -4611686018427387901L, 5L }, TA.BitwiseOr(TB));
        Exact(new long[] { 5L, -5L, -7L, 7L, 9007199254740995L, -4611686018427387901L, 5L }, TA.BitwiseXor(TB));
        Exact(new long[] { -8L, 6L, -8L, 6L, -9007199254740994L, 4611686018427387903L, -1L }, TA.BitwiseNot());
        Exact(new long[] { -6289078614652622815L, -8L, 4611686018427387904L, 1L, -1L },
            Tensor.FromArray(new long[] { 3, -2, 2, 1, -1 }).Pow(Tensor.FromArray(new long[] { 40, 3, 62, -1, -3 })));
    }

    [Fact]
    public void Comparisons_AreExactBeyond2Pow53()
    {
        Assert.Equal(new[] { true, false, true, false, true, false, false }, TA.Greater(TB).ToArray<bool>());
        var big = Tensor.FromArray(new[] { 9007199254740993L, 9007199254740992L, 9007199254740994L });
        Exact(new long[] { 9007199254740994L, 9007199254740993L, 9007199254740995L }, big + 1);
        Assert.Equal(new[] { false, true, false }, big.ElementEquals(9007199254740992).ToArray<bool>());
        Assert.Equal(new[] { false, true, true }, big.ElementEquals(Tensor.FromArray(new[] { 9007199254740992L, 9007199254740993L, 9007199254740995L }) - 0 - Tensor.FromArray(new long[] { 0, 1, 1 })).ToArray<bool>());
    }

    [Fact]
    public void Reductions_StayInt64_AndAreExact()
    {
        Tensor s = TA.Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(-4602678819172646911L, s.Item<long>());
        Assert.Equal(-16492674416640L, Tensor.FromArray(new long[] { 3, -5, 1 << 20, 1 << 20 }).Prod().Item<long>());
        Assert.Equal(9007199254740993L, TA.Max().Item<long>());
        Assert.Equal(-4611686018427387904L, TA.Min().Item<long>());
        Assert.Equal(4, TA.ArgMax().Item<int>());
        Assert.Equal(5, TA.ArgMin().Item<int>());
        Exact(new long[] { 7L, 0L, 7L, 0L, 9007199254740993L, -4602678819172646911L, -4602678819172646911L }, TA.Cumsum(0));
    }

    [Fact]
    public void Sort_IsStableAndExact()
    {
        var sorted = TA.Sort();
        Exact(new long[] { -4611686018427387904L, -7L, -7L, 0L, 7L, 7L, 9007199254740993L }, sorted.Values);
        Assert.Equal(new[] { 5, 1, 3, 6, 0, 2, 4 }, sorted.Indices.ToArray<int>());
        var top = TA.TopK(2);
        Exact(new long[] { 9007199254740993L, 7L }, top.Values);
        Assert.Equal(new[] { 4, 0 }, top.Indices.ToArray<int>());
    }

    [Fact]
    public void Conversions_AsTorch()
    {
        var big = Tensor.FromArray(new[] { 9007199254740993L, 9007199254740992L, 9007199254740994L });
        Assert.Equal(new[] { 9007199254740992.0, 9007199254740992.0, 9007199254740994.0 }, big.To(DType.Float64).ToArray<double>());
        Assert.Equal(new[] { 1, 0, 2 }, big.To(DType.Int32).ToArray<int>()); // wraps, as torch
        Exact(new long[] { 2L, -2L, 0L, 0L, 10000000000L }, Tensor.FromArray(new[] { 2.7f, -2.7f, 0.5f, -0.5f, 1e10f }).To(DType.Int64));
    }

    [Fact]
    public void Printing_IsExact_AndAlignedAsTorch()
    {
        // torch: tensor([[               1,              -20],\n        [             300, 9007199254740993]])
        var t = Tensor.FromArray(new[] { 1L, -20, 300, 9007199254740993L }, new Shape(2, 2));
        Assert.Equal("tensor([[               1,              -20],\n        [             300, 9007199254740993]], shape=[2, 2], dtype=Int64)", t.ToString());
    }
}
