using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// Winograd F(2×2, 3×3) convolution (Lavin &amp; Gray, 2016) for 3×3 kernels, stride 1, dilation 1: every 2×2 output
/// tile is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A for its 4×4 input patch d, so the 36 multiplies of a direct 2×2×3×3 become 16.
/// Over channels this is 16 independent GEMMs: M<sub>ξ</sub>[K, tiles] = U<sub>ξ</sub>[K, C] · V<sub>ξ</sub>[C, tiles]
/// with U the transformed filters (once per call) and V the transformed input patches. Images are processed in fixed
/// chunks of about <see cref="TilesPerChunk"/> tiles (bounded scratch, one chunk per thread share, results independent
/// of the thread count); the output transform adds the bias. Pays when the GEMMs are deep (many channels), where the
/// 2.25× fewer multiplies outweigh the transforms.
/// </summary>
internal static unsafe class Winograd
{
    /// <summary>Target tiles per chunk (GEMM width): enough for efficient GEMMs, small enough to stay in cache.</summary>
    internal const int TilesPerChunk = 196;

    /// <summary>Whether F(2×2, 3×3) can compute <paramref name="g"/>.</summary>
    public static bool Supports(in ConvGeometry g) =>
        g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1;

    /// <summary>y = conv(x, w) + bias, like <see cref="ConvIm2Col.Forward{T}"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.OutChannels == 0 || g.OutPlane == 0) return;
        int cg = g.InGroup, kg = g.OutGroup;
        T[] u = ArrayPool<T>.Shared.Rent(16 * g.Groups * kg * cg);
        try
        {
            TransformFilters(w, g, u);
            int tilesPerImage = (g.OutHeight + 1) / 2 * ((g.OutWidth + 1) / 2);
            int imagesPerChunk = Math.Max(1, TilesPerChunk / tilesPerImage);
            int chunks = (g.Batch + imagesPerChunk - 1) / imagesPerChunk;
            fixed (T* px = x) fixed (T* pu = u) fixed (T* pb = bias) fixed (T* py = y)
            {
                var job = new ChunkJob<T>(g, px, pu, bias.IsEmpty ? null : pb, py, imagesPerChunk, tilesPerImage);
                int tiles = imagesPerChunk * tilesPerImage;
                ConvParallel.ForEachImage(job, chunks, 16 * (cg + kg) * tiles);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(u);
        }
    }

    /// <summary>U[group][ξ][k][c] = (G g Gᵀ)<sub>ξ</sub> with G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]].</summary>
    private static void TransformFilters<T>(ReadOnlySpan<T> w, in ConvGeometry g, Span<T> u)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cg = g.InGroup, kg = g.OutGroup;
        T half = T.CreateChecked(0.5);
        Span<T> t = stackalloc T[12];
        for (int gi = 0; gi < g.Groups; gi++)
            for (int k = 0; k < kg; k++)
                for (int c = 0; c < cg; c++)
                {
                    ReadOnlySpan<T> f = w.Slice(((gi * kg + k) * cg + c) * 9, 9);
                    for (int j = 0; j < 3; j++) // t = G·f (4×3)
                    {
                        T f0 = f[j], f1 = f[3 + j], f2 = f[6 + j];
                        t[j] = f0;
                        t[3 + j] = half * (f0 + f1 + f2);
                        t[6 + j] = half * (f0 - f1 + f2);
                        t[9 + j] = f2;
                    }
                    for (int i = 0; i < 4; i++) // U = t·Gᵀ (4×4)
                    {
                        T t0 = t[i * 3], t1 = t[i * 3 + 1], t2 = t[i * 3 + 2];
                        long at = ((long)(gi * 16 + i * 4) * kg + k) * cg + c, step = (long)kg * cg;
                        u[(int)at] = t0;
                        u[(int)(at + step)] = half * (t0 + t1 + t2);
                        u[(int)(at + 2 * step)] = half * (t0 - t1 + t2);
                        u[(int)(at + 3 * step)] = t2;
                    }
                }
    }

    private sealed class ChunkJob<T>(ConvGeometry g, T* x, T* u, T* bias, T* y, int imagesPerChunk, int tilesPerImage) : ImageWork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Image(int chunk, Span<T> scratch)
        {
            int first = chunk * imagesPerChunk, count = Math.Min(imagesPerChunk, g.Batch - first);
            int tiles = count * tilesPerImage, cg = g.InGroup, kg = g.OutGroup;
            Span<T> v = scratch[..(16 * cg * tiles)];
            Span<T> m = scratch.Slice(16 * cg * imagesPerChunk * tilesPerImage, 16 * kg * tiles);
            for (int gi = 0; gi < g.Groups; gi++)
            {
                for (int b = 0; b < count; b++)
                    TransformInput(new ReadOnlySpan<T>(x + ((long)(first + b) * g.InChannels + gi * cg) * g.InPlane, cg * g.InPlane),
                        v, b * tilesPerImage, tiles);
                Gemm.MultiplyBatched(false, false, kg, tiles, cg, T.One, new ReadOnlySpan<T>(u + (long)gi * 16 * kg * cg, 16 * kg * cg),
                    Math.Max(cg, 1), (long)kg * cg, v, tiles, (long)cg * tiles, T.Zero, m, tiles, (long)kg * tiles, 16);
                for (int b = 0; b < count; b++)
                    TransformOutput(m, b * tilesPerImage, tiles, gi, new Span<T>(y + ((long)(first + b) * g.OutChannels + gi * kg) * g.OutPlane, kg * g.OutPlane));
            }
        }

        /// <summary>V[ξ][c][tile0 + t] = (Bᵀ d B)<sub>ξ</sub>, Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].</summary>
        private void TransformInput(ReadOnlySpan<T> image, Span<T> v, int tile0, int tiles)
        {
            int h = g.InHeight, w = g.InWidth, tw = (g.OutWidth + 1) / 2, th = (g.OutHeight + 1) / 2, cg = g.InGroup;
            Span<T> d = stackalloc T[16];
            for (int c = 0; c < cg; c++)
            {
                ReadOnlySpan<T> plane = image.Slice(c * g.InPlane, g.InPlane);
                for (int ty = 0; ty < th; ty++)
                    for (int tx = 0; tx < tw; tx++)
                    {
                        int y0 = 2 * ty - g.PadH, x0 = 2 * tx - g.PadW;
                        bool inside = y0 >= 0 && x0 >= 0 && y0 + 4 <= h && x0 + 4 <= w;
                        for (int i = 0; i < 4; i++)
                            for (int j = 0; j < 4; j++)
                            {
                                int yy = y0 + i, xx = x0 + j;
                                d[i * 4 + j] = inside || ((uint)yy < (uint)h && (uint)xx < (uint)w) ? plane[yy * w + xx] : T.Zero;
                            }
                        for (int j = 0; j < 4; j++) // rows: Bᵀ·d
                        {
                            T d0 = d[j], d1 = d[4 + j], d2 = d[8 + j], d3 = d[12 + j];
                            d[j] = d0 - d2;
                            d[4 + j] = d1 + d2;
                            d[8 + j] = d2 - d1;
                            d[12 + j] = d1 - d3;
                        }
                        int t = tile0 + ty * tw + tx;
                        for (int i = 0; i < 4; i++) // columns: (Bᵀ·d)·B
                        {
                            T d0 = d[i * 4], d1 = d[i * 4 + 1], d2 = d[i * 4 + 2], d3 = d[i * 4 + 3];
                            int at = ((i * 4) * cg + c) * tiles + t, step = cg * tiles;
                            v[at] = d0 - d2;
                            v[at + step] = d1 + d2;
                            v[at + 2 * step] = d2 - d1;
                            v[at + 3 * step] = d1 - d3;
                        }
                    }
            }
        }

        /// <summary>y tile = Aᵀ M A (+ bias), Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], clipped at the bottom/right edge.</summary>
        private void TransformOutput(ReadOnlySpan<T> m, int tile0, int tiles, int gi, Span<T> output)
        {
            int oh = g.OutHeight, ow = g.OutWidth, tw = (ow + 1) / 2, th = (oh + 1) / 2, kg = g.OutGroup;
            Span<T> s = stackalloc T[16];
            for (int k = 0; k < kg; k++)
            {
                T b = bias is null ? T.Zero : bias[gi * kg + k];
                Span<T> plane = output.Slice(k * g.OutPlane, g.OutPlane);
                for (int ty = 0; ty < th; ty++)
                    for (int tx = 0; tx < tw; tx++)
                    {
                        int t = tile0 + ty * tw + tx;
                        for (int xi = 0; xi < 16; xi++) s[xi] = m[(xi * kg + k) * tiles + t];
                        // rows: Aᵀ·M (2×4)
                        T r00 = s[0] + s[4] + s[8], r01 = s[1] + s[5] + s[9], r02 = s[2] + s[6] + s[10], r03 = s[3] + s[7] + s[11];
                        T r10 = s[4] - s[8] - s[12], r11 = s[5] - s[9] - s[13], r12 = s[6] - s[10] - s[14], r13 = s[7] - s[11] - s[15];
                        int y0 = 2 * ty, x0 = 2 * tx;
                        plane[y0 * ow + x0] = r00 + r01 + r02 + b;
                        if (x0 + 1 < ow) plane[y0 * ow + x0 + 1] = r01 - r02 - r03 + b;
                        if (y0 + 1 < oh)
                        {
                            plane[(y0 + 1) * ow + x0] = r10 + r11 + r12 + b;
                            if (x0 + 1 < ow) plane[(y0 + 1) * ow + x0 + 1] = r11 - r12 - r13 + b;
                        }
                    }
            }
        }
    }
}
