using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;

namespace DeepNotes.Tests.Pooling;

/// <summary>
/// Float64 gradient checks of the 3-D poolings, the max unpoolings, the padding layers and the channel dropouts, each
/// over a contiguous, a transposed and a sliced (strided) input.
/// </summary>
public class Pooling3DGradCheckTests
{
    private static readonly Dictionary<string, (int[] Shape, Values Kind, Func<Tensor, Tensor> F)> s_cases = new()
    {
        ["max3d k2"] = ([1, 2, 4, 4, 4], Values.Distinct, x => Functional.MaxPool3D(x, 2)),
        ["max3d k3 s2 p1"] = ([1, 1, 5, 4, 5], Values.Distinct, x => new MaxPool3D(3, 2, 1).Call(x)),
        ["max3d k2 s2 p1 d1x2x1 ceil"] = ([1, 1, 5, 6, 5], Values.Distinct, x => Functional.MaxPool3D(x, 2, 2, 1, (1, 2, 1), ceilMode: true)),
        ["max3d unbatched k2 s1"] = ([2, 3, 4, 4], Values.Distinct, x => new MaxPool3D(2, 1).Call(x)),
        ["avg3d k2"] = ([1, 2, 4, 4, 4], Values.Normal, x => Functional.AvgPool3D(x, 2)),
        ["avg3d k3 s2 p1 exclude pad"] = ([1, 1, 5, 4, 5], Values.Normal, x => new AvgPool3D(3, 2, 1, countIncludePad: false).Call(x)),
        ["avg3d k3 s2 p1 ceil"] = ([1, 1, 6, 5, 6], Values.Normal, x => Functional.AvgPool3D(x, 3, 2, 1, ceilMode: true)),
        ["avg3d 1x2x3 divisor 5"] = ([2, 1, 3, 4, 5], Values.Normal, x => Functional.AvgPool3D(x, (1, 2, 3), 1, (0, 1, 1), divisorOverride: 5)),
        ["avg3d unbatched k2 s1"] = ([2, 3, 4, 4], Values.Normal, x => new AvgPool3D(2, 1).Call(x)),
        ["adaptive avg3d 5x4x6 -> 2x3x4"] = ([1, 2, 5, 4, 6], Values.Normal, x => Functional.AdaptiveAvgPool3D(x, (2, 3, 4))),
        ["adaptive avg3d D x 1 x 1"] = ([2, 2, 3, 4, 5], Values.Normal, x => new AdaptiveAvgPool3D(null, 1, 1).Call(x)),
        ["adaptive avg3d global"] = ([2, 2, 3, 4, 5], Values.Normal, x => new AdaptiveAvgPool3D(1).Call(x)),
        ["adaptive max3d 5x4x6 -> 2x3x4"] = ([1, 2, 5, 4, 6], Values.Distinct, x => Functional.AdaptiveMaxPool3D(x, (2, 3, 4))),
        ["adaptive max3d unbatched 3 x W x 2"] = ([2, 5, 4, 6], Values.Distinct, x => new AdaptiveMaxPool3D(3, null, 2).Call(x)),
        ["zero pad1d"] = ([2, 3, 5], Values.Normal, x => new ZeroPad1D((2, 1)).Call(x)),
        ["constant pad2d crop"] = ([1, 2, 4, 5], Values.Normal, x => new ConstantPad2D((-1, 2, 1, 0), 0.5).Call(x)),
        ["reflection pad1d"] = ([2, 3, 5], Values.Normal, x => new ReflectionPad1D((3, 2)).Call(x)),
        ["reflection pad2d"] = ([1, 2, 4, 5], Values.Normal, x => new ReflectionPad2D((1, 2, 3, 0)).Call(x)),
        ["reflection pad3d"] = ([1, 1, 3, 4, 5], Values.Normal, x => new ReflectionPad3D(1).Call(x)),
        ["replication pad2d"] = ([1, 2, 4, 5], Values.Normal, x => new ReplicationPad2D((2, 0, 1, 3)).Call(x)),
        ["replication pad3d"] = ([1, 1, 3, 4, 5], Values.Normal, x => new ReplicationPad3D((1, 0, 2, 1, 1, 2)).Call(x)),
        ["circular pad1d"] = ([2, 3, 5], Values.Normal, x => new CircularPad1D(2).Call(x)),
        ["circular pad2d"] = ([1, 2, 4, 5], Values.Normal, x => new CircularPad2D((1, 2, 3, 0)).Call(x)),
        ["circular pad3d"] = ([1, 1, 3, 4, 5], Values.Normal, x => new CircularPad3D((1, 0, 2, 1, 1, 2)).Call(x)),
        ["zero pad3d"] = ([1, 1, 2, 3, 4], Values.Normal, x => new ZeroPad3D((1, 0, 2, 1, 0, 1)).Call(x)),
        ["dropout1d"] = ([3, 4, 5], Values.Normal, x => Functional.Dropout1D(x, 0.4, generator: new Generator(3))),
        ["dropout3d"] = ([2, 3, 2, 3, 4], Values.Normal, x => Functional.Dropout3D(x, 0.4, generator: new Generator(3))),
    };

    /// <summary>
    /// Unpooling cases: the indices come from max-pooling a fixed input of <c>PooledFrom</c>; x has the pooled shape.
    /// Windows do not overlap, so no index repeats: where one does, the later value wins the forward while PyTorch's
    /// gather backward still credits both, which a numerical check would (rightly) flag.
    /// </summary>
    private static readonly Dictionary<string, (int[] PooledFrom, Func<Tensor, (Tensor, Tensor)> Pool, Func<Tensor, Tensor, Tensor> Unpool)> s_unpools = new()
    {
        ["unpool1d k2 s2 p1"] = ([2, 3, 9], x => Functional.MaxPool1DWithIndices(x, 2, 2, 1), (y, i) => Functional.MaxUnpool1D(y, i, 2, 2, 1, [9])),
        ["unpool2d k2"] = ([2, 2, 4, 6], x => Functional.MaxPool2DWithIndices(x, 2), (y, i) => new MaxUnpool2D(2).Call(y, i)),
        ["unpool2d k2 s2 p1 odd"] = ([1, 2, 5, 7], x => Functional.MaxPool2DWithIndices(x, 2, 2, 1), (y, i) => Functional.MaxUnpool2D(y, i, 2, 2, 1, [5, 7])),
        ["unpool3d k2"] = ([1, 2, 4, 4, 6], x => Functional.MaxPool3DWithIndices(x, 2), (y, i) => new MaxUnpool3D(2).Call(y, i)),
        ["unpool3d unbatched 1x2x2"] = ([2, 3, 4, 6], x => Functional.MaxPool3DWithIndices(x, (1, 2, 2)), (y, i) => Functional.MaxUnpool3D(y, i, (1, 2, 2))),
    };

    public static TheoryData<string, Layout> Cases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string name in s_cases.Keys)
            foreach (Layout layout in Enum.GetValues<Layout>()) data.Add(name, layout);
        return data;
    }

    public static TheoryData<string, Layout> UnpoolCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string name in s_unpools.Keys)
            foreach (Layout layout in Enum.GetValues<Layout>()) data.Add(name, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradCheck_Float64(string name, Layout layout)
    {
        var (shape, kind, f) = s_cases[name];
        Tensor x = OpTestHelpers.Input(shape, (ulong)name.Length, kind, layout);
        Assert.True(GradCheck.Check(t => f(t[0]), x));
    }

    [Theory]
    [MemberData(nameof(UnpoolCases))]
    public void Unpool_GradCheck_Float64(string name, Layout layout)
    {
        var (from, pool, unpool) = s_unpools[name];
        var (pooled, indices) = pool(OpTestHelpers.Input(from, 11, Values.Distinct, requiresGrad: false));
        Tensor x = OpTestHelpers.Input(pooled.Shape.ToArray(), (ulong)name.Length, Values.Normal, layout);
        Assert.True(GradCheck.Check(t => unpool(t[0], indices), x));
    }

    [Theory]
    [MemberData(nameof(UnpoolCases))]
    public void Unpool_GradGradCheck_Float64(string name, Layout layout)
    {
        var (from, pool, unpool) = s_unpools[name];
        var (pooled, indices) = pool(OpTestHelpers.Input(from, 11, Values.Distinct, requiresGrad: false));
        Tensor x = OpTestHelpers.Input(pooled.Shape.ToArray(), (ulong)name.Length, Values.Normal, layout);
        // squared, so that the second derivative is not zero everywhere
        Assert.True(GradCheck.GradGradCheck(t => unpool(t[0], indices).Square(), x));
    }

    [Fact]
    public void Unpool_BackwardOfTheGather_IsItsExactTranspose_EvenWithRepeatedIndices()
    {
        // overlapping windows repeat indices; the gradient of the gradient with respect to the output gradient is the
        // gather's transpose, a scatter-add, whatever the repeats
        var (pooled, indices) = Functional.MaxPool2DWithIndices(OpTestHelpers.Input([1, 1, 4, 5], 3, Values.Distinct, requiresGrad: false), 3, 1);
        Assert.True(indices.ToArray<int>().Distinct().Count() < indices.ElementCount);
        Tensor x = pooled.Detach();
        x.RequiresGrad = true;
        Tensor gy = OpTestHelpers.Input([1, 1, 4, 5], 4);
        Tensor y = Functional.MaxUnpool2D(x, indices, 3, 1);
        Tensor dx = Autograd.Grad(y, [x], gy, createGraph: true)[0];
        Tensor w = OpTestHelpers.Input(dx.Shape.ToArray(), 5, requiresGrad: false);
        Tensor dgy = Autograd.Grad((dx * w).Sum(), [gy])[0];
        var expected = new double[gy.ElementCount];
        int[] at = indices.ToArray<int>();
        double[] ws = w.ToArray<double>();
        for (int i = 0; i < at.Length; i++) expected[at[i]] += ws[i];
        Assert.Equal(expected, dgy.ToArray<double>());
    }

    [Theory]
    [InlineData("dropout1d")]
    [InlineData("dropout3d")]
    public void ChannelDropout_GradGradCheck_Float64(string name)
    {
        var (shape, kind, f) = s_cases[name];
        Tensor x = OpTestHelpers.Input(shape, 9, kind, Layout.Transposed);
        Assert.True(GradCheck.GradGradCheck(t => f(t[0]).Square(), x));
    }
}
