using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

/// <summary>Outputs and input gradients of every pooling against PyTorch (values from reference/pooling_reference.py).</summary>
public class PoolingTorchReferenceTests
{
    private static readonly Dictionary<string, (int[] Input, Func<Tensor, Tensor> Pool)> Ours = new()
    {
        ["max_k2"] = ([1, 2, 4, 6], x => Functional.MaxPool2D(x, 2)),
        ["max_k3_s2_p1"] = ([1, 2, 5, 6], x => Functional.MaxPool2D(x, 3, 2, 1)),
        ["max_k2x3_s1x2_d2"] = ([1, 1, 6, 7], x => Functional.MaxPool2D(x, (2, 3), (1, 2), (0, 0), (2, 2))),
        ["max_k3_s2_ceil"] = ([1, 2, 6, 5], x => Functional.MaxPool2D(x, 3, 2, 0, 1, ceilMode: true)),
        ["max_unbatched_k2_s1"] = ([2, 3, 4], x => Functional.MaxPool2D(x, 2, 1)),
        ["avg_k2"] = ([1, 2, 4, 6], x => Functional.AvgPool2D(x, 2)),
        ["avg_k3_s2_p1"] = ([1, 2, 5, 6], x => Functional.AvgPool2D(x, 3, 2, 1)),
        ["avg_k3_s2_p1_exclude"] = ([1, 2, 5, 6], x => Functional.AvgPool2D(x, 3, 2, 1, countIncludePad: false)),
        ["avg_k3_s2_p1_ceil"] = ([1, 1, 6, 6], x => Functional.AvgPool2D(x, 3, 2, 1, ceilMode: true)),
        ["avg_k3_s2_p1_ceil_exclude"] = ([1, 1, 6, 6], x => Functional.AvgPool2D(x, 3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["avg_k2_ceil"] = ([1, 1, 5, 5], x => Functional.AvgPool2D(x, 2, ceilMode: true)),
        ["avg_k3_divisor5"] = ([1, 1, 4, 5], x => Functional.AvgPool2D(x, 3, 1, 1, divisorOverride: 5)),
        ["adaptive_avg_5x7_to_3x4"] = ([1, 2, 5, 7], x => Functional.AdaptiveAvgPool2D(x, (3, 4))),
        ["adaptive_avg_global"] = ([2, 3, 3, 4], Functional.GlobalAvgPool2D),
        ["adaptive_max_5x7_to_3x4"] = ([1, 2, 5, 7], x => Functional.AdaptiveMaxPool2D(x, (3, 4))),
        ["lp2_k2"] = ([1, 2, 4, 4], x => Functional.LPPool2D(x, 2, 2)),
        ["lp2_k3_s2_ceil"] = ([1, 1, 6, 6], x => Functional.LPPool2D(x, 2, 3, 2, ceilMode: true)),
        ["lp1_k2_s1"] = ([1, 1, 3, 4], x => Functional.LPPool2D(x, 1, 2, 1)),
        ["lp3_k2x3"] = ([1, 1, 4, 6], x => Functional.LPPool2D(x.Abs() + 0.5, 3, (2, 3))),
        ["max1d_k3_s2_p1"] = ([2, 2, 9], x => Functional.MaxPool1D(x, 3, 2, 1)),
        ["max1d_k2_d2_ceil"] = ([1, 2, 8], x => Functional.MaxPool1D(x, 2, 3, 0, 2, ceilMode: true)),
        ["avg1d_k3_s2_p1"] = ([2, 2, 9], x => Functional.AvgPool1D(x, 3, 2, 1)),
        ["avg1d_k3_s2_p1_ceil_exclude"] = ([1, 2, 8], x => Functional.AvgPool1D(x, 3, 2, 1, ceilMode: true, countIncludePad: false)),
        ["lp1d_p2_k3_s2"] = ([2, 2, 9], x => Functional.LPPool1D(x, 2, 3, 2)),
        ["lp1d_p1.5_k3_s2_ceil"] = ([1, 2, 8], x => Functional.LPPool1D(x.Abs() + 0.5, 1.5, 3, 2, ceilMode: true)),
        ["lp1d_p2_unbatched_k2"] = ([3, 7], x => new LPPool1D(2, 2).Call(x)),
        ["adaptive_avg1d_7_to_3"] = ([2, 2, 7], x => Functional.AdaptiveAvgPool1D(x, 3)),
        ["adaptive_avg1d_3_to_5"] = ([1, 2, 3], x => new AdaptiveAvgPool1D(5).Call(x)),
        ["adaptive_max1d_7_to_3"] = ([2, 2, 7], x => Functional.AdaptiveMaxPool1D(x, 3)),
        ["adaptive_max1d_unbatched_5_to_4"] = ([3, 5], x => new AdaptiveMaxPool1D(4).Call(x)),
        ["adaptive_avg_5x7_to_Nonex3"] = ([1, 2, 5, 7], x => Functional.AdaptiveAvgPool2D(x, null, 3)),
        ["adaptive_avg_unbatched_NonexNone"] = ([2, 3, 4], x => new AdaptiveAvgPool2D(null, null).Call(x)),
        ["adaptive_max_5x7_to_4xNone"] = ([1, 2, 5, 7], x => new AdaptiveMaxPool2D(4, null).Call(x)),
    };

    public static TheoryData<string> CaseNames => new(PoolingTorchReference.Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OutputAndInputGradient_MatchPyTorch(string name)
    {
        var (shape, expected, expectedGrad) = PoolingTorchReference.Cases[name];
        var (input, pool) = Ours[name];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            Tensor x = SineInput(input, DType.Float64, requiresGrad: false).To(dtype);
            x.RequiresGrad = true;
            Tensor y = pool(x);
            Assert.Equal(shape, y.Shape.ToArray());
            double tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(expected, y.To(DType.Float64).ToArray<double>(), tolerance);
            y.Backward(CosineWeights(y));
            AssertClose(expectedGrad, x.Grad!.To(DType.Float64).ToArray<double>(), tolerance);
        }
    }

    [Fact]
    public void EveryReferenceCaseHasAnImplementation() => Assert.Equal(PoolingTorchReference.Cases.Keys.Order(), Ours.Keys.Order());
}
