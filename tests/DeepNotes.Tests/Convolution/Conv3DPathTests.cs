using DeepNotes.Kernels;

namespace DeepNotes.Tests.Convolution;

/// <summary>The direct 3-D paths (forward, input gradient, weight gradient) compute what the im2col baseline computes.</summary>
public class Conv3DPathTests
{
    // n, c, d, h, w, k, kd, kh, kw, pad d/h/w, dilation d/h/w, groups (stride 1: the direct path's domain)
    public static TheoryData<int[]> Configs => new()
    {
        new[] { 2, 3, 4, 6, 7, 8, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 1, 8, 3, 5, 20, 16, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
        new[] { 3, 4, 5, 4, 5, 9, 2, 3, 1, 0, 1, 0, 1, 1, 1, 1 },
        new[] { 1, 6, 5, 6, 5, 16, 3, 2, 3, 2, 1, 2, 2, 1, 2, 2 },
        new[] { 2, 5, 2, 3, 3, 8, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1 },
        new[] { 1, 2, 6, 3, 4, 8, 3, 1, 2, 0, 0, 1, 1, 1, 1, 1 },
    };

    private static ConvGeometry Geometry(int[] p)
    {
        int n = p[0], c = p[1], d = p[2], h = p[3], w = p[4], k = p[5], kd = p[6], kh = p[7], kw = p[8];
        int pd = p[9], ph = p[10], pw = p[11], dd = p[12], dh = p[13], dw = p[14], groups = p[15];
        int od = ConvGeometry.OutputSize(d, kd, 1, pd, pd, dd), oh = ConvGeometry.OutputSize(h, kh, 1, ph, ph, dh), ow = ConvGeometry.OutputSize(w, kw, 1, pw, pw, dw);
        return new ConvGeometry(n, c, h, w, k, kh, kw, 1, 1, ph, pw, dh, dw, groups, oh, ow)
        {
            InDepth = d, OutDepth = od, KernelDepth = kd, StrideD = 1, PadD = pd, DilationD = dd,
        };
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Direct_EqualsIm2Col(int[] p)
    {
        var g = Geometry(p);
        Assert.True(ConvDirect.SupportsBackwardData(g));
        ConvPathTests.CheckPath(ConvPath.Direct, g);
    }

    [Theory]
    [InlineData(1, 0)]    // one image per chunk
    [InlineData(1, 32)]   // and blocks of 32 positions: a plane of several blocks, the last one partial
    [InlineData(0, 16)]   // several images per chunk, blocks of 16 positions
    public void DirectWeightGradient_InChunksAndBlocks_EqualsIm2Col(int chunkElements, int blockPositions)
    {
        var g = Geometry([11, 3, 3, 4, 5, 9, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1]);
        ConvDirectWeight.ChunkElements = chunkElements;
        ConvDirectWeight.BlockPositions = blockPositions;
        try
        {
            ConvPathTests.CheckPath(ConvPath.Direct, g);
        }
        finally
        {
            ConvDirectWeight.ChunkElements = 0;
            ConvDirectWeight.BlockPositions = 0;
        }
    }

    [Fact]
    public void ThreeD_IsNeverWinograd_AndStridedDepthIsIm2Col()
    {
        var g = Geometry([2, 32, 4, 8, 8, 32, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1]);
        Assert.False(Winograd.Supports(g));
        Assert.NotEqual(ConvPath.Winograd, Conv.ChooseForward(g));
        Assert.NotEqual(ConvPath.Winograd, Conv.ChooseBackwardData(g));
        var strided = g with { StrideD = 2, OutDepth = 2 };
        Assert.False(ConvDirect.Supports(strided));
        Assert.Equal(ConvPath.Im2Col, Conv.ChooseForward(strided));
    }

    [Fact]
    public void Results_DoNotDependOnTheThreadCount()
    {
        var g = Geometry([4, 8, 3, 6, 6, 16, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1]);
        var rng = new Generator(5);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] x = R(g.Batch * g.InChannels * g.InPlane), w = R(g.OutChannels * g.ColRows), b = R(g.OutChannels);
        float[] dy = R(g.Batch * g.OutChannels * g.OutPlane);
        int saved = DeepNotes.Parallelism.ThreadCount;
        try
        {
            (float[] Y, float[] Dx, float[] Dw) Run(int threads)
            {
                DeepNotes.Parallelism.ThreadCount = threads;
                float[] y = new float[dy.Length], dx = new float[x.Length], dw = new float[w.Length];
                Conv.Forward<float>(x, w, b, y, g);
                Conv.BackwardData<float>(dy, w, dx, g);
                Conv.BackwardWeight<float>(dy, x, dw, g);
                return (y, dx, dw);
            }
            var one = Run(1);
            var two = Run(2);
            Assert.Equal(one.Y, two.Y);
            Assert.Equal(one.Dx, two.Dx);
            Assert.Equal(one.Dw, two.Dw);
        }
        finally
        {
            DeepNotes.Parallelism.ThreadCount = saved;
        }
    }
}
