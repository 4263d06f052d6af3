using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>
/// Forward results against hand-computed values and straightforward loop references over double arrays, and float32
/// results against float64 results of the same op.
/// </summary>
public class ForwardReferenceTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    // ---------- hand-computed ----------

    [Fact]
    public void Elementwise_HandComputed()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.FromArray(new[] { 10.0, 20, 30 });
        var col = Tensor.FromArray(new[] { 2.0, -1 }, new Shape(2, 1));
        AssertClose([11, 22, 33, 14, 25, 36], a + b, 1e-12, 1e-12, shape: [2, 3]);
        AssertClose([-9, -18, -27, -6, -15, -24], a - b, 1e-12, 1e-12);
        AssertClose([2, 4, 6, -4, -5, -6], a * col, 1e-12, 1e-12);
        AssertClose([0.5, 1, 1.5, -4, -5, -6], a / col, 1e-12, 1e-12);
        AssertClose([1, 4, 9, 16, 25, 36], a.Pow(2), 1e-12, 1e-12);
        AssertClose([1, 4, 9, 0.25, 0.2, 1.0 / 6], a.Pow(col), 1e-12, 1e-12);
        AssertClose([-1, -2, -3, -4, -5, -6], -a, 1e-12, 1e-12);
        AssertClose([2, 1, 0, -1, -2, -3], 3.0 - a, 1e-12, 1e-12);
        AssertClose([6, 3, 2, 1.5, 1.2, 1], 6.0 / a, 1e-12, 1e-12);
        AssertClose([2, 2, 2, 2, 2, 2], Tensor.Maximum(a.Clamp(max: 2.0), col), 1e-12, 1e-12);
        AssertClose([1, 2, 2, -1, -1, -1], Tensor.Minimum(a.Clamp(max: 2.0), col), 1e-12, 1e-12);
        AssertClose([1, Math.Sqrt(2), Math.Sqrt(3)], Tensor.FromArray(new[] { 1.0, 2, 3 }).Sqrt(), 1e-15, 1e-15);
        AssertClose([0, 1, Math.Log(10)], Tensor.FromArray(new[] { 1.0, Math.E, 10 }).Log(), 1e-15, 1e-15);
        AssertClose([1, Math.E, 1 / Math.E], Tensor.FromArray(new[] { 0.0, 1, -1 }).Exp(), 1e-15, 1e-15);
        AssertClose([2, 0, 3.5], Tensor.FromArray(new[] { -2.0, 0, 3.5 }).Abs(), 1e-12, 1e-12);
        AssertClose([-1, -0.5, 0.25, 1], Tensor.FromArray(new[] { -3.0, -0.5, 0.25, 7 }).Clamp(-1, 1), 1e-12, 1e-12);
        AssertClose([-1, 0, 7], Tensor.FromArray(new[] { -3.0, 0, 7 }).Clamp(min: -1), 1e-12, 1e-12);
        AssertClose([1, 5, 4], Tensor.Minimum(Tensor.FromArray(new[] { 1.0, 5, 9 }), Tensor.FromArray(new[] { 3.0, 6, 4 })), 1e-12, 1e-12);
        var cond = Tensor.FromArray(new[] { true, false });
        AssertClose([1, 20, 4, 20], Tensor.Where(cond, Tensor.FromArray(new double[,] { { 1, 2 }, { 4, 5 } }), Tensor.Scalar(20, DType.Float64)), 1e-12, 1e-12);
    }

    [Fact]
    public void Reductions_HandComputed()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 6, 8 } });
        Assert.Equal(24, x.Sum().Item());
        AssertClose([5, 8, 11], x.Sum(0), 1e-12, 1e-12, shape: [3]);
        AssertClose([6, 18], x.Sum(1, keepDim: true), 1e-12, 1e-12, shape: [2, 1]);
        AssertClose([2, 6], x.Mean(-1), 1e-12, 1e-12);
        AssertClose([4, 6, 8], x.Max(0), 1e-12, 1e-12);
        AssertClose([1, 4], x.Min([1]), 1e-12, 1e-12);
        Assert.Equal(1, x.Min().Item());
        AssertClose([1, 4], x.Var(1), 1e-15, 1e-12);                      // (1+0+1)/2, (4+0+4)/2
        AssertClose([2.0 / 3, 8.0 / 3], x.Var(1, correction: 0), 1e-15, 1e-12);
        AssertClose([1, 2], x.Std(1), 1e-15, 1e-12);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), x.Narrow(0, 0, 1).LogSumExp().Item(), 14);
        AssertClose([Math.Log(2)], Tensor.Zeros([1, 2], DType.Float64).LogSumExp(-1), 1e-15, 1e-12);
        Assert.Equal(1e4 + Math.Log(2), Tensor.Full([2], 1e4, DType.Float64).LogSumExp().Item(), 10);
        AssertClose([2, 2], x.ArgMax(1).To(DType.Float64), 1e-12, 1e-12);
        AssertClose([0, 0, 0], x.ArgMin(0).To(DType.Float64), 1e-12, 1e-12);
    }

    [Fact]
    public void ShapeOps_HandComputed()
    {
        var x = Tensor.Arange(24, DType.Float64).Reshape(2, 3, 4);
        AssertClose([0, 4, 8, 12, 16, 20], x.Select(2, 0).Flatten(), 1e-12, 1e-12);
        AssertClose([1, 3, 13, 15], x.Select(1, 0).Slice(-1, 1, 4, 2).Flatten(), 1e-12, 1e-12);
        AssertClose([4, 5, 6, 7, 16, 17, 18, 19], x.Select(1, 1).Flatten(), 1e-12, 1e-12);
        AssertClose([20, 21, 22, 23], x[1, 2], 1e-12, 1e-12);
        AssertClose([3, 7, 11], x[0].T[3], 1e-12, 1e-12);
        AssertClose([0, 12, 4, 16, 8, 20], x.Permute(2, 1, 0)[0].Flatten(), 1e-12, 1e-12, shape: [6]);
        AssertClose([8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11], x[0].IndexSelect(0, Tensor.FromArray(new[] { 2, 0, -1 })).Flatten(), 1e-12, 1e-12);
        AssertClose([0, 1, 100, 2, 3, 101], Tensor.Concat([Tensor.Arange(4, DType.Float64).Reshape(2, 2), Tensor.FromArray(new[] { 100.0, 101 }).Reshape(2, 1)], 1).Flatten(), 1e-12, 1e-12);
        var st = Tensor.Stack([Tensor.FromArray(new[] { 1.0, 2 }), Tensor.FromArray(new[] { 3.0, 4 })], 1);
        AssertClose([1, 3, 2, 4], st, 1e-12, 1e-12, shape: [2, 2]);
        AssertClose([5, 6, 5, 6, 5, 6], Tensor.FromArray(new[] { 5.0, 6 }).Expand(3, 2), 1e-12, 1e-12, shape: [3, 2]);
        Assert.Equal(new Shape(3, 4), Tensor.Zeros([1, 3, 1, 4]).Squeeze().Shape);
        Assert.Equal(new Shape(1, 3, 4), Tensor.Zeros([1, 3, 1, 4]).Squeeze(2).Shape);
        Assert.Equal(new Shape(3, 1), Tensor.Zeros([3]).Unsqueeze(-1).Shape);
        Assert.Equal(new Shape(2, 12), x.Flatten(1).Shape);
        Assert.Equal(new Shape(6, 4), x.Flatten(0, 1).Shape);
        AssertClose([12, 13, 14, 15], x.Reshape(-1, 4)[3], 1e-12, 1e-12);
        AssertClose([1, 13, 5], x.Transpose(0, 2).Reshape(4, 6)[1].Narrow(0, 0, 3), 1e-12, 1e-12); // reshape of a non-contiguous view copies
    }

    // ---------- loop references ----------

    public static TheoryData<string, string, string, Layout, Layout> BinaryCases()
    {
        var data = new TheoryData<string, string, string, Layout, Layout>();
        var shapes = new (string, string, Layout, Layout)[]
        {
            ("1026", "1026", C, C), ("7", "1", C, C), ("", "2,3", C, C), ("3,1", "1,4", C, C), ("4", "2,3,4", C, C),
            ("5,4", "5,4", Tr, Sl), ("2,1,5", "3,1", C, Tr), ("0", "1", C, C), ("3,0", "3,1", C, C), ("33,65", "65", Tr, C),
        };
        foreach (var op in new[] { "Add", "Subtract", "Multiply", "Divide", "Pow", "Maximum", "Minimum" })
            foreach (var (a, b, la, lb) in shapes) data.Add(op, a, b, la, lb);
        return data;
    }

    private static Func<double, double, double> RefBinaryOp(string op) => op switch
    {
        "Add" => (x, y) => x + y,
        "Subtract" => (x, y) => x - y,
        "Multiply" => (x, y) => x * y,
        "Divide" => (x, y) => x / y,
        "Pow" => Math.Pow,
        "Maximum" => Math.Max,
        _ => Math.Min,
    };

    private static Func<Tensor, Tensor, Tensor> BinaryOp(string op) => op switch
    {
        "Add" => (x, y) => x.Add(y),
        "Subtract" => (x, y) => x.Subtract(y),
        "Multiply" => (x, y) => x.Multiply(y),
        "Divide" => (x, y) => x.Divide(y),
        "Pow" => (x, y) => x.Pow(y),
        "Maximum" => Tensor.Maximum,
        _ => Tensor.Minimum,
    };

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void Binary_AgreesWithLoopReference_AndFloat32AgreesWithFloat64(string op, string shapeA, string shapeB, Layout la, Layout lb)
    {
        Values va = op == "Pow" ? Values.Positive : Values.Normal;
        Values vb = op == "Divide" ? Values.AwayFromZero : Values.Normal;
        var a = Input(S(shapeA), 101, va, la, requiresGrad: false);
        var b = Input(S(shapeB), 102, vb, lb, requiresGrad: false);
        var expected = RefBinary(D(a), S(shapeA), D(b), S(shapeB), RefBinaryOp(op), out int[] shape);
        var f = BinaryOp(op);
        var y = f(a, b);
        AssertClose(expected, y, 1e-14, 1e-14, shape: shape);
        var y32 = f(Input(S(shapeA), 101, va, la, false, DType.Float32), Input(S(shapeB), 102, vb, lb, false, DType.Float32));
        AssertFloat32Agrees(y, y32);
    }

    public static TheoryData<string, string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, string, Layout>();
        foreach (var op in new[] { "Neg", "Exp", "Log", "Sqrt", "Abs", "ClampMin", "ClampMax", "ClampBoth", "Pow2.5", "Pow-1", "Clone", "Contiguous" })
            foreach (var (s, l) in new[] { ("", C), ("1", C), ("7", C), ("1026", C), ("0", C), ("3,0", C), ("17,9", Tr), ("5,8", Sl) })
                data.Add(op, s, l);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void Unary_AgreesWithLoopReference_AndFloat32AgreesWithFloat64(string op, string shape, Layout layout)
    {
        Values kind = op is "Log" or "Sqrt" or "Pow2.5" or "Pow-1" ? Values.Positive : Values.Normal;
        (Func<Tensor, Tensor> f, Func<double, double> r) = op switch
        {
            "Neg" => ((Func<Tensor, Tensor>)(t => t.Neg()), (Func<double, double>)(v => -v)),
            "Exp" => (t => t.Exp(), Math.Exp),
            "Log" => (t => t.Log(), Math.Log),
            "Sqrt" => (t => t.Sqrt(), Math.Sqrt),
            "Abs" => (t => t.Abs(), Math.Abs),
            "ClampMin" => (t => t.Clamp(min: -0.3), v => Math.Max(v, -0.3)),
            "ClampMax" => (t => t.Clamp(max: 0.7), v => Math.Min(v, 0.7)),
            "ClampBoth" => (t => t.Clamp(-0.3, 0.7), v => Math.Clamp(v, -0.3, 0.7)),
            "Pow2.5" => (t => t.Pow(2.5), v => Math.Pow(v, 2.5)),
            "Pow-1" => (t => t.Pow(-1), v => 1 / v),
            "Clone" => (t => t.Clone(), v => v),
            _ => (t => t.Contiguous(), v => v),
        };
        var x = Input(S(shape), 103, kind, layout, requiresGrad: false);
        var y = f(x);
        Assert.True(y.IsContiguous || y.ElementCount <= 1);
        AssertClose(D(x).Select(r).ToArray(), y, 1e-15, 1e-14, shape: S(shape));
        AssertFloat32Agrees(y, f(Input(S(shape), 103, kind, layout, false, DType.Float32)));
    }

    public static TheoryData<string, string, string, Layout, bool> ReductionCases()
    {
        var data = new TheoryData<string, string, string, Layout, bool>();
        var shapes = new (string, string, Layout)[]
        {
            ("1026", "all", C), ("7", "0", C), ("1", "all", C), ("", "all", C), ("3,4,5", "1", C), ("3,4,5", "-1", C),
            ("3,4,5", "0,2", C), ("3,4,5", "-3,-2", C), ("9,17", "0", Tr), ("9,17", "1", Tr), ("4,3,33", "0,2", Sl),
            ("3,0", "1", C), ("0,4", "1", C), ("2,3,4,5", "1,3", C),
        };
        foreach (var op in new[] { "Sum", "Mean", "Max", "Min", "Var0", "Var1", "Std0", "Std1", "LogSumExp" })
            foreach (var (s, ax, l) in shapes)
                foreach (bool keep in new[] { false, true })
                {
                    bool empty = S(s).Contains(0);
                    if (empty && op is not ("Sum" or "LogSumExp" or "Max" or "Min")) continue;
                    if (empty && op is "Max" or "Min" && s == "3,0") continue; // reducing an empty row has no identity
                    data.Add(op, s, ax, l, keep);
                }
        return data;
    }

    private static double RefReduceOp(string op, List<double> v) => op switch
    {
        "Sum" => v.Sum(),
        "Mean" => v.Sum() / v.Count,
        "Max" => v.Max(),
        "Min" => v.Min(),
        "Var0" => RefVar(v, 0),
        "Var1" => RefVar(v, 1),
        "Std0" => Math.Sqrt(RefVar(v, 0)),
        "Std1" => Math.Sqrt(RefVar(v, 1)),
        _ => v.Count == 0 ? double.NegativeInfinity : Math.Log(v.Sum(Math.Exp)),
    };

    private static double RefVar(List<double> v, int correction)
    {
        double mean = v.Sum() / v.Count;
        return v.Sum(x => (x - mean) * (x - mean)) / Math.Max(v.Count - correction, 0);
    }

    [Theory]
    [MemberData(nameof(ReductionCases))]
    public void Reduction_AgreesWithLoopReference_AndFloat32AgreesWithFloat64(string op, string shape, string axes, Layout layout, bool keepDim)
    {
        int[]? ax = ReductionGradTests.ParseAxes(axes);
        var x = Input(S(shape), 104, Values.Normal, layout, requiresGrad: false);
        var expected = RefReduce(D(x), S(shape), ax, keepDim, v => RefReduceOp(op, v), out int[] outShape);
        var f = ReductionGradTests.Reduce(op, ax, keepDim);
        var y = f(x);
        AssertClose(expected, y, 1e-13, 1e-12, shape: outShape);
        var y32 = f(Input(S(shape), 104, Values.Normal, layout, false, DType.Float32));
        AssertFloat32Agrees(y, y32, 1e-5, 1e-5);
    }

    [Fact]
    public void Var_WithCorrectionOneOnOneElement_IsNaNOrInfinity_LikePyTorch()
    {
        // PyTorch: torch.tensor([2.]).var() is nan (0/0); we divide by max(N - correction, 0) = 0 as well
        double v = Tensor.FromArray(new[] { 2.0 }).Var().Item();
        Assert.True(double.IsNaN(v), $"got {v}");
    }

    public static TheoryData<string> ShapeOpNames() => new()
    {
        "Reshape", "Flatten", "Transpose", "Permute", "T", "Narrow", "Slice", "Select", "Indexer", "IndexSelect",
        "Concat", "Stack", "Squeeze", "Unsqueeze", "Expand",
    };

    /// <summary>Each shape op against index arithmetic over the source array, on a transposed view; float32 gives the same elements.</summary>
    [Theory]
    [MemberData(nameof(ShapeOpNames))]
    public void ShapeOp_AgreesWithIndexReference_AndFloat32(string op)
    {
        // x is [4, 6] (a transposed view of a [6, 4] array); x[i, j] = src[j * 4 + i]
        var x = Input([4, 6], 105, Values.Normal, Tr, requiresGrad: false);
        var src = D(x.T.Contiguous());
        double X(int i, int j) => src[j * 4 + i];
        (Func<Tensor, Tensor> f, int[] shape, Func<int[], double> at) = op switch
        {
            "Reshape" => ((Func<Tensor, Tensor>)(t => t.Reshape(3, 8)), new[] { 3, 8 }, (Func<int[], double>)(ix => X((ix[0] * 8 + ix[1]) / 6, (ix[0] * 8 + ix[1]) % 6))),
            "Flatten" => (t => t.Flatten(), [24], ix => X(ix[0] / 6, ix[0] % 6)),
            "Transpose" => (t => t.Transpose(0, 1), [6, 4], ix => X(ix[1], ix[0])),
            "Permute" => (t => t.Unsqueeze(0).Permute(2, 0, 1), [6, 1, 4], ix => X(ix[2], ix[0])),
            "T" => (t => t.T, [6, 4], ix => X(ix[1], ix[0])),
            "Narrow" => (t => t.Narrow(1, 2, 3), [4, 3], ix => X(ix[0], ix[1] + 2)),
            "Slice" => (t => t.Slice(1, 1, 6, 2), [4, 3], ix => X(ix[0], 1 + 2 * ix[1])),
            "Select" => (t => t.Select(1, -2), [4], ix => X(ix[0], 4)),
            "Indexer" => (t => t[2], [6], ix => X(2, ix[0])),
            "IndexSelect" => (t => t.IndexSelect(0, Tensor.FromArray(new[] { 3, 3, 0 })), [3, 6], ix => X(ix[0] == 2 ? 0 : 3, ix[1])),
            "Concat" => (t => Tensor.Concat([t, t.Narrow(0, 1, 2)], 0), [6, 6], ix => X(ix[0] < 4 ? ix[0] : ix[0] - 3, ix[1])),
            "Stack" => (t => Tensor.Stack([t, t.Neg()], 1), [4, 2, 6], ix => (ix[1] == 0 ? 1 : -1) * X(ix[0], ix[2])),
            "Squeeze" => (t => t.Narrow(0, 1, 1).Squeeze(), [6], ix => X(1, ix[0])),
            "Unsqueeze" => (t => t.Unsqueeze(1), [4, 1, 6], ix => X(ix[0], ix[2])),
            _ => (t => t.Narrow(1, 5, 1).Expand(2, 4, 3), [2, 4, 3], ix => X(ix[1], 5)),
        };
        var y = f(x);
        int n = shape.Aggregate(1, (p, q) => p * q);
        var expected = Enumerable.Range(0, n).Select(i => at(Unravel(i, shape))).ToArray();
        AssertClose(expected, y, 0, 0, shape: shape);
        AssertFloat32Agrees(y, f(Input([4, 6], 105, Values.Normal, Tr, false, DType.Float32)), 1e-7, 0);
    }

    [Fact]
    public void Float32GradientsOfCompositeExpressions_AgreeWithFloat64()
    {
        foreach (var (expr, seed) in new (Func<Tensor, Tensor, Tensor>, ulong)[]
        {
            ((x, w) => (x.MatMul(w) - 0.5).Pow(2).Mean(), 111),
            ((x, w) => x.MatMul(w).LogSumExp(1).Sum() - x.Std(), 112),
            ((x, w) => Tensor.Maximum(x.Exp(), w.T.Sum(0)).Sqrt().Sum() + w.Abs().Var([0]).Sum(), 113),
            ((x, w) => Tensor.Where(x.Greater(0.0), x * 3.0, x.Clamp(-0.5) / 2.0).Max(1).Sum() + (w * w).Log().Mean(), 114),
        })
        {
            var x64 = Input([5, 4], seed);
            var w64 = Input([4, 3], seed + 100, layout: Tr);
            var x32 = Input([5, 4], seed, dtype: DType.Float32);
            var w32 = Input([4, 3], seed + 100, layout: Tr, dtype: DType.Float32);
            var l64 = expr(x64, w64);
            var l32 = expr(x32, w32);
            AssertFloat32Agrees(l64, l32, 1e-5, 1e-5);
            l64.Backward();
            l32.Backward();
            AssertFloat32Agrees(x64.Grad!, x32.Grad!, 1e-4, 1e-5);
            AssertFloat32Agrees(w64.Grad!, w32.Grad!, 1e-4, 1e-5);
        }
    }
}
