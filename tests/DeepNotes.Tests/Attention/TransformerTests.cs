using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

/// <summary>nn.Transformer: names, defaults, values and gradients vs torch 1.13 (reference/transformer_reference.py), masks, errors.</summary>
public class TransformerTests
{
    // reference/transformer_reference.py: nn.Transformer(4, 2, 2, 2, 6, dropout 0, batch_first), filled parameters,
    // src = fill([2, 3, 4], 120), tgt = fill([2, 4, 4], 121), causal float tgt mask, bool memory mask [4, 3], bool src
    // key padding [[F, F, T], [F, F, F]] also as memory key padding; loss sum(out * fill(out, 122)).
    private static readonly double[] TorchPostOut = [0.1193356959, 0.3325364568, 0.4319868957, 0.7419680478, 0.1191995457, 0.3328494694, 0.4319948985, 0.7421208562, 0.1183259145, 0.3344085823, 0.4320322563, 0.7428058852, 0.1180529319, 0.3347881808, 0.4320405617, 0.7429494756, 0.1193204112, 0.3325518093, 0.4319871641, 0.7419724054, 0.119321363, 0.3326230447, 0.4319894427, 0.742018874, 0.1185840927, 0.3340171568, 0.4320233884, 0.7426488251, 0.1180388931, 0.3348627011, 0.4320427644, 0.7429920528];
    private static readonly double[] TorchPostSrcGrad = [-5.849917641e-06, -3.519101689e-06, 1.8220943e-05, -1.50511408e-06, 1.267894133e-05, 8.531638522e-06, -2.864874451e-05, 1.329799402e-05, 0, 0, 0, 0, -1.797627132e-05, -2.416565119e-05, 3.013619665e-05, -1.075799663e-05, 1.350234064e-05, 1.950686324e-05, -2.332485247e-05, 1.003656686e-05, 1.625321296e-05, 1.574870383e-05, -2.29231396e-05, 1.736990044e-05];
    private static readonly double[] TorchPostTgtGrad = [0.0003327894224, 0.000183409578, 0.0001573237994, 0.0002767102186, 0.0007635738389, 0.0001361187754, -0.0008482923559, 0.0003598333483, -0.0002633737687, -0.0001705552335, -0.0002430725692, -0.0001545972227, -0.0006884401515, -0.001247979821, 0.00134734159, -7.633656819e-05, 5.207669666e-05, 0.000122118328, 0.0004081859505, 2.268100854e-05, 0.000654938247, 3.947915656e-05, -0.000705433759, 0.0004082321149, 0.000143476336, 0.000175386015, -0.0005603704796, -7.463697507e-05, -0.0006672440456, -0.001169879565, 0.001178094348, -1.334350604e-05];
    private static readonly double[] TorchPostEncInProjGrad = [5.091549288e-07, 5.287372536e-07, 4.767574715e-07, 3.602508023e-07, 1.279535108e-06, 1.384184469e-06, 1.301490956e-06, 1.042646748e-06, -3.53690795e-07, -4.1242113e-07, -4.153321999e-07, -3.620300048e-07, -2.240954081e-06, -2.605360378e-06, -2.61714337e-06, -2.274708285e-06, 1.016836006e-06, 1.103463593e-06, 1.040742559e-06, 8.371619023e-07, 1.172119355e-06, 1.30326097e-06, 1.258012327e-06, 1.042497618e-06, -1.177787707e-06, -1.286271198e-06, -1.220663915e-06, -9.898454984e-07, -2.148325742e-06, -2.275881257e-06, -2.095406921e-06, -1.631329088e-06, 7.465437579e-06, 8.860074785e-06, 9.055542434e-06, 8.025384895e-06, 4.609765691e-06, 5.599490992e-06, 5.831351456e-06, 5.273965856e-06, 5.884954949e-07, 9.903901283e-07, 1.258240104e-06, 1.355793184e-06, -2.517778912e-06, -2.785089542e-06, -2.675451368e-06, -2.203703403e-06];
    private static readonly double[] TorchPostDecCrossInProjGrad = [-1.184157927e-10, -1.575171008e-11, 1.708998347e-10, 2.16584904e-10, 1.16069607e-10, 1.651003786e-11, -1.695805784e-10, -2.150291361e-10, 3.075402336e-10, 3.324860468e-11, -4.301347522e-10, -5.449680418e-10, -2.018199028e-10, -2.335656633e-11, 2.852255421e-10, 3.615312723e-10, 1.721630261e-10, -9.289751976e-10, -8.361186551e-10, 9.785432733e-10, 2.046740093e-10, -1.09936951e-09, -9.932509264e-10, 1.160035238e-09, 2.137234655e-10, -1.128122791e-09, -1.0340022e-09, 1.198212956e-09, 1.716869562e-10, -9.124274231e-10, -8.315598258e-10, 9.665929145e-10, -0.001369702641, 0.001188813933, -1.371748085e-05, -0.0001739690054, 0.006953035285, -0.006033338609, 6.811360276e-05, 0.0008832491065, 0.01433471255, -0.01243890734, 0.0001407255942, 0.001820923872, 0.0197762537, -0.0171609282, 0.0001942911367, 0.002512145017];
    private static readonly double[] TorchPostEncNormWeightGrad = [-0.02049446496, 0.004808733847, -0.0002050720814, -0.005446915078];
    private static readonly double[] TorchPostDecNormBiasGrad = [-0.257029095, -0.2605049388, -0.2287226611, -0.1659838443];
    private static readonly double[] TorchPreOut = [0.3705458048, 0.2657232196, 0.4682215547, 0.2547868354, 0.3182891591, 0.2606540129, 0.4673347168, 0.2320244221, 0.4073752811, 0.2891253523, 0.4695754871, 0.2821503357, 0.4643971567, 0.3039389234, 0.4703653418, 0.3202895465, 0.4201343786, 0.2872430733, 0.4695777284, 0.2874623134, 0.3297143932, 0.2649980906, 0.4677094033, 0.2378950157, 0.3754431597, 0.2777350553, 0.4688291185, 0.2619592222, 0.4577145106, 0.3004453966, 0.4702313924, 0.3144585282];
    private static readonly double[] TorchPreSrcGrad = [0.003892270241, 0.000801893299, -0.003423547741, -0.001270615799, -0.004787227356, 0.0003684581067, 0.004194181657, 0.0002245875931, 0, 0, 0, 0, 0.005926629196, 0.0007446077987, -0.005236912407, -0.001434324587, -0.004316098365, -0.0002261101033, 0.002925025845, 0.001617182624, -0.004814384158, -4.453831276e-05, 0.004237717905, 0.0006212045659];
    private static readonly double[] TorchPreTgtGrad = [-0.02359696454, -0.00239536228, -0.003425814426, 0.02941814125, 0.09292427886, 0.02674565055, -0.06054185211, -0.05912807731, 0.04163965858, 0.001569552753, -0.00396798732, -0.03924122401, -0.06477025052, -0.03952108108, 0.02376035186, 0.08053097974, -0.07806986914, -0.02039283128, 0.0201600696, 0.07830263083, 0.06942270211, 0.02663298318, -0.04999338898, -0.04606229631, 0.08027408201, 0.01893360469, -0.02862194741, -0.07058573929, -0.04600734714, -0.03582736442, 0.0226725929, 0.05916211867];
    private static readonly double[] TorchPreEncInProjGrad = [-2.196927574e-05, 4.007054413e-05, 4.457633499e-05, -7.828060433e-05, -4.053718309e-05, 6.531981634e-05, 7.05911131e-05, -0.0001300284326, 2.378288318e-05, -1.324187724e-06, -3.281944389e-07, 5.572556051e-05, 6.856324212e-05, 1.05011814e-06, 6.758422505e-06, 0.0001473602823, -8.507592266e-05, -5.372095396e-06, -1.844386106e-05, -0.0001550875131, -6.328094005e-05, -3.701026475e-06, -1.452437479e-05, -0.0001103046558, 5.555899221e-05, 2.252914521e-06, 1.54745419e-05, 7.976909993e-05, 6.222108848e-05, 2.270057831e-06, 1.802133684e-05, 8.499884667e-05, 0.0009234821801, 0.001160706399, 0.001393179075, 0.001214646873, 0.0006918430118, 0.0008504567429, 0.001026687974, 0.0009013401397, 0.000433435294, 0.0004284317016, 0.0005381746181, 0.0005726457291, -9.722608126e-06, -5.975454936e-05, -4.99301723e-05, -6.705562605e-05];
    private static readonly double[] TorchPreDecCrossInProjGrad = [-4.379819156e-05, -3.123064334e-05, -1.596993376e-05, 4.749035923e-05, -5.341788669e-06, -3.757112543e-06, -1.618342776e-06, 5.618283962e-06, -1.991409409e-06, -4.327831189e-06, -1.263890517e-05, 8.7596734e-06, -7.782551674e-07, -1.518019743e-06, -4.244887985e-06, 3.036801537e-06, -9.861456726e-06, 4.128081084e-08, 6.619498936e-06, 8.774985012e-07, 0.0001323497274, 4.795266932e-06, -8.684102369e-05, -1.607184584e-05, -2.845270528e-05, 1.378014999e-06, 1.834382065e-05, 2.335993203e-06, -5.76916137e-06, 2.652329138e-07, 3.719837797e-06, 4.812570744e-07, -0.03547504816, -0.02561254772, -0.01667940415, 0.05228536896, -0.03017927534, -0.02236673075, -0.01546182482, 0.04587133862, -0.02085071731, -0.01609359496, -0.01211778352, 0.03325420096, -0.008604842921, -0.007639629854, -0.007196106275, 0.01612510496];
    private static readonly double[] TorchPreEncNormWeightGrad = [0.0008444621654, 0.01347957341, 0.03081949744, -0.0742880675];
    private static readonly double[] TorchPreDecNormBiasGrad = [-0.257029095, -0.2605049388, -0.2287226611, -0.1659838443];
    private static readonly double[] TorchSeqFirstOut = [-1.018138935, 0.2331468402, -0.3044009875, 0.122765315, -1.017308649, 0.2324269396, -0.3095464572, 0.1272217587, -1.018685643, 0.2376457692, -0.2926049007, 0.108038857, -1.020115948, 0.2376060416, -0.2851316795, 0.1029209363];
    private static readonly double[] TorchSeqFirstBoolMaskOut = [-1.018138575, 0.2331480899, -0.3044003262, 0.122763016, -1.017309348, 0.2324243555, -0.3095479053, 0.1272265326, -1.018685399, 0.2376464097, -0.2926047521, 0.1080377814, -1.020116409, 0.2376051531, -0.2851312597, 0.1029220005];
    private static readonly string[] TorchNames1Plus1 =
    [
        "encoder.layers.0.self_attn.in_proj_weight", "encoder.layers.0.self_attn.in_proj_bias", "encoder.layers.0.self_attn.out_proj.weight",
        "encoder.layers.0.self_attn.out_proj.bias", "encoder.layers.0.linear1.weight", "encoder.layers.0.linear1.bias",
        "encoder.layers.0.linear2.weight", "encoder.layers.0.linear2.bias", "encoder.layers.0.norm1.weight", "encoder.layers.0.norm1.bias",
        "encoder.layers.0.norm2.weight", "encoder.layers.0.norm2.bias", "encoder.norm.weight", "encoder.norm.bias",
        "decoder.layers.0.self_attn.in_proj_weight", "decoder.layers.0.self_attn.in_proj_bias", "decoder.layers.0.self_attn.out_proj.weight",
        "decoder.layers.0.self_attn.out_proj.bias", "decoder.layers.0.multihead_attn.in_proj_weight", "decoder.layers.0.multihead_attn.in_proj_bias",
        "decoder.layers.0.multihead_attn.out_proj.weight", "decoder.layers.0.multihead_attn.out_proj.bias", "decoder.layers.0.linear1.weight",
        "decoder.layers.0.linear1.bias", "decoder.layers.0.linear2.weight", "decoder.layers.0.linear2.bias", "decoder.layers.0.norm1.weight",
        "decoder.layers.0.norm1.bias", "decoder.layers.0.norm2.weight", "decoder.layers.0.norm2.bias", "decoder.layers.0.norm3.weight",
        "decoder.layers.0.norm3.bias", "decoder.norm.weight", "decoder.norm.bias",
    ];

    private static readonly int[][] TorchShapes1Plus1 =
    [
        [12, 4], [12], [4, 4], [4], [6, 4], [6], [4, 6], [4], [4], [4], [4], [4], [4], [4], [12, 4], [12], [4, 4], [4], [12, 4], [12],
        [4, 4], [4], [6, 4], [6], [4, 6], [4], [4], [4], [4], [4], [4], [4], [4], [4],
    ];

    private static Transformer Small(bool normFirst, DType dtype = DType.Float64, int layers = 2, bool batchFirst = true, Generator? g = null) =>
        new(4, 2, layers, layers, 6, dropout: 0, activation: normFirst ? TransformerActivation.Gelu : TransformerActivation.Relu,
            batchFirst: batchFirst, normFirst: normFirst, dtype: dtype, generator: g);

    private static Tensor SrcPadding() => Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]);

    private static Tensor MemoryMask() => Tensor.FromArray(new[]
    {
        false, true, false, false, false, false, true, false, false, false, false, true,
    }, [4, 3]);

    [Fact]
    public void Defaults_AreTorchs_ParameterCountAndStateDictSize()
    {
        // the constructor's defaults are nn.Transformer's (read by reflection: building 44M parameters takes seconds here)
        var defaults = typeof(Transformer).GetConstructors().Single().GetParameters().ToDictionary(p => p.Name!, p => p.DefaultValue);
        Assert.Equal(512, defaults["dModel"]);
        Assert.Equal(8, defaults["nhead"]);
        Assert.Equal(6, defaults["numEncoderLayers"]);
        Assert.Equal(6, defaults["numDecoderLayers"]);
        Assert.Equal(2048, defaults["dimFeedforward"]);
        Assert.Equal(0.1, defaults["dropout"]);
        Assert.Equal(TransformerActivation.Relu, defaults["activation"]);
        Assert.Equal(1e-5, defaults["layerNormEps"]);
        Assert.Equal(false, defaults["batchFirst"]);
        Assert.Equal(false, defaults["normFirst"]);
        Assert.Equal(true, defaults["bias"]);
        // 6 + 6 layers at d_ff = 4d: 6·(12d² + 13d) + 2d + 6·(16d² + 19d) + 2d parameters, 184 state-dict entries
        static long Count(long d) => 6 * (12 * d * d + 13 * d) + 2 * d + 6 * (16 * d * d + 19 * d) + 2 * d;
        Assert.Equal(44140544, Count(512));   // torch: 44140544 for nn.Transformer()
        var model = new Transformer(dModel: 32, dimFeedforward: 128, generator: new Generator(1));
        Assert.Equal(Count(32), model.ParameterCount());
        Assert.Equal(184, model.StateDict().Count);     // torch: 184
        Assert.Equal(6, model.Encoder.NumLayers);
        Assert.Equal(6, model.Decoder.NumLayers);
        Assert.False(model.BatchFirst);
        var layer = model.Decoder.Layers[5];
        Assert.Equal(0.1, layer.DropoutP);
        Assert.Equal(TransformerActivation.Relu, layer.Activation);
        Assert.False(layer.NormFirst);
        Assert.NotNull(model.Encoder.Norm);
        Assert.NotNull(model.Decoder.Norm);
    }

    [Fact]
    public void StateDictNamesAndShapes_AreTorchs()
    {
        var sd = Small(false, layers: 1).StateDict();
        Assert.Equal(TorchNames1Plus1, sd.Keys.ToArray());
        Assert.Equal(TorchShapes1Plus1.Select(s => string.Join(",", s)), sd.Values.Select(t => string.Join(",", t.Shape.ToArray())));
    }

    [Fact]
    public void Initialisation_IsXavierUniformPerMatrix_LikeResetParameters()
    {
        var model = new Transformer(16, 4, 2, 2, 32, generator: new Generator(3));
        foreach (var (name, p) in model.NamedParameters())
        {
            double[] v = p.To(DType.Float64).ToArray<double>();
            if (p.Rank > 1)
            {
                double bound = Math.Sqrt(6.0 / (p.Shape[0] + p.Shape[1]));
                Assert.True(v.All(x => Math.Abs(x) <= bound), name);
                Assert.True(v.Max() > 0.5 * bound && v.Min() < -0.5 * bound, name);
            }
            else if (name.Contains("norm", StringComparison.Ordinal) && name.EndsWith("weight", StringComparison.Ordinal))
                Assert.All(v, x => Assert.Equal(1.0, x));
            else if (name.EndsWith("in_proj_bias", StringComparison.Ordinal) || name.EndsWith("out_proj.bias", StringComparison.Ordinal))
                Assert.All(v, x => Assert.Equal(0.0, x)); // linear1/linear2 biases keep nn.Linear's uniform init
        }
        // re-drawn after the stacks copied their prototype: the layers no longer share initial weights
        Assert.NotEqual(model.Encoder.Layers[0].Linear1.Weight.ToArray<float>(), model.Encoder.Layers[1].Linear1.Weight.ToArray<float>());
        var again = new Transformer(16, 4, 2, 2, 32, generator: new Generator(3));
        Assert.Equal(model.Decoder.Layers[1].MultiheadAttn.InProjWeight!.ToArray<float>(), again.Decoder.Layers[1].MultiheadAttn.InProjWeight!.ToArray<float>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputsAndGradients_MatchPyTorch(bool normFirst)
    {
        var model = Small(normFirst);
        ReferenceFill.Parameters(model);
        model.Eval();
        var src = ReferenceFill.Tensor([2, 3, 4], 120, requiresGrad: true);
        var tgt = ReferenceFill.Tensor([2, 4, 4], 121, requiresGrad: true);
        var y = model.Call(src, tgt, tgtMask: Transformer.GenerateSquareSubsequentMask(4, DType.Float64), memoryMask: MemoryMask(),
            srcKeyPaddingMask: SrcPadding(), memoryKeyPaddingMask: SrcPadding());
        Assert.Equal([2, 4, 4], y.Shape.ToArray());
        AssertClose(normFirst ? TorchPreOut : TorchPostOut, ToDoubles(y), 1e-9, 1e-9);
        (y * ReferenceFill.Tensor([2, 4, 4], 122)).Sum().Backward();
        AssertClose(normFirst ? TorchPreSrcGrad : TorchPostSrcGrad, ToDoubles(src.Grad!), 1e-9, 1e-9);
        AssertClose(normFirst ? TorchPreTgtGrad : TorchPostTgtGrad, ToDoubles(tgt.Grad!), 1e-9, 1e-9);
        AssertClose(normFirst ? TorchPreEncInProjGrad : TorchPostEncInProjGrad, ToDoubles(model.Encoder.Layers[0].SelfAttn.InProjWeight!.Grad!), 1e-9, 1e-9);
        AssertClose(normFirst ? TorchPreDecCrossInProjGrad : TorchPostDecCrossInProjGrad,
            ToDoubles(model.Decoder.Layers[1].MultiheadAttn.InProjWeight!.Grad!), 1e-9, 1e-9);
        AssertClose(normFirst ? TorchPreEncNormWeightGrad : TorchPostEncNormWeightGrad, ToDoubles(model.Encoder.Norm!.Weight!.Grad!), 1e-9, 1e-9);
        AssertClose(normFirst ? TorchPreDecNormBiasGrad : TorchPostDecNormBiasGrad, ToDoubles(model.Decoder.Norm!.Bias!.Grad!), 1e-9, 1e-9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float32_MatchesPyTorch(bool normFirst)
    {
        var model = Small(normFirst, DType.Float32);
        ReferenceFill.Parameters(model);
        model.Eval();
        var src = ReferenceFill.Tensor([2, 3, 4], 120, DType.Float32, requiresGrad: true);
        var tgt = ReferenceFill.Tensor([2, 4, 4], 121, DType.Float32);
        var y = model.Call(src, tgt, tgtMask: Transformer.GenerateSquareSubsequentMask(4), memoryMask: MemoryMask(),
            srcKeyPaddingMask: SrcPadding(), memoryKeyPaddingMask: SrcPadding());
        AssertClose(normFirst ? TorchPreOut : TorchPostOut, ToDoubles(y), 2e-5, 2e-5);
        (y * ReferenceFill.Tensor([2, 4, 4], 122, DType.Float32)).Sum().Backward();
        AssertClose(normFirst ? TorchPreSrcGrad : TorchPostSrcGrad, ToDoubles(src.Grad!), 2e-5, 2e-5);
    }

    [Fact]
    public void SequenceFirst_NoMasks_AndBoolSrcMask_MatchPyTorch()
    {
        var model = Small(false, layers: 1, batchFirst: false);
        ReferenceFill.Parameters(model);
        model.Eval();
        var src = ReferenceFill.Tensor([3, 2, 4], 123);
        var tgt = ReferenceFill.Tensor([2, 2, 4], 124);
        AssertClose(TorchSeqFirstOut, ToDoubles(model.Call(src, tgt)), 1e-9, 1e-9);
        var boolMask = Tensor.FromArray(new[] { false, true, false, false, false, true, false, false, false }, [3, 3]);
        var y = model.Call(src, tgt, srcMask: boolMask);
        AssertClose(TorchSeqFirstBoolMaskOut, ToDoubles(y), 1e-9, 1e-9);
        // the same mask as an additive float mask (−∞ where true) gives the same result
        var floatMask = Tensor.FromArray(new[] { 0, double.NegativeInfinity, 0, 0, 0, double.NegativeInfinity, 0, 0, 0 }, [3, 3]);
        AssertClose(ToDoubles(y), ToDoubles(model.Call(src, tgt, srcMask: floatMask)), 1e-12, 1e-12);
        // unbatched [S, d], [T, d] gives batch element 0
        var y0 = model.Call(src.Select(1, 0), tgt.Select(1, 0), srcMask: boolMask);
        AssertClose(ToDoubles(y.Select(1, 0)), ToDoubles(y0), 1e-12, 1e-12);
    }

    [Fact]
    public void Masks_AreOptionalAndNamed_BoolAndFloatAgree_CausalFlagsEqualMasks()
    {
        var g = new Generator(31);
        var model = Small(false, layers: 1, g: g);
        model.Eval();
        var src = Tensor.Randn([2, 3, 4], DType.Float64, g);
        var tgt = Tensor.Randn([2, 4, 4], DType.Float64, g);
        // every mask is optional and can be given by name alone
        var layer = model.Encoder.Layers[0];
        AssertClose(ToDoubles(layer.Call(src, null, SrcPadding())), ToDoubles(layer.Call(src, srcKeyPaddingMask: SrcPadding())), 0, 0);
        AssertClose(ToDoubles(model.Encoder.Call(src, null, SrcPadding())), ToDoubles(model.Encoder.Call(src, srcKeyPaddingMask: SrcPadding())), 0, 0);
        // bool key padding equals the float one with −∞ at the padded key
        var floatPadding = Tensor.FromArray(new[] { 0, 0, double.NegativeInfinity, 0, 0, 0 }, [2, 3]);
        AssertClose(ToDoubles(model.Call(src, tgt, srcKeyPaddingMask: SrcPadding(), memoryKeyPaddingMask: SrcPadding())),
            ToDoubles(model.Call(src, tgt, srcKeyPaddingMask: floatPadding, memoryKeyPaddingMask: floatPadding)), 1e-12, 1e-12);
        // the causal flags equal the square subsequent masks
        AssertClose(ToDoubles(model.Call(src, tgt, tgtMask: Transformer.GenerateSquareSubsequentMask(4, DType.Float64))),
            ToDoubles(model.Call(src, tgt, tgtIsCausal: true)), 1e-12, 1e-12);
        AssertClose(ToDoubles(model.Call(src, tgt, srcMask: Transformer.GenerateSquareSubsequentMask(3, DType.Float64))),
            ToDoubles(model.Call(src, tgt, srcIsCausal: true)), 1e-12, 1e-12);
        var causalMemory = Tensor.FromArray(new[] { false, true, true, false, false, true, false, false, false, false, false, false }, [4, 3]);
        AssertClose(ToDoubles(model.Call(src, tgt, memoryMask: causalMemory)), ToDoubles(model.Call(src, tgt, memoryIsCausal: true)), 1e-12, 1e-12);
        // and a mask changes the result
        Assert.NotEqual(ToDoubles(model.Call(src, tgt)), ToDoubles(model.Call(src, tgt, tgtIsCausal: true)));
    }

    [Fact]
    public void GradCheck_WholeModel_WithMasks()
    {
        var g = new Generator(32);
        var model = Small(true, layers: 1, g: g);
        var src = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var tgt = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => model.Call(src, tgt, srcKeyPaddingMask: SrcPadding(), memoryKeyPaddingMask: SrcPadding(), tgtIsCausal: true),
            [src, tgt, .. model.Parameters()]);
    }

    [Fact]
    public void GenerateSquareSubsequentMask_IsTorchs()
    {
        var m = Transformer.GenerateSquareSubsequentMask(3);
        Assert.Equal(DType.Float32, m.DType);
        float ninf = float.NegativeInfinity;
        Assert.Equal([0, ninf, ninf, 0, 0, ninf, 0, 0, 0], m.ToArray<float>());
        Assert.Equal(DType.Float64, Transformer.GenerateSquareSubsequentMask(2, DType.Float64).DType);
        Assert.Equal([0, 0], Transformer.GenerateSquareSubsequentMask(0).Shape.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Transformer.GenerateSquareSubsequentMask(-1));
    }

    [Fact]
    public void MultiHeadAttention_ReturnsWeightsWhenAsked_InEvalAndTraining()
    {
        var mha = new MultiHeadAttention(4, 2, dropout: 0.5, batchFirst: true, generator: new Generator(33));
        var x = Tensor.Randn([2, 3, 4], generator: new Generator(34));
        foreach (bool training in new[] { false, true })
        {
            mha.Train(training);
            var (_, w) = mha.Call(x, x, x);
            Assert.NotNull(w);
            Assert.Equal([2, 3, 3], w!.Shape.ToArray());
            var (_, wh) = mha.Call(x, x, x, needWeights: true, averageAttnWeights: false);
            Assert.Equal([2, 2, 3, 3], wh!.Shape.ToArray());
            Assert.Null(mha.Call(x, x, x, needWeights: false).Weights);
            var (_, wd) = mha.Forward((x, x, x));
            Assert.NotNull(wd);
        }
        mha.Eval();
        var (_, we) = mha.Call(x, x, x);
        foreach (float rowSum in we!.Sum(-1).ToArray<float>()) Assert.Equal(1f, rowSum, 5);
    }

    [Fact]
    public void Summary_CountsEveryChildsFlops()
    {
        // src [2, 3, 4] and tgt = src through d 4, 2 heads, ff 6, 1 + 1 layers: each attention 576 (projections) + 288
        // (scores and weighted sum), out_proj 216, linear1 324, linear2 312, each layer norm 7·24 = 168:
        // encoder 864 + 216 + 324 + 312 + 2·168 + final norm 168 = 2220; decoder 2·(864 + 216) + 636 + 3·168 + 168 = 3468.
        var model = new TransformerAsOneInput(Small(false, layers: 1));
        var summary = model.Summary(Tensor.Zeros([2, 3, 4], DType.Float64));
        Assert.Equal(2220 + 3468, summary.Flops);
        Assert.Equal(3, summary.Layers.Count(l => l.Type == nameof(MultiHeadAttention)));
    }

    [Fact]
    public void BadInputs_ThrowNamingTheShapes()
    {
        var model = Small(false, layers: 1);
        var ex = Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros([2, 3, 4], DType.Float64), Tensor.Zeros([3, 3, 4], DType.Float64)));
        Assert.Contains("batch number of src and tgt must be equal", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros([2, 3, 5], DType.Float64), Tensor.Zeros([2, 3, 4], DType.Float64)));
        Assert.Contains("feature number of src and tgt must be equal to d_model (4)", ex.Message);
        Assert.Equal("src", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros([2, 3, 4], DType.Float64), Tensor.Zeros([3, 4], DType.Float64)));
        Assert.Contains("both 3-D", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros([2, 3, 4], DType.Float64), Tensor.Zeros([2, 4, 4], DType.Float64),
            tgtMask: Tensor.Zeros([3, 3], DType.Float64)));
        Assert.Contains("[3, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.Call(Tensor.Zeros([2, 3, 4], DType.Float64), Tensor.Zeros([2, 4, 4], DType.Float64),
            srcKeyPaddingMask: Tensor.Zeros([2, 4], DType.Bool)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => new Transformer(10, 4, 1, 1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Transformer(8, 2, 0, 1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Transformer(8, 2, 1, 0, 8));
    }

    [Fact]
    public void CustomEncoderAndDecoder_AreUsedAsGiven()
    {
        var encoder = new TransformerEncoder(new TransformerEncoderLayer(4, 2, 6, dropout: 0, batchFirst: true), 1);
        var model = new Transformer(4, 2, dimFeedforward: 6, dropout: 0, batchFirst: true, customEncoder: encoder);
        Assert.Same(encoder, model.Encoder);
        Assert.Null(model.Encoder.Norm);
        Assert.Equal(6, model.Decoder.NumLayers);
        Assert.DoesNotContain("encoder.norm.weight", model.StateDict().Keys);
    }

    /// <summary>Feeds one tensor as both src and tgt, so <c>Summary</c> (which takes Module&lt;Tensor, Tensor&gt;) can run the model.</summary>
    private sealed class TransformerAsOneInput : Module<Tensor, Tensor>
    {
        private readonly Transformer _model;

        public TransformerAsOneInput(Transformer model) => _model = RegisterModule("model", model);

        public override Tensor Forward(Tensor input) => _model.Call(input, input);
    }
}
