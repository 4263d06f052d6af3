using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Activations;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Layers;

/// <summary>
/// EmbeddingBag (<c>nn.EmbeddingBag</c>, <c>F.embedding_bag</c>): outputs and the gradients of the weight and of
/// per-sample weights against PyTorch 1.13 (reference/structure_reference.py) in Sum, Mean and Max modes with offsets
/// holding an empty bag and repeated indices, padding, include_last_offset and a 2-D input; float64 GradCheck; the
/// layer's initialisation, FromPretrained, state_dict and errors.
/// </summary>
public class EmbeddingBagTests
{
    // ---- values printed by reference/structure_reference.py ----
    private static readonly int[] BagIndices = [1, 3, 3, 6, 0, 2, 5, 5, 4];
    private static readonly int[] BagOffsets = [0, 3, 3, 5];
    private static readonly double[] BagPsw = [0.5, -1.0, 2.0, 0.25, 1.5, -0.75, 1.0, 0.3, -2.0];
    // Sum: {'mode': 'sum'}, offsets [0, 3, 3, 5]
    private static readonly double[] BagSumY = [2.0887796147772915, 1.8599168164083166, 0.5817286393994062, 0.0, 0.0, 0.0, 1.1956934395520613, 1.5943252883590824, 1.0934728311349975, -2.4667669225900433, -1.4386808323583853, 0.40107828316036664];
    private static readonly double[] BagSumGradW = [-0.3130543591029702, -0.8006667821758171, -0.999475522827284, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, -0.8377694801650978, -0.37387666483023685, 0.2248749456715337, -0.39733866159012243, 0.7972186559688458, 1.704216043898726, -0.8377694801650978, -0.37387666483023685, 0.2248749456715337, -1.6755389603301956, -0.7477533296604737, 0.4497498913430674, -0.3130543591029702, -0.8006667821758171, -0.999475522827284];
    // Mean: {'mode': 'mean'}, offsets [0, 3, 3, 5]
    private static readonly double[] BagMeanY = [0.6962598715924305, 0.6199722721361055, 0.19390954646646874, 0.0, 0.0, 0.0, 0.5978467197760307, 0.7971626441795412, 0.5467364155674987, -0.6166917306475108, -0.3596702080895963, 0.10026957079009166];
    private static readonly double[] BagMeanGradW = [-0.1565271795514851, -0.40033339108790855, -0.499737761413642, -0.0662231102650204, 0.13286977599480762, 0.2840360073164543, -0.20944237004127444, -0.09346916620755921, 0.05621873641788343, -0.1324462205300408, 0.26573955198961524, 0.5680720146329086, -0.20944237004127444, -0.09346916620755921, 0.05621873641788343, -0.4188847400825489, -0.18693833241511842, 0.11243747283576686, -0.1565271795514851, -0.40033339108790855, -0.499737761413642];
    // Max: {'mode': 'max'}, offsets [0, 3, 3, 5]
    private static readonly double[] BagMaxY = [0.7491743483316894, 0.998941341839772, 0.6851269469128006, 0.0, 0.0, 0.0, 0.9970241087570001, 0.8248857133384501, 0.9857191788355535, -0.015221451386431743, -0.04635399820139722, 0.6621089160513509];
    private static readonly double[] BagMaxGradW = [0.0, -0.8006667821758171, -0.999475522827284, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, -0.8377694801650978, 0.0, 0.0, 0.0, -0.37387666483023685, 0.2248749456715337, -0.3130543591029702, 0.0, 0.0];
    // SumPsw: {'mode': 'sum'}, offsets [0, 3, 3, 5]
    private static readonly double[] BagSumPswY = [1.0443898073886457, 0.9299584082041583, 0.29086431969970317, 0.0, 0.0, 0.0, 0.5472600233818419, 1.429688463762833, 1.5055171813281913, -0.17115992614050404, 1.8329472188390865, 2.8029446566170755];
    private static readonly double[] BagSumPswGradW = [-0.4695815386544553, -1.2010001732637257, -1.499213284240926, -0.09933466539753061, 0.19930466399221144, 0.4260540109746815, 0.6283271101238234, 0.28040749862267766, -0.16865620925365027, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, 1.6755389603301956, 0.7477533296604737, -0.4497498913430674, -1.089100324214627, -0.4860396642793079, 0.29233742937299384, -0.07826358977574255, -0.20016669554395428, -0.249868880706821];
    private static readonly double[] BagSumPswGradPsw = [-0.8442036918263998, 0.8331515380527992, 0.8331515380527992, -1.035884589956167, -1.7078550814145101, 1.0890838126388678, 0.7766756627880126, 0.7766756627880126, 0.05222855270488716];
    // MeanPad: {'mode': 'mean', 'padding_idx': 5}, offsets [0, 3, 3, 5]
    private static readonly double[] BagMeanPadY = [0.6962598715924305, 0.6199722721361055, 0.19390954646646874, 0.0, 0.0, 0.0, 0.5978467197760307, 0.7971626441795412, 0.5467364155674987, -0.5047184854678516, -0.6729864179777955, -0.46156977447116765];
    private static readonly double[] BagMeanPadGradW = [-0.1565271795514851, -0.40033339108790855, -0.499737761413642, -0.0662231102650204, 0.13286977599480762, 0.2840360073164543, -0.4188847400825489, -0.18693833241511842, 0.11243747283576686, -0.1324462205300408, 0.26573955198961524, 0.5680720146329086, -0.4188847400825489, -0.18693833241511842, 0.11243747283576686, 0.0, 0.0, 0.0, -0.1565271795514851, -0.40033339108790855, -0.499737761413642];
    // MaxPad: {'mode': 'max', 'padding_idx': 3}, offsets [0, 3, 3, 5]
    private static readonly double[] BagMaxPadY = [0.5904309181139127, -0.13796586727122728, -0.788525254426195, 0.0, 0.0, 0.0, 0.9970241087570001, 0.8248857133384501, 0.9857191788355535, -0.015221451386431743, -0.04635399820139722, 0.6621089160513509];
    private static readonly double[] BagMaxPadGradW = [0.0, -0.8006667821758171, -0.999475522827284, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.8377694801650978, 0.0, 0.0, 0.0, -0.37387666483023685, 0.2248749456715337, -0.3130543591029702, 0.0, 0.0];
    // SumPswPad: {'mode': 'sum', 'padding_idx': -2}, offsets [0, 3, 3, 5]
    private static readonly double[] BagSumPswPadY = [1.0443898073886457, 0.9299584082041583, 0.29086431969970317, 0.0, 0.0, 0.0, 0.5472600233818419, 1.429688463762833, 1.5055171813281913, 0.776104542434817, 1.893207416500903, 1.942203065750319];
    private static readonly double[] BagSumPswPadGradW = [-0.4695815386544553, -1.2010001732637257, -1.499213284240926, -0.09933466539753061, 0.19930466399221144, 0.4260540109746815, 0.6283271101238234, 0.28040749862267766, -0.16865620925365027, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, 1.6755389603301956, 0.7477533296604737, -0.4497498913430674, 0.0, 0.0, 0.0, -0.07826358977574255, -0.20016669554395428, -0.249868880706821];
    private static readonly double[] BagSumPswPadGradPsw = [-0.8442036918263998, 0.8331515380527992, 0.8331515380527992, -1.035884589956167, -1.7078550814145101, 1.0890838126388678, 0.0, 0.0, 0.05222855270488716];
    private static readonly double[] Bag2DMeanY = [0.6962598715924305, 0.6199722721361055, 0.19390954646646874, 0.06715930666759666, 0.3184448946769531, 0.3900706684758388, -0.49085046768025725, -0.26656340934338746, 0.10811303628928255];
    private static readonly double[] Bag2DMeanGradW = [0.33274932479254415, 0.2614386416948067, 0.0958260041141816, -0.0662231102650204, 0.13286977599480762, 0.2840360073164543, 0.33274932479254415, 0.2614386416948067, 0.0958260041141816, -0.1324462205300408, 0.26573955198961524, 0.5680720146329086, -0.10435145303432339, -0.26688892739193903, -0.33315850760909466, -0.20870290606864678, -0.5337778547838781, -0.6663170152181893, 0.33274932479254415, 0.2614386416948067, 0.0958260041141816];
    // SumLast: include_last_offset, offsets [0, 2, 6, 9]
    private static readonly double[] BagSumLastY = [1.3396052664456022, 0.8609754745685447, -0.1033983075133944, 0.9506522683344792, 1.9542760258706315, 1.8553389523403172, -1.4725514030407718, -0.7996902280301623, 0.32433910886784767];
    private static readonly double[] BagSumLastGradW = [0.9982479743776325, 0.7843159250844202, 0.28747801234254483, -0.19866933079506122, 0.3986093279844229, 0.852108021949363, 0.9982479743776325, 0.7843159250844202, 0.28747801234254483, 0.7995786435825712, 1.182925253068843, 1.1395860342919077, -0.3130543591029702, -0.8006667821758171, -0.999475522827284, -0.6261087182059404, -1.6013335643516342, -1.998951045654568, 0.9982479743776325, 0.7843159250844202, 0.28747801234254483];
    // ---- end of printed values ----

    private static Tensor Table(bool requiresGrad = true) => BilinearTests.Det([7, 3], 0.77, 0.2, requiresGrad);

    [Theory]
    [InlineData("Sum", EmbeddingBagMode.Sum, null, false)]
    [InlineData("Mean", EmbeddingBagMode.Mean, null, false)]
    [InlineData("Max", EmbeddingBagMode.Max, null, false)]
    [InlineData("SumPsw", EmbeddingBagMode.Sum, null, true)]
    [InlineData("MeanPad", EmbeddingBagMode.Mean, 5, false)]
    [InlineData("MaxPad", EmbeddingBagMode.Max, 3, false)]
    [InlineData("SumPswPad", EmbeddingBagMode.Sum, -2, true)]
    public void Output_and_gradients_match_torch(string tag, EmbeddingBagMode mode, int? paddingIdx, bool psw)
    {
        var w = Table();
        var p = psw ? Tensor.FromArray(BagPsw, requiresGrad: true) : null;
        var y = Functional.EmbeddingBag(Tensor.FromArray(BagIndices), w, Tensor.FromArray(BagOffsets), mode, p, paddingIdx);
        Assert.Equal(new Shape([4, 3]), y.Shape);
        (y * BilinearTests.Det([4, 3], 0.61, -0.2)).Sum().Backward();
        var (ey, egw) = tag switch
        {
            "Sum" => (BagSumY, BagSumGradW),
            "Mean" => (BagMeanY, BagMeanGradW),
            "Max" => (BagMaxY, BagMaxGradW),
            "SumPsw" => (BagSumPswY, BagSumPswGradW),
            "MeanPad" => (BagMeanPadY, BagMeanPadGradW),
            "MaxPad" => (BagMaxPadY, BagMaxPadGradW),
            _ => (BagSumPswPadY, BagSumPswPadGradW),
        };
        ActivationAssert.Close(ey, y, 1e-13, 1e-15);
        ActivationAssert.Close(egw, w.Grad!, 1e-13, 1e-15);
        if (psw) ActivationAssert.Close(tag == "SumPsw" ? BagSumPswGradPsw : BagSumPswPadGradPsw, p!.Grad!, 1e-13, 1e-15);
    }

    [Fact]
    public void Include_last_offset_and_2D_input_match_torch()
    {
        var w = Table();
        var y = Functional.EmbeddingBag(Tensor.FromArray(BagIndices), w, Tensor.FromArray(new[] { 0, 2, 6, 9 }), EmbeddingBagMode.Sum,
            includeLastOffset: true);
        (y * BilinearTests.Det([3, 3], 0.61, -0.2)).Sum().Backward();
        ActivationAssert.Close(BagSumLastY, y, 1e-13, 1e-15);
        ActivationAssert.Close(BagSumLastGradW, w.Grad!, 1e-13, 1e-15);

        var w2 = Table();
        var layer2D = Functional.EmbeddingBag(Tensor.FromArray(BagIndices, [3, 3]), w2);   // Mean by default, as PyTorch
        (layer2D * BilinearTests.Det([3, 3], 0.61, -0.2)).Sum().Backward();
        ActivationAssert.Close(Bag2DMeanY, layer2D, 1e-13, 1e-15);
        ActivationAssert.Close(Bag2DMeanGradW, w2.Grad!, 1e-13, 1e-15);
    }

    [Theory]
    [InlineData(EmbeddingBagMode.Sum, false)]
    [InlineData(EmbeddingBagMode.Sum, true)]
    [InlineData(EmbeddingBagMode.Mean, false)]
    [InlineData(EmbeddingBagMode.Max, false)]
    public void GradCheck_weight_and_per_sample_weights(EmbeddingBagMode mode, bool psw)
    {
        // distinct table values, so no max tie sits within the finite-difference step
        var w = Input([7, 3], 0xEB0, DeepNotes.Tests.Ops.Values.Distinct);
        var idx = Tensor.FromArray(BagIndices);
        var offsets = Tensor.FromArray(BagOffsets);
        if (psw) Check(t => Functional.EmbeddingBag(idx, t[0], offsets, mode, t[1], paddingIdx: 5), w, Tensor.FromArray(BagPsw, requiresGrad: true));
        else Check(t => Functional.EmbeddingBag(idx, t[0], offsets, mode, paddingIdx: 3), w);
        // a transposed (non-contiguous) table
        var wt = Input([3, 7], 0xEB1, DeepNotes.Tests.Ops.Values.Distinct);
        Check(t => Functional.EmbeddingBag(idx, t[0].Transpose(0, 1), offsets, mode), wt);
    }

    [Fact]
    public void Layer_initialises_like_torch_and_runs_both_input_forms()
    {
        var layer = new EmbeddingBag(50, 4, EmbeddingBagMode.Sum, paddingIdx: -1, generator: new Generator(1));
        Assert.Equal(["weight"], layer.StateDict().Keys);
        Assert.Equal(49, layer.PaddingIdx);
        Assert.All(layer.Weight.Select(0, 49).ToArray<float>(), v => Assert.Equal(0f, v));
        var w = layer.Weight.ToArray<float>();
        double mean = w.Average(), sd = Math.Sqrt(w.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(sd, 0.85, 1.15); // N(0, 1)

        var bags2D = layer.Call(Tensor.FromArray(new[] { 1, 2, 3, 4 }, [2, 2]));
        var bags1D = layer.Forward(Tensor.FromArray(new[] { 1, 2, 3, 4 }), Tensor.FromArray(new[] { 0, 2 }));
        Assert.Equal(bags2D.ToArray<float>(), bags1D.ToArray<float>());
        Assert.Equal((layer.Weight.Select(0, 1) + layer.Weight.Select(0, 2)).ToArray<float>(), bags2D.Select(0, 0).ToArray<float>());
        Assert.Equal(2L * 2 * 4, layer.EstimateForwardFlops(Tensor.Zeros([2, 2]), bags2D));
        Assert.Equal("EmbeddingBag(50, 4, mode: Sum, padding_idx: 49)", layer.Describe());

        var pretrained = EmbeddingBag.FromPretrained(BilinearTests.Det([7, 3], 0.77, 0.2), mode: EmbeddingBagMode.Max);
        Assert.False(pretrained.Weight.RequiresGrad);
        Assert.DoesNotContain(pretrained.Parameters(), p => p.RequiresGrad);
        ActivationAssert.Close(BagMaxY, pretrained.Forward(Tensor.FromArray(BagIndices), Tensor.FromArray(BagOffsets)), 1e-15);
        Assert.True(EmbeddingBag.FromPretrained(Tensor.Ones([3, 2]), freeze: false).Weight.RequiresGrad);
    }

    [Fact]
    public void Embedding_FromPretrained_copies_freezes_and_keeps_padding()
    {
        var table = BilinearTests.Det([5, 2], 0.3, 0.1);
        var emb = Embedding.FromPretrained(table, freeze: true, paddingIdx: 1);
        Assert.False(emb.Weight.RequiresGrad);
        Assert.Equal(1, emb.PaddingIdx);
        Assert.Equal(table.ToArray<double>(), emb.Weight.ToArray<double>());
        Assert.NotSame(table, emb.Weight);
        Assert.Equal(table.Select(0, 3).ToArray<double>(), emb.Call(Tensor.FromArray(new[] { 3 })).Select(0, 0).ToArray<double>());
        var trainable = Embedding.FromPretrained(table, freeze: false, paddingIdx: 1);
        trainable.Call(Tensor.FromArray(new[] { 1, 2, 1 })).Sum().Backward();
        Assert.All(trainable.Weight.Grad!.Select(0, 1).ToArray<double>(), v => Assert.Equal(0.0, v));
        Assert.All(trainable.Weight.Grad!.Select(0, 2).ToArray<double>(), v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void Bad_input_throws_clear_messages()
    {
        var w = Table(false);
        var idx = Tensor.FromArray(BagIndices);
        Assert.Contains("offsets[0] must be 0", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Tensor.FromArray(new[] { 1, 3 }))).Message);
        Assert.Contains("offsets must be non-decreasing, got offsets[1] = 4 > offsets[2] = 2", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(idx, w, Tensor.FromArray(new[] { 0, 4, 2 }))).Message);
        Assert.Contains("offsets[-1] (12) must not exceed the input length 9", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(idx, w, Tensor.FromArray(new[] { 0, 12 }))).Message);
        Assert.Contains("with includeLastOffset the last offset must equal the input length 9 (the CSR layout), got 8",
            Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w, Tensor.FromArray(new[] { 0, 2, 8 }), includeLastOffset: true)).Message);
        Assert.Contains("a 1-D input needs Int32 offsets [B], got null", Assert.Throws<ArgumentException>(() => Functional.EmbeddingBag(idx, w)).Message);
        Assert.Contains("offsets must be null for a 2-D input", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(idx.Reshape(3, 3), w, Tensor.FromArray(new[] { 0 }))).Message);
        Assert.Contains("index 9 at position 1 is outside [0, 7)", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Functional.EmbeddingBag(Tensor.FromArray(new[] { 1, 9 }), w, Tensor.FromArray(new[] { 0 }))).Message);
        Assert.Contains("perSampleWeights are only supported in Sum mode (as PyTorch), got mode Mean", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(idx, w, Tensor.FromArray(BagOffsets), EmbeddingBagMode.Mean, Tensor.FromArray(BagPsw))).Message);
        Assert.Contains("perSampleWeights must have the input's shape [9]", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(idx, w, Tensor.FromArray(BagOffsets), EmbeddingBagMode.Sum, Tensor.Ones([9]))).Message);
        Assert.Contains("EmbeddingBag expects Int32 indices [B, L] or [L], got Float32 [2]", Assert.Throws<ArgumentException>(() =>
            Functional.EmbeddingBag(Tensor.Ones([2]), w, Tensor.FromArray(new[] { 0 }))).Message);
        Assert.Contains("paddingIdx must be within num_embeddings (7)", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Functional.EmbeddingBag(idx, w, Tensor.FromArray(BagOffsets), paddingIdx: 7)).Message);
        Assert.Contains("a 1-D input [9] needs offsets", Assert.Throws<ArgumentException>(() => new EmbeddingBag(7, 3).Call(idx)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingBag(7, 3, (EmbeddingBagMode)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingBag(7, 3, paddingIdx: 8));
    }
}
