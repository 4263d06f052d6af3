using DeepNotes.Kernels;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Convolution;

/// <summary>
/// Winograd F(2×2, 3×3): forward and input gradient equal the im2col baseline (float64 to 1e-12, float32 to the
/// path tests' 1e-4·(1 + |y|)) over odd sizes, padding 0–2, groups, bias or none, one and several images, every
/// vector width (512, 256, scalar), chunks that split images into bands or hold several images; independent of
/// the thread count; and which path the automatic choice takes.
/// </summary>
public class WinogradTests
{
    // n, c, h, w, k, pad h, pad w, groups
    public static TheoryData<int[]> Configs => new()
    {
        new[] { 1, 1, 5, 5, 1, 1, 1, 1 },
        new[] { 3, 5, 9, 11, 7, 1, 1, 1 },   // odd output: last tile row and column clipped
        new[] { 1, 4, 8, 7, 6, 0, 0, 1 },    // no padding
        new[] { 2, 6, 6, 5, 4, 2, 1, 2 },    // padding 2 (the input gradient's padding 0), groups
        new[] { 9, 3, 3, 3, 2, 1, 1, 1 },    // 3×3 images: one tile row each, many per chunk
        new[] { 2, 12, 13, 10, 20, 1, 0, 4 }, // groups of 3 → 5, rectangular padding
        new[] { 1, 2, 40, 37, 9, 1, 1, 1 },  // a long tile row (19 tiles) and more than 16 output rows
        new[] { 4, 17, 14, 14, 33, 1, 1, 1 }, // ragged channel blocks (33 = 4·8 + 1)
        new[] { 2, 8, 4, 3, 8, 0, 1, 2 },    // 2×3 output: one tile
    };

    private static ConvGeometry Geometry(int[] p)
    {
        int n = p[0], c = p[1], h = p[2], w = p[3], k = p[4], ph = p[5], pw = p[6], groups = p[7];
        return new ConvGeometry(n, c, h, w, k, 3, 3, 1, 1, ph, pw, 1, 1, groups,
            ConvGeometry.OutputSize(h, 3, 1, ph, ph, 1), ConvGeometry.OutputSize(w, 3, 1, pw, pw, 1));
    }

    private static double[] Random(int n, int seed)
    {
        var g = new Generator((ulong)seed);
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = g.NextDouble() * 2 - 1;
        return a;
    }

    private static (T[] Y, T[] Dx) Run<T>(ConvPath path, ConvGeometry g, T[] x, T[] w, T[] b, T[] dy)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new T[g.Batch * g.OutChannels * g.OutPlane];
        var dx = new T[x.Length];
        Conv.ForcedPath = path;
        try
        {
            Conv.Forward<T>(x, w, b, y, g);
            Conv.BackwardData<T>(dy, w, dx, g);
        }
        finally
        {
            Conv.ForcedPath = ConvPath.Auto;
        }
        return (y, dx);
    }

    /// <summary>Forward (with and without bias) and input gradient of the Winograd path against im2col, float64 and float32.</summary>
    private static void Check(ConvGeometry g)
    {
        Assert.True(Winograd.SupportsBackwardData(g));
        double[] x = Random(g.Batch * g.InChannels * g.InPlane, 1), w = Random(g.OutChannels * g.ColRows, 2), b = Random(g.OutChannels, 3);
        double[] dy = Random(g.Batch * g.OutChannels * g.OutPlane, 4);
        foreach (double[] bias in new[] { b, Array.Empty<double>() })
        {
            var baseline = Run(ConvPath.Im2Col, g, x, w, bias, dy);
            var fast = Run(ConvPath.Winograd, g, x, w, bias, dy);
            AssertClose(baseline.Y, fast.Y, 1e-12, 1e-12, "y");
            AssertClose(baseline.Dx, fast.Dx, 1e-12, 1e-12, "dx");

            float[] F(double[] a) => a.Select(v => (float)v).ToArray();
            double[] D(float[] a) => a.Select(v => (double)v).ToArray();
            var fast32 = Run(ConvPath.Winograd, g, F(x), F(w), F(bias), F(dy));
            AssertClose(baseline.Y, D(fast32.Y), 1e-4, 1e-4, "y (float32)");
            AssertClose(baseline.Dx, D(fast32.Dx), 1e-4, 1e-4, "dx (float32)");
        }
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void EqualsIm2Col(int[] p) => Check(Geometry(p));

    [Theory]
    [InlineData(256)]
    [InlineData(1)]
    public void OtherVectorWidths_EqualIm2Col(int bits)
    {
        Winograd.VectorBits = bits;
        try
        {
            foreach (int[] p in new[] { new[] { 3, 5, 9, 11, 7, 1, 1, 1 }, new[] { 2, 6, 6, 5, 4, 2, 1, 2 }, new[] { 1, 2, 40, 37, 9, 1, 1, 1 } })
                Check(Geometry(p));
        }
        finally
        {
            Winograd.VectorBits = 0;
        }
    }

    [Theory]
    [InlineData(48, 1)]          // one or a few tile rows per chunk: images cut into bands, chunks end mid-image
    [InlineData(100, 1 << 10)]   // the channel budget caps the chunk at its floor of 48 tiles
    [InlineData(4000, 1 << 22)]  // many images per chunk
    public void Chunking_EqualsIm2Col(int tilesPerChunk, int inputBudget)
    {
        int savedTiles = Winograd.TilesPerChunk, savedBudget = Winograd.InputBudget;
        Winograd.TilesPerChunk = tilesPerChunk;
        Winograd.InputBudget = inputBudget;
        try
        {
            Check(Geometry(new[] { 5, 3, 23, 9, 5, 1, 1, 1 }));
            Check(Geometry(new[] { 3, 4, 30, 30, 8, 0, 0, 1 }));
        }
        finally
        {
            Winograd.TilesPerChunk = savedTiles;
            Winograd.InputBudget = savedBudget;
        }
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        var g = Geometry(new[] { 7, 8, 19, 17, 16, 1, 1, 1 });
        float[] x = Random(g.Batch * g.InChannels * g.InPlane, 5).Select(v => (float)v).ToArray();
        float[] w = Random(g.OutChannels * g.ColRows, 6).Select(v => (float)v).ToArray();
        float[] b = Random(g.OutChannels, 8).Select(v => (float)v).ToArray();
        float[] dy = Random(g.Batch * g.OutChannels * g.OutPlane, 7).Select(v => (float)v).ToArray();
        int saved = DeepNotes.Parallelism.ThreadCount, savedTiles = Winograd.TilesPerChunk;
        Winograd.TilesPerChunk = 48; // several chunks per image and more chunks than threads
        try
        {
            DeepNotes.Parallelism.ThreadCount = 1;
            var one = Run(ConvPath.Winograd, g, x, w, b, dy);
            DeepNotes.Parallelism.ThreadCount = 2;
            var two = Run(ConvPath.Winograd, g, x, w, b, dy);
            DeepNotes.Parallelism.ThreadCount = 3;
            var three = Run(ConvPath.Winograd, g, x, w, b, dy);
            Assert.Equal(one.Y, two.Y);
            Assert.Equal(one.Y, three.Y);
            Assert.Equal(one.Dx, two.Dx);
            Assert.Equal(one.Dx, three.Dx);
        }
        finally
        {
            DeepNotes.Parallelism.ThreadCount = saved;
            Winograd.TilesPerChunk = savedTiles;
        }
    }

    private static ConvGeometry Layer(int n, int c, int hw, int k, int kernel = 3, int stride = 1, int pad = 1, int dilation = 1, int groups = 1)
    {
        int o = ConvGeometry.OutputSize(hw, kernel, stride, pad, pad, dilation);
        return new ConvGeometry(n, c, hw, hw, k, kernel, kernel, stride, stride, pad, pad, dilation, dilation, groups, o, o);
    }

    /// <summary>The path expected where Winograd is not chosen: direct when it runs (512-bit vectors), else im2col.</summary>
    private static ConvPath Direct(ConvGeometry g) => ConvDirect.Supports(g) ? ConvPath.Direct : ConvPath.Im2Col;

    [Fact]
    public void AutomaticChoice_FollowsTheMeasuredRule()
    {
        bool wide = Vector512Ops<float>.IsSupported;
        var c2 = Layer(64, 32, 14, 64); // the CNN's second layer, and the shape at 28×28
        Assert.Equal(wide ? ConvPath.Winograd : Direct(c2), Conv.ChooseForward(c2));
        Assert.Equal(wide ? ConvPath.Winograd : ConvPath.Im2Col, Conv.ChooseBackwardData(c2));
        Assert.Equal(wide ? ConvPath.Winograd : Direct(c2), Conv.ChooseForward(Layer(64, 32, 28, 64)));
        Assert.Equal(wide ? ConvPath.Winograd : Direct(c2), Conv.ChooseForward(Layer(8, 4, 7, 16)));     // the smallest measured win: 4 in, 16 out
        Assert.Equal(wide ? ConvPath.Winograd : Direct(c2), Conv.ChooseForward(Layer(8, 256, 2, 256)));  // tiny images
        // Too few input or output channels per group: the transforms do not pay.
        var c1 = Layer(64, 1, 28, 32);
        Assert.Equal(Direct(c1), Conv.ChooseForward(c1));
        Assert.Equal(Direct(c1), Conv.ChooseForward(Layer(64, 3, 28, 16)));
        Assert.Equal(Direct(c1), Conv.ChooseForward(Layer(64, 8, 28, 8)));
        var narrow = Layer(64, 64, 14, 8); // forward 64 → 8 stays direct; its input gradient is a 8 → 64 convolution
        Assert.Equal(Direct(narrow), Conv.ChooseForward(narrow));
        Assert.Equal(wide ? ConvPath.Winograd : ConvPath.Im2Col, Conv.ChooseBackwardData(narrow));
        var wideOut = Layer(64, 8, 14, 64); // and the other way round
        Assert.Equal(wide ? ConvPath.Winograd : Direct(wideOut), Conv.ChooseForward(wideOut));
        Assert.NotEqual(ConvPath.Winograd, Conv.ChooseBackwardData(wideOut));
        // Outside Winograd's domain: stride 2, 5×5, dilation 2, depthwise; the input gradient also needs padding ≤ 2.
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseForward(Layer(64, 32, 14, 64, stride: 2)));
        Assert.Equal(Direct(c2), Conv.ChooseForward(Layer(64, 32, 14, 64, kernel: 5, pad: 2)));
        Assert.Equal(Direct(c2), Conv.ChooseForward(Layer(64, 32, 14, 64, dilation: 2, pad: 2)));
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseForward(Layer(64, 32, 14, 32, groups: 32)));
        var padded = Layer(8, 32, 14, 64, pad: 3);
        Assert.Equal(wide ? ConvPath.Winograd : Direct(padded), Conv.ChooseForward(padded));
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseBackwardData(padded));
        // Groups: the rule counts channels per group (64 → 128 in 4 groups is 16 → 32 per group).
        Assert.Equal(wide ? ConvPath.Winograd : Direct(c2), Conv.ChooseForward(Layer(8, 64, 14, 128, groups: 4)));
        Assert.Equal(Direct(c2), Conv.ChooseForward(Layer(8, 64, 14, 64, groups: 8)));
    }

    /// <summary>
    /// Float32 accuracy against the exact (float64) result for the same float32 inputs, with PyTorch-like initialised
    /// weights: Winograd's error stays within twice im2col's, by maximum and by root mean square (measured: 0.3–0.9×
    /// im2col's maximum, 0.7–1.2× its rms, for 4→32, 32→64, 64→32 and 256→256).
    /// </summary>
    [Theory]
    [InlineData(32, 64, 14)]
    [InlineData(4, 32, 9)]
    public void Float32Error_WithinTwiceIm2Cols(int c, int k, int hw)
    {
        var g = Layer(2, c, hw, k);
        var gen = new Generator(11);
        double bound = 1 / Math.Sqrt(c * 9);
        float[] x = new float[g.Batch * c * g.InPlane], w = new float[k * c * 9], b = new float[k];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(gen.NextDouble() * 2 - 1);
        for (int i = 0; i < w.Length; i++) w[i] = (float)((gen.NextDouble() * 2 - 1) * bound);
        for (int i = 0; i < b.Length; i++) b[i] = (float)((gen.NextDouble() * 2 - 1) * bound);
        var exact = new double[g.Batch * k * g.OutPlane];
        Conv.ForcedPath = ConvPath.Im2Col;
        try
        {
            Conv.Forward<double>(x.Select(v => (double)v).ToArray(), w.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray(), exact, g);
        }
        finally
        {
            Conv.ForcedPath = ConvPath.Auto;
        }
        (double Max, double Rms) Error(ConvPath path)
        {
            var y = new float[exact.Length];
            Conv.ForcedPath = path;
            try
            {
                Conv.Forward<float>(x, w, b, y, g);
            }
            finally
            {
                Conv.ForcedPath = ConvPath.Auto;
            }
            double max = 0, sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double e = Math.Abs(y[i] - exact[i]);
                max = Math.Max(max, e);
                sum += e * e;
            }
            return (max, Math.Sqrt(sum / y.Length));
        }
        var im2col = Error(ConvPath.Im2Col);
        var winograd = Error(ConvPath.Winograd);
        Assert.True(im2col.Max > 0, "float32 im2col should round somewhere");
        Assert.True(winograd.Max <= 2 * im2col.Max, $"max error: Winograd {winograd.Max}, im2col {im2col.Max}");
        Assert.True(winograd.Rms <= 2 * im2col.Rms, $"rms error: Winograd {winograd.Rms}, im2col {im2col.Rms}");
    }

    /// <summary>
    /// End to end through the layers, on the automatic choice: a Conv2D whose forward and input gradient take Winograd
    /// (16 → 16) and a ConvTranspose2D whose forward is a Winograd input gradient (the 16 → 4 convolution it transposes),
    /// float64 gradient checks of input, weight and bias.
    /// </summary>
    [Fact]
    public void Layers_OnTheAutomaticWinogradPath_PassGradCheck()
    {
        var forward = new ConvGeometry(1, 16, 4, 5, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 4, 5);
        var transposed = new ConvGeometry(2, 16, 5, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 5, 6);
        if (Vector512Ops<float>.IsSupported)
        {
            Assert.Equal(ConvPath.Winograd, Conv.ChooseForward(forward));
            Assert.Equal(ConvPath.Winograd, Conv.ChooseBackwardData(forward));
            Assert.Equal(ConvPath.Winograd, Conv.ChooseBackwardData(transposed));
        }
        var conv = new DeepNotes.Layers.Conv2D(16, 16, 3, padding: 1, dtype: DType.Float64, generator: new Generator(3));
        var x = Tensor.Randn([1, 16, 4, 5], DType.Float64, new Generator(4), requiresGrad: true);
        GradCheck.Check(_ => conv.Forward(x), [x, .. conv.Parameters()]);
        var up = new DeepNotes.Layers.ConvTranspose2D(4, 16, 3, padding: 1, dtype: DType.Float64, generator: new Generator(5));
        var z = Tensor.Randn([2, 4, 5, 6], DType.Float64, new Generator(6), requiresGrad: true);
        GradCheck.Check(_ => up.Forward(z), [z, .. up.Parameters()]);
    }
}
