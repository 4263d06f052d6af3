using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Attention.AttentionReference;

namespace DeepNotes.Tests.Attention;

public class PositionalEncodingTests
{
    [Fact]
    public void SinusoidalTable_IsTheVaswaniFormula_IncludingOddWidth()
    {
        var pe = SinusoidalPositionalEncoding.Table(50, 7).ToArray<double>();
        // hand-computed entries: PE[pos, 2i] = sin(pos / 10000^(2i/7)), PE[pos, 2i+1] = cos(pos / 10000^(2i/7))
        Assert.Equal(0.0, pe[0]);
        Assert.Equal(1.0, pe[1]);
        Assert.Equal(Math.Sin(1), pe[7 + 0], 15);
        Assert.Equal(Math.Cos(1), pe[7 + 1], 15);
        Assert.Equal(Math.Sin(3 / Math.Pow(10000, 2.0 / 7)), pe[3 * 7 + 2], 14);
        Assert.Equal(Math.Cos(3 / Math.Pow(10000, 2.0 / 7)), pe[3 * 7 + 3], 14);
        Assert.Equal(Math.Sin(49 / Math.Pow(10000, 6.0 / 7)), pe[49 * 7 + 6], 14);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sinusoidal_AddsTheTableAlongTheSequenceAxis_AndIsABuffer(bool batchFirst)
    {
        var layer = new SinusoidalPositionalEncoding(6, maxLen: 20, dropout: 0, batchFirst: batchFirst, dtype: DType.Float64);
        Assert.Equal(["pe"], layer.StateDict().Keys.ToArray());
        Assert.Equal(0, layer.ParameterCount());
        var x = Tensor.Randn([3, 4, 6], DType.Float64, new Generator(1));
        double[] y = layer.Call(x).ToArray<double>(), xv = x.ToArray<double>();
        double[] table = SinusoidalPositionalEncoding.Table(20, 6).ToArray<double>();
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 4; b++)
                for (int e = 0; e < 6; e++)
                {
                    int pos = batchFirst ? b : a, i = (a * 4 + b) * 6 + e;
                    Assert.Equal(xv[i] + table[pos * 6 + e], y[i], 14);
                }
        var xg = Tensor.Randn([3, 2, 6], DType.Float64, new Generator(2), requiresGrad: true);
        GradCheck.Check(i => layer.Call(i[0]), xg);
        var ex = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Zeros([21, 21, 6], DType.Float64)));
        Assert.Contains("exceeds max_len 20", ex.Message);
    }

    [Fact]
    public void Sinusoidal_DropoutInTrainingOnly()
    {
        var layer = new SinusoidalPositionalEncoding(8, maxLen: 10, dropout: 0.5, generator: new Generator(3));
        var x = Tensor.Zeros([10, 4, 8]);
        float[] train = layer.Call(x).ToArray<float>();
        Assert.Contains(0f, train.Where((_, i) => i % 2 == 1)); // cosine columns are never 0 without dropout
        layer.Eval();
        float[] eval = layer.Call(x).ToArray<float>();
        Assert.Equal(SinusoidalPositionalEncoding.Table(10, 8).ToArray<double>()[8 + 1], eval[4 * 8 + 1], 6);
    }

    [Fact]
    public void Learned_AddsRowsOfItsWeight_AndGetsGradientOnThoseRowsOnly()
    {
        var layer = new LearnedPositionalEncoding(10, 4, dropout: 0, batchFirst: true, dtype: DType.Float64, generator: new Generator(4));
        Assert.Equal(["weight"], layer.StateDict().Keys.ToArray());
        var x = Tensor.Randn([2, 3, 4], DType.Float64, new Generator(5), requiresGrad: true);
        var y = layer.Call(x);
        double[] w = layer.Weight.ToArray<double>(), xv = x.ToArray<double>(), yv = y.ToArray<double>();
        for (int i = 0; i < yv.Length; i++) Assert.Equal(xv[i] + w[(i / 4 % 3) * 4 + i % 4], yv[i], 15);
        y.Sum().Backward();
        double[] gw = layer.Weight.Grad!.ToArray<double>();
        for (int i = 0; i < gw.Length; i++) Assert.Equal(i < 12 ? 2.0 : 0.0, gw[i]);
        GradCheck.Check(_ => layer.Call(x), x, layer.Weight);
        var sf = new LearnedPositionalEncoding(10, 4, dropout: 0, dtype: DType.Float64);
        GradCheck.Check(_ => sf.Call(x), x, sf.Weight);
    }
}

public class AdditiveAttentionTests
{
    [Fact]
    public void Forward_MatchesScalarLoops_AndMaskedKeysGetZeroWeight()
    {
        var g = new Generator(6);
        var att = new AdditiveAttention(3, 2, 5, dtype: DType.Float64, generator: g);
        Assert.Equal(["W_q.weight", "W_k.weight", "w_v.weight"], att.StateDict().Keys.ToArray());
        var q = Tensor.Randn([2, 4, 3], DType.Float64, g);
        var k = Tensor.Randn([2, 6, 2], DType.Float64, g);
        var v = Tensor.Randn([2, 6, 3], DType.Float64, g);
        bool[] pad = [false, false, true, false, true, false, false, false, false, false, false, true];
        var (o, w) = att.Call(q, k, v, Tensor.FromArray(pad, [2, 6]));
        double[] wq = att.WQ.Weight.ToArray<double>(), wk = att.WK.Weight.ToArray<double>(), wv = att.WV.Weight.ToArray<double>();
        double[] qv = q.ToArray<double>(), kv = k.ToArray<double>(), vv = v.ToArray<double>(), ov = o.ToArray<double>(), ww = w.ToArray<double>();
        for (int b = 0; b < 2; b++)
            for (int l = 0; l < 4; l++)
            {
                var score = new double[6];
                for (int s = 0; s < 6; s++)
                {
                    for (int h = 0; h < 5; h++)
                    {
                        double f = 0;
                        for (int e = 0; e < 3; e++) f += wq[h * 3 + e] * qv[(b * 4 + l) * 3 + e];
                        for (int e = 0; e < 2; e++) f += wk[h * 2 + e] * kv[(b * 6 + s) * 2 + e];
                        score[s] += wv[h] * Math.Tanh(f);
                    }
                }
                double max = Enumerable.Range(0, 6).Where(s => !pad[b * 6 + s]).Max(s => score[s]);
                double sum = Enumerable.Range(0, 6).Where(s => !pad[b * 6 + s]).Sum(s => Math.Exp(score[s] - max));
                for (int s = 0; s < 6; s++)
                {
                    double expected = pad[b * 6 + s] ? 0 : Math.Exp(score[s] - max) / sum;
                    if (pad[b * 6 + s]) Assert.Equal(0.0, ww[(b * 4 + l) * 6 + s]);
                    else Assert.Equal(expected, ww[(b * 4 + l) * 6 + s], 12);
                }
                for (int e = 0; e < 3; e++)
                {
                    double expected = 0;
                    for (int s = 0; s < 6; s++) expected += ww[(b * 4 + l) * 6 + s] * vv[(b * 6 + s) * 3 + e];
                    Assert.Equal(expected, ov[(b * 4 + l) * 3 + e], 12);
                }
            }
    }

    [Fact]
    public void GradCheck_WithMask_Float32Runs_AndFullyMaskedRowIsZero()
    {
        var g = new Generator(7);
        var att = new AdditiveAttention(3, 2, 4, dtype: DType.Float64, generator: g);
        var q = Tensor.Randn([2, 3, 3], DType.Float64, g, requiresGrad: true);
        var k = Tensor.Randn([2, 4, 2], DType.Float64, g, requiresGrad: true);
        var v = Tensor.Randn([2, 4, 2], DType.Float64, g, requiresGrad: true);
        var pad = Tensor.FromArray(new[] { false, true, false, false, true, true, true, true }, [2, 4]); // batch 1 fully padded
        GradCheck.Check(_ =>
        {
            var (o, w) = att.Call(q, k, v, pad);
            return o.Sum() + (w * w).Sum();
        }, [q, k, v, .. att.Parameters()]);
        var (o1, w1) = att.Call(q, k, v, pad);
        Assert.All(o1.ToArray<double>().Skip(6), x => Assert.Equal(0.0, x));
        Assert.All(w1.ToArray<double>().Skip(12), x => Assert.Equal(0.0, x));
        var att32 = new AdditiveAttention(3, 2, 4, generator: g);
        var (o32, w32) = att32.Call(q.To(DType.Float32), k.To(DType.Float32), v.To(DType.Float32), pad);
        Assert.Equal([2, 3, 2], o32.Shape.ToArray());
        Assert.Equal(1.0, w32.ToArray<float>().Take(4).Sum(), 5);
        var ex = Assert.Throws<ArgumentException>(() => att.Call(q, Tensor.Zeros([2, 4, 3], DType.Float64), v, null));
        Assert.Contains("[2, 4, 3]", ex.Message);
    }
}
