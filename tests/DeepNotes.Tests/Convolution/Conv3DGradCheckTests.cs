using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Convolution;

/// <summary>Float64 gradient checks (input, weight and bias) of Conv3D, ConvTranspose3D, ConvTranspose1D and the padding modes.</summary>
public class Conv3DGradCheckTests
{
    private static void CheckLayer(Module<Tensor, Tensor> layer, int[] inputShape, ulong seed)
    {
        var x = Tensor.Randn(inputShape, DType.Float64, new Generator(seed), requiresGrad: true);
        var inputs = new List<Tensor> { x };
        inputs.AddRange(layer.Parameters());
        GradCheck.Check(_ => layer.Forward(x), inputs.ToArray());
    }

    public static TheoryData<string> Conv3DConfigs => new()
    {
        "plain", "stride2", "dilation", "groups", "depthwise", "same", "sameEven", "noBias", "rect", "pointwise",
        "reflect", "replicate", "circular", "direct",
    };

    [Theory]
    [MemberData(nameof(Conv3DConfigs))]
    public void Conv3D(string config)
    {
        var g = new Generator(11);
        const DType F64 = DType.Float64;
        (Conv3D layer, int[] shape) = config switch
        {
            "plain" => (new Conv3D(2, 3, 3, padding: 1, dtype: F64, generator: g), new[] { 2, 2, 3, 4, 3 }),
            "stride2" => (new Conv3D(2, 3, 3, stride: 2, padding: 1, dtype: F64, generator: g), new[] { 1, 2, 5, 4, 5 }),
            "dilation" => (new Conv3D(2, 2, 2, dilation: (2, 1, 2), padding: (1, 0, 1), dtype: F64, generator: g), new[] { 1, 2, 4, 3, 4 }),
            "groups" => (new Conv3D(4, 6, (2, 3, 2), groups: 2, dtype: F64, generator: g), new[] { 2, 4, 3, 4, 3 }),
            "depthwise" => (new Conv3D(3, 3, 3, padding: 1, groups: 3, dtype: F64, generator: g), new[] { 1, 3, 3, 3, 4 }),
            "same" => (new Conv3D(2, 2, 3, padding: Padding.Same, dtype: F64, generator: g), new[] { 1, 2, 3, 4, 4 }),
            "sameEven" => (new Conv3D(2, 2, (2, 4, 1), padding: Padding.Same, dtype: F64, generator: g), new[] { 1, 2, 3, 5, 3 }),
            "noBias" => (new Conv3D(2, 3, 2, bias: false, dtype: F64, generator: g), new[] { 2, 2, 3, 3, 3 }),
            "rect" => (new Conv3D(2, 3, (1, 3, 2), stride: (1, 2, 1), padding: (0, 1, 1), dilation: (1, 1, 2), dtype: F64, generator: g), new[] { 1, 2, 3, 5, 4 }),
            "pointwise" => (new Conv3D(3, 4, 1, dtype: F64, generator: g), new[] { 2, 3, 2, 3, 3 }),
            "reflect" => (new Conv3D(2, 2, 3, padding: (1, 2, 1), dtype: F64, generator: g, paddingMode: PaddingMode.Reflect), new[] { 1, 2, 3, 4, 3 }),
            "replicate" => (new Conv3D(2, 2, 3, stride: 2, padding: 2, dtype: F64, generator: g, paddingMode: PaddingMode.Replicate), new[] { 1, 2, 3, 3, 4 }),
            "circular" => (new Conv3D(2, 2, (2, 3, 2), padding: Padding.Same, dtype: F64, generator: g, paddingMode: PaddingMode.Circular), new[] { 1, 2, 3, 3, 4 }),
            // 8 output channels per group: the direct path (forward, input and weight gradient) runs.
            _ => (new Conv3D(8, 8, 3, padding: 1, dtype: F64, generator: g), new[] { 2, 8, 3, 3, 4 }),
        };
        CheckLayer(layer, shape, 1);
    }

    [Theory]
    [InlineData(1, 0, 0, 1, 1, true)]
    [InlineData(2, 0, 1, 1, 1, true)]
    [InlineData(2, 1, 1, 1, 1, false)]
    [InlineData(2, 1, 1, 2, 2, true)]
    [InlineData(3, 1, 2, 2, 1, true)]
    public void ConvTranspose3D(int stride, int padding, int outputPadding, int dilation, int groups, bool bias)
    {
        var layer = new ConvTranspose3D(2, 4, (2, 3, 2), stride, padding, outputPadding, groups, bias, dilation, DType.Float64, new Generator(5));
        CheckLayer(layer, [2, 2, 2, 3, 2], 2);
    }

    [Fact]
    public void ConvTranspose3D_PerDimensionArguments()
    {
        var layer = new ConvTranspose3D(2, 2, (2, 2, 3), stride: (2, 1, 3), padding: (1, 0, 1), outputPadding: (1, 0, 2), dilation: (1, 2, 1),
            dtype: DType.Float64, generator: new Generator(7));
        CheckLayer(layer, [1, 2, 3, 2, 3], 3);
    }

    [Theory]
    [InlineData(1, 0, 0, 1, 1, true)]
    [InlineData(2, 1, 1, 1, 1, true)]
    [InlineData(3, 2, 2, 2, 2, false)]
    [InlineData(2, 0, 1, 3, 2, true)]
    public void ConvTranspose1D(int stride, int padding, int outputPadding, int dilation, int groups, bool bias)
    {
        var layer = new ConvTranspose1D(2, 4, 3, stride, padding, outputPadding, groups, bias, dilation, DType.Float64, new Generator(6));
        CheckLayer(layer, [2, 2, 5], 4);
    }

    [Theory]
    [InlineData(PaddingMode.Reflect)]
    [InlineData(PaddingMode.Replicate)]
    [InlineData(PaddingMode.Circular)]
    public void Conv2D_And_Conv1D_PaddingModes(PaddingMode mode)
    {
        CheckLayer(new Conv2D(2, 3, 3, padding: (1, 2), dtype: DType.Float64, generator: new Generator(8), paddingMode: mode), [2, 2, 4, 4], 5);
        CheckLayer(new Conv2D(2, 2, (2, 3), stride: 2, padding: 1, dtype: DType.Float64, generator: new Generator(9), paddingMode: mode), [1, 2, 5, 5], 6);
        CheckLayer(new Conv1D(2, 3, 3, padding: 2, dtype: DType.Float64, generator: new Generator(10), paddingMode: mode), [2, 2, 5], 7);
        CheckLayer(new Conv1D(2, 2, 4, padding: Padding.Same, dtype: DType.Float64, generator: new Generator(12), paddingMode: mode), [1, 2, 6], 8);
    }

    [Fact]
    public void Functional_Conv3D_NonContiguousInput()
    {
        var gen = new Generator(8);
        var x = Tensor.Randn([2, 2, 3, 4, 5], DType.Float64, gen).Transpose(3, 4).Detach();
        x.RequiresGrad = true;
        var w = Tensor.Randn([3, 2, 2, 2, 2], DType.Float64, gen, requiresGrad: true);
        var b = Tensor.Randn([3], DType.Float64, gen, requiresGrad: true);
        GradCheck.Check(i => Functional.Conv3D(i[0], i[1], i[2], stride: (1, 2, 1), padding: 1), x, w, b);
    }

    [Fact]
    public void Functional_ConvTranspose_SlicedInputs()
    {
        var gen = new Generator(9);
        var x3 = Tensor.Randn([2, 4, 3, 3, 3], DType.Float64, gen).Narrow(1, 1, 2).Detach();
        x3.RequiresGrad = true;
        var w3 = Tensor.Randn([2, 3, 2, 2, 2], DType.Float64, gen, requiresGrad: true);
        GradCheck.Check(i => Functional.ConvTranspose3D(i[0], i[1], stride: 2, padding: (0, 1, 0)), x3, w3);
        var x1 = Tensor.Randn([2, 5, 3], DType.Float64, gen).Transpose(1, 2).Detach();
        x1.RequiresGrad = true;
        var w1 = Tensor.Randn([3, 2, 3], DType.Float64, gen, requiresGrad: true);
        var b1 = Tensor.Randn([2], DType.Float64, gen, requiresGrad: true);
        GradCheck.Check(i => Functional.ConvTranspose1D(i[0], i[1], i[2], stride: 2, padding: 1, outputPadding: 1), x1, w1, b1);
    }

    [Fact]
    public void Conv3D_LargerBatch_UsesTheWeightGradientPartitions()
    {
        // 11 images: more than the 8 fixed partitions of the weight gradient.
        var layer = new Conv3D(2, 2, 3, padding: 1, dtype: DType.Float64, generator: new Generator(3));
        CheckLayer(layer, [11, 2, 2, 2, 2], 4);
    }
}
