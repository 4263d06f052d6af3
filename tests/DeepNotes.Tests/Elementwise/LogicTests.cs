using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Elementwise;

/// <summary>Logical and bitwise ops and operators, Equal/Isclose/Allclose, the float classifiers and NanToNum, as PyTorch 1.13.</summary>
public class LogicTests
{
    private static readonly Tensor Mask = Tensor.FromArray(new[] { true, false, true, false });
    private static readonly Tensor Other = Tensor.FromArray(new[] { true, true, false, false });

    [Fact]
    public void LogicalOps_OnBool_AndOnNumbersByTruth()
    {
        Assert.Equal(new[] { true, false, false, false }, Mask.LogicalAnd(Other).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, Mask.LogicalOr(Other).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, Mask.LogicalXor(Other).ToArray<bool>());
        Assert.Equal(new[] { false, true, false, true }, Mask.LogicalNot().ToArray<bool>());
        // torch.logical_and(int32 [1, -2, 0], float [0, 1, 2]) -> [False, True, False]; NaN is true
        var i = Tensor.FromArray(new[] { 1, -2, 0 });
        var f = Tensor.FromArray(new[] { 0.0, 1, double.NaN });
        Assert.Equal(new[] { false, true, false }, i.LogicalAnd(f).ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, f.LogicalNot().ToArray<bool>());
        Assert.Equal(DType.Bool, i.LogicalOr(f).DType);
    }

    [Fact]
    public void LogicalOps_Broadcast()
    {
        var col = Tensor.FromArray(new[] { true, false }, new Shape(2, 1));
        var r = col.LogicalAnd(Mask);
        Assert.Equal(new Shape(2, 4), r.Shape);
        Assert.Equal(new[] { true, false, true, false, false, false, false, false }, r.ToArray<bool>());
    }

    [Fact]
    public void Operators_OnBool_AreLogical_OnInt32_AreBitwise()
    {
        Assert.Equal(new[] { true, false, false, false }, (Mask & Other).ToArray<bool>());
        Assert.Equal(new[] { true, true, true, false }, (Mask | Other).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false }, (Mask ^ Other).ToArray<bool>());
        Assert.Equal(new[] { false, true, false, true }, (~Mask).ToArray<bool>());
        var a = Tensor.FromArray(new[] { 12, -2, 3, 0 });
        var b = Tensor.FromArray(new[] { 10, 7, -1, 5 });
        Assert.Equal(new[] { 8, 6, 3, 0 }, (a & b).ToArray<int>());
        Assert.Equal(new[] { 14, -1, -1, 5 }, (a | b).ToArray<int>());
        Assert.Equal(new[] { 6, -7, -4, 5 }, (a ^ b).ToArray<int>());
        Assert.Equal(new[] { -13, 1, -4, -1 }, (~a).ToArray<int>());
        // torch: bool | int32 -> int32
        var mixed = Mask | a;
        Assert.Equal(DType.Int32, mixed.DType);
        Assert.Equal(new[] { 13, -2, 3, 0 }, mixed.ToArray<int>());
        Assert.Equal(new[] { 8, 6, 3, 0 }, a.BitwiseAnd(b).ToArray<int>());
        Assert.Equal(new[] { -13, 1, -4, -1 }, a.BitwiseNot().ToArray<int>());
    }

    [Fact]
    public void Bitwise_OnFloat_Throws_NamingTheDtype()
    {
        var x = Tensor.FromArray(new[] { 1.0f });
        var e = Assert.Throws<ArgumentException>(() => x & x);
        Assert.Contains("BitwiseAnd", e.Message);
        Assert.Contains("Float32", e.Message);
        Assert.Throws<ArgumentException>(() => ~x);
        Assert.Throws<ArgumentException>(() => Mask.BitwiseXor(x));
    }

    [Fact]
    public void Comparison_Results_AreUsableInArithmetic_AndMaskTimesFloat()
    {
        var x = Tensor.FromArray(new[] { -1.5, 2.0, 0.5, 3.0 }, requiresGrad: true);
        Tensor positive = x.Greater(0.0);
        Tensor y = positive * x;                     // Bool × Float64 -> Float64
        Assert.Equal(DType.Float64, y.DType);
        AssertClose([0, 2, 0.5, 3], y, 1e-12, 1e-12);
        y.Sum().Backward();
        AssertClose([0, 1, 1, 1], x.Grad!, 1e-12, 1e-12);           // the gradient flows to the float operand only
        Assert.Equal(new[] { true, false, true, false }, (Mask * Mask.LogicalNot() + Mask).ToArray<bool>()); // and, or
    }

    [Fact]
    public void Equal_IsWholeTensor_WithPromotion_AndNaNNeverEqual()
    {
        var a = Tensor.FromArray(new[] { 1.0f, 2.0f });
        Assert.True(a.Equal(Tensor.FromArray(new[] { 1, 2 })));           // torch.equal(float, int) -> True
        Assert.False(a.Equal(Tensor.FromArray(new[] { 1.0f, 2.5f })));
        Assert.False(a.Equal(Tensor.FromArray(new[] { 1.0f, 2.0f }, new Shape(2, 1))));
        Assert.False(a.Equal(Tensor.FromArray(new[] { 1.0f })));           // no broadcasting
        Assert.False(Tensor.FromArray(new[] { double.NaN }).Equal(Tensor.FromArray(new[] { double.NaN })));
        Assert.True(Tensor.Zeros([0, 3]).Equal(Tensor.Zeros([0, 3])));
        Assert.True(Mask.Equal(Mask.Clone()));
    }

    [Fact]
    public void Isclose_AsTorch_WithInfinitiesNaNAndTolerances()
    {
        // Float32, as in torch (where 1 and 1.00001 are just too far apart in float32, 1.0013e-5 > 1.0010e-5)
        var a = Tensor.FromArray(new[] { 1.0f, float.NaN, float.PositiveInfinity, float.PositiveInfinity, 1e-9f, 100 });
        var b = Tensor.FromArray(new[] { 1.00001f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0, 100.001f });
        // torch.isclose(a, b) -> [False, False, True, False, True, True]
        Assert.Equal(new[] { false, false, true, false, true, true }, a.Isclose(b).ToArray<bool>());
        Assert.Equal(new[] { false, true, true, false, true, true }, a.Isclose(b, equalNan: true).ToArray<bool>());
        Assert.Equal(new[] { true, false, true, false, true, true }, a.Isclose(b, rtol: 1e-4).ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false, false, false }, a.Isclose(b, rtol: 0, atol: 0).ToArray<bool>());
        Assert.False(a.Allclose(b));
        Assert.True(a.Allclose(a, equalNan: true));
        Assert.False(a.Allclose(a));
        Assert.True(Tensor.FromArray(new[] { 1, 2 }).Allclose(Tensor.FromArray(new[] { 1, 2 })));
        // broadcasting
        Assert.Equal(new Shape(2, 6), a.Isclose(Tensor.Full([2, 1], 1.0)).Shape);
        // in Float64 the first pair is close: 1e-5·(1 + 1e-5) + 1e-8 ≥ 1.0000000000006e-5
        Assert.True(Tensor.FromArray(new[] { 1.0 }).Allclose(Tensor.FromArray(new[] { 1.00001 })));
    }

    [Fact]
    public void Isclose_BadInput_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1, 2 }).Isclose(Tensor.FromArray(new[] { 1.0, 2 })));
        Assert.Contains("Int32", e.Message);
        Assert.Contains("Float64", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Isclose(Mask, rtol: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mask.Isclose(Mask, atol: -1));
    }

    [Fact]
    public void Classifiers_AsTorch()
    {
        float nan = BitConverter.Int32BitsToSingle(0x7FC00000); // a NaN with the sign bit clear (.NET's float.NaN has it set)
        var x = Tensor.FromArray(new[] { 1.0f, nan, float.PositiveInfinity, float.NegativeInfinity, -0.0f, 0.0f, -2f });
        Assert.Equal(new[] { false, true, false, false, false, false, false }, x.IsNan().ToArray<bool>());
        Assert.Equal(new[] { false, false, true, true, false, false, false }, x.IsInf().ToArray<bool>());
        Assert.Equal(new[] { true, false, false, false, true, true, true }, x.IsFinite().ToArray<bool>());
        Assert.Equal(new[] { false, false, true, false, false, false, false }, x.IsPosInf().ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true, false, false, false }, x.IsNegInf().ToArray<bool>());
        Assert.Equal(new[] { false, false, false, true, true, false, true }, x.Signbit().ToArray<bool>());
        // torch.signbit(nan) is False, torch.signbit(-nan) is True: the sign bit decides, not the value
        double positiveNan = BitConverter.Int64BitsToDouble(0x7FF8000000000000), negativeNan = -positiveNan;
        Assert.Equal(new[] { false, true }, Tensor.FromArray(new[] { positiveNan, negativeNan }).Signbit().ToArray<bool>());
        var i = Tensor.FromArray(new[] { 1, -2, 0 });
        Assert.Equal(new[] { false, false, false }, i.IsNan().ToArray<bool>());
        Assert.Equal(new[] { true, true, true }, i.IsFinite().ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, i.Signbit().ToArray<bool>());
        Assert.Equal(new[] { true, true, true, true }, Mask.IsFinite().ToArray<bool>());
        Assert.Equal(new Shape(2, 0), Tensor.Zeros([2, 0]).IsNan().Shape);
    }

    [Fact]
    public void NanToNum_Float32Defaults_AreFloat32Extremes_AndTransposedInputWorks()
    {
        var x = Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1.5f });
        Assert.Equal(new[] { 0f, float.MaxValue, float.MinValue, 1.5f }, x.NanToNum().ToArray<float>());
        Assert.Equal(new[] { 7f, 8f, -9f, 1.5f }, x.NanToNum(7, 8, -9).ToArray<float>());
        var m = Tensor.FromArray(new double[,] { { double.NaN, 1 }, { 2, double.NegativeInfinity } }).T;
        Assert.Equal(new[] { 0, 2, 1, double.MinValue }, m.NanToNum().ToArray<double>());
        var ints = Tensor.FromArray(new[] { 1, 2 });
        Assert.Equal(new[] { 1, 2 }, ints.NanToNum().ToArray<int>());
    }
}
