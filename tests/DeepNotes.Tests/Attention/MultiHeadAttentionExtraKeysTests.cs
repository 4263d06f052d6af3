using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Serialization;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

/// <summary>MultiHeadAttention's <c>addBiasKV</c> and <c>addZeroAttn</c> (PyTorch's <c>add_bias_kv</c>, <c>add_zero_attn</c>).</summary>
public class MultiHeadAttentionExtraKeysTests
{
    // Values printed by reference/attention_reference.py (torch 1.13), section 6a: add_bias_kv, E = 4, 2 heads, batch
    // first, self-attention on x = fill([2, 3, 4], 100), key padding mask [[F, F, T], [F, F, F]], bool causal attn_mask.
    private static readonly double[] TorchBiasKvOut =
    [
        0.4630422422, -0.2798281483, -0.6918597949, 0.2858077603, 0.5366718266, -0.2697009267, -0.7636528761, 0.2626613482,
        0.4562069756, -0.2797853714, -0.6850167711, 0.2870059196, 0.2768361962, -0.482120985, -0.5423381892, 0.5152153308,
        0.3438372339, -0.3563195793, -0.5865259912, 0.3814007655, 0.4553941941, -0.2794272875, -0.6841390535, 0.2868070039,
    ];

    private static readonly double[] TorchBiasKvWeightsPerHead =
    [
        0.4896751312, 0, 0, 0.5103248688, 0.330667519, 0.3372066312, 0, 0.3321258498, 0.2413496786, 0.2565415493, 0,
        0.5021087721, 0.5687348203, 0, 0, 0.4312651797, 0.3736529502, 0.3524485806, 0, 0.2738984693, 0.3335870279,
        0.3295814082, 0, 0.3368315639, 0.6113780985, 0, 0, 0.3886219015, 0.3765377241, 0.2892088771, 0, 0.3342533989,
        0.2278275896, 0.2578344053, 0.2720774836, 0.2422605216, 0.5496019999, 0, 0, 0.4503980001, 0.2231571953,
        0.4054270421, 0, 0.3714157626, 0.105736305, 0.2800899633, 0.3728241963, 0.2413495354,
    ];

    private static readonly double[] TorchBiasKvWeightsAveraged =
    [
        0.5292049758, 0, 0, 0.4707950242, 0.3521602346, 0.3448276059, 0, 0.3030121595, 0.2874683532, 0.2930614788, 0,
        0.419470168, 0.5804900492, 0, 0, 0.4195099508, 0.2998474597, 0.3473179596, 0, 0.3528345807, 0.1667819473,
        0.2689621843, 0.3224508399, 0.2418050285,
    ];

    // Section 6b: add_zero_attn, E = 4, 2 heads, kdim 3, vdim 5, sequence first, q = fill([2, 2, 4], 101),
    // k = fill([3, 2, 3], 102), v = fill([3, 2, 5], 103); float attn_mask fill([4, 2, 3], 104), then a float key
    // padding mask fill([2, 3], 105) alone.
    private static readonly double[] TorchZeroAttnFloatMaskOut =
    [
        -0.5117171076, 0.1421265359, 0.3594181881, 0.05449524117, -0.7310490465, 0.1785927221, 0.5853630238, 0.05900262554,
        -0.4908634678, 0.02110028348, 0.3166172545, 0.1677598332, -0.7282135665, 0.1469430677, 0.5767880926, 0.08909727405,
    ];

    private static readonly double[] TorchZeroAttnFloatMaskWeightsPerHead =
    [
        0.3493701937, 0.1707942545, 0.3766529773, 0.1031825745, 0.2583582204, 0.3013565859, 0.1641018515, 0.2761833422,
        0.2565912278, 0.1990321877, 0.2161123295, 0.328264255, 0.1526301476, 0.4781385258, 0.1144510006, 0.254780326,
        0.2098478446, 0.2485432822, 0.3061852457, 0.2354236275, 0.223129638, 0.271969427, 0.3557105544, 0.1491903807,
        0.4178214449, 0.280480918, 0.1498092539, 0.1518883833, 0.3625338138, 0.2475601113, 0.1488272348, 0.2410788401,
    ];

    private static readonly double[] TorchZeroAttnFloatPaddingOut =
    [
        -0.54035754, 0.1802251386, 0.3949675449, 0.02284327433, -0.6452928062, 0.1296206348, 0.4907260261, 0.09081293213,
        -0.5141160945, 0.04130906245, 0.3435346069, 0.1524323344, -0.6546002496, 0.1168260584, 0.4977132594, 0.1048745962,
    ];

    private static readonly double[] TorchZeroAttnFloatPaddingWeightsAveraged =
    [
        0.3446417205, 0.1952378024, 0.2721527453, 0.1879677319, 0.2351521643, 0.4149587045, 0.1290478092, 0.220841322,
        0.3076685718, 0.2255209142, 0.1701399821, 0.2966705319, 0.275833584, 0.2259690518, 0.2040262983, 0.2941710659,
    ];

    // Section 6c: both options, E = 4, 2 heads, sequence first, q = fill([2, 2, 4], 101), key = value = mem =
    // fill([3, 2, 4], 106), bool key padding mask [[T, T, T], [F, T, F]], bool attn_mask [[F, T, F], [F, F, F]].
    private static readonly double[] TorchBothOut =
    [
        -0.006132434503, -0.255089522, -0.2181989354, 0.3469643332, 0.2887419409, -0.2703574308, -0.515842043, 0.3082566738,
        0.0347542468, -0.2706865783, -0.2619140375, 0.3546339508, 0.2888170471, -0.2700808469, -0.5158669926, 0.3079755655,
    ];

    private static readonly double[] TorchBothWeightsPerHead =
    [
        0, 0, 0, 0.4930335973, 0.5069664027, 0, 0, 0, 0.5981746649, 0.4018253351, 0, 0, 0, 0.4662628326, 0.5337371674, 0,
        0, 0, 0.5132506615, 0.4867493385, 0.2261586527, 0, 0.1957368439, 0.3244125827, 0.2536919206, 0.2267515794, 0,
        0.2031134013, 0.3066429941, 0.2634920251, 0.2468040008, 0, 0.2590251257, 0.2435104792, 0.2506603943, 0.2383932462,
        0, 0.2591405252, 0.2464178024, 0.2560484262,
    ];

    private static readonly double[] TorchBothWeightsAveraged =
    [
        0, 0, 0, 0.4796482149, 0.5203517851, 0, 0, 0, 0.5557126632, 0.4442873368, 0.2364813268, 0, 0.2273809848, 0.283961531,
        0.2521761575, 0.2325724128, 0, 0.2311269633, 0.2765303982, 0.2597702257,
    ];

    private static Tensor PaddingMask() => Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]);

    private static Tensor CausalBoolMask(int n)
    {
        var m = new bool[n * n];
        for (int l = 0; l < n; l++)
            for (int s = l + 1; s < n; s++) m[l * n + s] = true;
        return Tensor.FromArray(m, [n, n]);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-9)]
    [InlineData(DType.Float32, 2e-6)]
    public void BiasKV_SelfAttention_PaddingAndCausalMask_MatchesPyTorch(DType dtype, double tol)
    {
        var mha = new MultiHeadAttention(4, 2, addBiasKV: true, batchFirst: true, dtype: dtype);
        ReferenceFill.Parameters(mha);
        var x = ReferenceFill.Tensor([2, 3, 4], 100, dtype);
        var (o, w) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), attnMask: CausalBoolMask(3), averageAttnWeights: false);
        Assert.Equal([2, 3, 4], o.Shape.ToArray());
        Assert.Equal([2, 2, 3, 4], w!.Shape.ToArray());
        AssertClose(TorchBiasKvOut, ToDoubles(o), tol, tol);
        AssertClose(TorchBiasKvWeightsPerHead, ToDoubles(w), tol, tol);
        var (_, wa) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), attnMask: CausalBoolMask(3));
        Assert.Equal([2, 3, 4], wa!.Shape.ToArray());
        AssertClose(TorchBiasKvWeightsAveraged, ToDoubles(wa), tol, tol);
        // isCausal is the causal attnMask: it masks among the S keys only, the bias position stays visible
        var (oc, wc) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), isCausal: true, averageAttnWeights: false);
        AssertClose(TorchBiasKvOut, ToDoubles(oc), tol, tol);
        AssertClose(TorchBiasKvWeightsPerHead, ToDoubles(wc!), tol, tol);
        // separate (equal-valued) tensors take the three-GEMM path: same result
        var (o3, _) = mha.Call(x, x.Clone(), x.Clone(), keyPaddingMask: PaddingMask(), attnMask: CausalBoolMask(3));
        AssertClose(TorchBiasKvOut, ToDoubles(o3), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-9)]
    [InlineData(DType.Float32, 2e-6)]
    public void ZeroAttn_KdimVdim_FloatMasks_MatchPyTorch(DType dtype, double tol)
    {
        var mha = new MultiHeadAttention(4, 2, addZeroAttn: true, kdim: 3, vdim: 5, dtype: dtype);
        ReferenceFill.Parameters(mha);
        var q = ReferenceFill.Tensor([2, 2, 4], 101, dtype);
        var k = ReferenceFill.Tensor([3, 2, 3], 102, dtype);
        var v = ReferenceFill.Tensor([3, 2, 5], 103, dtype);
        var (o, w) = mha.Call(q, k, v, attnMask: ReferenceFill.Tensor([4, 2, 3], 104, dtype), averageAttnWeights: false);
        Assert.Equal([2, 2, 2, 4], w!.Shape.ToArray());
        AssertClose(TorchZeroAttnFloatMaskOut, ToDoubles(o), tol, tol);
        AssertClose(TorchZeroAttnFloatMaskWeightsPerHead, ToDoubles(w), tol, tol);
        var (op, wp) = mha.Call(q, k, v, keyPaddingMask: ReferenceFill.Tensor([2, 3], 105, dtype));
        Assert.Equal([2, 2, 4], wp!.Shape.ToArray());
        AssertClose(TorchZeroAttnFloatPaddingOut, ToDoubles(op), tol, tol);
        AssertClose(TorchZeroAttnFloatPaddingWeightsAveraged, ToDoubles(wp), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-9)]
    [InlineData(DType.Float32, 2e-6)]
    public void Both_CrossAttention_FullyPaddedBatch_MatchesPyTorch(DType dtype, double tol)
    {
        var mha = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, dtype: dtype);
        ReferenceFill.Parameters(mha);
        var q = ReferenceFill.Tensor([2, 2, 4], 101, dtype);
        var mem = ReferenceFill.Tensor([3, 2, 4], 106, dtype);
        var kpm = Tensor.FromArray(new[] { true, true, true, false, true, false }, [2, 3]);
        var am = Tensor.FromArray(new[] { false, true, false, false, false, false }, [2, 3]);
        var (o, w) = mha.Call(q, mem, mem, keyPaddingMask: kpm, attnMask: am, averageAttnWeights: false);
        Assert.Equal([2, 2, 2, 5], w!.Shape.ToArray());
        AssertClose(TorchBothOut, ToDoubles(o), tol, tol);
        AssertClose(TorchBothWeightsPerHead, ToDoubles(w), tol, tol);
        var (_, wa) = mha.Call(q, mem, mem, keyPaddingMask: kpm, attnMask: am);
        AssertClose(TorchBothWeightsAveraged, ToDoubles(wa!), tol, tol);
    }

    [Fact]
    public void StateDictNames_AndParameterCounts_AreTorchs()
    {
        // reference/attention_reference.py, section 6: names in torch's state_dict order and parameter counts
        var kv = new MultiHeadAttention(4, 2, addBiasKV: true);
        Assert.Equal(["in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"], kv.StateDict().Keys.ToArray());
        Assert.Equal(88, kv.ParameterCount());
        Assert.Equal([1, 1, 4], kv.BiasK!.Shape.ToArray());
        Assert.Equal([1, 1, 4], kv.BiasV!.Shape.ToArray());
        var zero = new MultiHeadAttention(4, 2, addZeroAttn: true, kdim: 3, vdim: 5);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], zero.StateDict().Keys.ToArray());
        Assert.Equal(80, zero.ParameterCount());
        Assert.Null(zero.BiasK);
        Assert.Null(zero.BiasV);
        var both = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, kdim: 3, vdim: 5);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"],
            both.StateDict().Keys.ToArray());
        Assert.Equal(88, both.ParameterCount());
        var noBias = new MultiHeadAttention(4, 2, bias: false, addBiasKV: true);
        Assert.Equal(["in_proj_weight", "bias_k", "bias_v", "out_proj.weight"], noBias.StateDict().Keys.ToArray());
        Assert.Equal(72, noBias.ParameterCount());
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], new MultiHeadAttention(4, 2).StateDict().Keys.ToArray());
    }

    [Fact]
    public void Init_BiasKV_IsXavierNormal_AndLeavesTheOtherDrawsAlone()
    {
        const int E = 512;
        var mha = new MultiHeadAttention(E, 8, addBiasKV: true, dtype: DType.Float64, generator: new Generator(11));
        double expectedStd = Math.Sqrt(2.0 / (E + E)); // xavier_normal_ on [1, 1, E]: fan-in = fan-out = E
        foreach (var t in new[] { mha.BiasK!, mha.BiasV! })
        {
            double[] v = t.ToArray<double>();
            double mean = v.Average(), std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            Assert.InRange(mean, -4 * expectedStd / Math.Sqrt(E), 4 * expectedStd / Math.Sqrt(E));
            Assert.InRange(std, 0.85 * expectedStd, 1.15 * expectedStd);
        }
        Assert.NotEqual(mha.BiasK!.ToArray<double>(), mha.BiasV!.ToArray<double>());
        // bias_k and bias_v are drawn last: the projections are those of the same seed without the option
        var plain = new MultiHeadAttention(E, 8, dtype: DType.Float64, generator: new Generator(11));
        Assert.Equal(plain.InProjWeight!.ToArray<double>(), mha.InProjWeight!.ToArray<double>());
        Assert.Equal(plain.OutProj.Weight.ToArray<double>(), mha.OutProj.Weight.ToArray<double>());
    }

    [Fact]
    public void GradCheck_BiasKV_PackedSelfAttention_PaddingAndCausalMasks_PerHeadWeights()
    {
        var g = new Generator(21);
        var mha = new MultiHeadAttention(4, 2, addBiasKV: true, batchFirst: true, dtype: DType.Float64, generator: g);
        using (Autograd.NoGrad()) mha.InProjBias!.CopyFrom(Tensor.Randn([12], DType.Float64, g));
        var x = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var r = Tensor.Randn([2, 2, 3, 4], DType.Float64, g);
        GradCheck.Check(_ =>
        {
            var (o, w) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), attnMask: CausalBoolMask(3), averageAttnWeights: false);
            return o.Sum() + (w! * r).Sum();
        }, [x, .. mha.Parameters()]);
        GradCheck.Check(_ =>
        {
            var (o, w) = mha.Call(x, x, x, isCausal: true);
            return (o * o).Sum() + (w! * r.Select(1, 1)).Sum();
        }, [x, .. mha.Parameters()]);
    }

    [Fact]
    public void GradCheck_ZeroAttn_KdimVdim_FloatMasksWithGrad_Causal()
    {
        var g = new Generator(22);
        var mha = new MultiHeadAttention(4, 2, addZeroAttn: true, kdim: 3, vdim: 5, dtype: DType.Float64, generator: g);
        using (Autograd.NoGrad()) mha.InProjBias!.CopyFrom(Tensor.Randn([12], DType.Float64, g));
        var q = Tensor.Randn([3, 2, 4], DType.Float64, g, requiresGrad: true);
        var k = Tensor.Randn([3, 2, 3], DType.Float64, g, requiresGrad: true);
        var v = Tensor.Randn([3, 2, 5], DType.Float64, g, requiresGrad: true);
        var am = Tensor.Randn([4, 3, 3], DType.Float64, g, requiresGrad: true);
        var kpm = Tensor.Randn([2, 3], DType.Float64, g, requiresGrad: true);
        var r = Tensor.Randn([2, 3, 4], DType.Float64, g);
        GradCheck.Check(_ =>
        {
            var (o, w) = mha.Call(q, k, v, keyPaddingMask: kpm, attnMask: am, isCausal: true);
            return (o * o).Sum() + (w! * r).Sum();
        }, [q, k, v, am, kpm, .. mha.Parameters()]);
    }

    [Fact]
    public void GradCheck_Both_KeyIsValue_AndKdimVdim()
    {
        var g = new Generator(23);
        var mha = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, batchFirst: true, dtype: DType.Float64, generator: g);
        using (Autograd.NoGrad()) mha.InProjBias!.CopyFrom(Tensor.Randn([12], DType.Float64, g));
        var tq = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        var mem = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var kpm = Tensor.FromArray(new[] { true, true, true, false, true, false }, [2, 3]);
        var r = Tensor.Randn([2, 2, 2, 5], DType.Float64, g);
        GradCheck.Check(_ =>
        {
            var (o, w) = mha.Call(tq, mem, mem, keyPaddingMask: kpm, averageAttnWeights: false);
            return (o * o).Sum() + (w! * r).Sum();
        }, [tq, mem, .. mha.Parameters()]);
        var kv = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, kdim: 3, vdim: 5, dtype: DType.Float64, generator: g);
        var q = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        var k = Tensor.Randn([3, 2, 3], DType.Float64, g, requiresGrad: true);
        var v = Tensor.Randn([3, 2, 5], DType.Float64, g, requiresGrad: true);
        var am = Tensor.Randn([2, 3], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => kv.Call(q, k, v, attnMask: am, needWeights: false).Output, [q, k, v, am, .. kv.Parameters()]);
    }

    [Fact]
    public void Unbatched_EqualsBatchOfOne()
    {
        var g = new Generator(24);
        var mha = new MultiHeadAttention(6, 3, addBiasKV: true, addZeroAttn: true, dtype: DType.Float64, generator: g);
        var x = Tensor.Randn([4, 6], DType.Float64, g);
        var kpm = Tensor.FromArray(new[] { false, true, true, false }, [4]);
        var (o, w) = mha.Call(x, x, x, keyPaddingMask: kpm);
        var (ob, wb) = mha.Call(x.Unsqueeze(1), x.Unsqueeze(1), x.Unsqueeze(1), keyPaddingMask: kpm.Unsqueeze(0));
        Assert.Equal([4, 6], o.Shape.ToArray());
        Assert.Equal([4, 6], w!.Shape.ToArray());
        AssertClose(ToDoubles(ob), ToDoubles(o), 1e-14, 1e-14);
        AssertClose(ToDoubles(wb!), ToDoubles(w), 1e-14, 1e-14);
    }

    [Fact]
    public void SafeTensors_RoundTrip_WithTheOptions()
    {
        var source = new MultiHeadAttention(8, 2, addBiasKV: true, addZeroAttn: true, kdim: 5, vdim: 6, generator: new Generator(25));
        var destination = new MultiHeadAttention(8, 2, addBiasKV: true, addZeroAttn: true, kdim: 5, vdim: 6, generator: new Generator(26));
        Assert.NotEqual(source.BiasK!.ToArray<float>(), destination.BiasK!.ToArray<float>());
        SerializationTestHelpers.AssertRoundTrip(source, destination);
        var g = new Generator(27);
        var q = Tensor.Randn([3, 2, 8], generator: g);
        var k = Tensor.Randn([4, 2, 5], generator: g);
        var v = Tensor.Randn([4, 2, 6], generator: g);
        Assert.Equal(source.Call(q, k, v).Output.ToArray<float>(), destination.Call(q, k, v).Output.ToArray<float>());
    }

    [Fact]
    public void Flops_CountTheAppendedKeys_AndDescribeNamesTheOptions()
    {
        var x = Tensor.Zeros([2, 3, 4]);
        var input = new MultiHeadAttentionInput(x, x, x);
        // B = 2, L = S = 3, E = 4: projections 2·6·4·4 + 2·6·(4 + 4)·4 = 576; attention 2·2·B·L·S'·E
        Assert.Equal(576 + 4 * 2 * 3 * 3 * 4, new MultiHeadAttention(4, 2, batchFirst: true).EstimateForwardFlops(input, null));
        Assert.Equal(576 + 4 * 2 * 3 * 4 * 4, new MultiHeadAttention(4, 2, addZeroAttn: true, batchFirst: true).EstimateForwardFlops(input, null));
        var both = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, batchFirst: true);
        Assert.Equal(576 + 4 * 2 * 3 * 5 * 4, both.EstimateForwardFlops(input, null));
        Assert.Equal("MultiHeadAttention(embed: 4, heads: 2, addBiasKV: true, addZeroAttn: true, batchFirst: true)", both.Describe());
    }

    [Fact]
    public void BadInputs_AreCheckedAgainstTheUserKeyCount()
    {
        var mha = new MultiHeadAttention(4, 2, addBiasKV: true, addZeroAttn: true, batchFirst: true);
        var x = Tensor.Zeros([2, 3, 4]);
        // masks are given for the S user keys; the appended positions are the layer's business
        var ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, keyPaddingMask: Tensor.Zeros([2, 5], DType.Bool)));
        Assert.Contains("keyPaddingMask of shape [2, 3], got [2, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([3, 5])));
        Assert.Contains("2D attnMask is [3, 5], but should be [3, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([4, 3, 5])));
        Assert.Contains("3D attnMask is [4, 3, 5], but should be [4, 3, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([3, 3], DType.Float64)));
        Assert.Contains("attnMask must be Bool or Float32", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, keyPaddingMask: Tensor.Zeros([2, 3], DType.Int32)));
        Assert.Contains("keyPaddingMask must be Bool or Float32", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, Tensor.Zeros([2, 4, 4])));
        Assert.Contains("[2, 4, 4]", ex.Message);
        var x64 = x.To(DType.Float64);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x64, x64, x64));
        Assert.Contains("Float32 parameters, got a Float64 query", ex.Message);
        Assert.Equal("query", ex.ParamName);
    }
}
