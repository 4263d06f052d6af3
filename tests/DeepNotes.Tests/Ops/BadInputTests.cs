using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Ops;

/// <summary>Bad input throws at once, with the exception type and a message naming what was expected and what came.</summary>
public class BadInputTests
{
    private static Tensor F64(params int[] shape) => Tensor.Zeros(shape, DType.Float64);

    [Fact]
    public void MatMul_MismatchedShapes_NamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]).MatMul(Tensor.Zeros([4, 5])));
        Assert.Contains("MatMul: shapes [2, 3] and [4, 5] cannot be multiplied", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([3]).MatMul(Tensor.Zeros([4])));
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]).MatMul(Tensor.Zeros([2])));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 2, 3]).MatMul(Tensor.Zeros([3, 3, 4])));
        Assert.Contains("[2, 2, 3]", e.Message);
        Assert.Contains("[3, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Scalar(1).MatMul(Tensor.Zeros([3])));
        Assert.Contains("[]", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Divide")]
    [InlineData("Pow")]
    [InlineData("Maximum")]
    [InlineData("Minimum")]
    [InlineData("Where")]
    public void Broadcast_MismatchedShapes_NamesBothShapes(string op)
    {
        var a = Tensor.Zeros([2, 3]);
        var b = Tensor.Zeros([4, 3]);
        var cond = Tensor.Zeros([2, 3], DType.Bool);
        var e = Assert.Throws<ArgumentException>(() => Binary(op, a, b, cond));
        Assert.Contains(op, e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("cannot be broadcast", e.Message);
    }

    private static Tensor Binary(string op, Tensor a, Tensor b, Tensor cond) => op switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Pow" => a.Pow(b),
        "Maximum" => Tensor.Maximum(a, b),
        "Minimum" => Tensor.Minimum(a, b),
        _ => Tensor.Where(cond, a, b),
    };

    [Theory]
    [InlineData("Add")]
    [InlineData("Subtract")]
    [InlineData("Multiply")]
    [InlineData("Divide")]
    [InlineData("Pow")]
    [InlineData("Maximum")]
    [InlineData("Minimum")]
    [InlineData("Where")]
    public void Float32WithFloat64_PromotesToFloat64_AsPyTorch(string op)
    {
        // these threw "dtype mismatch" before issue 13's promotion work; PyTorch promotes to Float64
        var a = Tensor.Ones([2, 2], DType.Float32);
        var b = Tensor.Ones([2, 2], DType.Float64);
        var cond = Tensor.Ones([2, 2], DType.Bool);
        Assert.Equal(DType.Float64, Binary(op, a, b, cond).DType);
    }

    [Fact]
    public void MatMul_MixedDtypes_Throw_NamingBothDtypes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Ones([2, 2], DType.Float32).MatMul(Tensor.Ones([2, 2], DType.Float64)));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);
    }

    public static TheoryData<string> AxisOps() => new()
    {
        "Sum", "Mean", "Max", "Min", "MaxOne", "Var", "Std", "LogSumExp", "ArgMax", "Transpose", "Permute", "Narrow", "Slice",
        "Select", "IndexSelect", "Squeeze", "Unsqueeze", "Concat", "Stack", "Flatten", "Size",
    };

    [Theory]
    [MemberData(nameof(AxisOps))]
    public void OutOfRangeAxis_ThrowsArgumentOutOfRange_NamingAxisAndRange(string op)
    {
        var x = F64(2, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => op switch
        {
            "Sum" => x.Sum(5),
            "Mean" => x.Mean([0, 5]),
            "Max" => x.Max([5]),
            "Min" => x.Min([5]),
            "MaxOne" => x.Max(5),
            "Var" => x.Var(5),
            "Std" => x.Std([5]),
            "LogSumExp" => x.LogSumExp(5),
            "ArgMax" => x.ArgMax(5),
            "Transpose" => x.Transpose(0, 5),
            "Permute" => x.Permute(0, 5),
            "Narrow" => x.Narrow(5, 0, 1),
            "Slice" => x.Slice(5, 0, 1),
            "Select" => x.Select(5, 0),
            "IndexSelect" => x.IndexSelect(5, Tensor.FromArray(new[] { 0 })),
            "Squeeze" => x.Squeeze(5),
            "Unsqueeze" => x.Unsqueeze(5), // valid range is [-3, 2]
            "Concat" => Tensor.Concat([x, x], 5),
            "Stack" => Tensor.Stack([x, x], 5),
            "Flatten" => x.Flatten(5),
            _ => Tensor.Scalar(x.Size(5)),
        });
        Assert.Contains("5", e.Message);
        Assert.Matches(@"\[-\d, \d\]", e.Message);
    }

    [Fact]
    public void OutOfRangeAxis_NegativeAndReportedRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F64(2, 3).Sum(-3));
        Assert.Contains("-3", e.Message);
        Assert.Contains("[-2, 1]", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => F64(2, 3).Unsqueeze(-4));
        Assert.Contains("-4", e.Message);
        Assert.Contains("[-3, 2]", e.Message);
    }

    [Theory]
    [InlineData("Mean")]
    [InlineData("Var")]
    [InlineData("Std")]
    [InlineData("LogSumExp")]
    [InlineData("MatMul")]
    public void Int32_WhereFloatingPointIsNeeded_Throws(string op)
    {
        var x = Tensor.FromArray(new[] { 1, 2, 3, 4 }, new Shape(2, 2));
        var e = Assert.Throws<ArgumentException>(() => FloatOnly(op, x));
        Assert.Contains("Int32", e.Message);
        Assert.Matches("(?i)floating", e.Message);
    }

    [Theory]
    [InlineData("Mean")]
    [InlineData("MatMul")]
    [InlineData("Abs")]
    [InlineData("Neg")]
    [InlineData("Clamp")]
    [InlineData("Subtract")]
    [InlineData("Max")]
    public void Bool_WhereNumbersAreNeeded_Throws(string op)
    {
        var x = Tensor.FromArray(new[] { true, false, true, true }, new Shape(2, 2));
        var e = Assert.Throws<ArgumentException>(() => op switch
        {
            "Abs" => x.Abs(),
            "Neg" => x.Neg(),
            "Clamp" => x.Clamp(0, 1),
            "Subtract" => x - x,
            "Max" => x.Max(),
            _ => FloatOnly(op, x),
        });
        Assert.Contains("Bool", e.Message);
    }

    private static Tensor FloatOnly(string op, Tensor x) => op switch
    {
        "Exp" => x.Exp(),
        "Log" => x.Log(),
        "Sqrt" => x.Sqrt(),
        "Divide" => x / x,
        "Pow" => x.Pow(x),
        "PowScalar" => x.Pow(2.0),
        "Mean" => x.Mean(),
        "Var" => x.Var(),
        "Std" => x.Std(),
        "LogSumExp" => x.LogSumExp(),
        _ => x.MatMul(x),
    };

    [Fact]
    public void Int32_WorksWhereItShould()
    {
        var x = Tensor.FromArray(new[] { 1, -2, 3, 4 }, new Shape(2, 2));
        Assert.Equal(new[] { 2, -4, 6, 8 }, (x + x).ToArray<int>());
        Assert.Equal(new[] { 1, 2, 3, 4 }, x.Abs().ToArray<int>());
        Assert.Equal(6, x.Sum().Item<int>());
        Assert.Equal(4, x.Max().Item<int>());
        Assert.Equal(new[] { 1, 0, 3, 3 }, x.Clamp(0, 3).ToArray<int>());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    public void Where_NonBoolCondition_Throws(DType conditionType)
    {
        var cond = Tensor.Ones([3], conditionType);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Where(cond, Tensor.Ones([3]), Tensor.Zeros([3])));
        Assert.Contains("Bool", e.Message);
        Assert.Contains(conditionType.ToString(), e.Message);
    }

    [Fact]
    public void Concat_Mismatches_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat([F64(2, 3), F64(2, 4)], 0));
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Concat([F64(2, 3), F64(2, 3, 1)], 0));
        Assert.Contains("[2, 3, 1]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Concat(Array.Empty<Tensor>()));
        Assert.Throws<ArgumentException>(() => Tensor.Concat([Tensor.Scalar(1), Tensor.Scalar(2)]));
        // the same shapes concatenate fine along the dimension where they differ
        Assert.Equal(new Shape(2, 7), Tensor.Concat([F64(2, 3), F64(2, 4)], 1).Shape);
    }

    [Fact]
    public void Stack_Mismatches_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Stack([F64(2, 3), F64(3, 2)]));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Stack(Array.Empty<Tensor>()));
        // dtypes promote as in torch.stack (Float32 with Float64 gives Float64) instead of throwing
        Assert.Equal(DType.Float64, Tensor.Stack([Tensor.Zeros([2]), F64(2)]).DType);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    [InlineData(100)]
    public void IndexSelect_OutOfRangeIndex_Throws(int index)
    {
        var x = F64(2, 3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(1, Tensor.FromArray(new[] { 0, index })));
        Assert.Contains(index.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("size 3", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void IndexSelect_NonInt32Indices_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => F64(2, 3).IndexSelect(0, Tensor.FromArray(new[] { 0.0 })));
        Assert.Contains("Int32", e.Message);
        Assert.Contains("Float64", e.Message);
    }

    [Theory]
    [InlineData("4,2")]
    [InlineData("7")]
    [InlineData("-1,4")]
    [InlineData("-1,-1")]
    [InlineData("0,-1")]
    public void Reshape_IncompatibleShape_Throws(string target)
    {
        var x = F64(2, 3);
        var e = Assert.Throws<ArgumentException>(() => x.Reshape(S(target)));
        if (target == "-1,-1") Assert.Contains("[-1, -1]", e.Message); // two inferred dimensions: names the request
        else Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void Narrow_Slice_Select_Expand_OutOfRange_Throw()
    {
        var x = F64(2, 3);
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2));
        Assert.Contains("[2, 3]", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(0, 2));
        Assert.Contains("size 2", e2.Message);
        Assert.Throws<ArgumentException>(() => x.Slice(1, 0, 3, 0));
        var e3 = Assert.Throws<ArgumentException>(() => x.Expand(4, 3));
        Assert.Contains("[2, 3]", e3.Message);
        Assert.Contains("[4, 3]", e3.Message);
        Assert.Throws<ArgumentException>(() => x.Permute(0, 0));
        Assert.Throws<InvalidOperationException>(() => F64(2, 3, 4).T);
        Assert.Throws<ArgumentException>(() => x[0, 0, 0]);
        Assert.Throws<ArgumentException>(() => x.Clamp());
        Assert.Throws<ArgumentException>(() => x.Clamp(1, 0));
    }

    [Fact]
    public void MaxMin_OfEmpty_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => F64(0).Max());
        Assert.Contains("[0]", e.Message);
        Assert.Throws<ArgumentException>(() => F64(3, 0).Min(1));
        Assert.Throws<ArgumentException>(() => F64(3, 0).ArgMax());
    }
}
