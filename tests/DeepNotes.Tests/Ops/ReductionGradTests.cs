using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>GradCheck (float64) of Sum/Mean/Max/Min/Var/Std/LogSumExp over all, one, several and negative axes, with and without keepDim.</summary>
public class ReductionGradTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    /// <summary>(shape, axes as "a,b" or "all", layout).</summary>
    private static readonly (string Shape, string Axes, Layout Layout)[] AxisCases =
    [
        ("3,4,5", "all", C),
        ("3,4,5", "1", C),
        ("3,4,5", "-1", C),
        ("3,4,5", "0,2", C),
        ("3,4,5", "-3,-1", C),
        ("3,4,5", "0,1,2", C),
        ("4,5", "0", Tr),
        ("4,5", "all", Tr),
        ("4,6", "-1", Sl),
        ("2,3,7", "1,2", Sl),
        ("7", "0", C),
        ("1", "all", C),
        ("1026", "all", C),
        ("", "all", C),
        ("", "0", C),
        ("2,1,3", "1", C),
    ];

    private static readonly string[] Ops = ["Sum", "Mean", "Max", "Min", "Var0", "Var1", "Std0", "Std1", "LogSumExp"];

    public static TheoryData<string, string, string, Layout, bool> Cases()
    {
        var data = new TheoryData<string, string, string, Layout, bool>();
        foreach (var op in Ops)
            foreach (var (shape, axes, layout) in AxisCases)
                foreach (bool keep in new[] { false, true })
                {
                    // Var with correction 1 needs at least two elements per group; Std of a one-element group is
                    // sqrt(0), whose derivative is infinite (a kink), so it is left out as well
                    if (op is "Var1" or "Std0" or "Std1" && GroupSize(S(shape), ParseAxes(axes)) < 2) continue;
                    data.Add(op, shape, axes, layout, keep);
                }
        return data;
    }

    internal static int[]? ParseAxes(string axes) => axes == "all" ? null : S(axes);

    private static int GroupSize(int[] shape, int[]? axes)
    {
        if (axes is null) return shape.Aggregate(1, (a, b) => a * b);
        int n = 1;
        foreach (int a in axes) n *= shape.Length == 0 ? 1 : shape[a < 0 ? a + shape.Length : a];
        return n;
    }

    internal static Func<Tensor, Tensor> Reduce(string op, int[]? axes, bool keep) => op switch
    {
        "Sum" => x => x.Sum(axes, keep),
        "Mean" => x => x.Mean(axes, keep),
        "Max" => x => x.Max(axes, keep),
        "Min" => x => x.Min(axes, keep),
        "Var0" => x => x.Var(axes, correction: 0, keepDim: keep),
        "Var1" => x => x.Var(axes, correction: 1, keepDim: keep),
        "Std0" => x => x.Std(axes, correction: 0, keepDim: keep),
        "Std1" => x => x.Std(axes, correction: 1, keepDim: keep),
        _ => x => x.LogSumExp(axes, keep),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reduction_PassesGradCheck(string op, string shape, string axes, Layout layout, bool keepDim)
    {
        // Max/Min need distinct values (no ties); Std needs a group that is not constant (it is, with random values)
        var kind = op is "Max" or "Min" ? Values.Distinct : Values.Normal;
        var x = Input(S(shape), 61, kind, layout);
        var reduce = Reduce(op, ParseAxes(axes), keepDim);
        Check(t => reduce(t[0]), x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Reduction_OneAxisOverloads_PassGradCheck(int axis)
    {
        foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
            OneAxis(axis, Input([4, 5], 62, Values.Distinct, layout));
    }

    private static void OneAxis(int axis, Tensor x)
    {
        Check(t => t[0].Sum(axis) + t[0].Mean(axis, keepDim: false) + t[0].Max(axis) - t[0].Min(axis), x);
        Check(t => t[0].Var(axis) + t[0].Std(axis, correction: 0) + t[0].LogSumExp(axis), x);
        Check(t => t[0].Sum(-1 - axis, keepDim: true) * t[0], x);
        Check(t => t[0].Max(-1 - axis, keepDim: true) * t[0].Min(axis - 2, keepDim: true), x);
    }

    public static TheoryData<string, string, string, bool> EmptyCases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (bool keep in new[] { false, true })
        {
            data.Add("Sum", "0", "all", keep);
            data.Add("Sum", "3,0", "1", keep);
            data.Add("Sum", "3,0", "0", keep);
            data.Add("LogSumExp", "3,0", "0", keep);
            data.Add("Mean", "3,0", "0", keep);
            data.Add("Max", "3,0", "0", keep);
            data.Add("Min", "0,4", "1", keep);
            data.Add("Var0", "3,0", "0", keep);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EmptyCases))]
    public void Reduction_EmptyInput_PassesGradCheck(string op, string shape, string axes, bool keepDim)
    {
        var x = Input(S(shape), 63, Values.Distinct);
        var reduce = Reduce(op, ParseAxes(axes), keepDim);
        Check(t => reduce(t[0]), x);
    }

    [Fact]
    public void Sum_OfEmpty_IsZero_AndLogSumExpOfEmpty_IsMinusInfinity()
    {
        Assert.Equal(0.0, Tensor.Zeros([3, 0], DType.Float64).Sum().Item());
        var lse = Tensor.Zeros([2, 0], DType.Float64).LogSumExp(1);
        AssertClose([double.NegativeInfinity, double.NegativeInfinity], lse, 1e-12, 1e-12, shape: [2]);
    }

    [Fact]
    public void MaxMin_OverAxesArray_TiesShareTheGradient()
    {
        var x = Tensor.FromArray(new[] { 1.0, 3.0, 3.0, 2.0, 0.0, 0.0 }, new Shape(2, 3), requiresGrad: true);
        x.Max([1]).Sum().Backward();
        AssertClose([0, 0.5, 0.5, 1, 0, 0], x.Grad!, 1e-12, 1e-12);
        x.Grad = null;
        x.Min([1]).Sum().Backward();
        AssertClose([1, 0, 0, 0, 0.5, 0.5], x.Grad!, 1e-12, 1e-12);
        x.Grad = null;
        x.Max().Backward();
        AssertClose([0, 0.5, 0.5, 0, 0, 0], x.Grad!, 1e-12, 1e-12);
    }

    [Fact]
    public void MaxMin_OverOneAxis_GradientGoesToTheFirstExtreme_LikeTorchMaxDim()
    {
        var x = Tensor.FromArray(new[] { 1.0, 3.0, 3.0, 2.0, 0.0, 0.0 }, new Shape(2, 3), requiresGrad: true);
        x.Max(1).Sum().Backward();
        AssertClose([0, 1, 0, 1, 0, 0], x.Grad!, 1e-12, 1e-12);
        x.Grad = null;
        x.Min(1).Sum().Backward();
        AssertClose([1, 0, 0, 0, 1, 0], x.Grad!, 1e-12, 1e-12);
        x.Grad = null;
        x.T.Max(0, keepDim: true).Sum().Backward(); // the same along a transposed view
        AssertClose([0, 1, 0, 1, 0, 0], x.Grad!, 1e-12, 1e-12);
    }

    [Fact]
    public void LogSumExp_LargeInputs_GradientIsSoftmax()
    {
        var x = Tensor.FromArray(new[] { 1000.0, 1001.0, 999.0 }, requiresGrad: true);
        var y = x.LogSumExp();
        double e0 = Math.Exp(-1), e2 = Math.Exp(-2), z = 1 + e0 + e2;
        Assert.Equal(1001 + Math.Log(z), y.Item(), 10);
        y.Backward();
        AssertClose([e0 / z, 1 / z, e2 / z], x.Grad!, 1e-14, 1e-12);
        Check(t => t[0].LogSumExp(), Tensor.FromArray(new[] { 1000.0, 1001.0, 999.0 }, requiresGrad: true));
    }
}
