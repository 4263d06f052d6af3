using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Pooling.PoolingTestHelpers;

namespace DeepNotes.Tests.Pooling;

public class Dropout2DTests
{
    [Fact]
    public void Training_ZeroesWholeChannels_AboutP_AndScalesTheRest()
    {
        var drop = new Dropout2D(0.3, new Generator(7));
        Tensor y = drop.Forward(Tensor.Ones([200, 50, 3, 4]));
        float[] v = y.ToArray<float>();
        int dropped = 0;
        for (int plane = 0; plane < 200 * 50; plane++)
        {
            float[] values = v.AsSpan(plane * 12, 12).ToArray();
            Assert.All(values, a => Assert.Equal(values[0], a)); // one decision per channel
            if (values[0] == 0) dropped++;
            else Assert.Equal(1 / 0.7f, values[0], 5);
        }
        Assert.InRange(dropped / 10000.0, 0.28, 0.32);
    }

    [Fact]
    public void Mask_IsDrawnPerChannelInOrder_FromTheGenerator()
    {
        // the n-th draw decides plane n: rebuild the mask from the same seed
        var gen = new Generator(21);
        bool[] keep = Enumerable.Range(0, 6).Select(_ => gen.NextDouble() >= 0.5).ToArray();
        Tensor y = Functional.Dropout2D(Tensor.Ones([2, 3, 2, 2], DType.Float64), 0.5, true, new Generator(21));
        double[] v = y.ToArray<double>();
        for (int plane = 0; plane < 6; plane++)
            for (int i = 0; i < 4; i++) Assert.Equal(keep[plane] ? 2.0 : 0.0, v[plane * 4 + i]);
        // unbatched [C, H, W]: one draw per channel
        Tensor u = Functional.Dropout2D(Tensor.Ones([6, 2, 2], DType.Float64), 0.5, true, new Generator(21));
        Assert.Equal(v, u.ToArray<double>());
    }

    [Fact]
    public void GradCheck_WithAFixedMask_AndGradientIsTheMask()
    {
        Tensor x = RandomInput([2, 4, 3, 3], 2);
        GradCheck.Check(i => Functional.Dropout2D(i[0], 0.4, true, new Generator(9)), x);
        Tensor y = Functional.Dropout2D(x, 0.4, true, new Generator(9));
        y.Backward(Tensor.Ones(y.Shape, DType.Float64));
        double[] yv = y.ToArray<double>(), xv = x.Grad!.ToArray<double>(), xin = x.ToArray<double>();
        for (int i = 0; i < yv.Length; i++) Assert.Equal(yv[i], xin[i] * xv[i], 12);
        Assert.Contains(0.0, xv);
        Assert.Contains(1 / 0.6, xv.Select(a => Math.Round(a, 12)).Distinct().Select(a => Math.Round(a, 9)).ToArray(), new ToleranceComparer());
    }

    [Fact]
    public void Eval_IsIdentity_AndEdgeProbabilities()
    {
        var drop = new Dropout2D(0.5);
        Tensor x = Tensor.Randn([2, 3, 4, 4]);
        drop.Eval();
        Assert.Same(x, drop.Forward(x));
        Assert.Equal("Dropout2D(p: 0.5)", drop.Describe());
        Assert.All(Functional.Dropout2D(x, 1).ToArray<float>(), v => Assert.Equal(0f, v));
        Assert.Equal(x.ToArray<float>(), Functional.Dropout2D(x, 0).ToArray<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout2D(-0.1));
        var e = Assert.Throws<ArgumentException>(() => Functional.Dropout2D(Tensor.Ones([4, 5])));
        Assert.Equal("Dropout2D expects input [N, C, H, W] or [C, H, W], got [4, 5]", e.Message);
    }

    [Fact]
    public void Float32AndFloat64_SameSeedSameMask()
    {
        Tensor x = Tensor.Ones([3, 5, 2, 2]);
        double[] a = Functional.Dropout2D(x, 0.5, true, new Generator(4)).To(DType.Float64).ToArray<double>();
        double[] b = Functional.Dropout2D(x.To(DType.Float64), 0.5, true, new Generator(4)).ToArray<double>();
        Assert.Equal(a, b);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }
}
