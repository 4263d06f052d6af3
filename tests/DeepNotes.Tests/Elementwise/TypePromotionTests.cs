using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Elementwise;

/// <summary>PyTorch's type promotion for Bool and Int32 operands in every binary op, and scalar operands on both sides.</summary>
public class TypePromotionTests
{
    private static readonly Tensor I = Tensor.FromArray(new[] { 1, -2, 3 });
    private static readonly Tensor B = Tensor.FromArray(new[] { true, false, true });
    private static readonly Tensor F = Tensor.FromArray(new[] { 1.5f, 2f, -0.5f });
    private static readonly Tensor D64 = Tensor.FromArray(new[] { 1.5, 2, -0.5 });

    public static TheoryData<string> BinaryOps() => new() { "Add", "Subtract", "Multiply", "Divide", "Pow", "Maximum", "Minimum", "Fmax", "Fmin", "Remainder", "Fmod", "Atan2", "Xlogy", "Hypot" };

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Pow" => a.Pow(b),
        "Maximum" => Tensor.Maximum(a, b),
        "Minimum" => Tensor.Minimum(a, b),
        "Fmax" => Tensor.Fmax(a, b),
        "Fmin" => Tensor.Fmin(a, b),
        "Remainder" => a.Remainder(b),
        "Fmod" => a.Fmod(b),
        "Atan2" => a.Atan2(b),
        "Xlogy" => a.Xlogy(b),
        _ => a.Hypot(b),
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void IntOrBool_WithFloat_TakesTheFloatDtype_AndTheSameValuesAsConvertingFirst(string op)
    {
        foreach (var f in new[] { F, D64 })
        {
            foreach (var other in new[] { I, B })
            {
                if (op == "Subtract" && other == B) continue; // refused, see below
                var promoted = Apply(op, other, f);
                Assert.Equal(f.DType, promoted.DType);
                AssertClose(D(Apply(op, other.To(f.DType), f)), promoted, 0, 0);
                var swapped = Apply(op, f, other);
                Assert.Equal(f.DType, swapped.DType);
                AssertClose(D(Apply(op, f, other.To(f.DType))), swapped, 0, 0);
            }
        }
    }

    [Fact]
    public void Int32WithInt32_StaysInt32_ExceptTrueDivisionAndFloatFunctions()
    {
        var J = Tensor.FromArray(new[] { 2, 3, -2 });
        Assert.Equal(new[] { 3, 1, 1 }, (I + J).ToArray<int>());
        Assert.Equal(new[] { 2, -6, -6 }, (I * J).ToArray<int>());
        Assert.Equal(new[] { 1, -8, 1 }, I.Pow(Tensor.FromArray(new[] { 5, 3, 0 })).ToArray<int>());
        Assert.Equal(new[] { 1, 1, -1 }, I.Remainder(J).ToArray<int>());
        Assert.Equal(DType.Int32, I.Fmod(J).DType);
        var div = I / J;                                                   // torch.div(int, int) is true division -> float32
        Assert.Equal(DType.Float32, div.DType);
        AssertClose([0.5, -2.0 / 3, -1.5], div, 1e-7, 1e-7);
        Assert.Equal(DType.Float32, I.Atan2(J).DType);
        Assert.Equal(DType.Float32, I.Sin().DType);
        Assert.Equal(DType.Float32, B.Exp().DType);
        Assert.Equal(DType.Int32, I.Square().DType);
        Assert.Equal(DType.Int32, (I + B).DType);
    }

    [Fact]
    public void IntegerRemainderAndFmod_FollowTheSignRules()
    {
        var a = Tensor.FromArray(new[] { 7, -7, 7, -7 });
        var b = Tensor.FromArray(new[] { 3, 3, -3, -3 });
        Assert.Equal(new[] { 1, 2, -2, -1 }, a.Remainder(b).ToArray<int>());   // Python: sign of divisor
        Assert.Equal(new[] { 1, -1, 1, -1 }, a.Fmod(b).ToArray<int>());       // C: sign of dividend
        Assert.Equal(new[] { 1, 2, 1, 2 }, a.Remainder(3).ToArray<int>());
        var e = Assert.Throws<ArgumentException>(() => a.Remainder(Tensor.FromArray(new[] { 1, 0, 1, 1 })));
        Assert.Contains("division by zero", e.Message);
        Assert.Throws<ArgumentException>(() => a.Fmod(0));
        var pe = Assert.Throws<ArgumentException>(() => I.Pow(-1));           // torch: "Integers to negative integer powers are not allowed."
        Assert.Contains("negative integer powers", pe.Message);
        Assert.Throws<ArgumentException>(() => B.Remainder(B));
    }

    [Fact]
    public void BoolWithBool_AddIsOr_MultiplyIsAnd_SubtractIsRefused()
    {
        var other = Tensor.FromArray(new[] { false, false, true });
        Assert.Equal(new[] { true, false, true }, (B + other).ToArray<bool>());
        Assert.Equal(DType.Bool, (B + other).DType);
        Assert.Equal(new[] { false, false, true }, (B * other).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, Tensor.Maximum(B, other).ToArray<bool>());
        var e = Assert.Throws<ArgumentException>(() => B - other);
        Assert.Contains("Bool", e.Message);
        Assert.Contains("LogicalXor", e.Message);
        e = Assert.Throws<ArgumentException>(() => F - B);
        Assert.Contains("LogicalNot", e.Message);
        Assert.Equal(DType.Float32, (B / other).DType);                     // true division
        Assert.Throws<ArgumentException>(() => B.Pow(B));
    }

    [Fact]
    public void ScalarOperands_BothSides_AsPyTorch()
    {
        Assert.Equal(DType.Int32, (I + 1).DType);                             // int scalar keeps Int32
        Assert.Equal(new[] { 2, -1, 4 }, (I + 1).ToArray<int>());
        Assert.Equal(new[] { 1, 4, -1 }, (2 - I).ToArray<int>());
        Assert.Equal(new[] { 3, -6, 9 }, (I * 3).ToArray<int>());
        Assert.Equal(DType.Float32, (I + 1.5).DType);                         // float scalar -> default float
        AssertClose([2.5, -0.5, 4.5], I + 1.5, 1e-12, 1e-12);
        AssertClose([0.5, -1, 1.5], I / 2, 1e-12, 1e-12);                                    // true division
        AssertClose([1, -0.5, 1.0 / 3], 1 / I, 1e-7, 1e-7);
        Assert.Equal(DType.Int32, (B * 2).DType);                             // torch: int64; Int64 is not a DeepNotes dtype yet
        Assert.Equal(DType.Float32, (B * 2.0).DType);
        AssertClose([0.5, 0, 0.5], B * 0.5, 1e-12, 1e-12);
        AssertClose([0.5, 0, 2.5], 2.0 - F, 1e-12, 1e-12);
        AssertClose([2.0 / 3, 0.5, -2], 1 / D64, 1e-15, 1e-15);
        Assert.Equal(DType.Float64, (3 * D64).DType);
        Assert.Equal(DType.Int32, I.Pow(2).DType);
        Assert.Equal(new[] { 1, 4, 9 }, I.Pow(2).ToArray<int>());
        Assert.Equal(DType.Float32, I.Pow(2.0).DType);
        Assert.Equal(DType.Float32, I.Remainder(1e20).DType);                 // beyond Int32: a floating scalar
        Assert.Equal(new[] { 1, 1, 0 }, I.Remainder(3).ToArray<int>());
        Assert.Equal(new[] { 2, 0, 8 }, Tensor.Pow(2, I).ToArray<int>());                 // torch.pow(2, [1, -2, 3])
        Assert.Equal(new[] { 1, -1, 1, 0 }, Tensor.FromArray(new[] { 1, -1, -1, 3 }).Pow(Tensor.FromArray(new[] { -3, -3, -2, -1 })).ToArray<int>());
        Assert.Equal(DType.Float32, Tensor.Pow(2.5, I).DType);
        AssertClose([2.5, 0.16, 15.625], Tensor.Pow(2.5, I), 1e-6, 1e-6);
    }

    [Fact]
    public void Comparisons_Promote_BothWithTensorsAndWithFractionalScalars()
    {
        Assert.Equal(new[] { false, false, true }, I.Greater(1.5).ToArray<bool>());   // torch: int32 > 1.5
        Assert.Equal(new[] { false, true, false }, I.Less(-1.5).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, F.Greater(Tensor.FromArray(new[] { 1, 3, -1 })).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, I.ElementEquals(B.To(DType.Int32) * I).ToArray<bool>());
    }

    [Fact]
    public void Float32WithFloat64_PromotesToFloat64_AsPyTorch()
    {
        // Refused before Int64 work (issue 13); now as torch: float32 op float64 -> float64 (see DTypes/FloatPromotionTests).
        Assert.Equal(DType.Float64, (F + D64).DType);
        Assert.Equal(DType.Float64, F.Atan2(D64).DType);
        Assert.Equal(DType.Float64, Tensor.Fmax(F, D64).DType);
    }

    [Fact]
    public void GradientsFlow_ToTheFloatOperandOnly_InEveryPromotedOp()
    {
        var mask = Tensor.FromArray(new[] { true, false, true, true });
        var ints = Tensor.FromArray(new[] { 2, 3, -1, 4 });
        var x = Input([4], 81, Values.Positive);
        Check(t => mask * t[0] + ints * t[0] - t[0] / ints + t[0].Pow(ints) + Tensor.Maximum(t[0], ints) + t[0].Atan2(ints), x);
        Check(t => t[0].Remainder(ints) + t[0].Xlogy(ints.Abs()) + t[0].Clamp(ints - 3, ints) + (ints - t[0]) * mask, x);
    }
}
