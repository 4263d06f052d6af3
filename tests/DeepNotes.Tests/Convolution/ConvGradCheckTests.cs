using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Convolution;

/// <summary>Float64 gradient checks (input, weight and bias) of every layer and configuration.</summary>
public class ConvGradCheckTests
{
    private static void CheckLayer(Module<Tensor, Tensor> layer, int[] inputShape, ulong seed)
    {
        var x = Tensor.Randn(inputShape, DType.Float64, new Generator(seed), requiresGrad: true);
        var inputs = new List<Tensor> { x };
        inputs.AddRange(layer.Parameters());
        GradCheck.Check(_ => layer.Forward(x), inputs.ToArray());
    }

    public static TheoryData<string> Conv2DConfigs => new() { "plain", "stride2", "dilation2", "groups", "depthwise", "same", "sameEven", "noBias", "rect", "pointwise" };

    [Theory]
    [MemberData(nameof(Conv2DConfigs))]
    public void Conv2D(string config)
    {
        var g = new Generator(11);
        (Conv2D layer, int[] shape) = config switch
        {
            "plain" => (new Conv2D(2, 3, 3, padding: 1, dtype: DType.Float64, generator: g), new[] { 2, 2, 5, 4 }),
            "stride2" => (new Conv2D(2, 3, 3, stride: 2, padding: 1, dtype: DType.Float64, generator: g), new[] { 2, 2, 7, 6 }),
            "dilation2" => (new Conv2D(2, 2, 3, dilation: 2, padding: 1, dtype: DType.Float64, generator: g), new[] { 1, 2, 7, 7 }),
            "groups" => (new Conv2D(4, 6, 3, groups: 2, dtype: DType.Float64, generator: g), new[] { 2, 4, 5, 5 }),
            "depthwise" => (new Conv2D(3, 3, 3, padding: 1, groups: 3, dtype: DType.Float64, generator: g), new[] { 2, 3, 4, 5 }),
            "same" => (new Conv2D(2, 3, 3, padding: Padding.Same, dtype: DType.Float64, generator: g), new[] { 1, 2, 5, 5 }),
            "sameEven" => (new Conv2D(2, 2, (2, 4), padding: Padding.Same, dtype: DType.Float64, generator: g), new[] { 1, 2, 5, 6 }),
            "noBias" => (new Conv2D(2, 3, 3, bias: false, dtype: DType.Float64, generator: g), new[] { 2, 2, 4, 4 }),
            "rect" => (new Conv2D(2, 3, (3, 2), stride: (2, 1), padding: (0, 1), dilation: (1, 2), dtype: DType.Float64, generator: g), new[] { 1, 2, 7, 6 }),
            _ => (new Conv2D(3, 4, 1, dtype: DType.Float64, generator: g), new[] { 2, 3, 3, 3 }),
        };
        CheckLayer(layer, shape, 1);
    }

    [Theory]
    [InlineData(1, 0, 0, 1, 1, true)]
    [InlineData(2, 0, 1, 1, 1, true)]
    [InlineData(2, 1, 1, 1, 1, false)]
    [InlineData(2, 1, 1, 2, 2, true)]
    [InlineData(3, 1, 2, 2, 1, true)]
    public void ConvTranspose2D(int stride, int padding, int outputPadding, int dilation, int groups, bool bias)
    {
        var layer = new ConvTranspose2D(2, 4, 3, stride, padding, outputPadding, groups, bias, dilation, DType.Float64, new Generator(5));
        CheckLayer(layer, [2, 2, 3, 4], 2);
    }

    [Theory]
    [InlineData(1, 0, 1, 1, true)]
    [InlineData(2, 1, 1, 1, true)]
    [InlineData(1, 2, 2, 2, false)]
    [InlineData(1, -1, 1, 1, true)]
    public void Conv1D(int stride, int padding, int dilation, int groups, bool bias)
    {
        var layer = new Conv1D(2, 4, 3, stride, padding < 0 ? Padding.Same : padding, dilation, groups, bias, DType.Float64, new Generator(6));
        CheckLayer(layer, [2, 2, 9], 3);
    }

    [Fact]
    public void Functional_Conv2D_NonContiguousInput()
    {
        var gen = new Generator(8);
        var x = Tensor.Randn([2, 2, 4, 5], DType.Float64, gen).Transpose(2, 3).Detach();
        x.RequiresGrad = true;
        var w = Tensor.Randn([3, 2, 2, 2], DType.Float64, gen, requiresGrad: true);
        GradCheck.Check(i => Functional.Conv2D(i[0], i[1], stride: 2, padding: 1), x, w);
    }

    [Fact]
    public void Conv2D_LargerBatch_UsesTheWeightGradientPartitions()
    {
        // 11 images: more than the 8 fixed partitions of the weight gradient, uneven shares.
        var layer = new Conv2D(2, 2, 3, padding: 1, dtype: DType.Float64, generator: new Generator(3));
        CheckLayer(layer, [11, 2, 3, 3], 4);
    }
}
