using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.HigherOrder.Coverage.AttentionRecurrentGradGradCases;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives through the fused attention op (scaled dot-product attention and multi-head attention: masks,
/// causal, dropout replayed from a fixed generator, packed and separate projections, non-contiguous operands) and the
/// fused recurrent sequence ops (multi-layer, bidirectional, batch first, initial states, projections), with respect
/// to inputs and weights; and that a createGraph gradient equals the fused first-order one.
/// </summary>
public class AttentionRecurrentGradGradTests
{
    private static Tensor Randn(ulong seed, params int[] shape) => Coverage.GradGradInputs.Randn(seed, shape);

    private static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => GradCheck.GradGradCheck(f, inputs);

    [Fact]
    public void Sdpa_ContiguousTransposedAndSlicedOperands()
    {
        Tensor q = Randn(1, 2, 3, 2), k = Randn(2, 2, 2, 3), v = Randn(3, 2, 4, 2);
        // k is read transposed ([2, 3, 2] view of [2, 2, 3]) and v sliced along the sequence (non-contiguous views).
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1].Transpose(1, 2), t[2].Narrow(1, 1, 3)), q, k, v);
    }

    [Fact]
    public void Sdpa_CausalWithMoreKeysThanQueries_AndMoreQueriesThanKeys()
    {
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], isCausal: true), Randn(4, 1, 2, 2), Randn(5, 1, 3, 2), Randn(6, 1, 3, 2));
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], isCausal: true), Randn(7, 1, 3, 2), Randn(8, 1, 2, 2), Randn(9, 1, 2, 2));
    }

    [Fact]
    public void Sdpa_BroadcastFloatMaskReceivesSecondDerivatives()
    {
        // A [3] mask broadcast over [2, 2, 3 (L), 3 (S)] scores: its gradient sums over the broadcast positions.
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], t[3]),
            Randn(10, 2, 2, 3, 2), Randn(11, 2, 2, 3, 2), Randn(12, 2, 2, 3, 2), Randn(13, 3));
    }

    [Fact]
    public void Sdpa_FullyMaskedRow_HasZeroDerivativesOfEveryOrder()
    {
        var mask = Tensor.FromArray(new[] { false, false, false, true, false, true }, [2, 3]);   // row 0 attends nothing
        Tensor q = Randn(14, 2, 2), k = Randn(15, 3, 2), v = Randn(16, 3, 2);
        Check(t => { var (o, w) = Functional.ScaledDotProductAttentionWithWeights(t[0], t[1], t[2], mask); return Flat(o, w); }, q, k, v);
        Tensor y = Functional.ScaledDotProductAttention(q, k, v, mask);
        Tensor gq = Autograd.Grad(y.Square().Sum(), [q], createGraph: true)[0];
        Tensor hq = Autograd.Grad(gq.Square().Sum(), [q])[0];
        double[] h = hq.ToArray<double>();
        Assert.All(h, x => Assert.True(double.IsFinite(x)));
        Assert.Equal(0.0, h[0]);
        Assert.Equal(0.0, h[1]);
        Assert.NotEqual(0.0, h[2]);
    }

    [Fact]
    public void Sdpa_Dropout_ReplaysTheSavedMaskInTheCreateGraphPass()
    {
        var generator = new Generator(21);
        byte[] state = generator.GetState();
        Tensor q = Randn(17, 2, 3, 2), k = Randn(18, 2, 3, 2), v = Randn(19, 2, 3, 2);
        Check(t => Replaying(generator, state, () =>
        {
            var (o, w) = Functional.ScaledDotProductAttentionWithWeights(t[0], t[1], t[2], dropoutP: 0.4, generator: generator);
            return Flat(o, w);
        }), q, k, v);

        // One forward: the createGraph gradient (composite, saved mask) equals the fused first-order gradient.
        generator.SetState(state);
        Tensor y = Functional.ScaledDotProductAttention(q, k, v, dropoutP: 0.4, generator: generator);
        Tensor[] fused = Autograd.Grad(y.Square().Sum(), [q, k, v], retainGraph: true);
        Tensor[] composite = Autograd.Grad(y.Square().Sum(), [q, k, v], createGraph: true);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(composite[i].RequiresGrad);
            Assert.True(composite[i].Allclose(fused[i], rtol: 1e-12, atol: 1e-12), $"input {i}");
        }
    }

    [Fact]
    public void Sdpa_WeightsOnly_AndGroupedQueryAttention()
    {
        Check(t => Functional.ScaledDotProductAttentionWithWeights(t[0], t[1], t[2], scale: 1.3).Weights,
            Randn(20, 2, 3, 2), Randn(21, 2, 3, 2), Randn(22, 2, 3, 2));
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], enableGqa: true),
            Randn(23, 1, 2, 2, 2), Randn(24, 1, 1, 3, 2), Randn(25, 1, 1, 3, 2));
    }

    private static MultiHeadAttention Mha(ulong seed, double dropout = 0, bool batchFirst = false, bool addBiasKV = false, bool addZeroAttn = false,
        int? kdim = null, int? vdim = null, Generator? generator = null) =>
        new(4, 2, dropout, addBiasKV: addBiasKV, addZeroAttn: addZeroAttn, kdim: kdim, vdim: vdim, batchFirst: batchFirst,
            dtype: DType.Float64, generator: generator ?? new Generator(seed));

    [Fact]
    public void Mha_PackedSelfAttention_WithInputsAndAllWeights()
    {
        MultiHeadAttention m = Mha(30);
        Tensor x = Randn(31, 3, 2, 4);
        Check(t => { var (o, w) = m.Call(t[0], t[0], t[0], averageAttnWeights: false); return Flat(o, w!); }, [x, .. m.Parameters()]);
    }

    [Fact]
    public void Mha_KeyIsValue_AndSeparateProjections_WithMasks()
    {
        MultiHeadAttention m = Mha(32, batchFirst: true);
        Tensor q = Randn(33, 2, 3, 4), kv = Randn(34, 2, 2, 4), v = Randn(35, 2, 2, 4);
        Tensor attnMask = Randn(36, 3, 2);   // float mask [L, S] with grad
        var padding = Tensor.FromArray(new[] { false, true, false, false }, [2, 2]);
        Check(t => m.Call(t[0], t[1], t[1], padding, needWeights: false, attnMask: t[2]).Output, q, kv, attnMask, m.InProjWeight!);
        Check(t => { var (o, w) = m.Call(t[0], t[1], t[2], attnMask: t[3]); return Flat(o, w!); }, q, kv, v, attnMask);
    }

    [Fact]
    public void Mha_ThreeDimensionalMask_Causal_BiasKVAndZeroAttn()
    {
        MultiHeadAttention m = Mha(37, addBiasKV: true, addZeroAttn: true);
        Tensor x = Randn(38, 3, 2, 4), mask3 = Randn(39, 4, 3, 3);   // [B·heads, L, S]
        Tensor fixedX = x.Detach();
        Check(t => m.Call(fixedX, fixedX, fixedX, attnMask: t[0]).Weights!, mask3, m.BiasK!);
        Check(t => m.Call(t[0], t[0], t[0], needWeights: false, isCausal: true).Output, x, m.BiasV!);
    }

    [Fact]
    public void Mha_KDimVDim_AndDropoutWithAFixedGenerator()
    {
        MultiHeadAttention m = Mha(40, kdim: 3, vdim: 2);
        Check(t => m.Call(t[0], t[1], t[2], needWeights: false).Output, Randn(41, 3, 2, 4), Randn(42, 2, 2, 3), Randn(43, 2, 2, 2), m.KProjWeight!, m.VProjWeight!);

        var generator = new Generator(44);
        MultiHeadAttention d = Mha(0, dropout: 0.3, generator: generator);
        byte[] state = generator.GetState();
        Check(t => Replaying(generator, state, () => { var (o, w) = d.Call(t[0], t[0], t[0]); return Flat(o, w!); }), Randn(45, 3, 2, 4), d.InProjWeight!);
    }

    [Fact]
    public void Lstm_MultiLayerBidirectionalBatchFirst_WithInitialStates()
    {
        var m = new Lstm(2, 2, numLayers: 2, batchFirst: true, bidirectional: true, dtype: DType.Float64, generator: new Generator(50));
        Tensor x = Randn(51, 2, 3, 2), h0 = Randn(52, 4, 2, 2), c0 = Randn(53, 4, 2, 2);
        Check(t => { var (o, s) = m.Call((t[0], new LstmState(t[1], t[2]))); return Flat(o, s.H, s.C); },
            x, h0, c0, m.WeightHh(1, true), m.BiasHh(0, true)!);
    }

    [Fact]
    public void Lstm_ProjectionAndNoBias_SlicedInput()
    {
        var m = new Lstm(2, 3, bias: false, projSize: 2, dtype: DType.Float64, generator: new Generator(54));
        Tensor x = Randn(55, 3, 2, 4);
        Check(t => { var (o, s) = m.Call(t[0].Narrow(2, 1, 2)); return Flat(o, s.H, s.C); }, [x, .. m.Parameters()]);
    }

    [Fact]
    public void Gru_BidirectionalTwoLayers_WithInitialState_TransposedInput()
    {
        var m = new Gru(2, 3, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: new Generator(56));
        Tensor x = Randn(57, 2, 3, 2), h0 = Randn(58, 4, 2, 3);   // x is [N, T, I] read as [T, N, I]
        Check(t => { var (o, h) = m.Call((t[0].Transpose(0, 1), t[1])); return Flat(o, h); }, x, h0, m.WeightHh(1, true), m.BiasIh(0)!);
    }

    [Fact]
    public void Gru_AllWeights_BatchFirst()
    {
        var m = new Gru(2, 2, batchFirst: true, dtype: DType.Float64, generator: new Generator(59));
        Check(t => m.Call(t[0]).Output, [Randn(60, 2, 3, 2), .. m.Parameters()]);
    }

    [Theory]
    [InlineData(RnnNonlinearity.Tanh)]
    [InlineData(RnnNonlinearity.Relu)]
    public void Rnn_TwoLayersBidirectional_WithInitialStateAndAllWeights(RnnNonlinearity nonlinearity)
    {
        var m = new Rnn(2, 2, numLayers: 2, nonlinearity: nonlinearity, bidirectional: true, dtype: DType.Float64, generator: new Generator(61));
        Check(t => { var (o, h) = m.Call((t[0], t[1])); return Flat(o, h); }, [Randn(62, 3, 2, 2), Randn(63, 4, 2, 2), .. m.Parameters()]);
    }

    [Fact]
    public void Recurrent_CreateGraphGradients_EqualTheFusedFirstOrderGradients()
    {
        var lstm = new Lstm(2, 3, bidirectional: true, projSize: 2, dtype: DType.Float64, generator: new Generator(64));
        var gru = new Gru(2, 3, dtype: DType.Float64, generator: new Generator(65));
        var rnn = new Rnn(2, 3, nonlinearity: RnnNonlinearity.Relu, dtype: DType.Float64, generator: new Generator(66));
        Tensor x = Randn(67, 3, 2, 2);
        var (lo, ls) = lstm.Call(x);
        Tensor loss = lo.Square().Sum() + ls.H.Sum() + ls.C.Square().Sum() + gru.Call(x).Output.Square().Sum() + rnn.Call(x).Output.Square().Sum();
        Tensor[] wrt = [x, lstm.WeightHr(0, true)!, gru.WeightIh(0), rnn.WeightHh(0)];
        Tensor[] fused = Autograd.Grad(loss, wrt, retainGraph: true);
        Tensor[] composite = Autograd.Grad(loss, wrt, createGraph: true);
        for (int i = 0; i < wrt.Length; i++)
            Assert.True(composite[i].Allclose(fused[i], rtol: 1e-12, atol: 1e-12), $"input {i}");
    }

    [Fact]
    public void PackedSequences_ThroughTheFusedLstmAndGru()
    {
        var lstm = new Lstm(2, 2, bidirectional: true, dtype: DType.Float64, generator: new Generator(68));
        var gru = new Gru(2, 2, dtype: DType.Float64, generator: new Generator(69));
        Tensor x = Randn(70, 3, 2, 2);
        Check(t =>
        {
            PackedSequence packed = RnnUtilities.PackPaddedSequence(t[0], [3, 2]);
            var (o, s) = lstm.Call(packed);
            return Flat(o.Data, s.H, s.C, gru.Call(packed).Output.Data);
        }, x, lstm.WeightHh(0, true), gru.BiasHh(0)!);
    }

    [Fact]
    public void Float32_CreateGraphGradients_EqualTheFusedOnes()
    {
        Tensor F32(ulong seed, params int[] shape)
        {
            Tensor t = Tensor.Randn(new Shape(shape), DType.Float32, new Generator(seed));
            t.RequiresGrad = true;
            return t;
        }
        Tensor q = F32(71, 2, 3, 4), k = F32(72, 2, 5, 4), v = F32(73, 2, 5, 3), mask = F32(74, 3, 5);
        var lstm = new Lstm(4, 3, numLayers: 2, generator: new Generator(75));
        var (lo, ls) = lstm.Call(q.Transpose(0, 1));
        Tensor loss = Functional.ScaledDotProductAttention(q, k, v, mask).Square().Sum() +
            Functional.ScaledDotProductAttention(q, k, v, isCausal: true, dropoutP: 0.2, generator: new Generator(76)).Square().Sum() +
            lo.Square().Sum() + ls.C.Sum();
        Tensor[] wrt = [q, k, v, mask, lstm.WeightHh(1)];
        Tensor[] fused = Autograd.Grad(loss, wrt, retainGraph: true);
        Tensor[] composite = Autograd.Grad(loss, wrt, createGraph: true);
        for (int i = 0; i < wrt.Length; i++)
        {
            Assert.Equal(DType.Float32, composite[i].DType);
            Assert.True(composite[i].Allclose(fused[i], rtol: 1e-4, atol: 1e-5), $"input {i}");
        }
    }
}
