using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>GradCheck (float64) of the elementwise ops over broadcast shapes, odd sizes, 0-dim, empty and non-contiguous inputs.</summary>
public class ElementwiseGradTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    /// <summary>Shape pairs (with layouts) for the broadcasting binary ops.</summary>
    private static readonly (string A, string B, Layout La, Layout Lb)[] BinaryShapes =
    [
        ("1", "1", C, C),
        ("7", "7", C, C),
        ("1026", "1026", C, C),
        ("", "", C, C),
        ("", "2,3", C, C),
        ("2,3", "", C, C),
        ("3,1", "1,4", C, C),
        ("4", "2,3,4", C, C),
        ("2,3,4", "3,1", C, C),
        ("2,1,5", "3,1", C, C),
        ("0", "0", C, C),
        ("3,0", "3,1", C, C),
        ("3,0", "1", C, C),
        ("4,5", "4,5", Tr, Sl),
        ("5,4", "4", Tr, C),
        ("3,6", "3,1", Sl, C),
        ("3,7", "2,3,7", Sl, Tr),
    ];

    public static TheoryData<string, string, string, Layout, Layout> BinaryCases()
    {
        var data = new TheoryData<string, string, string, Layout, Layout>();
        foreach (var op in new[] { "Add", "Subtract", "Multiply", "Divide", "Pow" })
            foreach (var (a, b, la, lb) in BinaryShapes) data.Add(op, a, b, la, lb);
        return data;
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_TensorTensor_PassesGradCheck(string op, string shapeA, string shapeB, Layout layoutA, Layout layoutB)
    {
        // Pow needs a positive base; Divide a divisor away from zero.
        Values va = op == "Pow" ? Values.Positive : Values.Normal;
        Values vb = op == "Divide" ? Values.AwayFromZero : Values.Normal;
        var a = Input(S(shapeA), 11, va, layoutA);
        var b = Input(S(shapeB), 12, vb, layoutB);
        Func<Tensor[], Tensor> f = op switch
        {
            "Add" => t => t[0] + t[1],
            "Subtract" => t => t[0] - t[1],
            "Multiply" => t => t[0] * t[1],
            "Divide" => t => t[0] / t[1],
            _ => t => t[0].Pow(t[1]),
        };
        Check(f, a, b);
        // and with only one of the two requiring grad
        b.RequiresGrad = false;
        Check(f, a, b);
        b.RequiresGrad = true;
        a.RequiresGrad = false;
        Check(f, a, b);
    }

    [Fact]
    public void Binary_SameTensorOnBothSides_AccumulatesBothGradients()
    {
        var x = Input([3, 4], 13, Values.AwayFromZero);
        Check(t => t[0] * t[0] + t[0] / (t[0] * t[0] + 1.0) - (t[0] * t[0]).Pow(t[0]), x);
    }

    public static TheoryData<string, string, Layout> ScalarCases()
    {
        var data = new TheoryData<string, string, Layout>();
        foreach (var op in new[] { "x+s", "s+x", "x-s", "s-x", "x*s", "s*x", "x/s", "s/x", "-x" })
            foreach (var (shape, layout) in new[] { ("", C), ("1", C), ("7", C), ("1026", C), ("0", C), ("3,0", C), ("4,5", Tr), ("3,4", Sl) })
                data.Add(op, shape, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(ScalarCases))]
    public void Binary_TensorScalarOperators_PassGradCheck(string op, string shape, Layout layout)
    {
        var x = Input(S(shape), 21, Values.AwayFromZero, layout);
        Func<Tensor[], Tensor> f = op switch
        {
            "x+s" => t => t[0] + 2.5,
            "s+x" => t => 2.5 + t[0],
            "x-s" => t => t[0] - 2.5,
            "s-x" => t => 2.5 - t[0],
            "x*s" => t => t[0] * -1.75,
            "s*x" => t => -1.75 * t[0],
            "x/s" => t => t[0] / 3.0,
            "s/x" => t => 3.0 / t[0],
            _ => t => -t[0],
        };
        Check(f, x);
    }

    private static readonly (string Shape, Layout Layout)[] UnaryShapes =
    [
        ("", C), ("1", C), ("7", C), ("1026", C), ("0", C), ("3,0", C), ("2,3,4", C), ("4,5", Tr), ("3,4", Sl),
    ];

    public static TheoryData<string, string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, string, Layout>();
        foreach (var op in new[] { "Neg", "Exp", "Log", "Sqrt", "Abs", "ClampMin", "ClampMax", "ClampBoth", "Pow2", "Pow0.5", "Pow-1.5", "Pow3" })
            foreach (var (shape, layout) in UnaryShapes) data.Add(op, shape, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_PassesGradCheck(string op, string shape, Layout layout)
    {
        Values kind = op switch
        {
            "Log" or "Sqrt" or "Pow0.5" or "Pow-1.5" => Values.Positive,
            "Abs" or "Pow3" or "Pow2" => Values.AwayFromZero,
            "ClampMin" or "ClampMax" or "ClampBoth" => Values.AwayFromClampBounds,
            _ => Values.Normal,
        };
        var x = Input(S(shape), 31, kind, layout);
        Func<Tensor[], Tensor> f = op switch
        {
            "Neg" => t => t[0].Neg(),
            "Exp" => t => t[0].Exp(),
            "Log" => t => t[0].Log(),
            "Sqrt" => t => t[0].Sqrt(),
            "Abs" => t => t[0].Abs(),
            "ClampMin" => t => t[0].Clamp(min: -0.5),
            "ClampMax" => t => t[0].Clamp(max: 0.5),
            "ClampBoth" => t => t[0].Clamp(-0.5, 0.5),
            "Pow2" => t => t[0].Pow(2.0),
            "Pow0.5" => t => t[0].Pow(0.5),
            "Pow-1.5" => t => t[0].Pow(-1.5),
            _ => t => t[0].Pow(3.0),
        };
        Check(f, x);
    }

    [Fact]
    public void Clamp_GradientIsZeroWhereClampedAndOneInside()
    {
        var x = Tensor.FromArray(new[] { -2.0, -0.3, 0.0, 0.4, 3.0 }, requiresGrad: true);
        x.To(DType.Float64).Clamp(-0.5, 0.5).Sum().Backward();
        AssertClose([0, 1, 1, 1, 0], x.Grad!, 1e-12, 1e-12);
    }

    [Fact]
    public void Abs_GradientAtZeroIsZero()
    {
        var x = Tensor.FromArray(new[] { -2.0, 0.0, 3.0 }, requiresGrad: true);
        x.Abs().Sum().Backward();
        AssertClose([-1, 0, 1], x.Grad!, 1e-12, 1e-12);
    }

    public static TheoryData<string, string, string, Layout> MaximumCases()
    {
        var data = new TheoryData<string, string, string, Layout>();
        foreach (var op in new[] { "Maximum", "Minimum" })
            foreach (var (a, b, la) in new[]
            {
                ("", "", C), ("1", "1", C), ("7", "7", C), ("1026", "1026", C), ("3,1", "1,4", C), ("4", "2,3,4", C),
                ("", "2,3", C), ("0", "0", C), ("3,0", "3,1", C), ("4,5", "4,5", Tr), ("5,3", "3", Tr),
            })
                data.Add(op, a, b, la);
        return data;
    }

    [Theory]
    [MemberData(nameof(MaximumCases))]
    public void MaximumMinimum_DistinctValues_PassGradCheck(string op, string shapeA, string shapeB, Layout layoutA)
    {
        var (a, b) = DistinctPair(S(shapeA), S(shapeB), 41, layoutA);
        Func<Tensor[], Tensor> f = op == "Maximum" ? t => Tensor.Maximum(t[0], t[1]) : t => Tensor.Minimum(t[0], t[1]);
        Check(f, a, b);
    }

    [Fact]
    public void MaximumMinimum_TiesShareTheGradient()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2.0, 5.0 }, requiresGrad: true);
        var b = Tensor.FromArray(new[] { 1.0, 3.0, 4.0 }, requiresGrad: true);
        Tensor.Maximum(a, b).Sum().Backward();
        AssertClose([0.5, 0, 1], a.Grad!, 1e-12, 1e-12);
        AssertClose([0.5, 1, 0], b.Grad!, 1e-12, 1e-12);
        a.Grad = null;
        b.Grad = null;
        Tensor.Minimum(a, b).Sum().Backward();
        AssertClose([0.5, 1, 0], a.Grad!, 1e-12, 1e-12);
        AssertClose([0.5, 0, 1], b.Grad!, 1e-12, 1e-12);
    }

    public static TheoryData<string, string, string, Layout> WhereCases() => new()
    {
        { "3,4", "3,4", "3,4", C },
        { "3,1", "1,4", "", C },
        { "4", "3,4", "4", Tr },
        { "", "2,3", "2,3", C },
        { "", "", "", C },
        { "1", "1", "1", C },
        { "7", "7", "1", C },
        { "1026", "1026", "1026", C },
        { "0", "0", "0", C },
        { "3,0", "3,1", "0", C },
        { "2,3,4", "3,4", "2,1,4", Sl },
    };

    [Theory]
    [MemberData(nameof(WhereCases))]
    public void Where_PassesGradCheck(string condShape, string shapeA, string shapeB, Layout layoutA)
    {
        var cond = Input(S(condShape), 51, requiresGrad: false).Greater(0.0);
        var a = Input(S(shapeA), 52, Values.Normal, layoutA);
        var b = Input(S(shapeB), 53);
        Check(t => Tensor.Where(cond, t[0], t[1]), a, b);
    }

    [Fact]
    public void Where_GradientGoesToTheChosenSide()
    {
        var cond = Tensor.FromArray(new[] { true, false, true });
        var a = Tensor.FromArray(new[] { 1.0, 2.0, 3.0 }, requiresGrad: true);
        var b = Tensor.FromArray(new[] { 10.0 }, requiresGrad: true);
        Tensor.Where(cond, a, b).Sum().Backward();
        AssertClose([1, 0, 1], a.Grad!, 1e-12, 1e-12);
        AssertClose([1], b.Grad!, 1e-12, 1e-12);
    }
}
