using DeepNotes;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Elementwise;

/// <summary>
/// Float64 GradCheck of every differentiable elementwise op over contiguous, transposed and sliced inputs, with values
/// drawn inside each op's domain and away from its kinks; binary ops also over broadcast shapes.
/// </summary>
public class ElementwiseGradCheckTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    /// <summary>A [3, 4] leaf in <paramref name="layout"/> whose values are <paramref name="map"/> of standard normals.</summary>
    internal static Tensor Make(ulong seed, Layout layout, Func<double, double> map, int[]? shape = null)
    {
        shape ??= [3, 4];
        var t = Input(shape, seed, Values.Normal, layout, requiresGrad: false);
        var values = D(t).Select(map).ToArray();
        t.CopyFrom(Tensor.FromArray(values, new Shape(shape)));
        t.RequiresGrad = true;
        return t;
    }

    private static double Any(double v) => v;
    private static double Unit(double v) => 0.9 * Math.Tanh(v);            // (-0.9, 0.9)
    private static double Pos(double v) => 0.5 + Math.Abs(v);              // [0.5, ∞)
    private static double AboveOne(double v) => 1.2 + Math.Abs(v);
    private static double Prob(double v) => 0.5 + 0.45 * Math.Tanh(v);    // (0.05, 0.95)
    private static double Frac(double v) => Math.Floor(3 * v) + 0.1 + 0.8 * (0.5 + 0.5 * Math.Tanh(v)); // 0.1 away from integers

    private static readonly Dictionary<string, (Func<double, double> Domain, Func<Tensor, Tensor> F)> Unary = new()
    {
        ["Sin"] = (Any, x => x.Sin()),
        ["Cos"] = (Any, x => x.Cos()),
        ["Tan"] = (Unit, x => x.Tan()),
        ["Asin"] = (Unit, x => x.Asin()),
        ["Acos"] = (Unit, x => x.Acos()),
        ["Atan"] = (Any, x => x.Atan()),
        ["Sinh"] = (Any, x => x.Sinh()),
        ["Cosh"] = (Any, x => x.Cosh()),
        ["Asinh"] = (Any, x => x.Asinh()),
        ["Acosh"] = (AboveOne, x => x.Acosh()),
        ["Atanh"] = (Unit, x => x.Atanh()),
        ["Erf"] = (Any, x => x.Erf()),
        ["Erfc"] = (Any, x => x.Erfc()),
        ["Erfinv"] = (Unit, x => x.Erfinv()),
        ["Log1p"] = (v => Pos(v) - 0.9, x => x.Log1p()),
        ["Expm1"] = (Any, x => x.Expm1()),
        ["Log2"] = (Pos, x => x.Log2()),
        ["Log10"] = (Pos, x => x.Log10()),
        ["Exp2"] = (Any, x => x.Exp2()),
        ["Reciprocal"] = (Pos, x => x.Reciprocal()),
        ["Rsqrt"] = (Pos, x => x.Rsqrt()),
        ["Square"] = (Any, x => x.Square()),
        ["Floor"] = (Frac, x => x.Floor()),
        ["Ceil"] = (Frac, x => x.Ceil()),
        ["Round"] = (Frac, x => x.Round()),
        ["Round2"] = (v => Frac(100 * v) / 100, x => x.Round(2)),
        ["Trunc"] = (Frac, x => x.Trunc()),
        ["Frac"] = (Frac, x => x.Frac()),
        ["Logit"] = (Prob, x => x.Logit()),
        ["LogitEps"] = (Prob, x => x.Logit(0.01)),
        ["Sinc"] = (Any, x => x.Sinc()),
        ["Deg2Rad"] = (Any, x => x.Deg2Rad()),
        ["Rad2Deg"] = (Any, x => x.Rad2Deg()),
        ["NanToNum"] = (Any, x => x.NanToNum()),
        ["PowScalarBase"] = (Any, x => Tensor.Pow(2.5, x)),
        ["XlogyScalarX"] = (Pos, x => Tensor.Xlogy(1.5, x)),
        ["XlogyScalarY"] = (Any, x => x.Xlogy(2.5)),
        ["RemainderScalar"] = (v => 3 * Frac(v), x => x.Remainder(1.3)),
        ["FmodScalar"] = (v => 3 * Frac(v), x => x.Fmod(-1.3)),
    };

    public static TheoryData<string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in Unary.Keys)
            foreach (var layout in new[] { C, Tr, Sl }) data.Add(name, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_PassesGradCheck(string op, Layout layout)
    {
        var (domain, f) = Unary[op];
        var x = Make(31, layout, domain);
        Check(t => f(t[0]), x);
    }

    [Fact]
    public void Sinc_AtZero_HasZeroGradient_AndGradCheckPasses()
    {
        var x = Tensor.FromArray(new[] { 0.0, 0.25, -0.75 }, requiresGrad: true);
        x.Sinc().Sum().Backward();
        Assert.Equal(0, x.Grad!.ToArray<double>()[0]);
        Check(t => t[0].Sinc(), Tensor.FromArray(new[] { 1e-3, 0.25, -0.75 }, requiresGrad: true));
    }

    private static readonly Dictionary<string, (Func<double, double> A, Func<double, double> B, Func<Tensor, Tensor, Tensor> F)> Binary = new()
    {
        ["Atan2"] = (Any, Any, (a, b) => a.Atan2(b)),
        ["Hypot"] = (Any, Any, (a, b) => a.Hypot(b)),
        ["Remainder"] = (v => 4 * v, v => Math.Sign(v + 1e-9) * Pos(v), (a, b) => a.Remainder(b)),
        ["Fmod"] = (v => 4 * v, v => Math.Sign(v + 1e-9) * Pos(v), (a, b) => a.Fmod(b)),
        ["Xlogy"] = (Any, Pos, (a, b) => a.Xlogy(b)),
        ["LerpScalar"] = (Any, Any, (a, b) => a.Lerp(b, 0.3)),
        ["LerpScalarHigh"] = (Any, Any, (a, b) => a.Lerp(b, 0.8)),
        ["ClampMin"] = (Any, Any, (a, b) => a.Clamp(b)),
        ["ClampMax"] = (Any, Any, (a, b) => a.Clamp(null, b)),
        ["Maximum"] = (Any, Any, Tensor.Maximum),
        ["Minimum"] = (Any, Any, Tensor.Minimum),
        ["Fmax"] = (Any, Any, Tensor.Fmax),
        ["Fmin"] = (Any, Any, Tensor.Fmin),
        ["PowTensor"] = (Pos, Any, (a, b) => a.Pow(b)),
    };

    /// <summary>Shape pairs and layouts: same shape in every layout, and broadcasting.</summary>
    private static readonly (string A, string B, Layout La, Layout Lb)[] BinaryShapes =
    [
        ("3,4", "3,4", C, C),
        ("3,4", "3,4", Tr, Sl),
        ("3,4", "3,4", Sl, Tr),
        ("3,4", "4", Tr, C),
        ("3,1", "1,4", C, C),
        ("2,3,4", "3,4", C, Sl),
        ("", "3,4", C, Tr),
    ];

    public static TheoryData<string, string, string, Layout, Layout> BinaryCases()
    {
        var data = new TheoryData<string, string, string, Layout, Layout>();
        foreach (var name in Binary.Keys)
            foreach (var (a, b, la, lb) in BinaryShapes) data.Add(name, a, b, la, lb);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_PassesGradCheck(string op, string shapeA, string shapeB, Layout layoutA, Layout layoutB)
    {
        var (da, db, f) = Binary[op];
        var a = MakeAny(S(shapeA), 41, layoutA, da);
        var b = MakeAny(S(shapeB), 42, layoutB, db);
        Check(t => f(t[0], t[1]), a, b);
        b.RequiresGrad = false;
        Check(t => f(t[0], t[1]), a, b);
    }

    [Theory]
    [InlineData(C, C, C)]
    [InlineData(Tr, Sl, C)]
    [InlineData(Sl, C, Tr)]
    public void LerpTensorWeight_And_ClampBothBounds_PassGradCheck(Layout la, Layout lb, Layout lc)
    {
        var start = Make(51, la, Any);
        var end = Make(52, lb, Any);
        var weight = Make(53, lc, v => 0.5 + 0.6 * Math.Tanh(v)); // both sides of 0.5
        Check(t => t[0].Lerp(t[1], t[2]), start, end, weight);
        // clamp: bounds on both sides of x, and some with min > max
        var lo = Make(54, lb, v => v - 0.7);
        var hi = Make(55, lc, v => v + 0.7);
        Check(t => t[0].Clamp(t[1], t[2]), start, lo, hi);
        Check(t => t[0].Clamp(t[1], t[2]), start, hi, lo);
    }

    [Fact]
    public void Lerp_BroadcastWeight_PassesGradCheck()
    {
        var start = Make(56, C, Any, [2, 3, 4]);
        var end = Make(57, Tr, Any);
        var weight = Make(58, C, v => 0.5 + 0.6 * Math.Tanh(v), [4]);
        Check(t => t[0].Lerp(t[1], t[2]), start, end, weight);
    }

    [Fact]
    public void Maximum_Ties_SplitTheGradientInHalf_Fmax_GivesItToTheFirst()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, requiresGrad: true);
        var b = Tensor.FromArray(new[] { 1.0, 0.0, 5.0 }, requiresGrad: true);
        Tensor.Maximum(a, b).Sum().Backward();
        AssertClose([0.5, 1, 0], a.Grad!, 1e-12, 1e-12);
        AssertClose([0.5, 0, 1], b.Grad!, 1e-12, 1e-12);
        a.Grad = null;
        b.Grad = null;
        Tensor.Fmax(a, b).Sum().Backward();
        AssertClose([1, 1, 0], a.Grad!, 1e-12, 1e-12);
        AssertClose([0, 0, 1], b.Grad!, 1e-12, 1e-12);
    }

    private static Tensor MakeAny(int[] shape, ulong seed, Layout layout, Func<double, double> map)
    {
        if (shape.Length == 0)
        {
            var s = Tensor.Scalar(map(0.37), DType.Float64);
            s.RequiresGrad = true;
            return s;
        }
        return Make(seed, layout, map, shape);
    }
}
