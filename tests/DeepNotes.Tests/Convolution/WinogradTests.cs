using DeepNotes.Kernels;

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

    private static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: im2col {expected[i]}, Winograd {actual[i]}");
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
            AssertClose(baseline.Y, fast.Y, 1e-12, "y");
            AssertClose(baseline.Dx, fast.Dx, 1e-12, "dx");

            float[] F(double[] a) => a.Select(v => (float)v).ToArray();
            double[] D(float[] a) => a.Select(v => (double)v).ToArray();
            var fast32 = Run(ConvPath.Winograd, g, F(x), F(w), F(bias), F(dy));
            AssertClose(baseline.Y, D(fast32.Y), 1e-4, "y (float32)");
            AssertClose(baseline.Dx, D(fast32.Dx), 1e-4, "dx (float32)");
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
}
