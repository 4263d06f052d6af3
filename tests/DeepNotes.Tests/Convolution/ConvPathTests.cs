using DeepNotes.Kernels;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Convolution;

/// <summary>Every fast convolution path computes what the im2col baseline computes (float64 tightly, float32 within rounding).</summary>
public class ConvPathTests
{
    // n, c, h, w, k, kh, kw, pad h/w, dilation h/w, groups (stride 1: the fast paths' domain)
    public static TheoryData<int[]> StrideOneConfigs => new()
    {
        new[] { 3, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1 },
        new[] { 2, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1 },
        new[] { 2, 5, 9, 11, 13, 3, 3, 1, 1, 1, 1, 1 },
        new[] { 1, 8, 7, 20, 10, 3, 3, 0, 0, 1, 1, 1 },
        new[] { 2, 6, 10, 9, 16, 3, 2, 2, 1, 2, 1, 2 },
        new[] { 1, 16, 6, 6, 16, 5, 5, 2, 2, 1, 1, 1 },
        new[] { 2, 9, 5, 7, 9, 1, 1, 0, 0, 1, 1, 1 },
        new[] { 1, 4, 12, 12, 8, 3, 3, 2, 2, 2, 2, 4 },
        new[] { 5, 3, 4, 4, 8, 2, 2, 0, 1, 1, 1, 1 },
    };

    private static ConvGeometry Geometry(int[] p)
    {
        int n = p[0], c = p[1], h = p[2], w = p[3], k = p[4], kh = p[5], kw = p[6], ph = p[7], pw = p[8], dh = p[9], dw = p[10], groups = p[11];
        int oh = ConvGeometry.OutputSize(h, kh, 1, ph, ph, dh), ow = ConvGeometry.OutputSize(w, kw, 1, pw, pw, dw);
        return new ConvGeometry(n, c, h, w, k, kh, kw, 1, 1, ph, pw, dh, dw, groups, oh, ow);
    }

    private static double[] Random(int n, int seed)
    {
        var g = new Generator((ulong)seed);
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = g.NextDouble() * 2 - 1;
        return a;
    }

    private static (T[] Y, T[] Dx, T[] Dw) Run<T>(ConvPath path, ConvGeometry g, T[] x, T[] w, T[] b, T[] dy)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new T[g.Batch * g.OutChannels * g.OutPlane];
        var dx = new T[x.Length];
        var dw = new T[w.Length];
        Conv.ForcedPath = path;
        try
        {
            Conv.Forward<T>(x, w, b, y, g);
            Conv.BackwardData<T>(dy, w, dx, g);
            Conv.BackwardWeight<T>(dy, x, dw, g);
        }
        finally
        {
            Conv.ForcedPath = ConvPath.Auto;
        }
        return (y, dx, dw);
    }

    [Theory]
    [MemberData(nameof(StrideOneConfigs))]
    public void Direct_EqualsIm2Col(int[] p) => CheckPath(ConvPath.Direct, Geometry(p));

    public static TheoryData<int[]> WinogradConfigs => new()
    {
        new[] { 2, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1 },
        new[] { 3, 5, 9, 11, 7, 3, 3, 1, 1, 1, 1, 1 },
        new[] { 1, 4, 8, 7, 6, 3, 3, 0, 0, 1, 1, 1 },
        new[] { 2, 6, 6, 5, 4, 3, 3, 2, 1, 1, 1, 2 },
        new[] { 9, 3, 3, 3, 2, 3, 3, 1, 1, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(WinogradConfigs))]
    public void Winograd_EqualsIm2Col(int[] p) => CheckPath(ConvPath.Winograd, Geometry(p));

    internal static void CheckPath(ConvPath path, ConvGeometry g)
    {
        Assert.True(Conv.Supports(path, g), $"{path} should support {g}");
        double[] x = Random(g.Batch * g.InChannels * g.InPlane, 1), w = Random(g.OutChannels * g.ColRows, 2), b = Random(g.OutChannels, 3);
        double[] dy = Random(g.Batch * g.OutChannels * g.OutPlane, 4);
        var baseline = Run(ConvPath.Im2Col, g, x, w, b, dy);
        var fast = Run(path, g, x, w, b, dy);
        AssertClose(baseline.Y, fast.Y, 1e-12, 1e-12, "y");
        AssertClose(baseline.Dx, fast.Dx, 1e-12, 1e-12, "dx");
        AssertClose(baseline.Dw, fast.Dw, 1e-12, 1e-12, "dw");

        float[] F(double[] a) => a.Select(v => (float)v).ToArray();
        double[] D(float[] a) => a.Select(v => (double)v).ToArray();
        var fast32 = Run(path, g, F(x), F(w), F(b), F(dy));
        AssertClose(baseline.Y, D(fast32.Y), 1e-4, 1e-4, "y (float32)");
        AssertClose(baseline.Dx, D(fast32.Dx), 1e-4, 1e-4, "dx (float32)");
        AssertClose(baseline.Dw, D(fast32.Dw), 1e-4 * g.Batch, 1e-4 * g.Batch, "dw (float32)");
    }

    [Fact]
    public void AutomaticChoice_PicksTheFastPathsForTheCnnLayers()
    {
        var c1 = new ConvGeometry(64, 1, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 28, 28);
        var c2 = new ConvGeometry(64, 32, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 14, 14);
        var strided = new ConvGeometry(64, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1, 1, 1, 1, 7, 7);
        Assert.Equal(ConvPath.Direct, Conv.ChooseForward(c1));
        Assert.NotEqual(ConvPath.Im2Col, Conv.ChooseForward(c2));
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseForward(strided));
        Assert.Equal(ConvPath.Direct, Conv.ChooseBackwardWeight<float>(c1));
        Assert.Equal(ConvPath.Direct, Conv.ChooseBackwardWeight<float>(c2));
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseBackwardWeight<float>(strided));
        // Eight 256-channel images: one image per partition, too few positions per tile for the direct weight gradient.
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseBackwardWeight<float>(new ConvGeometry(8, 256, 14, 14, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 14, 14)));
    }

    [Theory]
    [InlineData(1)]    // one image per chunk
    [InlineData(4000)] // two images per chunk: partitions of 2 and 3 images end on a partial chunk
    public void DirectWeightGradient_InChunks_EqualsIm2Col(int chunkElements)
    {
        var g = new ConvGeometry(19, 3, 8, 9, 11, 3, 3, 1, 1, 1, 1, 1, 1, 1, 8, 9);
        ConvDirectWeight.ChunkElements = chunkElements;
        try
        {
            CheckPath(ConvPath.Direct, g);
        }
        finally
        {
            ConvDirectWeight.ChunkElements = 0;
        }
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        var g = new ConvGeometry(6, 8, 9, 9, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 9, 9);
        float[] x = Random(6 * 8 * 81, 5).Select(v => (float)v).ToArray(), w = Random(16 * 72, 6).Select(v => (float)v).ToArray();
        float[] b = new float[16], dy = Random(6 * 16 * 81, 7).Select(v => (float)v).ToArray();
        int saved = DeepNotes.Parallelism.ThreadCount;
        try
        {
            foreach (var path in new[] { ConvPath.Im2Col, ConvPath.Direct })
            {
                DeepNotes.Parallelism.ThreadCount = 1;
                var one = Run(path, g, x, w, b, dy);
                DeepNotes.Parallelism.ThreadCount = 2;
                var two = Run(path, g, x, w, b, dy);
                DeepNotes.Parallelism.ThreadCount = 3;
                var three = Run(path, g, x, w, b, dy);
                Assert.Equal(one.Y, two.Y);
                Assert.Equal(one.Dx, two.Dx);
                Assert.Equal(one.Dw, two.Dw);
                Assert.Equal(one.Dw, three.Dw);
            }
        }
        finally
        {
            DeepNotes.Parallelism.ThreadCount = saved;
        }
    }
}
