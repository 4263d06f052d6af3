using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Recurrent;

/// <summary>
/// The fused sequence ops (one graph node per layer and direction, hand-written BPTT) against the reference path
/// (cell by cell from plain differentiable ops): same outputs and same gradients of every parameter, input and state.
/// </summary>
public class FusedPathTests
{
    internal static (double[] Values, double[][] Grads) Run<TIn, TOut>(RecurrentLayer<TIn, TOut> layer, bool fused, Func<Tensor[]> inputs,
        Func<Tensor[], Tensor> loss)
    {
        layer.UseFusedKernels = fused;
        layer.ZeroGrad();
        Tensor[] xs = inputs();
        Tensor y = loss(xs);
        var weights = Tensor.FromArray(Enumerable.Range(0, y.ElementCount).Select(i => Math.Sin(0.37 * i + 0.2)).ToArray(), y.Shape).To(y.DType);
        (y * weights).Sum().Backward();
        var grads = xs.Concat(layer.Parameters()).Select(t => t.Grad!.To(DType.Float64).ToArray<double>()).ToArray();
        return (y.To(DType.Float64).ToArray<double>(), grads);
    }

    internal static void Same((double[] Values, double[][] Grads) a, (double[] Values, double[][] Grads) b, double tol)
    {
        Assert.Equal(a.Values.Length, b.Values.Length);
        for (int i = 0; i < a.Values.Length; i++) Assert.True(Math.Abs(a.Values[i] - b.Values[i]) <= tol, $"value {i}: {a.Values[i]} vs {b.Values[i]}");
        Assert.Equal(a.Grads.Length, b.Grads.Length);
        for (int k = 0; k < a.Grads.Length; k++)
        {
            Assert.Equal(a.Grads[k].Length, b.Grads[k].Length);
            for (int i = 0; i < a.Grads[k].Length; i++)
                Assert.True(Math.Abs(a.Grads[k][i] - b.Grads[k][i]) <= tol * (1 + Math.Abs(a.Grads[k][i])), $"grad {k}[{i}]: {a.Grads[k][i]} vs {b.Grads[k][i]}");
        }
    }

    private static Tensor Flat(params Tensor[] parts) => Tensor.Concat(parts.Select(p => p.Reshape(-1)).ToArray(), 0);

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void Lstm_FusedEqualsReference(DType dtype, double tol)
    {
        var lstm = new Lstm(5, 19, numLayers: 2, bidirectional: true, dtype: dtype, generator: new Generator(10));
        Tensor[] Inputs()
        {
            var g = new Generator(11);
            return [Tensor.Randn([6, 3, 5], dtype, g, requiresGrad: true), Tensor.Randn([4, 3, 19], dtype, g, requiresGrad: true),
                    Tensor.Randn([4, 3, 19], dtype, g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(o, s.H, s.C); }
        Same(Run(lstm, true, Inputs, Loss), Run(lstm, false, Inputs, Loss), tol);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void Gru_FusedEqualsReference(DType dtype, double tol)
    {
        var gru = new Gru(5, 21, numLayers: 2, batchFirst: true, bidirectional: true, dtype: dtype, generator: new Generator(12));
        Tensor[] Inputs()
        {
            var g = new Generator(13);
            return [Tensor.Randn([3, 6, 5], dtype, g, requiresGrad: true), Tensor.Randn([4, 3, 21], dtype, g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, h) = gru.Call((xs[0], xs[1])); return Flat(o, h); }
        Same(Run(gru, true, Inputs, Loss), Run(gru, false, Inputs, Loss), tol);
    }

    [Theory]
    [InlineData(RnnNonlinearity.Tanh, DType.Float64, 1e-12)]
    [InlineData(RnnNonlinearity.Relu, DType.Float64, 1e-12)]
    [InlineData(RnnNonlinearity.Tanh, DType.Float32, 2e-5)]
    public void Rnn_FusedEqualsReference(RnnNonlinearity act, DType dtype, double tol)
    {
        var rnn = new Rnn(5, 18, numLayers: 2, nonlinearity: act, bidirectional: true, dtype: dtype, generator: new Generator(14));
        Tensor[] Inputs()
        {
            var g = new Generator(15);
            return [Tensor.Randn([6, 3, 5], dtype, g, requiresGrad: true), Tensor.Randn([4, 3, 18], dtype, g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, h) = rnn.Call((xs[0], xs[1])); return Flat(o, h); }
        Same(Run(rnn, true, Inputs, Loss), Run(rnn, false, Inputs, Loss), tol);
    }

    [Fact]
    public void Lstm_LargeEnoughToSplitGateKernelsOverThreads_FusedEqualsReference()
    {
        // N·H = 16·256 elements per step: the gate kernels run split over the worker threads (when there are several).
        var lstm = new Lstm(8, 256, generator: new Generator(16));
        Tensor[] Inputs()
        {
            var g = new Generator(17);
            return [Tensor.Randn([3, 16, 8], generator: g, requiresGrad: true), Tensor.Randn([1, 16, 256], generator: g, requiresGrad: true),
                    Tensor.Randn([1, 16, 256], generator: g, requiresGrad: true)];
        }
        Tensor Loss(Tensor[] xs) { var (o, s) = lstm.Call((xs[0], new LstmState(xs[1], xs[2]))); return Flat(o, s.C); }
        Same(Run(lstm, true, Inputs, Loss), Run(lstm, false, Inputs, Loss), 2e-5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gru_WithoutInitialState_FusedEqualsReference(bool bias)
    {
        // A zero initial state skips the first hidden product (its projection is b_hh alone).
        var gru = new Gru(4, 5, numLayers: 2, bias: bias, bidirectional: true, dtype: DType.Float64, generator: new Generator(18));
        Tensor[] Inputs() => [Tensor.Randn([4, 2, 4], DType.Float64, new Generator(19), requiresGrad: true)];
        Tensor Loss(Tensor[] xs) { var (o, h) = gru.Call(xs[0]); return Flat(o, h); }
        Same(Run(gru, true, Inputs, Loss), Run(gru, false, Inputs, Loss), 1e-12);
    }
}
