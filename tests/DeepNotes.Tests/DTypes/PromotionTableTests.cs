using DeepNotes;

namespace DeepNotes.Tests.DTypes;

/// <summary>
/// The binary-op promotion table of torch 1.13 over Bool, Int32, Int64, Float32 and Float64 (printed by
/// reference/int64_reference.py), checked through every promoting binary op, and Float32 with Float64 promoting to
/// Float64 with each operand's gradient delivered in its own dtype.
/// </summary>
public class PromotionTableTests
{
    /// <summary>(a, b, torch.result_type) from reference/int64_reference.py.</summary>
    public static TheoryData<DType, DType, DType> Table() => new()
    {
        { DType.Bool, DType.Bool, DType.Bool },
        { DType.Bool, DType.Int32, DType.Int32 },
        { DType.Bool, DType.Int64, DType.Int64 },
        { DType.Bool, DType.Float32, DType.Float32 },
        { DType.Bool, DType.Float64, DType.Float64 },
        { DType.Int32, DType.Bool, DType.Int32 },
        { DType.Int32, DType.Int32, DType.Int32 },
        { DType.Int32, DType.Int64, DType.Int64 },
        { DType.Int32, DType.Float32, DType.Float32 },
        { DType.Int32, DType.Float64, DType.Float64 },
        { DType.Int64, DType.Bool, DType.Int64 },
        { DType.Int64, DType.Int32, DType.Int64 },
        { DType.Int64, DType.Int64, DType.Int64 },
        { DType.Int64, DType.Float32, DType.Float32 },
        { DType.Int64, DType.Float64, DType.Float64 },
        { DType.Float32, DType.Bool, DType.Float32 },
        { DType.Float32, DType.Int32, DType.Float32 },
        { DType.Float32, DType.Int64, DType.Float32 },
        { DType.Float32, DType.Float32, DType.Float32 },
        { DType.Float32, DType.Float64, DType.Float64 },
        { DType.Float64, DType.Bool, DType.Float64 },
        { DType.Float64, DType.Int32, DType.Float64 },
        { DType.Float64, DType.Int64, DType.Float64 },
        { DType.Float64, DType.Float32, DType.Float64 },
        { DType.Float64, DType.Float64, DType.Float64 },
    };

    private static Tensor Values(DType dtype) => Tensor.FromArray(new[] { 1.0, 0, 3, 1 }).To(dtype);

    [Theory]
    [MemberData(nameof(Table))]
    public void BinaryOps_FollowTorchsTable(DType a, DType b, DType expected)
    {
        Tensor x = Values(a), y = Values(b);
        Tensor sum = x + y;
        Assert.Equal(expected, sum.DType);
        Assert.Equal(expected, (x * y).DType);
        Assert.Equal(expected, Tensor.Maximum(x, y).DType);
        Assert.Equal(expected, Tensor.Where(Tensor.FromArray(new[] { true, false, true, false }), x, y).DType);
        Assert.Equal(expected, Tensor.Cat([x, y]).DType);
        // values equal those of converting both operands first (Bool + Bool is logical or)
        double[] xa = x.ToArray<double>(), ya = y.ToArray<double>(); // Bool holds [1, 0, 1, 1]
        double[] want = expected == DType.Bool ? new double[] { 1, 0, 1, 1 } : xa.Zip(ya, (p, q) => p + q).ToArray();
        Assert.Equal(want, sum.ToArray<double>());
        Assert.Equal(xa.Zip(ya, (p, q) => p == q).ToArray(), x.ElementEquals(y).ToArray<bool>());
        if (a != DType.Bool && b != DType.Bool)
        {
            Assert.Equal(expected, (x - y).DType);
            Assert.Equal(expected.IsFloatingPoint() ? expected : DType.Float32, (x / y).DType); // true division, as torch.div
            Assert.Equal(new[] { false, false, false, false }, x.Greater(y).ToArray<bool>());
        }
        if (a.IsInteger() && b.IsInteger())
        {
            Assert.Equal(expected, x.BitwiseOr(y).DType);
            Assert.Equal(expected, x.Remainder(y + 1).DType);
        }
    }

    [Theory]
    [InlineData(DType.Int32, DType.Int32, DType.Float32)]
    [InlineData(DType.Int64, DType.Int64, DType.Float32)]
    [InlineData(DType.Float32, DType.Float32, DType.Float32)]
    public void Scalars_AsTorch(DType tensor, DType withInt, DType withFloat)
    {
        // torch: Int32 + 2 -> Int32, Int32 + 2.5 -> Float32, Int64 + 2 -> Int64, Int64 + 2.5 -> Float32, x / 2 -> Float32
        Tensor x = Values(tensor);
        Assert.Equal(withInt, (x + 2).DType);
        Assert.Equal(withFloat, (x + 2.5).DType);
        Assert.Equal(withFloat, (x / 2).DType);
    }

    [Fact]
    public void Float32WithFloat64_GradientsArriveInEachOperandsOwnDtype()
    {
        var f = Tensor.FromArray(new[] { 1.5f, -2f, 0.25f }, requiresGrad: true);
        var d = Tensor.FromArray(new[] { 2.0, 0.5, -4 }, requiresGrad: true);
        Tensor y = (f * d + f.Atan2(d) - Tensor.Maximum(f, d)).Sum();
        Assert.Equal(DType.Float64, y.DType);
        y.Backward();
        Assert.Equal(DType.Float32, f.Grad!.DType);
        Assert.Equal(DType.Float64, d.Grad!.DType);
        // the same computation with f converted to Float64 first gives the same gradients
        var f64 = Tensor.FromArray(new[] { 1.5, -2, 0.25 }, requiresGrad: true);
        var d2 = Tensor.FromArray(new[] { 2.0, 0.5, -4 }, requiresGrad: true);
        (f64 * d2 + f64.Atan2(d2) - Tensor.Maximum(f64, d2)).Sum().Backward();
        Assert.Equal(f64.Grad!.ToArray<float>(), f.Grad.ToArray<float>());
        Assert.Equal(d2.Grad!.ToArray<double>(), d.Grad.ToArray<double>());
    }

    [Fact]
    public void Float32WithFloat64_GradCheck()
    {
        var f = Tensor.FromArray(new[] { 0.75f, -1.25f }, requiresGrad: true);
        Tensor Fn(Tensor[] t) => (f * t[0] * t[0] + Tensor.Where(t[0].Greater(0), t[0], f)).Sum();
        var x = Tensor.FromArray(new[] { 0.5, -1.5 }, requiresGrad: true);
        Assert.True(GradCheck.Check(Fn, x));
        Tensor[] g = Autograd.Grad((f * x * x).Sum(), [f, x]);
        Assert.Equal(DType.Float32, g[0].DType);
        Assert.Equal(new[] { 0.25f, 2.25f }, g[0].ToArray<float>());
        Assert.Equal(new[] { 0.75, 3.75 }, g[1].ToArray<double>());
    }

    [Fact]
    public void Float32WithFloat64_StillRefusedWhereTorchRefuses()
    {
        // matmul-like ops need one dtype in torch too
        var e = Assert.Throws<ArgumentException>(() => Tensor.Ones([2, 2]).MatMul(Tensor.Ones([2, 2], DType.Float64)));
        Assert.Contains("Float64", e.Message);
    }
}
