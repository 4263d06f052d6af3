using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;

namespace DeepNotes.Tests.Pooling;

/// <summary>Float64 gradient checks of every pooling layer in its configurations (MaxPool2D's are in MaxPool2DTests).</summary>
public class PoolingGradCheckTests
{
    public static TheoryData<string> Layers => new(Cases.Keys);

    private static readonly Dictionary<string, (int[] Shape, Func<Module<Tensor, Tensor>> Make)> Cases = new()
    {
        ["avg k2"] = ([2, 2, 4, 6], () => new AvgPool2D(2)),
        ["avg k3 s2 p1"] = ([1, 2, 7, 6], () => new AvgPool2D(3, 2, 1)),
        ["avg k3 s2 p1 exclude pad"] = ([1, 2, 7, 6], () => new AvgPool2D(3, 2, 1, countIncludePad: false)),
        ["avg k3 s2 p1 ceil"] = ([1, 1, 6, 6], () => new AvgPool2D(3, 2, 1, ceilMode: true)),
        ["avg k3 s2 p1 ceil exclude pad"] = ([1, 1, 6, 6], () => new AvgPool2D(3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["avg 2x3 s1x2 divisor 4"] = ([1, 2, 5, 7], () => new AvgPool2D((2, 3), (1, 2), (1, 1), divisorOverride: 4)),
        ["avg unbatched"] = ([3, 5, 5], () => new AvgPool2D(2, 1)),
        ["global avg"] = ([2, 3, 4, 5], () => new GlobalAvgPool2D()),
        ["adaptive avg 5x7 -> 3x4"] = ([1, 2, 5, 7], () => new AdaptiveAvgPool2D((3, 4))),
        ["adaptive avg 4x4 -> 3"] = ([2, 1, 4, 4], () => new AdaptiveAvgPool2D(3)),
        ["adaptive avg upsampling 2x3 -> 5x4"] = ([1, 1, 2, 3], () => new AdaptiveAvgPool2D((5, 4))),
        ["adaptive max 5x7 -> 3x4"] = ([1, 2, 5, 7], () => new AdaptiveMaxPool2D((3, 4))),
        ["adaptive max 6x6 -> 4"] = ([1, 2, 6, 6], () => new AdaptiveMaxPool2D(4)),
        ["lp p2 k2"] = ([1, 2, 4, 4], () => new LPPool2D(2, 2)),
        ["lp p2 k3 s2 ceil"] = ([1, 1, 6, 7], () => new LPPool2D(2, 3, 2, ceilMode: true)),
        ["lp p1 k2 s1"] = ([1, 2, 3, 4], () => new LPPool2D(1, 2, 1)),
        ["lp p3 2x3"] = ([1, 1, 4, 6], () => new LPPool2D(3, (2, 3))),
        ["max1d k3 s2 p1"] = ([2, 2, 9], () => new MaxPool1D(3, 2, 1)),
        ["max1d k2 s3 d2 ceil"] = ([1, 2, 8], () => new MaxPool1D(2, 3, 0, 2, ceilMode: true)),
        ["max1d unbatched"] = ([3, 7], () => new MaxPool1D(2)),
        ["avg1d k3 s2 p1"] = ([2, 2, 9], () => new AvgPool1D(3, 2, 1)),
        ["avg1d k3 s2 p1 ceil exclude pad"] = ([1, 2, 8], () => new AvgPool1D(3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["lp1d p2 k3 s2"] = ([2, 2, 9], () => new LPPool1D(2, 3, 2)),
        ["lp1d p1.5 k3 s2 ceil"] = ([1, 2, 8], () => new LPPool1D(1.5, 3, 2, ceilMode: true)),
        ["lp1d p2 unbatched"] = ([3, 7], () => new LPPool1D(2, 2, 1)),
        ["adaptive avg1d 7 -> 3"] = ([2, 2, 7], () => new AdaptiveAvgPool1D(3)),
        ["adaptive avg1d 3 -> 5"] = ([1, 2, 3], () => new AdaptiveAvgPool1D(5)),
        ["adaptive avg1d unbatched 10 -> 4"] = ([2, 10], () => new AdaptiveAvgPool1D(4)),
        ["adaptive max1d 7 -> 3"] = ([2, 2, 7], () => new AdaptiveMaxPool1D(3)),
        ["adaptive max1d 10 -> 4"] = ([1, 3, 10], () => new AdaptiveMaxPool1D(4)),
        ["adaptive avg 5x7 -> H x 3"] = ([1, 2, 5, 7], () => new AdaptiveAvgPool2D(null, 3)),
        ["adaptive avg 5x7 -> 2 x W"] = ([2, 1, 5, 7], () => new AdaptiveAvgPool2D(2, null)),
        ["adaptive max 5x7 -> 3 x W"] = ([1, 2, 5, 7], () => new AdaptiveMaxPool2D(3, null)),
        ["adaptive max unbatched 5x7 -> H x 4"] = ([2, 5, 7], () => new AdaptiveMaxPool2D(null, 4)),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void GradCheck_Float64(string name)
    {
        var (shape, make) = Cases[name];
        Tensor x = RandomInput(shape, name.Length);
        if (name.StartsWith("lp p3", StringComparison.Ordinal) || name.StartsWith("lp1d p1.5", StringComparison.Ordinal))
        {
            // a non-integer root of a negative window sum is NaN: check on positive inputs
            x = (x.Detach().Abs() + 0.5);
            x.RequiresGrad = true;
        }
        Module<Tensor, Tensor> layer = make();
        GradCheck.Check(i => layer.Forward(i[0]), x);
    }
}
