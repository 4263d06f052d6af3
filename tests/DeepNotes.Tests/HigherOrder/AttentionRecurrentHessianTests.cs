using DeepNotes;
using DeepNotes.Layers;
using R = DeepNotes.Tests.HigherOrder.HessianLstmAttentionReference;
using DeepNotes.Tests.TestSupport;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Hessians of a small LSTM model and a small self-attention model (fused paths) against
/// <c>torch.autograd.functional.hessian</c> (torch 1.13, float64, committed script
/// <c>reference/hessian_lstm_attention_reference.py</c>), with respect to the input and to one weight matrix as a flat
/// parameter vector, within 1e-8 relative.
/// </summary>
public class AttentionRecurrentHessianTests
{
    /// <summary>The script's mat(shape, seed, scale): scale·sin(0.37 i² + 1.3 i + seed) in row-major order.</summary>
    private static Tensor Mat(int[] shape, int seed, double scale = 0.5)
    {
        int n = 1;
        foreach (int s in shape) n *= s;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = scale * Math.Sin(0.37 * i * i + 1.3 * i + seed);
        return Tensor.FromArray(values, new Shape(shape));
    }

    private static void Load(Module module, params (string Name, Tensor Value)[] state)
    {
        var dict = state.ToDictionary(s => s.Name, s => s.Value);
        Assert.True(module.LoadStateDict(dict).IsExactMatch);
    }

    /// <summary>∂²f/∂p∂p of a scalar <paramref name="loss"/> over a parameter leaf of the model, row by row (flat).</summary>
    private static double[] ParameterHessian(Func<Tensor> loss, Tensor parameter)
    {
        Tensor g = Autograd.Grad(loss(), [parameter], createGraph: true)[0].Reshape(-1);
        int n = g.Shape[0];
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            Tensor row = Autograd.Grad(g.Narrow(0, i, 1).Sum(), [parameter], retainGraph: true)[0];
            row.Contiguous().ToArray<double>().CopyTo(h, i * n);
        }
        return h;
    }

    /// <summary>The largest |expected| (the floor of the relative tolerance is 1e-3 of it); it must not be zero.</summary>
    private static double Scale(double[] expected)
    {
        double scale = expected.Max(Math.Abs);
        Assert.True(scale > 0);
        return scale;
    }

    private static (Lstm Lstm, Dense Dense) LstmModel()
    {
        var lstm = new Lstm(3, 4, dtype: DType.Float64);
        var dense = new Dense(4, 1, dtype: DType.Float64);
        Load(lstm, ("weight_ih_l0", Mat([16, 3], 1)), ("weight_hh_l0", Mat([16, 4], 2)), ("bias_ih_l0", Mat([16], 3)), ("bias_hh_l0", Mat([16], 4)));
        Load(dense, ("weight", Mat([1, 4], 5)), ("bias", Mat([1], 6)));
        return (lstm, dense);
    }

    private static Tensor LstmLoss(Lstm lstm, Dense dense, Tensor x) => dense.Call(lstm.Call(x).Output.Select(0, 2)).Sum();

    [Fact]
    public void Lstm_HessianOfTheInput_MatchesTorch()
    {
        var (lstm, dense) = LstmModel();
        Tensor x = Mat([3, 2, 3], 7, 1.0);
        AssertClose(R.LstmLoss, LstmLoss(lstm, dense, x).ToArray<double>(), 1e-8 * 1e-3 * Scale(R.LstmLoss), 1e-8, rule: ToleranceRule.Max);
        Tensor h = Autograd.Hessian(t => LstmLoss(lstm, dense, t), x);
        Assert.Equal(new Shape(R.LstmHessXShape), h.Shape);
        AssertClose(R.LstmHessX, h.Contiguous().ToArray<double>(), 1e-8 * 1e-3 * Scale(R.LstmHessX), 1e-8, rule: ToleranceRule.Max);
    }

    [Fact]
    public void Lstm_HessianOfTheInputWeights_MatchesTorch()
    {
        var (lstm, dense) = LstmModel();
        Tensor x = Mat([3, 2, 3], 7, 1.0);
        AssertClose(R.LstmHessWih, ParameterHessian(() => LstmLoss(lstm, dense, x), lstm.WeightIh(0)), 1e-8 * 1e-3 * Scale(R.LstmHessWih), 1e-8, rule: ToleranceRule.Max);
    }

    private static MultiHeadAttention AttentionModel()
    {
        var mha = new MultiHeadAttention(4, 2, dtype: DType.Float64);
        Load(mha, ("in_proj_weight", Mat([12, 4], 8)), ("in_proj_bias", Mat([12], 9)), ("out_proj.weight", Mat([4, 4], 10)),
            ("out_proj.bias", Mat([4], 11)));
        return mha;
    }

    private static Tensor AttentionLoss(MultiHeadAttention mha, Tensor x) =>
        (mha.Call(x, x, x, needWeights: false).Output * Mat([3, 2, 4], 13, 1.0)).Sum();

    [Fact]
    public void SelfAttention_HessianOfTheInput_MatchesTorch()
    {
        MultiHeadAttention mha = AttentionModel();
        Tensor x = Mat([3, 2, 4], 12, 1.0);
        AssertClose(R.AttentionLoss, AttentionLoss(mha, x).ToArray<double>(), 1e-8 * 1e-3 * Scale(R.AttentionLoss), 1e-8, rule: ToleranceRule.Max);
        Tensor h = Autograd.Hessian(t => AttentionLoss(mha, t), x);
        Assert.Equal(new Shape(R.AttentionHessXShape), h.Shape);
        AssertClose(R.AttentionHessX, h.Contiguous().ToArray<double>(), 1e-8 * 1e-3 * Scale(R.AttentionHessX), 1e-8, rule: ToleranceRule.Max);
    }

    [Fact]
    public void SelfAttention_HessianOfTheInProjection_MatchesTorch()
    {
        MultiHeadAttention mha = AttentionModel();
        Tensor x = Mat([3, 2, 4], 12, 1.0);
        AssertClose(R.AttentionHessWin, ParameterHessian(() => AttentionLoss(mha, x), mha.InProjWeight!), 1e-8 * 1e-3 * Scale(R.AttentionHessWin), 1e-8, rule: ToleranceRule.Max);
    }
}
