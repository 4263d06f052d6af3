using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Recurrent;

/// <summary>Shapes, layouts, dropout between layers and the messages for inputs and states that do not fit.</summary>
public class RecurrentInputTests
{
    [Fact]
    public void Lstm_Shapes_TimeMajor_BatchFirst_Unbatched()
    {
        var lstm = new Lstm(3, 5, numLayers: 2, bidirectional: true);
        var (o, s) = lstm.Call(Tensor.Randn([7, 2, 3]));
        Assert.Equal([7, 2, 10], o.Shape.ToArray());
        Assert.Equal([4, 2, 5], s.H.Shape.ToArray());
        Assert.Equal([4, 2, 5], s.C.Shape.ToArray());
        var (o1, s1) = lstm.Call(Tensor.Randn([7, 3]));
        Assert.Equal([7, 10], o1.Shape.ToArray());
        Assert.Equal([4, 5], s1.H.Shape.ToArray());
        var bf = new Lstm(3, 5, batchFirst: true);
        var (o2, s2) = bf.Call(Tensor.Randn([2, 7, 3]));
        Assert.Equal([2, 7, 5], o2.Shape.ToArray());
        Assert.Equal([1, 2, 5], s2.H.Shape.ToArray());
    }

    [Fact]
    public void BatchFirst_IsTheTransposeOfTimeMajor_WithTheSameWeights()
    {
        var a = new Gru(3, 4, dtype: DType.Float64, generator: new Generator(1));
        var b = new Gru(3, 4, batchFirst: true, dtype: DType.Float64, generator: new Generator(1));
        var x = Tensor.Randn([5, 2, 3], DType.Float64, new Generator(2));
        var (oa, ha) = a.Call(x);
        var (ob, hb) = b.Call(x.Transpose(0, 1));
        Assert.Equal(oa.Transpose(0, 1).Contiguous().ToArray<double>(), ob.Contiguous().ToArray<double>());
        Assert.Equal(ha.ToArray<double>(), hb.ToArray<double>());
    }

    [Fact]
    public void ForwardFinalState_IsLastOutput_ReverseFinalState_IsFirstOutput()
    {
        var lstm = new Lstm(3, 4, bidirectional: true, dtype: DType.Float64);
        var (o, s) = lstm.Call(Tensor.Randn([5, 2, 3], DType.Float64));
        Assert.Equal(o.Select(0, 4).Narrow(1, 0, 4).Contiguous().ToArray<double>(), s.H.Select(0, 0).ToArray<double>());
        Assert.Equal(o.Select(0, 0).Narrow(1, 4, 4).Contiguous().ToArray<double>(), s.H.Select(0, 1).ToArray<double>());
    }

    [Fact]
    public void DropoutBetweenLayers_OnlyInTraining()
    {
        var x = Tensor.Randn([6, 2, 3], DType.Float64, new Generator(3));
        var withDropout = new Lstm(3, 8, numLayers: 2, dropout: 0.5, dtype: DType.Float64, generator: new Generator(4));
        var without = new Lstm(3, 8, numLayers: 2, dtype: DType.Float64, generator: new Generator(4));
        double[] reference = without.Call(x).Output.ToArray<double>();
        double[] train1 = withDropout.Call(x).Output.ToArray<double>(), train2 = withDropout.Call(x).Output.ToArray<double>();
        Assert.NotEqual(reference, train1);
        Assert.NotEqual(train1, train2);
        withDropout.Eval();
        Assert.Equal(reference, withDropout.Call(x).Output.ToArray<double>());
        // One layer: nothing to drop between, so training mode changes nothing.
        var single = new Gru(3, 8, dropout: 0.5, dtype: DType.Float64, generator: new Generator(5));
        Assert.Equal(single.Call(x).Output.ToArray<double>(), single.Call(x).Output.ToArray<double>());
    }

    [Fact]
    public void WrongInputWidth_NamesExpectedAndActual()
    {
        var lstm = new Lstm(64, 256, batchFirst: true);
        var e = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros([32, 10, 65])));
        Assert.Contains("[N, T, 64]", e.Message);
        Assert.Contains("[32, 10, 65]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => new Gru(4, 8).Call(Tensor.Zeros([4])));
        Assert.Contains("[T, N, 4]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => new LstmCell(4, 8).Call(Tensor.Zeros([2, 5])));
        Assert.Contains("[N, 4]", e3.Message);
        Assert.Contains("[2, 5]", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => new Rnn(4, 8).Call(Tensor.Zeros([3, 2, 4], DType.Float64)));
        Assert.Contains("Float64", e4.Message);
    }

    [Fact]
    public void WrongStateShape_NamesExpectedAndActual()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, bidirectional: true);
        var x = Tensor.Zeros([5, 2, 3]);
        var e = Assert.Throws<ArgumentException>(() => lstm.Call((x, new LstmState(Tensor.Zeros([2, 2, 4]), Tensor.Zeros([4, 2, 4])))));
        Assert.Contains("h_0 [4, 2, 4]", e.Message);
        Assert.Contains("[2, 2, 4]", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => lstm.Call((x, new LstmState(Tensor.Zeros([4, 2, 4]), Tensor.Zeros([4, 3, 4])))));
        Assert.Contains("c_0 [4, 2, 4]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => new GruCell(3, 4).Call((Tensor.Zeros([2, 3]), Tensor.Zeros([2, 5]))));
        Assert.Contains("hidden [2, 4]", e3.Message);
        Assert.Contains("[2, 5]", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => new LstmCell(3, 4).Call((Tensor.Zeros([3]), new LstmState(Tensor.Zeros([2, 4]), Tensor.Zeros([4])))));
        Assert.Contains("h [4]", e4.Message);
    }

    [Fact]
    public void Init_IsUniformWithinOneOverSqrtHidden()
    {
        var lstm = new Lstm(10, 16, numLayers: 2);
        double bound = 1 / Math.Sqrt(16);
        foreach (var (name, p) in lstm.NamedParameters())
        {
            float[] v = p.ToArray<float>();
            Assert.True(v.All(a => Math.Abs(a) <= bound), name);
            Assert.True(v.Max() > 0.8 * bound && v.Min() < -0.8 * bound, name);
        }
    }

    [Fact]
    public void Float64Module_ToFloat32_StillRuns()
    {
        var gru = new Gru(3, 4, dtype: DType.Float64);
        gru.To(DType.Float32);
        var (o, _) = gru.Call(Tensor.Randn([2, 1, 3]));
        Assert.Equal(DType.Float32, o.DType);
    }

    private sealed class Classifier : Module<Tensor, Tensor>
    {
        private readonly Lstm _rnn;
        private readonly Dense _fc;

        public Classifier()
        {
            _rnn = RegisterModule("rnn", new Lstm(3, 5, batchFirst: true));
            _fc = RegisterModule("fc", new Dense(5, 2));
        }

        public override Tensor Forward(Tensor input) => _fc.Call(_rnn.Call(input).State.H[-1]);
    }

    [Fact]
    public void Summary_ListsTheLstm_WithItsParametersAndGemmFlops()
    {
        var summary = new Classifier().Summary([4, 7, 3]);
        var row = summary.Layers.Single(l => l.Name == "rnn");
        Assert.Equal("Lstm", row.Type);
        Assert.Equal(4L * ((5 + 3) * 5 + 2 * 5), row.Parameters);
        Assert.Equal(2L * 7 * 4 * 20 * (3 + 5), row.Flops);   // 2·T·N·4H·(I + H)
        Assert.Equal([4, 7, 5], row.OutputShapes[0].ToArray());
        Assert.Equal(["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "fc.weight", "fc.bias"],
            new Classifier().NamedParameters().Select(p => p.Name));
    }
}
