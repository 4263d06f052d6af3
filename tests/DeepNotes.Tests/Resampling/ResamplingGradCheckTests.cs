using DeepNotes;
using DeepNotes.Ops.Resampling;
using static DeepNotes.Tests.Resampling.ResamplingTestHelpers;

namespace DeepNotes.Tests.Resampling;

/// <summary>Float64 gradient checks of every resampling op on contiguous, transposed and sliced inputs.</summary>
public class ResamplingGradCheckTests
{
    private static readonly Dictionary<string, (int[] Shape, Func<Tensor, Tensor> Op)> InterpolateCases = new()
    {
        ["nearest 1d 5->8"] = ([2, 2, 5], x => Functional.Interpolate(x, 8)),
        ["nearest 2d x1.7"] = ([1, 2, 4, 5], x => Functional.Interpolate(x, 1.7)),
        ["nearest 3d down"] = ([1, 1, 4, 5, 6], x => Functional.Interpolate(x, size: [2, 3, 4])),
        ["nearest-exact 2d 3x7"] = ([1, 2, 4, 5], x => Functional.Interpolate(x, size: [3, 7], mode: InterpolationMode.NearestExact)),
        ["linear 5->9"] = ([2, 2, 5], x => Functional.Interpolate(x, 9, InterpolationMode.Linear)),
        ["linear x0.6 align"] = ([1, 2, 9], x => Functional.Interpolate(x, 0.6, InterpolationMode.Linear, alignCorners: true)),
        ["bilinear x2"] = ([1, 2, 3, 4], x => Functional.Interpolate(x, 2.0, InterpolationMode.Bilinear)),
        ["bilinear 7x3 align"] = ([1, 2, 4, 5], x => Functional.Interpolate(x, size: [7, 3], mode: InterpolationMode.Bilinear, alignCorners: true)),
        ["bilinear x1.3x0.7"] = ([2, 1, 5, 6], x => Functional.Interpolate(x, scaleFactor: [1.3, 0.7], mode: InterpolationMode.Bilinear)),
        ["bicubic x1.5"] = ([1, 2, 4, 5], x => Functional.Interpolate(x, 1.5, InterpolationMode.Bicubic)),
        ["bicubic down align"] = ([1, 1, 7, 6], x => Functional.Interpolate(x, size: [4, 3], mode: InterpolationMode.Bicubic, alignCorners: true)),
        ["trilinear 4x3x5"] = ([1, 2, 3, 4, 3], x => Functional.Interpolate(x, size: [4, 3, 5], mode: InterpolationMode.Trilinear)),
        ["trilinear x0.7 align"] = ([1, 1, 4, 4, 5], x => Functional.Interpolate(x, 0.7, InterpolationMode.Trilinear, alignCorners: true)),
        ["area 1d 7->3"] = ([1, 2, 7], x => Functional.Interpolate(x, 3, InterpolationMode.Area)),
        ["area 2d 7x9->3x5"] = ([1, 2, 7, 9], x => Functional.Interpolate(x, size: [3, 5], mode: InterpolationMode.Area)),
        ["area 3d 4x5x6->2x3x4"] = ([1, 1, 4, 5, 6], x => Functional.Interpolate(x, size: [2, 3, 4], mode: InterpolationMode.Area)),
        ["pixel shuffle"] = ([2, 8, 2, 3], x => Functional.PixelShuffle(x, 2)),
        ["pixel unshuffle"] = ([1, 2, 4, 6], x => Functional.PixelUnshuffle(x, 2)),
        ["channel shuffle"] = ([2, 6, 2, 3], x => Functional.ChannelShuffle(x, 3)),
        ["unfold k3 p1 s2"] = ([2, 2, 5, 6], x => Functional.Unfold(x, 3, padding: 1, stride: 2)),
        ["unfold k2x3 d2"] = ([1, 2, 5, 7], x => Functional.Unfold(x, (2, 3), dilation: 2, padding: 1)),
        ["fold 5x6 k3 p1 s2"] = ([1, 18, 9], x => Functional.Fold(x, (5, 6), 3, padding: 1, stride: 2)),
        ["fold unbatched 4x5 k2x3"] = ([12, 9], x => Functional.Fold(x, (4, 5), (2, 3))),
        ["unfold unbatched k2"] = ([2, 3, 4], x => Functional.Unfold(x, 2)),
    };

    public static TheoryData<string, string> InterpolateNames()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in InterpolateCases.Keys)
            foreach (string layout in new[] { "contiguous", "transposed", "sliced" }) data.Add(name, layout);
        return data;
    }

    /// <summary>
    /// Wraps <paramref name="op"/> so that it receives a non-contiguous view of the checked leaf: the last two dimensions
    /// transposed back (the leaf is stored transposed), or every other element of a leaf twice as wide.
    /// </summary>
    private static (Tensor Leaf, Func<Tensor[], Tensor> Function) Layout(int[] shape, string layout, int seed, Func<Tensor, Tensor> op)
    {
        int r = shape.Length;
        switch (layout)
        {
            case "transposed":
            {
                int[] stored = (int[])shape.Clone();
                (stored[r - 1], stored[r - 2]) = (stored[r - 2], stored[r - 1]);
                return (RandomInput(stored, seed), x => op(x[0].Transpose(r - 2, r - 1)));
            }
            case "sliced":
            {
                int[] wide = (int[])shape.Clone();
                wide[r - 1] = 2 * shape[r - 1];
                return (RandomInput(wide, seed), x => op(x[0].Slice(r - 1, 1, wide[r - 1], 2)));
            }
            default:
                return (RandomInput(shape, seed), x => op(x[0]));
        }
    }

    [Theory]
    [MemberData(nameof(InterpolateNames))]
    public void Float64GradCheck(string name, string layout)
    {
        var (shape, op) = InterpolateCases[name];
        var (leaf, function) = Layout(shape, layout, name.Length + layout.Length, op);
        Assert.True(GradCheck.Check(function, leaf));
    }

    [Theory]
    [InlineData(InterpolationMode.Bilinear, false)]
    [InlineData(InterpolationMode.Bicubic, true)]
    [InlineData(InterpolationMode.Area, null)]
    [InlineData(InterpolationMode.NearestExact, null)]
    public void Adjoint_IsDifferentiable_ItsBackwardIsTheForward(InterpolationMode mode, bool? align)
    {
        Tensor x = RandomInput([1, 2, 4, 5], 3);
        InterpolationSpec spec = Functional.ResolveInterpolation(x, [6, 3], null, mode, align, null);
        Tensor v = RandomInput([1, 2, 6, 3], 4);
        Assert.True(GradCheck.Check(g => Interpolation.Adjoint(g[0], spec, x.Shape), v));
    }

    public static TheoryData<GridSampleMode, GridSamplePaddingMode, bool, int> GridCases()
    {
        var data = new TheoryData<GridSampleMode, GridSamplePaddingMode, bool, int>();
        foreach (GridSampleMode mode in Enum.GetValues<GridSampleMode>())
            foreach (GridSamplePaddingMode padding in Enum.GetValues<GridSamplePaddingMode>())
                foreach (bool align in new[] { false, true })
                {
                    data.Add(mode, padding, align, 2);
                    if (mode != GridSampleMode.Bicubic) data.Add(mode, padding, align, 3);
                }
        return data;
    }

    [Theory]
    [MemberData(nameof(GridCases))]
    public void GridSample_Float64GradCheck_InputAndGrid(GridSampleMode mode, GridSamplePaddingMode padding, bool align, int dims)
    {
        int seed = (int)mode * 100 + (int)padding * 10 + (align ? 1 : 0) + dims * 1000;
        Tensor x = RandomInput(dims == 2 ? [2, 2, 4, 5] : [1, 2, 3, 4, 3], seed);
        // points spread over [-1.4, 1.4] so that every padding rule is exercised
        Tensor grid = RandomInput(dims == 2 ? [2, 3, 2, 2] : [1, 2, 2, 2, 3], seed + 1, 0.7);
        if (mode == GridSampleMode.Nearest)
        {
            // the grid gradient of nearest is zero (and the function is piecewise constant): check the input only
            grid.RequiresGrad = false;
            Assert.True(GradCheck.Check(i => Functional.GridSample(i[0], grid, mode, padding, align), x));
            return;
        }
        Assert.True(GradCheck.Check(i => Functional.GridSample(i[0], i[1], mode, padding, align), x, grid));
    }

    [Fact]
    public void GridSample_NonContiguousInputAndGrid_GradCheck()
    {
        Tensor x = RandomInput([1, 2, 5, 4], 11);
        Tensor grid = RandomInput([1, 2, 3, 4], 12, 0.6);
        Assert.True(GradCheck.Check(i => Functional.GridSample(i[0].Transpose(2, 3), i[1].Slice(3, 0, 4, 2).Transpose(1, 2)), x, grid));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AffineGrid_Float64GradCheck(bool align)
    {
        Assert.True(GradCheck.Check(t => Functional.AffineGrid(t[0], [2, 1, 3, 4], align), RandomInput([2, 2, 3], 5)));
        Assert.True(GradCheck.Check(t => Functional.AffineGrid(t[0], [1, 1, 2, 3, 2], align), RandomInput([1, 3, 4], 6)));
    }

    [Fact]
    public void SpatialTransformer_AffineGridThenGridSample_GradCheck()
    {
        Tensor x = RandomInput([1, 2, 4, 4], 7);
        Tensor theta = RandomInput([1, 2, 3], 8, 0.5);
        Assert.True(GradCheck.Check(i => Functional.GridSample(i[0], Functional.AffineGrid(i[1], [1, 2, 3, 3])), x, theta));
    }
}
