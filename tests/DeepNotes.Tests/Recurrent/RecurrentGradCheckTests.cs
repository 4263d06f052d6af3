using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Recurrent;

/// <summary>Float64 gradient checks of every cell and of multi-layer bidirectional layers with initial states.</summary>
public class RecurrentGradCheckTests
{
    private static Tensor Rand(int[] shape, Generator g) => Tensor.Randn(shape, DType.Float64, g, requiresGrad: true);

    private static Tensor Flat(params Tensor[] parts) => Tensor.Concat(parts.Select(p => p.Reshape(-1)).ToArray(), 0);

    [Theory]
    [InlineData(RnnNonlinearity.Tanh, true)]
    [InlineData(RnnNonlinearity.Relu, true)]
    [InlineData(RnnNonlinearity.Tanh, false)]
    public void RnnCell_GradCheck(RnnNonlinearity act, bool bias)
    {
        var g = new Generator(1);
        var cell = new RnnCell(3, 4, bias, act, DType.Float64, g);
        Tensor x = Rand([2, 3], g), h = Rand([2, 4], g);
        GradCheck.Check(xs => cell.Call((xs[0], xs[1])), [x, h, .. cell.Parameters()]);
    }

    [Fact]
    public void LstmCell_GradCheck_BatchedAndUnbatched()
    {
        var g = new Generator(2);
        var cell = new LstmCell(3, 4, dtype: DType.Float64, generator: g);
        Tensor x = Rand([2, 3], g), h = Rand([2, 4], g), c = Rand([2, 4], g);
        GradCheck.Check(xs => { var s = cell.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(s.H, s.C); }, [x, h, c, .. cell.Parameters()]);
        Tensor x1 = Rand([3], g), h1 = Rand([4], g), c1 = Rand([4], g);
        GradCheck.Check(xs => { var s = cell.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(s.H, s.C); }, x1, h1, c1);
    }

    [Fact]
    public void GruCell_GradCheck()
    {
        var g = new Generator(3);
        var cell = new GruCell(3, 4, dtype: DType.Float64, generator: g);
        Tensor x = Rand([2, 3], g), h = Rand([2, 4], g);
        GradCheck.Check(xs => cell.Call((xs[0], xs[1])), [x, h, .. cell.Parameters()]);
        GradCheck.Check(xs => cell.Call(xs[0]), Rand([3], g));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lstm_TwoLayerBidirectionalBatchFirst_WithStates_GradCheck(bool fused)
    {
        var g = new Generator(4);
        var lstm = new Lstm(3, 3, numLayers: 2, batchFirst: true, bidirectional: true, dtype: DType.Float64, generator: g) { UseFusedKernels = fused };
        Tensor x = Rand([2, 3, 3], g), h0 = Rand([4, 2, 3], g), c0 = Rand([4, 2, 3], g);
        GradCheck.Check(xs =>
        {
            var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2])));
            return Flat(o, s.H, s.C);
        }, [x, h0, c0, .. lstm.Parameters()]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gru_TwoLayerBidirectional_WithState_GradCheck(bool fused)
    {
        var g = new Generator(5);
        var gru = new Gru(3, 3, numLayers: 2, bidirectional: true, dtype: DType.Float64, generator: g) { UseFusedKernels = fused };
        Tensor x = Rand([3, 2, 3], g), h0 = Rand([4, 2, 3], g);
        GradCheck.Check(xs => { var (o, h) = gru.Call((xs[0], xs[1])); return Flat(o, h); }, [x, h0, .. gru.Parameters()]);
    }

    [Theory]
    [InlineData(RnnNonlinearity.Tanh)]
    [InlineData(RnnNonlinearity.Relu)]
    public void Rnn_TwoLayerBidirectionalBatchFirst_WithState_GradCheck(RnnNonlinearity act)
    {
        var g = new Generator(6);
        var rnn = new Rnn(3, 3, numLayers: 2, nonlinearity: act, batchFirst: true, bidirectional: true, dtype: DType.Float64, generator: g);
        Tensor x = Rand([2, 3, 3], g), h0 = Rand([4, 2, 3], g);
        GradCheck.Check(xs => { var (o, h) = rnn.Call((xs[0], xs[1])); return Flat(o, h); }, [x, h0, .. rnn.Parameters()]);
    }

    [Fact]
    public void Lstm_NoBias_Unbatched_OnlyFinalStateUsed_GradCheck()
    {
        var g = new Generator(7);
        var lstm = new Lstm(2, 3, bias: false, dtype: DType.Float64, generator: g);
        GradCheck.Check(xs => lstm.Call(xs[0]).State.H, [Rand([4, 2], g), .. lstm.Parameters()]);
    }

    [Fact]
    public void GruAndRnn_WithoutInitialState_GradCheck()
    {
        var g = new Generator(8);
        var gru = new Gru(2, 3, numLayers: 2, dtype: DType.Float64, generator: g);
        GradCheck.Check(xs => { var (o, h) = gru.Call(xs[0]); return Flat(o, h); }, [Rand([4, 2, 2], g), .. gru.Parameters()]);
        var rnn = new Rnn(2, 3, bidirectional: true, dtype: DType.Float64, generator: g);
        GradCheck.Check(xs => { var (o, h) = rnn.Call(xs[0]); return Flat(o, h); }, [Rand([4, 2, 2], g), .. rnn.Parameters()]);
    }
}
