using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Pooling;

/// <summary>
/// Outputs, input gradients and indices of the 3-D poolings, the max unpoolings and the padding layers against PyTorch
/// 1.13 (<see cref="Pooling3DTorchReference"/>, from reference/pooling3d_reference.py), in Float64 and Float32.
/// </summary>
public class Pooling3DTorchReferenceTests
{
    private static readonly Dictionary<string, (int[] Input, Func<Tensor, (Tensor Y, Tensor? Indices)> Pool)> s_pools = new()
    {
        ["max3d_k2"] = ([1, 2, 4, 4, 6], x => Functional.MaxPool3DWithIndices(x, 2)),
        ["max3d_k3_s2_p1"] = ([1, 2, 5, 6, 5], x => Functional.MaxPool3DWithIndices(x, 3, 2, 1)),
        ["max3d_k2x2x3_s1x2x2_p0x1x1_d2x1x2"] = ([1, 1, 4, 7, 8], x => Functional.MaxPool3DWithIndices(x, (2, 2, 3), (1, 2, 2), (0, 1, 1), (2, 1, 2))),
        ["max3d_k3_s2_ceil"] = ([2, 1, 5, 6, 5], x => Functional.MaxPool3DWithIndices(x, 3, 2, 0, 1, ceilMode: true)),
        ["max3d_k2_s2_p1_ceil"] = ([1, 2, 3, 4, 5], x => new MaxPool3D(2, 2, 1, ceilMode: true).ForwardWithIndices(x)),
        ["max3d_unbatched_k2_s1"] = ([2, 3, 4, 5], x => Layer(new MaxPool3D(2, 1, returnIndices: true), x)),
        ["max3d_k1x2x2"] = ([1, 3, 3, 4, 4], x => Functional.MaxPool3DWithIndices(x, (1, 2, 2))),
        ["avg3d_k2"] = ([1, 2, 4, 4, 6], x => (Functional.AvgPool3D(x, 2), null)),
        ["avg3d_k3_s2_p1"] = ([1, 2, 5, 6, 5], x => (Functional.AvgPool3D(x, 3, 2, 1), null)),
        ["avg3d_k3_s2_p1_exclude"] = ([1, 2, 5, 6, 5], x => (new AvgPool3D(3, 2, 1, countIncludePad: false).Call(x), null)),
        ["avg3d_k3_s2_p1_ceil"] = ([1, 1, 6, 6, 6], x => (Functional.AvgPool3D(x, 3, 2, 1, ceilMode: true), null)),
        ["avg3d_k3_s2_p1_ceil_exclude"] = ([1, 1, 6, 6, 6], x => (Functional.AvgPool3D(x, 3, 2, 1, ceilMode: true, countIncludePad: false), null)),
        ["avg3d_k2_ceil"] = ([1, 1, 5, 5, 5], x => (new AvgPool3D(2, ceilMode: true).Call(x), null)),
        ["avg3d_k2x3x3_s1_p1_divisor7"] = ([1, 1, 3, 4, 5], x => (Functional.AvgPool3D(x, (2, 3, 3), 1, 1, divisorOverride: 7), null)),
        ["avg3d_unbatched_k2_s1"] = ([2, 3, 4, 5], x => (new AvgPool3D(2, 1).Call(x), null)),
        ["avg3d_k1x3x2_s1x2x2_p0x1x1"] = ([2, 2, 3, 5, 6], x => (Functional.AvgPool3D(x, (1, 3, 2), (1, 2, 2), (0, 1, 1)), null)),
        ["adaptive_avg3d_5x6x7_to_2x3x4"] = ([1, 2, 5, 6, 7], x => (Functional.AdaptiveAvgPool3D(x, (2, 3, 4)), null)),
        ["adaptive_avg3d_global"] = ([2, 3, 2, 3, 4], x => (new AdaptiveAvgPool3D(1).Call(x), null)),
        ["adaptive_avg3d_Nonex2x3"] = ([1, 2, 3, 5, 7], x => (new AdaptiveAvgPool3D(null, 2, 3).Call(x), null)),
        ["adaptive_avg3d_upsample_2x3x2_to_3x4x5"] = ([1, 1, 2, 3, 2], x => (Functional.AdaptiveAvgPool3D(x, (3, 4, 5)), null)),
        ["adaptive_max3d_5x6x7_to_2x3x4"] = ([1, 2, 5, 6, 7], x => Functional.AdaptiveMaxPool3DWithIndices(x, (2, 3, 4))),
        ["adaptive_max3d_unbatched_3x4xNone"] = ([2, 5, 6, 3], x => Layer(new AdaptiveMaxPool3D(3, 4, null, returnIndices: true), x)),
        ["max1d_indices_k3_s2_p1"] = ([2, 2, 9], x => Layer(new MaxPool1D(3, 2, 1, returnIndices: true), x)),
        ["max2d_indices_k3_s2_p1_ceil"] = ([1, 2, 6, 7], x => new MaxPool2D(3, 2, 1, ceilMode: true).ForwardWithIndices(x)),
    };

    private static (Tensor, Tensor?) Layer(Module<Tensor, Tensor> layer, Tensor x)
    {
        Tensor y = layer.Call(x);
        Tensor? indices = layer switch
        {
            MaxPool3D m => m.Indices,
            AdaptiveMaxPool3D a => a.Indices,
            MaxPool1D m => m.Indices,
            _ => null,
        };
        Assert.NotNull(indices);
        return (y, indices);
    }

    private static readonly Dictionary<string, (int[] Input, Func<Tensor, (Tensor Pooled, Tensor Indices)> Pool, Func<Tensor, Tensor, Tensor> Unpool)> s_unpools = new()
    {
        ["unpool2d_k2"] = ([1, 2, 4, 6], x => Functional.MaxPool2DWithIndices(x, 2), (y, i) => Functional.MaxUnpool2D(y, i, 2)),
        ["unpool2d_k3_s2_p1_size"] = ([1, 2, 5, 6], x => Functional.MaxPool2DWithIndices(x, 3, 2, 1),
            (y, i) => new MaxUnpool2D(3, 2, 1).Call(y, i, [5, 6])),
        ["unpool2d_k2_odd_size4d"] = ([2, 1, 5, 7], x => Functional.MaxPool2DWithIndices(x, 2),
            (y, i) => Functional.MaxUnpool2D(y, i, 2, outputSize: [2, 1, 5, 7])),
        ["unpool2d_k3_s1_overlap"] = ([1, 1, 4, 5], x => Functional.MaxPool2DWithIndices(x, 3, 1), (y, i) => new MaxUnpool2D(3, 1).Call((y, i))),
        ["unpool2d_unbatched_k2x3"] = ([2, 4, 6], x => new MaxPool2D((2, 3)).ForwardWithIndices(x), (y, i) => Functional.MaxUnpool2D(y, i, (2, 3))),
        ["unpool1d_k2"] = ([2, 2, 8], x => Functional.MaxPool1DWithIndices(x, 2), (y, i) => new MaxUnpool1D(2).Call(y, i)),
        ["unpool1d_k3_s2_p1_size"] = ([1, 2, 9], x => Functional.MaxPool1DWithIndices(x, 3, 2, 1),
            (y, i) => Functional.MaxUnpool1D(y, i, 3, 2, 1, outputSize: [9])),
        ["unpool3d_k2"] = ([1, 2, 4, 4, 6], x => Functional.MaxPool3DWithIndices(x, 2), (y, i) => new MaxUnpool3D(2).Call(y, i)),
        ["unpool3d_k3_s2_p1_size"] = ([1, 1, 5, 6, 5], x => Functional.MaxPool3DWithIndices(x, 3, 2, 1),
            (y, i) => Functional.MaxUnpool3D(y, i, 3, 2, 1, outputSize: [5, 6, 5])),
        ["unpool3d_unbatched_k1x2x2"] = ([2, 3, 4, 4], x => Functional.MaxPool3DWithIndices(x, (1, 2, 2)),
            (y, i) => new MaxUnpool3D((1, 2, 2)).Call(new MaxUnpoolInput(y, i))),
    };

    private static readonly Dictionary<string, (int[] Input, Func<Module<Tensor, Tensor>> Make)> s_pads = new()
    {
        ["zero1d_2_1"] = ([2, 3, 5], () => new ZeroPad1D((2, 1))),
        ["constant1d_crop"] = ([2, 3, 5], () => new ConstantPad1D((-1, 2), 1.5)),
        ["reflect1d_3_2"] = ([2, 3, 5], () => new ReflectionPad1D((3, 2))),
        ["replicate1d_2_4"] = ([2, 3, 5], () => new ReplicationPad1D((2, 4))),
        ["circular1d_2_3"] = ([2, 3, 5], () => new CircularPad1D((2, 3))),
        ["zero2d_1_2_3_0"] = ([1, 2, 4, 5], () => new ZeroPad2D((1, 2, 3, 0))),
        ["constant2d_2_value"] = ([1, 2, 3, 4], () => new ConstantPad2D(2, -0.5)),
        ["reflect2d_1_2_3_0"] = ([1, 2, 4, 5], () => new ReflectionPad2D((1, 2, 3, 0))),
        ["reflect2d_unbatched_2"] = ([2, 4, 5], () => new ReflectionPad2D(2)),
        ["replicate2d_1_2_3_0"] = ([1, 2, 4, 5], () => new ReplicationPad2D((1, 2, 3, 0))),
        ["circular2d_1_2_3_0"] = ([1, 2, 4, 5], () => new CircularPad2D((1, 2, 3, 0))),
        ["zero3d_1"] = ([1, 2, 2, 3, 4], () => new ZeroPad3D(1)),
        ["constant3d_tuple"] = ([1, 1, 2, 3, 4], () => new ConstantPad3D((1, 0, 2, 1, 0, 2), 2.0)),
        ["reflect3d_1_0_2_1_1_2"] = ([1, 2, 3, 4, 5], () => new ReflectionPad3D((1, 0, 2, 1, 1, 2))),
        ["replicate3d_1_0_2_1_1_2"] = ([1, 2, 3, 4, 5], () => new ReplicationPad3D((1, 0, 2, 1, 1, 2))),
        ["circular3d_1_0_2_1_1_2"] = ([1, 2, 3, 4, 5], () => new CircularPad3D((1, 0, 2, 1, 1, 2))),
        ["replicate3d_unbatched_1"] = ([2, 2, 3, 4], () => new ReplicationPad3D(1)),
    };

    public static TheoryData<string> PoolNames => new(Pooling3DTorchReference.Pooling.Keys);

    public static TheoryData<string> UnpoolNames => new(Pooling3DTorchReference.Unpooling.Keys);

    public static TheoryData<string> PadNames => new(Pooling3DTorchReference.Padding.Keys);

    [Theory]
    [MemberData(nameof(PoolNames))]
    public void Pooling_OutputGradientAndIndices_MatchPyTorch(string name)
    {
        var (shape, expected, expectedGrad, expectedIndices) = Pooling3DTorchReference.Pooling[name];
        var (input, pool) = s_pools[name];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            Tensor x = SineInput(input, DType.Float64, requiresGrad: false).To(dtype);
            x.RequiresGrad = true;
            var (y, indices) = pool(x);
            Assert.Equal(shape, y.Shape.ToArray());
            double tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(expected, y.To(DType.Float64).ToArray<double>(), tolerance);
            if (expectedIndices is not null)
            {
                Assert.NotNull(indices);
                Assert.Equal(DType.Int32, indices.DType);
                Assert.Equal(shape, indices.Shape.ToArray());
                Assert.Equal(expectedIndices, indices.ToArray<int>());
            }
            y.Backward(CosineWeights(y));
            AssertClose(expectedGrad, x.Grad!.To(DType.Float64).ToArray<double>(), tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(UnpoolNames))]
    public void Unpooling_OutputAndGradient_MatchPyTorch(string name)
    {
        var (shape, expected, expectedGrad, expectedIndices) = Pooling3DTorchReference.Unpooling[name];
        var (input, pool, unpool) = s_unpools[name];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            var (pooled, indices) = pool(SineInput(input, DType.Float64, requiresGrad: false).To(dtype));
            Assert.Equal(expectedIndices, indices.ToArray<int>());
            Tensor leaf = pooled.Detach();
            leaf.RequiresGrad = true;
            Tensor y = unpool(leaf, indices);
            Assert.Equal(shape, y.Shape.ToArray());
            double tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(expected, y.To(DType.Float64).ToArray<double>(), tolerance);
            y.Backward(CosineWeights(y));
            AssertClose(expectedGrad, leaf.Grad!.To(DType.Float64).ToArray<double>(), tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(PadNames))]
    public void PaddingLayers_OutputAndGradient_MatchPyTorch(string name)
    {
        var (shape, expected, expectedGrad, _) = Pooling3DTorchReference.Padding[name];
        var (input, make) = s_pads[name];
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            Tensor x = SineInput(input, DType.Float64, requiresGrad: false).To(dtype);
            x.RequiresGrad = true;
            Tensor y = make().Call(x);
            Assert.Equal(shape, y.Shape.ToArray());
            double tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            AssertClose(expected, y.To(DType.Float64).ToArray<double>(), tolerance);
            y.Backward(CosineWeights(y));
            AssertClose(expectedGrad, x.Grad!.To(DType.Float64).ToArray<double>(), tolerance);
        }
    }

    [Fact]
    public void EveryReferenceCaseHasAnImplementation()
    {
        Assert.Equal(Pooling3DTorchReference.Pooling.Keys.Order(), s_pools.Keys.Order());
        Assert.Equal(Pooling3DTorchReference.Unpooling.Keys.Order(), s_unpools.Keys.Order());
        Assert.Equal(Pooling3DTorchReference.Padding.Keys.Order(), s_pads.Keys.Order());
    }
}
