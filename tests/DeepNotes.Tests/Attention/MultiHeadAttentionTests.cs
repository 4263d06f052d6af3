using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

public class MultiHeadAttentionTests
{
    // Values printed by reference/attention_reference.py (torch 1.13), section 1: E = 4, 2 heads, batch first,
    // self-attention on x = fill([2, 3, 4], 100) with key padding mask [[F, F, T], [F, F, F]].
    private static readonly double[] TorchSelfOut =
    [
        -0.5763664743, 0.5080879201, 0.1082297373, -1.23794198, -0.5758979475, 0.5084604568, 0.1078287675, -1.23838723,
        -0.5751790559, 0.5091540287, 0.1072356505, -1.23918836, -0.3288903974, 0.3159526782, -0.1740887686, -1.097003293,
        -0.4336376345, 0.3570759874, -0.06188409702, -1.117779043, -0.4760460734, 0.3882288493, -0.01382629688, -1.140216947,
    ];

    private static readonly double[] TorchSelfWeightsPerHead =
    [
        0.5018846468, 0.4981153532, 0, 0.4951045326, 0.5048954674, 0, 0.4847437855, 0.5152562145, 0, 0.5214646833,
        0.4785353167, 0, 0.5146015183, 0.4853984817, 0, 0.5030200621, 0.4969799379, 0, 0.6435740116, 0.2107227458,
        0.1457032427, 0.4061170526, 0.3119279935, 0.2819549539, 0.3006674406, 0.3402678791, 0.3590646803, 0.4027572857,
        0.3166569772, 0.2805857371, 0.2041114986, 0.3708252428, 0.4250632586, 0.1393742045, 0.3691950066, 0.4914307888,
    ];

    private static readonly double[] TorchSelfWeightsAveraged =
    [
        0.511674665, 0.488325335, 0, 0.5048530255, 0.4951469745, 0, 0.4938819238, 0.5061180762, 0, 0.5231656486,
        0.2636898615, 0.2131444899, 0.3051142756, 0.3413766181, 0.3535091063, 0.2200208225, 0.3547314429, 0.4252477346,
    ];

    // Section 2: E = 4, 2 heads, kdim 3, vdim 5, sequence first, q = fill([2, 2, 4], 101), k = fill([3, 2, 3], 102),
    // v = fill([3, 2, 5], 103); bool attn_mask [[F, T, F], [F, F, T]] (true = masked); float mask fill([4, 2, 3], 104).
    private static readonly double[] TorchKvBoolOut =
    [
        -0.6944627505, 0.451187611, 0.5982099706, -0.2112625564, -0.87627645, 0.1557654813, 0.7264508612, 0.1074151932,
        -0.6100643277, 0.02132825042, 0.4358594547, 0.1891556342, -0.7041323168, 0.2788690632, 0.5766307316, -0.04285725782,
    ];

    private static readonly double[] TorchKvBoolWeights =
        [0.4724331163, 0, 0.5275668837, 0.3356004591, 0.6643995409, 0, 0.5928024802, 0, 0.4071975198, 0.5131789059, 0.4868210941, 0];

    private static readonly double[] TorchKvFloatOut =
    [
        -0.6405288677, 0.272563819, 0.511883869, -0.04829342007, -0.8384409546, 0.2312649687, 0.7023066882, 0.02753732297,
        -0.5681242685, 0.06471561606, 0.4017874014, 0.1395895318, -0.8393509808, 0.2249244062, 0.7020668962, 0.03383440077,
    ];

    private static Tensor PaddingMask() => Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]);

    [Theory]
    [InlineData(DType.Float64, 1e-9)]
    [InlineData(DType.Float32, 2e-6)]
    public void SelfAttention_WithKeyPaddingMask_MatchesPyTorch(DType dtype, double tol)
    {
        var mha = new MultiHeadAttention(4, 2, batchFirst: true, dtype: dtype);
        ReferenceFill.Parameters(mha);
        var x = ReferenceFill.Tensor([2, 3, 4], 100, dtype);
        var (o, w) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), averageAttnWeights: false);
        Assert.Equal([2, 3, 4], o.Shape.ToArray());
        Assert.Equal([2, 2, 3, 3], w!.Shape.ToArray());
        AssertClose(TorchSelfOut, ToDoubles(o), tol, tol);
        AssertClose(TorchSelfWeightsPerHead, ToDoubles(w), tol, tol);
        var (_, wa) = mha.Call(x, x, x, keyPaddingMask: PaddingMask());
        Assert.Equal([2, 3, 3], wa!.Shape.ToArray());
        AssertClose(TorchSelfWeightsAveraged, ToDoubles(wa), tol, tol);
        // the padded key gets exactly zero weight in every head
        double[] wv = ToDoubles(w);
        for (int h = 0; h < 2; h++)
            for (int l = 0; l < 3; l++) Assert.Equal(0.0, wv[(h * 3 + l) * 3 + 2]);
        // separate (equal-valued) query, key and value tensors take the three-GEMM path: same result
        var (o3, _) = mha.Call(x, x.Clone(), x.Clone(), keyPaddingMask: PaddingMask(), needWeights: false);
        AssertClose(TorchSelfOut, ToDoubles(o3), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-9)]
    [InlineData(DType.Float32, 2e-6)]
    public void KdimVdim_SequenceFirst_BoolAndFloatAttnMask_MatchPyTorch(DType dtype, double tol)
    {
        var mha = new MultiHeadAttention(4, 2, kdim: 3, vdim: 5, dtype: dtype);
        ReferenceFill.Parameters(mha);
        var q = ReferenceFill.Tensor([2, 2, 4], 101, dtype);
        var k = ReferenceFill.Tensor([3, 2, 3], 102, dtype);
        var v = ReferenceFill.Tensor([3, 2, 5], 103, dtype);
        var am = Tensor.FromArray(new[] { false, true, false, false, false, true }, [2, 3]);
        var (o, w) = mha.Call(q, k, v, attnMask: am);
        AssertClose(TorchKvBoolOut, ToDoubles(o), tol, tol);
        AssertClose(TorchKvBoolWeights, ToDoubles(w!), tol, tol);
        var (of, _) = mha.Call(q, k, v, attnMask: ReferenceFill.Tensor([4, 2, 3], 104, dtype));
        AssertClose(TorchKvFloatOut, ToDoubles(of), tol, tol);
    }

    [Fact]
    public void StateDictNames_AndParameterCounts_AreTorchs()
    {
        // reference/attention_reference.py: "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"; 80 parameters
        var mha = new MultiHeadAttention(4, 2);
        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], mha.StateDict().Keys.ToArray());
        Assert.Equal(80, mha.ParameterCount());
        var kv = new MultiHeadAttention(4, 2, kdim: 3, vdim: 5);
        Assert.Equal(["q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], kv.StateDict().Keys.ToArray());
        Assert.Equal(80, kv.ParameterCount());
        Assert.Equal(["in_proj_weight", "out_proj.weight"], new MultiHeadAttention(4, 2, bias: false).StateDict().Keys.ToArray());
    }

    [Fact]
    public void Init_IsTorchs_XavierUniformProjections_ZeroBiases()
    {
        var mha = new MultiHeadAttention(64, 4, generator: new Generator(1));
        double bound = Math.Sqrt(6.0 / (64 + 3 * 64));
        float[] w = mha.InProjWeight!.ToArray<float>();
        Assert.All(w, x => Assert.InRange(x, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound);
        Assert.All(mha.InProjBias!.ToArray<float>(), x => Assert.Equal(0f, x));
        Assert.All(mha.OutProj.Bias!.ToArray<float>(), x => Assert.Equal(0f, x));
        Assert.All(mha.OutProj.Weight.ToArray<float>(), x => Assert.InRange(x, -1 / 8.0, 1 / 8.0)); // Linear's default
        var kv = new MultiHeadAttention(8, 2, kdim: 3, generator: new Generator(2));
        double kb = Math.Sqrt(6.0 / (8 + 3));
        Assert.All(kv.KProjWeight!.ToArray<float>(), x => Assert.InRange(x, -kb, kb));
    }

    [Fact]
    public void GradCheck_SelfAttention_KeyPaddingMask_PerHeadWeights()
    {
        var g = new Generator(3);
        var mha = new MultiHeadAttention(4, 2, batchFirst: true, dtype: DType.Float64, generator: g);
        using (Autograd.NoGrad()) mha.InProjBias!.CopyFrom(Tensor.Randn([12], DType.Float64, g));
        var x = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var r = Tensor.Randn([2, 2, 3, 3], DType.Float64, g);
        Tensor[] inputs = [x, .. mha.Parameters()];
        GradCheck.Check(_ =>
        {
            var (o, w) = mha.Call(x, x, x, keyPaddingMask: PaddingMask(), averageAttnWeights: false);
            return o.Sum() + (w! * r).Sum();
        }, inputs);
        // averaged weights, sequence-first layout, causal
        var mhaS = new MultiHeadAttention(4, 2, dtype: DType.Float64, generator: g);
        var xs = Tensor.Randn([3, 2, 4], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ =>
        {
            var (o, w) = mhaS.Call(xs, xs, xs, isCausal: true);
            return o.Sum() + (w! * r.Select(1, 0)).Sum();
        }, [xs, .. mhaS.Parameters()]);
    }

    [Fact]
    public void GradCheck_CrossAttention_KdimVdim_FloatMasksWithGrad()
    {
        var g = new Generator(4);
        var mha = new MultiHeadAttention(4, 2, kdim: 3, vdim: 5, dtype: DType.Float64, generator: g);
        var q = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        var k = Tensor.Randn([3, 2, 3], DType.Float64, g, requiresGrad: true);
        var v = Tensor.Randn([3, 2, 5], DType.Float64, g, requiresGrad: true);
        var am = Tensor.Randn([2, 3], DType.Float64, g, requiresGrad: true);
        var kpm = Tensor.Randn([2, 3], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => mha.Call(q, k, v, keyPaddingMask: kpm, attnMask: am).Output, [q, k, v, am, kpm, .. mha.Parameters()]);
        // key is value (two projections), same E
        var mha2 = new MultiHeadAttention(4, 2, batchFirst: true, dtype: DType.Float64, generator: g);
        var mem = Tensor.Randn([2, 3, 4], DType.Float64, g, requiresGrad: true);
        var tq = Tensor.Randn([2, 2, 4], DType.Float64, g, requiresGrad: true);
        GradCheck.Check(_ => mha2.Call(tq, mem, mem, needWeights: false).Output, [tq, mem, .. mha2.Parameters()]);
    }

    [Fact]
    public void Unbatched_EqualsBatchOfOne()
    {
        var g = new Generator(5);
        var mha = new MultiHeadAttention(6, 3, dtype: DType.Float64, generator: g);
        var x = Tensor.Randn([4, 6], DType.Float64, g);
        var (o, w) = mha.Call(x, x, x);
        var (ob, wb) = mha.Call(x.Unsqueeze(1), x.Unsqueeze(1), x.Unsqueeze(1));
        Assert.Equal([4, 6], o.Shape.ToArray());
        Assert.Equal([4, 4], w!.Shape.ToArray());
        AssertClose(ToDoubles(ob), ToDoubles(o), 1e-14, 1e-14);
        AssertClose(ToDoubles(wb!), ToDoubles(w), 1e-14, 1e-14);
    }

    [Fact]
    public void Dropout_ActsOnWeightsInTrainingOnly()
    {
        var mha = new MultiHeadAttention(8, 2, dropout: 0.5, batchFirst: true, generator: new Generator(6));
        var x = Tensor.Randn([2, 5, 8], generator: new Generator(7));
        var (_, w) = mha.Call(x, x, x, averageAttnWeights: false);
        float[] wv = w!.ToArray<float>();
        Assert.Contains(0f, wv);
        Assert.Contains(wv, v => v > 1.0001f / 5); // survivors are scaled by 2
        mha.Eval();
        var (_, we) = mha.Call(x, x, x, averageAttnWeights: false);
        float[] wev = we!.ToArray<float>();
        for (int r = 0; r < wev.Length / 5; r++) Assert.Equal(1.0, wev.Skip(r * 5).Take(5).Sum(), 5);
    }

    [Fact]
    public void BadInputs_ThrowNamingTheShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(10, 3));
        Assert.Contains("embedDim (10) must be divisible by numHeads (3)", ex.Message);
        var mha = new MultiHeadAttention(4, 2, batchFirst: true);
        var x = Tensor.Zeros([2, 3, 4]);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(Tensor.Zeros([2, 3, 5]), x, x));
        Assert.Contains("[2, 3, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, Tensor.Zeros([2, 3, 4]), Tensor.Zeros([2, 4, 4])));
        Assert.Contains("[2, 4, 4]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, keyPaddingMask: Tensor.Zeros([2, 4])));
        Assert.Contains("keyPaddingMask of shape [2, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([3, 4])));
        Assert.Contains("2D attnMask is [3, 4], but should be [3, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([2, 3, 3])));
        Assert.Contains("should be [4, 3, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => mha.Call(Tensor.Zeros([3, 4]), x, x));
        Assert.Contains("all 3-D", ex.Message);
        Assert.Throws<ArgumentException>(() => mha.Call(x.To(DType.Float64), x.To(DType.Float64), x.To(DType.Float64)));
        Assert.Throws<ArgumentException>(() => mha.Call(x, x, x, attnMask: Tensor.Zeros([3, 3], DType.Int32)));
    }
}
