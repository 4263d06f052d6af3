using DeepNotes;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Ops;

/// <summary>GradCheck (float64) of the differentiable shape ops, on contiguous and non-contiguous inputs.</summary>
public class ShapeOpGradTests
{
    private const Layout C = Layout.Contiguous, Tr = Layout.Transposed, Sl = Layout.Sliced;

    private static readonly Dictionary<string, Func<Tensor, Tensor>> UnaryShapeOps = new()
    {
        ["To(Float64)"] = x => x.To(DType.Float64),
        ["Clone"] = x => x.Clone(),
        ["Contiguous"] = x => x.Contiguous(),
        ["Reshape(-1)"] = x => x.Reshape(-1),
        ["Reshape(2,-1,3)"] = x => x.Reshape(2, -1, 3),
        ["Reshape(6,4)"] = x => x.Reshape(6, 4),
        ["Flatten"] = x => x.Flatten(),
        ["Flatten(1)"] = x => x.Flatten(1),
        ["Flatten(0,1)"] = x => x.Flatten(0, 1),
        ["Transpose(0,2)"] = x => x.Transpose(0, 2),
        ["Transpose(-1,-2)"] = x => x.Transpose(-1, -2),
        ["Permute(2,0,1)"] = x => x.Permute(2, 0, 1),
        ["Permute(-1,1,0)"] = x => x.Permute(-1, 1, 0),
        ["Narrow(1,1,2)"] = x => x.Narrow(1, 1, 2),
        ["Narrow(-1,-3,2)"] = x => x.Narrow(-1, -3, 2),
        ["Slice(2,0,4,2)"] = x => x.Slice(2, 0, 4, 2),
        ["Slice(1,-2,100)"] = x => x.Slice(1, -2, 100),
        ["Slice(0,1,2)"] = x => x.Slice(0, 1, 2),
        ["Select(1,2)"] = x => x.Select(1, 2),
        ["Select(-1,-1)"] = x => x.Select(-1, -1),
        ["Indexer[1]"] = x => x[1],
        ["Indexer[0,-1]"] = x => x[0, -1],
        ["IndexSelect(1,[2,0,2,2])"] = x => x.IndexSelect(1, Tensor.FromArray(new[] { 2, 0, 2, 2 })),
        ["IndexSelect(-1,[-1,1])"] = x => x.IndexSelect(-1, Tensor.FromArray(new[] { -1, 1 })),
        ["IndexSelect(0,[])"] = x => x.IndexSelect(0, Tensor.FromArray(Array.Empty<int>())),
        ["Unsqueeze(0)"] = x => x.Unsqueeze(0),
        ["Unsqueeze(-1)"] = x => x.Unsqueeze(-1),
        ["Unsqueeze(2)"] = x => x.Unsqueeze(2),
        ["Unsqueeze(1).Squeeze()"] = x => x.Unsqueeze(1).Squeeze(),
        ["Unsqueeze(1).Squeeze(1)"] = x => x.Unsqueeze(1).Squeeze(1),
        ["Squeeze(0) no-op"] = x => x.Squeeze(0),
        ["Expand via Unsqueeze"] = x => x.Unsqueeze(1).Expand(2, 5, 3, 4),
        ["Concat self"] = x => Tensor.Concat([x, x * 2.0, x.Narrow(1, 0, 1)], 1),
        ["Stack self"] = x => Tensor.Stack([x, x.Exp()], -1),
    };

    public static TheoryData<string, Layout> UnaryCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in UnaryShapeOps.Keys)
            foreach (var layout in new[] { C, Tr, Sl })
                data.Add(name, layout);
        return data;
    }

    /// <summary>Every op on a [2, 3, 4] input (row-major, a transposed view, or a strided slice).</summary>
    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void ShapeOp_PassesGradCheck(string op, Layout layout)
    {
        var x = Input([2, 3, 4], 81, Values.Normal, layout);
        var f = UnaryShapeOps[op];
        Check(t => f(t[0]), x);
    }

    [Fact]
    public void T_PassesGradCheck()
    {
        Check(t => t[0].T, Input([3, 5], 82));
        Check(t => t[0].T, Input([3, 5], 82, layout: Tr));
        Check(t => t[0].T * t[0].T, Input([1, 7], 82, layout: Sl));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("1026")]
    [InlineData("0")]
    [InlineData("3,0")]
    public void ShapeOps_OddSizes_0Dim_AndEmpty_PassGradCheck(string shape)
    {
        var x = Input(S(shape), 83);
        // the 1026-element case only for the cheap views: each check runs the function 2 × 1026 times
        bool small = x.ElementCount <= 64;
        Check(t => t[0].Clone(), x);
        Check(t => t[0].Reshape(-1), x);
        Check(t => t[0].Unsqueeze(-1), x);
        Check(t => t[0].To(DType.Float64), x);
        if (small)
        {
            Check(t => t[0].Flatten(), x);
            Check(t => t[0].Unsqueeze(0).Squeeze(0), x);
            Check(t => t[0].Expand([2, .. x.Shape.ToArray()]), x);
            Check(t => Tensor.Stack([t[0], t[0]], 0), x);
        }
        if (x.Rank >= 1)
        {
            Check(t => t[0].Slice(0, 0, x.Shape[0], 2), x);
            if (small)
            {
                Check(t => t[0].Transpose(0, -1), x);
                Check(t => t[0].Permute(Enumerable.Range(0, t[0].Rank).Reverse().ToArray()), x);
                Check(t => Tensor.Concat([t[0], t[0]], -1), x);
                Check(t => t[0].IndexSelect(0, Tensor.FromArray(Enumerable.Range(0, x.Shape[0]).Reverse().ToArray())), x);
            }
            if (x.Shape[0] > 0 && small)
            {
                Check(t => t[0].Narrow(0, x.Shape[0] - 1, 1), x);
                Check(t => t[0].Select(0, -1), x);
                Check(t => t[0][0], x);
            }
        }
    }

    [Fact]
    public void IndexSelect_RepeatedIndices_AccumulateGradient()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2, 3, 4, 5, 6 }, new Shape(2, 3), requiresGrad: true);
        var y = x.IndexSelect(1, Tensor.FromArray(new[] { 2, 0, 2, 2 }));
        AssertClose([3, 1, 3, 3, 6, 4, 6, 6], y, 1e-12, 1e-12, shape: [2, 4]);
        y.Sum().Backward();
        AssertClose([1, 0, 3, 1, 0, 3], x.Grad!, 1e-12, 1e-12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Concat_PassesGradCheck_IncludingAnEmptyPiece(int dim)
    {
        var a = Input([2, 3], 84, layout: Tr);
        int[] bShape = dim == 0 ? [4, 3] : [2, 5];
        int[] eShape = dim == 0 ? [0, 3] : [2, 0];
        var b = Input(bShape, 85);
        var e = Input(eShape, 86);
        Check(t => Tensor.Concat([t[0], t[1], t[2], t[0]], dim), a, b, e);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Stack_PassesGradCheck(int dim)
    {
        var a = Input([2, 3], 87, layout: Tr);
        var b = Input([2, 3], 88, layout: Sl);
        var c = Input([2, 3], 89);
        Check(t => Tensor.Stack([t[0], t[1], t[2]], dim), a, b, c);
    }

    [Theory]
    [InlineData("3,1", "2,3,4")]
    [InlineData("3,1", "-1,4")]
    [InlineData("1", "5")]
    [InlineData("", "2,3")]
    [InlineData("1,4", "0,4")]
    [InlineData("2,1,4", "2,3,-1")]
    public void Expand_PassesGradCheck(string shape, string target)
    {
        var x = Input(S(shape), 90);
        Check(t => t[0].Expand(S(target)), x);
        Check(t => t[0].Expand(S(target)) * t[0].Expand(S(target)).Exp(), x);
    }

    [Fact]
    public void Squeeze_Unsqueeze_PassGradCheck_OnSizeOneDims()
    {
        var x = Input([1, 3, 1, 4], 91);
        Check(t => t[0].Squeeze(), x);
        Check(t => t[0].Squeeze(2), x);
        Check(t => t[0].Squeeze(-4), x);
        Check(t => t[0].Squeeze(1), x); // size 3: no-op
        Check(t => t[0].Unsqueeze(4), x);
        var y = Input([4, 1], 92, layout: Tr); // [4, 1] transposed view of [1, 4]
        Check(t => t[0].Squeeze().Unsqueeze(0), y);
    }

    [Fact]
    public void ViewsOfViews_PassGradCheck()
    {
        var x = Input([4, 6, 5], 93, layout: Sl);
        Check(t => t[0].Transpose(0, 2).Slice(1, 1, 6, 2).Reshape(-1, 2).Narrow(0, 3, 4).T.Select(0, 1), x);
        Check(t => t[0].Permute(1, 2, 0)[2].Flatten().IndexSelect(0, Tensor.FromArray(new[] { 0, 19, 0 })), x);
    }

    [Fact]
    public void To_BetweenFloatDtypes_ConvertsAndRoutesGradientBack()
    {
        var x = Tensor.FromArray(new[] { 1.5, -2.25, 1e-3, 3.0e38 }, requiresGrad: true);
        var y = x.To(DType.Float32);
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(new[] { 1.5f, -2.25f, 1e-3f, 3.0e38f }, y.ToArray<float>());
        (y * 2.0).Sum().Backward();
        Assert.Equal(DType.Float64, x.Grad!.DType);
        AssertClose([2, 2, 2, 2], x.Grad!, 1e-12, 1e-12);
        Assert.Same(x, x.To(DType.Float64));
        var back = Tensor.FromArray(new[] { 0.1f, -7f }).To(DType.Float64);
        Assert.Equal(new[] { (double)0.1f, -7.0 }, back.ToArray<double>());
        Assert.Equal(new[] { 1, -2, 0 }, Tensor.FromArray(new[] { 1.9, -2.7, 0.2 }).To(DType.Int32).ToArray<int>());
    }
}
