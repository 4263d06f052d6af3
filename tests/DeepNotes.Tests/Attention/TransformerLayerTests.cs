using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

public class TransformerLayerTests
{
    // reference/attention_reference.py, section 3 (torch 1.13): d_model 4, 2 heads, dim_feedforward 6, dropout 0, eval,
    // batch first, parameters filled in named_parameters order, src = fill([2, 3, 4], 110) with the causal float mask.
    private static readonly double[] TorchEncoderPostNormRelu =
    [
        -0.6769502463, 0.626406976, 0.3819816021, 0.2745882922, -0.6601673797, 0.6154451727, 0.3963089809, 0.2673556598,
        -0.6420329513, 0.5966658646, 0.4171377455, 0.2593220382, -0.6564976608, 0.6187098417, 0.3931377145, 0.2667910156,
        -0.6772527793, 0.6277076728, 0.380434762, 0.2749428675, -0.6777144664, 0.625537687, 0.3828623822, 0.2746677732,
    ];

    private static readonly double[] TorchEncoderPreNormGelu =
    [
        0.7922394978, 0.9711202303, 0.8313455089, -0.7343171125, 0.2266807316, 0.3031516222, 0.1718264694, -1.308388542,
        -0.3640617755, 0.1176944756, 0.3143016291, -0.9897718049, -0.03620163443, 0.8229015094, 1.137267133, -0.3944234423,
        0.6334792521, 1.039665207, 1.099056807, -0.5238117365, 0.3017071409, 0.4500110752, 0.4002688016, -1.182041896,
    ];

    // tgt = fill([2, 3, 4], 111), memory = fill([2, 2, 4], 112), causal tgt mask, memory key padding [[F, T], [F, F]].
    private static readonly double[] TorchDecoderPostNormRelu =
    [
        0.3342094984, 0.3217189824, 0.4515152321, 0.5103939462, 0.3298915874, 0.2938208063, 0.4646245282, 0.5100110466,
        0.3310480787, 0.2848083702, 0.4677703389, 0.5098491108, 0.3786855236, 0.420427931, 0.3825005729, 0.5092949277,
        0.3754633896, 0.4161666621, 0.3866109751, 0.5094759482, 0.3560799648, 0.3884846321, 0.4108913638, 0.5102795515,
    ];

    private static readonly double[] TorchDecoderPreNormGelu =
    [
        0.08431367432, 0.966391434, 0.7295899979, -1.378008198, -0.3522884679, 0.5943842808, 0.3811284942, -1.417166312,
        -0.01087457216, 1.10553566, 0.9412361892, -0.7798684815, 0.9718090572, 1.036588427, 0.8137909124, -0.2015549894,
        0.7433549388, 0.6196877544, 0.3100312929, -0.8216167044, 0.06590098776, 0.04537312593, -0.09811394159, -1.031930591,
    ];

    // section 4: TransformerEncoder(2 post-norm relu layers, final LayerNorm), filled, same src and mask
    private static readonly double[] TorchEncoderStack =
    [
        -0.5663468911, 0.4910897374, -0.005850790134, -0.07156192378, -0.5661565971, 0.4900958442, -0.006777742039, -0.07049672769,
        -0.5659419049, 0.4886074489, -0.007863926445, -0.0690645886, -0.5661182114, 0.4903665187, -0.006872335617, -0.07060452454,
        -0.5663496736, 0.4912664055, -0.005803885165, -0.07168957094, -0.5663534479, 0.4910869855, -0.005826032769, -0.07157333767,
    ];

    private static readonly string[] TorchEncoderNames =
    [
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
        "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias",
    ];

    private static readonly string[] TorchDecoderNames =
    [
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
        "multihead_attn.in_proj_weight", "multihead_attn.in_proj_bias", "multihead_attn.out_proj.weight", "multihead_attn.out_proj.bias",
        "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
        "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias", "norm3.weight", "norm3.bias",
    ];

    private static TransformerEncoderLayer Encoder(bool normFirst, DType dtype = DType.Float64, Generator? g = null) =>
        new(4, 2, 6, dropout: 0, activation: normFirst ? TransformerActivation.Gelu : TransformerActivation.Relu,
            batchFirst: true, normFirst: normFirst, dtype: dtype, generator: g);

    private static TransformerDecoderLayer Decoder(bool normFirst, DType dtype = DType.Float64, Generator? g = null) =>
        new(4, 2, 6, dropout: 0, activation: normFirst ? TransformerActivation.Gelu : TransformerActivation.Relu,
            batchFirst: true, normFirst: normFirst, dtype: dtype, generator: g);

    private static Tensor MemoryPadding() => Tensor.FromArray(new[] { false, true, false, false }, [2, 2]);

    [Theory]
    [InlineData(false, DType.Float64, 1e-9)]
    [InlineData(true, DType.Float64, 1e-9)]
    [InlineData(false, DType.Float32, 1e-5)]
    [InlineData(true, DType.Float32, 1e-5)]
    public void EncoderLayer_MatchesPyTorch_BothNormPlacements(bool normFirst, DType dtype, double tol)
    {
        var layer = Encoder(normFirst, dtype);
        ReferenceFill.Parameters(layer);
        layer.Eval();
        var src = ReferenceFill.Tensor([2, 3, 4], 110, dtype);
        var y = layer.Call(src, Functional.GenerateSquareSubsequentMask(3, dtype));
        AssertClose(normFirst ? TorchEncoderPreNormGelu : TorchEncoderPostNormRelu, ToDoubles(y), tol, tol);
        // isCausal is the same mask
        AssertClose(ToDoubles(y), ToDoubles(layer.Call(src, null, isCausal: true)), 1e-6, 1e-6);
    }

    [Theory]
    [InlineData(false, DType.Float64, 1e-9)]
    [InlineData(true, DType.Float64, 1e-9)]
    [InlineData(false, DType.Float32, 1e-5)]
    [InlineData(true, DType.Float32, 1e-5)]
    public void DecoderLayer_MatchesPyTorch_BothNormPlacements(bool normFirst, DType dtype, double tol)
    {
        var layer = Decoder(normFirst, dtype);
        ReferenceFill.Parameters(layer);
        layer.Eval();
        var tgt = ReferenceFill.Tensor([2, 3, 4], 111, dtype);
        var memory = ReferenceFill.Tensor([2, 2, 4], 112, dtype);
        var y = layer.Call(tgt, memory, tgtMask: Functional.GenerateSquareSubsequentMask(3, dtype), memoryKeyPaddingMask: MemoryPadding());
        AssertClose(normFirst ? TorchDecoderPreNormGelu : TorchDecoderPostNormRelu, ToDoubles(y), tol, tol);
    }

    [Fact]
    public void EncoderStack_MatchesPyTorch_AndCopiesThePrototype()
    {
        var encoder = new TransformerEncoder(new TransformerEncoderLayer(4, 2, 6, dropout: 0, batchFirst: true, dtype: DType.Float64), 2,
            new LayerNorm(4, dtype: DType.Float64));
        var names = encoder.StateDict().Keys.ToArray();
        Assert.Equal([.. TorchEncoderNames.Select(n => "layers.0." + n), .. TorchEncoderNames.Select(n => "layers.1." + n), "norm.weight", "norm.bias"], names);
        Assert.Equal(316, encoder.ParameterCount()); // torch: 316
        // like PyTorch's deepcopy: every layer starts from the prototype's weights, in separate tensors
        Assert.Equal(encoder.Layers[0].Linear1.Weight.ToArray<double>(), encoder.Layers[1].Linear1.Weight.ToArray<double>());
        Assert.NotSame(encoder.Layers[0].Linear1.Weight, encoder.Layers[1].Linear1.Weight);
        ReferenceFill.Parameters(encoder);
        encoder.Eval();
        var y = encoder.Call(ReferenceFill.Tensor([2, 3, 4], 110), Functional.GenerateSquareSubsequentMask(3, DType.Float64));
        AssertClose(TorchEncoderStack, ToDoubles(y), 1e-9, 1e-9);

        var decoder = new TransformerDecoder(new TransformerDecoderLayer(4, 2, 6, dropout: 0, batchFirst: true), 2, new LayerNorm(4));
        Assert.Equal([.. TorchDecoderNames.Select(n => "layers.0." + n), .. TorchDecoderNames.Select(n => "layers.1." + n), "norm.weight", "norm.bias"],
            decoder.StateDict().Keys.ToArray());
        Assert.Equal(492, decoder.ParameterCount()); // torch: 492
        var yd = decoder.Call(Tensor.Randn([2, 3, 4]), Tensor.Randn([2, 5, 4]), tgtIsCausal: true);
        Assert.Equal([2, 3, 4], yd.Shape.ToArray());
    }

    [Fact]
    public void StateDictNames_AndParameterCounts_AreTorchs()
    {
        Assert.Equal(TorchEncoderNames, Encoder(false).StateDict().Keys.ToArray());
        Assert.Equal(TorchDecoderNames, Decoder(true).StateDict().Keys.ToArray());
        Assert.Equal(154, Encoder(false).ParameterCount()); // torch: 154 (d 4, ff 6)
        Assert.Equal(242, Decoder(false).ParameterCount()); // torch: 242
        // d_ff = 4d: 12d² + 13d per encoder layer and 16d² + 19d per decoder layer, counting every parameter
        // (weights and biases of the attention, both linears and the layer norms) as torch's sum(p.numel()) does
        foreach (int d in new[] { 8, 256 })
        {
            Assert.Equal(12L * d * d + 13 * d, new TransformerEncoderLayer(d, 4, 4 * d).ParameterCount());
            Assert.Equal(16L * d * d + 19 * d, new TransformerDecoderLayer(d, 4, 4 * d).ParameterCount());
        }
        Assert.Equal(789760, new TransformerEncoderLayer(256, 4, 1024).ParameterCount()); // torch: 789760
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncoderLayer_GradCheck(bool normFirst)
    {
        var g = new Generator(normFirst ? 21u : 22u);
        var layer = Encoder(normFirst, g: g);
        var src = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var padding = Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]);
        GradCheck.Check(_ => layer.Call(src, null, padding, isCausal: true), [src, .. layer.Parameters()]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DecoderLayer_GradCheck(bool normFirst)
    {
        var g = new Generator(normFirst ? 23u : 24u);
        var layer = Decoder(normFirst, g: g);
        var tgt = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var memory = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => layer.Call(tgt, memory, Functional.GenerateSquareSubsequentMask(3, DType.Float64), memoryKeyPaddingMask: MemoryPadding()),
            [tgt, memory, .. layer.Parameters()]);
    }

    [Fact]
    public void SequenceFirst_EqualsBatchFirstOnTransposedInput()
    {
        var g = new Generator(25);
        var bf = new TransformerEncoderLayer(8, 2, 16, dropout: 0, batchFirst: true, dtype: DType.Float64, generator: g);
        var sf = new TransformerEncoderLayer(8, 2, 16, dropout: 0, batchFirst: false, dtype: DType.Float64, generator: g);
        sf.LoadStateDict(bf.StateDict());
        var x = Tensor.Randn([3, 5, 8], DType.Float64, g);
        AssertClose(ToDoubles(bf.Call(x)), ToDoubles(sf.Call(x.Transpose(0, 1).Contiguous()).Transpose(0, 1).Contiguous()), 1e-12, 1e-12);
    }

    [Fact]
    public void Dropout_OnlyInTraining()
    {
        var layer = new TransformerEncoderLayer(8, 2, 16, dropout: 0.5, batchFirst: true, generator: new Generator(26));
        var x = Tensor.Randn([2, 4, 8], generator: new Generator(27));
        layer.Eval();
        Assert.Equal(layer.Call(x).ToArray<float>(), layer.Call(x).ToArray<float>());
        layer.Train();
        Assert.NotEqual(layer.Call(x).ToArray<float>(), layer.Call(x).ToArray<float>());
    }

    [Fact]
    public void BadInputs_ThrowNamingTheShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TransformerEncoderLayer(10, 4));
        Assert.Contains("embedDim (10) must be divisible by numHeads (4)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Encoder(false).Call(Tensor.Zeros([2, 3, 5], DType.Float64)));
        Assert.Contains("[2, 3, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Decoder(false).Call(Tensor.Zeros([2, 3, 4], DType.Float64), Tensor.Zeros([2, 2, 3], DType.Float64)));
        Assert.Contains("[2, 2, 3]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerEncoder(Encoder(false), 0));
    }
}
