using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Elementwise;

/// <summary>Bad input (named errors that change nothing), empty and 0-dim tensors, Int32 inputs and hand-checked values.</summary>
public class ElementwiseEdgeCaseTests
{
    [Fact]
    public void ShapeMismatch_NamesTheOpAndBothShapes()
    {
        var a = Tensor.Zeros([2, 3], DType.Float64);
        var b = Tensor.Zeros([4], DType.Float64);
        foreach (var (name, f) in new (string, Func<Tensor>)[]
        {
            ("Atan2", () => a.Atan2(b)), ("Hypot", () => a.Hypot(b)), ("Remainder", () => a.Remainder(b)), ("Fmod", () => a.Fmod(b)),
            ("Xlogy", () => a.Xlogy(b)), ("Lerp", () => a.Lerp(b, 0.5)), ("Fmax", () => Tensor.Fmax(a, b)), ("Clamp", () => a.Clamp(b)),
            ("LogicalAnd", () => a.LogicalAnd(b)), ("Isclose", () => a.Isclose(b)),
        })
        {
            var e = Assert.Throws<ArgumentException>(f);
            Assert.Contains(name, e.Message);
            Assert.Contains("[2, 3]", e.Message);
            Assert.Contains("[4]", e.Message);
        }
        Assert.False(a.Equal(b));
    }

    [Fact]
    public void DtypeErrors_NameTheOpAndTheDtypes()
    {
        var f32 = Tensor.Ones([2]);
        var f64 = Tensor.Ones([2], DType.Float64);
        var i32 = Tensor.Ones([2], DType.Int32);
        var b = Tensor.Ones([2], DType.Bool);
        var e = Assert.Throws<ArgumentException>(() => f32.Lerp(f64, 0.5));
        Assert.Contains("Lerp", e.Message);
        Assert.Contains("Float64", e.Message);
        e = Assert.Throws<ArgumentException>(() => f32.Lerp(f32, f64));
        Assert.Contains("weight", e.Message);
        e = Assert.Throws<ArgumentException>(() => i32.Lerp(i32, 0.5));
        Assert.Contains("Int32", e.Message);
        e = Assert.Throws<ArgumentException>(() => i32.Hypot(i32));
        Assert.Contains("Hypot", e.Message);
        Assert.Contains("floating-point", e.Message);
        e = Assert.Throws<ArgumentException>(() => i32.Frac());
        Assert.Contains("Frac", e.Message);
        e = Assert.Throws<ArgumentException>(() => i32.Round(1));
        Assert.Contains("decimals", e.Message);
        e = Assert.Throws<ArgumentException>(() => b.Floor());
        Assert.Contains("Bool", e.Message);
        e = Assert.Throws<ArgumentException>(() => f32.Clamp((Tensor?)null, null));
        Assert.Contains("at least one", e.Message);
        e = Assert.Throws<ArgumentException>(() => f32.Clamp(b));
        Assert.Contains("Bool", e.Message);
    }

    [Fact]
    public void FailedOps_ChangeNothing()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        var before = x.ToArray<double>();
        Assert.Throws<ArgumentException>(() => x.Atan2(Tensor.Zeros([3], DType.Float64)));
        Assert.Throws<ArgumentException>(() => x.Lerp(x, Tensor.Ones([2])));
        Assert.Equal(before, x.ToArray<double>());
        Assert.Null(x.Grad);
        Assert.True(x.IsLeaf);
    }

    [Fact]
    public void EmptyAndZeroDimTensors_KeepTheirShape()
    {
        var empty = Tensor.Zeros([3, 0], DType.Float64, requiresGrad: true);
        foreach (Func<Tensor, Tensor> f in new Func<Tensor, Tensor>[]
        {
            t => t.Sin(), t => t.Erf(), t => t.Erfinv(), t => t.Log1p(), t => t.Expm1(), t => t.Exp2(), t => t.Sinh(), t => t.Round(2),
            t => t.Frac(), t => t.Logit(0.1), t => t.Sinc(), t => t.Remainder(t), t => t.Atan2(t), t => t.Xlogy(t), t => t.Lerp(t, 0.3),
            t => Tensor.Fmax(t, t), t => Tensor.Maximum(t, t), t => t.Clamp(t, t), t => t.NanToNum(), t => Tensor.Pow(2.0, t),
        })
        {
            var y = f(empty);
            Assert.Equal(new Shape(3, 0), y.Shape);
            y.Sum().Backward();
        }
        Assert.Equal(new Shape(3, 0), empty.Grad!.Shape);
        Assert.Equal(new Shape(3, 0), empty.IsNan().Shape);
        Assert.Equal(new Shape(3, 0), empty.LogicalNot().Shape);
        Assert.True(empty.Allclose(empty));
        var s = Tensor.Scalar(0.5, DType.Float64);
        Assert.Equal(Shape.Scalar, s.Erfinv().Shape);
        Assert.Equal(Math.Sin(0.5), s.Sin().Item(), 15);
        Assert.Equal(new Shape(2), s.Atan2(Tensor.Ones([2], DType.Float64)).Shape);
    }

    [Fact]
    public void Int32_Rounding_IsIdentity_FloatFunctions_GiveFloat32()
    {
        var i = Tensor.FromArray(new[] { 1, -2, 3 });
        foreach (var r in new[] { i.Floor(), i.Ceil(), i.Round(), i.Trunc() })
        {
            Assert.Equal(DType.Int32, r.DType);
            Assert.Equal(new[] { 1, -2, 3 }, r.ToArray<int>());
        }
        Assert.Equal(new[] { 1, 4, 9 }, i.Square().ToArray<int>());
        AssertClose([Math.Sin(1), Math.Sin(-2), Math.Sin(3)], i.Sin(), 1e-7, 1e-6);
        AssertClose([1, -0.5, 1.0 / 3], i.Reciprocal(), 1e-7, 1e-6);
        AssertClose([Math.PI / 180, -Math.PI / 90, Math.PI / 60], i.Deg2Rad(), 1e-8, 1e-6);
        Assert.Equal(DType.Float32, Tensor.FromArray(new[] { true, false }).Erf().DType);
        Assert.Equal(DType.Float32, i.Xlogy(i).DType);
    }

    [Fact]
    public void HandChecked_RoundHalfToEven_RemainderSigns_Lerp_ClampWithTensors()
    {
        var x = Tensor.FromArray(new[] { 0.5, 1.5, 2.5, -0.5, -1.5 });
        Assert.Equal(new[] { 0.0, 2, 2, 0, -2 }, x.Round().ToArray<double>());
        Assert.Equal(new[] { 1.2, 1.4 }, Tensor.FromArray(new[] { 1.25f, 1.35f }).Round(1).ToArray<float>().Select(v => Math.Round(v, 6)).ToArray());
        Assert.Equal(new[] { 1200.0, 1200, 1400 }, Tensor.FromArray(new[] { 1234.5, 1250, 1350 }).Round(-2).ToArray<double>());
        var a = Tensor.FromArray(new[] { -3.0, 3, -3, 3 });
        var b = Tensor.FromArray(new[] { 2.0, -2, 0, double.PositiveInfinity });
        AssertClose([1, -1, double.NaN, 3], a.Remainder(b), 1e-12, 1e-12);
        AssertClose([-1, 1, double.NaN, 3], a.Fmod(b), 1e-12, 1e-12);
        AssertClose([-0.5, 1.5], Tensor.Remainder(1.5, Tensor.FromArray(new[] { -2.0, 2.0 })), 1e-12, 1e-12);
        AssertClose([2], Tensor.FromArray(new[] { 1.0 }).Lerp(Tensor.FromArray(new[] { 3.0 }), 0.5), 1e-12, 1e-12);
        var v = Tensor.FromArray(new[] { 0.0, 5, 2 });
        var lo = Tensor.FromArray(new[] { 1.0, 1, 3 });
        var hi = Tensor.FromArray(new[] { 3.0 });
        AssertClose([1, 3, 3], v.Clamp(lo, hi), 1e-12, 1e-12);                         // broadcast bound; lo > hi -> hi
        AssertClose([1, 5, 3], v.Clamp(lo), 1e-12, 1e-12);
        AssertClose([0, 3, 2], v.Clamp(null, hi), 1e-12, 1e-12);
        AssertClose([0, 0, 0], Tensor.FromArray(new[] { 0.0, 0, 0 }).Xlogy(Tensor.FromArray(new[] { 0.0, 1, double.PositiveInfinity })), 1e-12, 1e-12);
    }
}
