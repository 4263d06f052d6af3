using DeepNotes;
using static DeepNotes.Tests.Attention.AttentionReference;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Attention;

public class ScaledDotProductAttentionTests
{
    private static Tensor Randn(int[] shape, DType dtype, Generator g, bool grad = false) =>
        Tensor.Randn(shape, dtype, g, requiresGrad: grad);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Forward_MatchesScalarReference_WithoutMask(DType dtype)
    {
        var g = new Generator(1);
        var q = Randn([2, 3, 5, 4], dtype, g);
        var k = Randn([2, 3, 7, 4], dtype, g);
        var v = Randn([2, 3, 7, 6], dtype, g);
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v);
        Assert.Equal([2, 3, 5, 6], o.Shape.ToArray());
        Assert.Equal([2, 3, 5, 7], w.Shape.ToArray());
        var (eo, ew) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 6, 5, 7, 4, 6, 0.5);
        double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        AssertClose(eo, ToDoubles(o), tol, tol);
        AssertClose(ew, ToDoubles(w), tol, tol);
        AssertClose(eo, ToDoubles(Functional.ScaledDotProductAttention(q, k, v)), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Forward_BoolMask_TrueTakesPart_BroadcastOverBatch(DType dtype)
    {
        var g = new Generator(2);
        var q = Randn([2, 4, 3], dtype, g);
        var k = Randn([2, 5, 3], dtype, g);
        var v = Randn([2, 5, 2], dtype, g);
        // [L, S] mask shared by both batch matrices
        bool[] m = new bool[4 * 5];
        for (int i = 0; i < m.Length; i++) m[i] = (i * 7 + 3) % 5 != 0;
        var mask = Tensor.FromArray(m, [4, 5]);
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, mask, scale: 0.7);
        var (eo, ew) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 2, 4, 5, 3, 2, 0.7,
            (i, l, s) => m[l * 5 + s] ? 0 : double.NegativeInfinity);
        double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        AssertClose(eo, ToDoubles(o), tol, tol);
        AssertClose(ew, ToDoubles(w), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Forward_FloatMask_IsAdded_AndCausalMasksTheFuture(DType dtype)
    {
        var g = new Generator(3);
        var q = Randn([3, 4, 3], dtype, g);
        var k = Randn([3, 4, 3], dtype, g);
        var v = Randn([3, 4, 2], dtype, g);
        var fm = Randn([3, 1, 4], dtype, g); // per batch, broadcast over query rows
        double[] fmv = ToDoubles(fm);
        double tol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        var (eo, _) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 3, 4, 4, 3, 2, 1 / Math.Sqrt(3), (i, l, s) => fmv[i * 4 + s]);
        AssertClose(eo, ToDoubles(Functional.ScaledDotProductAttention(q, k, v, fm)), tol, tol);
        var (co, cw) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 3, 4, 4, 3, 2, 1 / Math.Sqrt(3), causal: true);
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, isCausal: true);
        AssertClose(co, ToDoubles(o), tol, tol);
        AssertClose(cw, ToDoubles(w), tol, tol);
        // the causal option is the same as the subsequent mask
        AssertClose(co, ToDoubles(Functional.ScaledDotProductAttention(q, k, v, Functional.GenerateSquareSubsequentMask(4, dtype))), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void MaskedPositions_GetExactlyZeroWeight(DType dtype)
    {
        var g = new Generator(4);
        var q = Randn([2, 6, 8], dtype, g) * 30; // large scores: masked entries must still be exact zeros
        var k = Randn([2, 9, 8], dtype, g) * 30;
        var v = Randn([2, 9, 3], dtype, g);
        var keep = Tensor.Rand([2, 6, 9], generator: g).Greater(Tensor.Scalar(0.4f));
        var (_, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, keep);
        bool[] kept = keep.ToArray<bool>();
        double[] wv = ToDoubles(w);
        for (int i = 0; i < wv.Length; i++)
            if (!kept[i]) Assert.Equal(0.0, wv[i]);
        var (_, wc) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, isCausal: true);
        double[] wcv = ToDoubles(wc);
        for (int b = 0; b < 2; b++)
            for (int l = 0; l < 6; l++)
                for (int s = l + 1; s < 9; s++) Assert.Equal(0.0, wcv[(b * 6 + l) * 9 + s]);
        var fmask = Tensor.Where(keep, Tensor.Scalar(0.0, dtype), Tensor.Scalar(double.NegativeInfinity, dtype));
        var (_, wf) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, fmask);
        Assert.Equal(wv, ToDoubles(wf));
    }

    [Theory]
    [InlineData(DType.Float32, 16)]
    [InlineData(DType.Float32, 37)]
    [InlineData(DType.Float32, 64)]
    [InlineData(DType.Float64, 37)]
    public void LongRows_VectorPaths_MatchScalarReference_WithMasksCausalAndGradient(DType dtype, int S)
    {
        // rows of 16 or more keys take the fused Vector512 softmax (37: with a scalar tail)
        var g = new Generator((ulong)S);
        int L = 40;
        var q = Randn([2, L, 8], dtype, g, grad: true);
        var k = Randn([2, S, 8], dtype, g, grad: true);
        var v = Randn([2, S, 3], dtype, g, grad: true);
        var keep = Tensor.Rand([2, L, S], generator: g).Greater(Tensor.Scalar(0.2f));
        bool[] kept = keep.ToArray<bool>();
        double tol = dtype == DType.Float32 ? 2e-5 : 1e-12;
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, keep);
        var (eo, ew) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 2, L, S, 8, 3, 1 / Math.Sqrt(8),
            (i, l, s) => kept[(i * L + l) * S + s] ? 0 : double.NegativeInfinity);
        AssertClose(eo, ToDoubles(o), tol, tol);
        AssertClose(ew, ToDoubles(w), tol, tol);
        double[] wv = ToDoubles(w);
        for (int i = 0; i < wv.Length; i++)
            if (!kept[i]) Assert.Equal(0.0, wv[i]);
        var (co, cw) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, isCausal: true);
        var (eco, ecw) = Sdpa(ToDoubles(q), ToDoubles(k), ToDoubles(v), 2, L, S, 8, 3, 1 / Math.Sqrt(8), causal: true);
        AssertClose(eco, ToDoubles(co), tol, tol);
        AssertClose(ecw, ToDoubles(cw), tol, tol);
        // backward of the vector path against the float64 result
        var r = Randn([2, L, 3], dtype, g);
        (o * r).Sum().Backward();
        var q64 = q.Detach().To(DType.Float64); q64.RequiresGrad = true;
        var k64 = k.Detach().To(DType.Float64); k64.RequiresGrad = true;
        var v64 = v.Detach().To(DType.Float64); v64.RequiresGrad = true;
        (Functional.ScaledDotProductAttention(q64, k64, v64, keep) * r.To(DType.Float64)).Sum().Backward();
        AssertClose(q64.Grad!.ToArray<double>(), ToDoubles(q.Grad!), 1e-4, 1e-4);
        AssertClose(k64.Grad!.ToArray<double>(), ToDoubles(k.Grad!), 1e-4, 1e-4);
        AssertClose(v64.Grad!.ToArray<double>(), ToDoubles(v.Grad!), 1e-4, 1e-4);
    }

    [Fact]
    public void FullyMaskedRow_GivesZeroOutputAndZeroGradient()
    {
        var g = new Generator(5);
        var q = Randn([3, 4], DType.Float64, g, grad: true);
        var k = Randn([5, 4], DType.Float64, g, grad: true);
        var v = Randn([5, 2], DType.Float64, g, grad: true);
        var mb = Enumerable.Repeat(true, 15).ToArray();
        for (int s = 0; s < 5; s++) mb[5 + s] = false; // row 1 sees nothing
        var mask = Tensor.FromArray(mb, [3, 5]);
        var (o, w) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, mask);
        double[] ov = o.ToArray<double>(), wv = w.ToArray<double>();
        Assert.All(ov.Skip(2).Take(2), x => Assert.Equal(0.0, x));
        Assert.All(wv.Skip(5).Take(5), x => Assert.Equal(0.0, x));
        Assert.DoesNotContain(ov, double.IsNaN);
        o.Sum().Backward();
        Assert.All(q.Grad!.ToArray<double>().Skip(4).Take(4), x => Assert.Equal(0.0, x));
        Assert.DoesNotContain(k.Grad!.ToArray<double>(), double.IsNaN);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2], mask), q, k, v);
        // the Float32 vector path (20 keys) with an all −∞ float row
        var fm = Tensor.Zeros([3, 20]);
        var fmv = fm.ToArray<float>();
        for (int s = 0; s < 20; s++) fmv[20 + s] = float.NegativeInfinity;
        var (o32, w32) = Functional.ScaledDotProductAttentionWithWeights(Tensor.Randn([3, 4], generator: g), Tensor.Randn([20, 4], generator: g),
            Tensor.Randn([20, 2], generator: g), Tensor.FromArray(fmv, [3, 20]));
        Assert.All(o32.ToArray<float>().Skip(2).Take(2), x => Assert.Equal(0f, x));
        Assert.All(w32.ToArray<float>().Skip(20).Take(20), x => Assert.Equal(0f, x));
        Assert.Equal(1.0, w32.ToArray<float>().Take(20).Sum(), 5);
    }

    [Fact]
    public void GradCheck_NoMask_BoolMask_FloatMaskWithGrad_Causal()
    {
        var g = new Generator(6);
        var q = Randn([2, 3, 4], DType.Float64, g, grad: true);
        var k = Randn([2, 5, 4], DType.Float64, g, grad: true);
        var v = Randn([2, 5, 3], DType.Float64, g, grad: true);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2]), q, k, v);
        var keep = Tensor.Rand([2, 3, 5], generator: g).Greater(Tensor.Scalar(0.3f));
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2], keep, scale: 0.3), q, k, v);
        var fmask = Randn([3, 5], DType.Float64, g, grad: true); // broadcast over the batch: its gradient sums
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2], i[3]), q, k, v, fmask);
        var kc = Randn([2, 3, 4], DType.Float64, g, grad: true);
        var vc = Randn([2, 3, 3], DType.Float64, g, grad: true);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2], isCausal: true), q, kc, vc);
    }

    [Fact]
    public void GradCheck_SelfAttentionOnOneTensor_NonContiguousInputs_AndWeightsOutput()
    {
        var g = new Generator(7);
        var x = Randn([2, 4, 3], DType.Float64, g, grad: true);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[0], i[0], isCausal: true), x);
        var qt = Randn([2, 3, 4], DType.Float64, g).Detach();
        qt.RequiresGrad = true;
        var k = Randn([2, 5, 3], DType.Float64, g, grad: true);
        var v = Randn([2, 5, 2], DType.Float64, g, grad: true);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0].Transpose(1, 2), i[1], i[2]), qt, k, v);
        var r = Randn([2, 4, 5], DType.Float64, g);
        // a loss that reads both the output and the weights
        GradCheck.Check(i =>
        {
            var (o, w) = Functional.ScaledDotProductAttentionWithWeights(i[0].Transpose(1, 2), i[1], i[2]);
            return o.Sum() + (w * r).Sum();
        }, qt, k, v);
    }

    [Fact]
    public void Dropout_ZeroesOrRescalesWeights_AndPassesGradCheckWithAFixedSeed()
    {
        var g = new Generator(8);
        var q = Randn([2, 6, 4], DType.Float64, g, grad: true);
        var k = Randn([2, 7, 4], DType.Float64, g, grad: true);
        var v = Randn([2, 7, 3], DType.Float64, g, grad: true);
        var (_, plain) = Functional.ScaledDotProductAttentionWithWeights(q, k, v);
        var (o, dropped) = Functional.ScaledDotProductAttentionWithWeights(q, k, v, dropoutP: 0.25, generator: new Generator(9));
        double[] pw = plain.ToArray<double>(), dw = dropped.ToArray<double>();
        int zeros = 0;
        for (int i = 0; i < pw.Length; i++)
        {
            if (dw[i] == 0) zeros++;
            else Assert.Equal(pw[i] / 0.75, dw[i], 12);
        }
        Assert.InRange(zeros, 10, 40); // 84 weights, p = 0.25
        // output = dropped weights · V
        AssertClose(ToDoubles(dropped.MatMul(v)), o.ToArray<double>(), 1e-12, 1e-12);
        GradCheck.Check(i => Functional.ScaledDotProductAttention(i[0], i[1], i[2], dropoutP: 0.3, generator: new Generator(10)), q, k, v);
    }

    [Fact]
    public void BadInputs_ThrowWithShapes()
    {
        var q = Tensor.Zeros([2, 3, 4]);
        var ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, Tensor.Zeros([2, 5, 3]), Tensor.Zeros([2, 5, 2])));
        Assert.Contains("[2, 5, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, Tensor.Zeros([2, 5, 4]), Tensor.Zeros([2, 6, 2])));
        Assert.Contains("[2, 6, 2]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, Tensor.Zeros([3, 5, 4]), Tensor.Zeros([3, 5, 2])));
        Assert.Contains("leading dimensions", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, q, q, Tensor.Zeros([2, 4])));
        Assert.Contains("cannot be broadcast", ex.Message);
        Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, q, q, Tensor.Zeros([3, 3]), isCausal: true));
        Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, q, q, Tensor.Zeros([3, 3], DType.Float64)));
        Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(q, q.To(DType.Float64), q));
        Assert.Throws<ArgumentException>(() => Functional.ScaledDotProductAttention(Tensor.Zeros([4]), q, q));
    }
}
