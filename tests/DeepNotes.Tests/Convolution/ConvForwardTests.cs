using DeepNotes;

namespace DeepNotes.Tests.Convolution;

/// <summary>Forward values against the scalar double loops of <see cref="ConvNaive"/>, and output shapes against the formula.</summary>
public class ConvForwardTests
{
    // n, c, h, w, k, kh, kw, stride h/w, pad h/w, dilation h/w, groups
    public static TheoryData<int[]> Configs => new()
    {
        new[] { 2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 1, 1, 28, 28, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 3, 4, 9, 8, 6, 3, 2, 2, 2, 1, 0, 1, 1, 2 },
        new[] { 2, 4, 11, 10, 4, 3, 3, 1, 1, 2, 2, 2, 2, 4 },
        new[] { 2, 5, 6, 7, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1 },
        new[] { 1, 2, 8, 9, 3, 5, 4, 3, 2, 2, 1, 1, 2, 1 },
        new[] { 4, 6, 5, 5, 6, 3, 3, 1, 1, 0, 0, 1, 1, 3 },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Conv2D_EqualsNaiveLoops(int[] p)
    {
        var gen = new Generator(7);
        int n = p[0], c = p[1], h = p[2], w = p[3], k = p[4], kh = p[5], kw = p[6], sh = p[7], sw = p[8], ph = p[9], pw = p[10], dh = p[11], dw = p[12], groups = p[13];
        var x = Tensor.Randn([n, c, h, w], DType.Float64, gen);
        var wt = Tensor.Randn([k, c / groups, kh, kw], DType.Float64, gen);
        var b = Tensor.Randn([k], DType.Float64, gen);
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        double[] expected = ConvNaive.Conv2D(x.ToArray<double>(), [n, c, h, w], wt.ToArray<double>(), [k, c / groups, kh, kw], b.ToArray<double>(),
            sh, sw, ph, pw, dh, dw, groups, oh, ow);

        var y64 = Functional.Conv2D(x, wt, b, (sh, sw), (ph, pw), (dh, dw), groups);
        Assert.Equal([n, k, oh, ow], y64.Shape.ToArray());
        double[] a64 = y64.ToArray<double>();
        for (int i = 0; i < a64.Length; i++) Assert.Equal(expected[i], a64[i], 1e-10);

        float[] a32 = Functional.Conv2D(x.To(DType.Float32), wt.To(DType.Float32), b.To(DType.Float32), (sh, sw), (ph, pw), (dh, dw), groups).ToArray<float>();
        for (int i = 0; i < a32.Length; i++) Assert.Equal(expected[i], a32[i], 1e-4);
    }

    [Theory]
    [InlineData(2, 4, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1)]
    [InlineData(1, 4, 4, 5, 6, 3, 2, 2, 1, 0, 1, 1, 0, 2, 1, 2)]
    [InlineData(2, 3, 5, 4, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1)]
    [InlineData(1, 2, 3, 3, 4, 4, 4, 3, 3, 1, 2, 2, 1, 1, 1, 2)]
    public void ConvTranspose2D_EqualsNaiveScatter(int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw,
        int ph, int pw, int oph, int opw, int dh, int dw, int groups)
    {
        var gen = new Generator(9);
        var x = Tensor.Randn([n, cin, h, w], DType.Float64, gen);
        var wt = Tensor.Randn([cin, cout / groups, kh, kw], DType.Float64, gen);
        var b = Tensor.Randn([cout], DType.Float64, gen);
        int oh = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1, ow = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
        double[] expected = ConvNaive.ConvTranspose2D(x.ToArray<double>(), [n, cin, h, w], wt.ToArray<double>(), [cin, cout / groups, kh, kw],
            b.ToArray<double>(), sh, sw, ph, pw, dh, dw, groups, oh, ow);
        var y = Functional.ConvTranspose2D(x, wt, b, (sh, sw), (ph, pw), (oph, opw), groups, (dh, dw));
        Assert.Equal([n, cout, oh, ow], y.Shape.ToArray());
        double[] a = y.ToArray<double>();
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 1e-10);
        float[] a32 = Functional.ConvTranspose2D(x.To(DType.Float32), wt.To(DType.Float32), b.To(DType.Float32), (sh, sw), (ph, pw), (oph, opw), groups, (dh, dw)).ToArray<float>();
        for (int i = 0; i < a32.Length; i++) Assert.Equal(expected[i], a32[i], 1e-4);
    }

    [Fact]
    public void Conv1D_EqualsNaiveLoops_AsOneRowImages()
    {
        var gen = new Generator(5);
        var x = Tensor.Randn([3, 4, 17], DType.Float64, gen);
        var wt = Tensor.Randn([6, 2, 3], DType.Float64, gen);
        var b = Tensor.Randn([6], DType.Float64, gen);
        int ol = (17 + 2 * 2 - 2 * 2 - 1) / 3 + 1;
        double[] expected = ConvNaive.Conv2D(x.ToArray<double>(), [3, 4, 1, 17], wt.ToArray<double>(), [6, 2, 1, 3], b.ToArray<double>(),
            1, 3, 0, 2, 1, 2, 2, 1, ol);
        var y = Functional.Conv1D(x, wt, b, stride: 3, padding: 2, dilation: 2, groups: 2);
        Assert.Equal([3, 6, ol], y.Shape.ToArray());
        double[] a = y.ToArray<double>();
        for (int i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 1e-10);
    }

    [Fact]
    public void OutputShapes_FollowTheFormula_OverAGrid()
    {
        var gen = new Generator(1);
        foreach (int w in new[] { 5, 8, 13 })
            foreach (int k in new[] { 1, 2, 3, 5 })
                foreach (int p in new[] { 0, 1, 2 })
                    foreach (int s in new[] { 1, 2, 3 })
                    {
                        int expected = (w + 2 * p - k) / s + 1;
                        if (w + 2 * p < k) continue;
                        var y = Functional.Conv2D(Tensor.Randn([1, 2, w, w + 1], generator: gen), Tensor.Randn([3, 2, k, k], generator: gen), stride: s, padding: p);
                        Assert.Equal([1, 3, expected, (w + 1 + 2 * p - k) / s + 1], y.Shape.ToArray());
                        int t = (w - 1) * s - 2 * p + k + (s > 1 ? 1 : 0);
                        if (t < 1) continue;
                        var yt = Functional.ConvTranspose2D(Tensor.Randn([1, 2, w, w], generator: gen), Tensor.Randn([2, 3, k, k], generator: gen),
                            stride: s, padding: p, outputPadding: s > 1 ? 1 : 0);
                        Assert.Equal([1, 3, t, t], yt.Shape.ToArray());
                    }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 1)]
    [InlineData(5, 3)]
    public void SamePadding_KeepsTheSize_ForOddAndEvenKernels(int kernel, int dilation)
    {
        var gen = new Generator(2);
        var y = Functional.Conv2D(Tensor.Randn([2, 3, 9, 10], generator: gen), Tensor.Randn([4, 3, kernel, kernel], generator: gen),
            padding: Padding.Same, dilation: dilation);
        Assert.Equal([2, 4, 9, 10], y.Shape.ToArray());
        var y1 = Functional.Conv1D(Tensor.Randn([2, 3, 11], generator: gen), Tensor.Randn([4, 3, kernel], generator: gen), padding: Padding.Same, dilation: dilation);
        Assert.Equal([2, 4, 11], y1.Shape.ToArray());
    }

    [Fact]
    public void NonContiguousInput_GivesTheSameResult()
    {
        var gen = new Generator(4);
        var x = Tensor.Randn([2, 3, 6, 5], DType.Float64, gen);
        var wt = Tensor.Randn([4, 3, 3, 3], DType.Float64, gen);
        var xt = x.Transpose(2, 3).Contiguous().Transpose(2, 3); // same values, other strides
        Assert.False(xt.IsContiguous);
        Assert.Equal(Functional.Conv2D(x, wt, padding: 1).ToArray<double>(), Functional.Conv2D(xt, wt, padding: 1).ToArray<double>());
    }
}
