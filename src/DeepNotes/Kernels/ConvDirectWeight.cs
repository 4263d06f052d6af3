using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Direct weight gradient for stride 1, in the padded flat layout of <see cref="ConvDirect"/>: dw[k, t] =
/// Σ<sub>n</sub> Σ<sub>q</sub> dyp[n, k, q] · xp[n, offset(t) + q], where xp holds each input channel zero-padded in rows
/// of width Wp = OW + D·(KW − 1), dyp holds the output gradient in the same row width with zeros past OW, and
/// offset(t) = c·plane + kh·DH·Wp + kw·DW for tap t = (c, kh, kw). No column matrix and no GEMM packing: an
/// 8-output-channel × 3-tap tile keeps 24 vector accumulators over all positions of a chunk of images (per position
/// vector: 8 + 3 loads, 24 FMAs), then sums each accumulator's lanes once. The batch is cut into the fixed partitions
/// of <see cref="ConvIm2Col.WeightGradientParts"/> and each partition into chunks sized by the geometry alone, so the
/// result does not depend on the thread count. A 3-D convolution uses slices of Hp·Wp in the same flat layout
/// (offset(t) adds kd·DD·Hp·Wp), and planes longer than 8192 positions are summed in fixed blocks of positions.
/// </summary>
internal static unsafe class ConvDirectWeight
{
    private const int Rows = 8; // output channels per tile
    private const int Taps = 3; // kernel taps per tile

    /// <summary>Elements of padded input and output gradient one chunk of images may occupy (about 1 MB of float).</summary>
    private const int DefaultChunkElements = 1 << 18;

    [ThreadStatic] private static int t_chunkElements;

    /// <summary>Positions summed per block (a multiple of 16 lanes): 16 KB of float per output-gradient row.</summary>
    private const int DefaultBlockPositions = 4096;

    [ThreadStatic] private static int t_blockPositions;

    /// <summary>Planes of more positions than this are summed in blocks (8 rows of 8192 floats: 256 KB, a quarter of L2).</summary>
    private const int BlockAbove = 8192;

    /// <summary>Position block for calls from the current thread (tests: force blocks on any plane; a multiple of 16); 0 = the default rule.</summary>
    internal static int BlockPositions
    {
        get => t_blockPositions;
        set => t_blockPositions = value;
    }

    /// <summary>Chunk budget for calls from the current thread (tests: force many chunks); 0 = the default.</summary>
    internal static int ChunkElements
    {
        get => t_chunkElements > 0 ? t_chunkElements : DefaultChunkElements;
        set => t_chunkElements = value;
    }

    /// <summary>Whether the direct weight gradient can run <paramref name="g"/> (the direct forward's domain).</summary>
    public static bool Supports(in ConvGeometry g) => ConvDirect.Supports(g);

    /// <summary>
    /// Whether the direct weight gradient pays for <paramref name="g"/>: each tile must sum over enough position vectors
    /// (images per chunk × positions / lanes ≥ 64) to amortise its 24 lane sums; a batch of few large-channel images
    /// (one image per partition) runs faster as im2col + GEMM.
    /// </summary>
    public static bool Pays<T>(in ConvGeometry g)
        where T : unmanaged
    {
        if (g.Batch == 0) return false;
        var layout = new Layout(g, Vector512<T>.Count);
        int perPart = (g.Batch + ConvIm2Col.WeightGradientParts - 1) / ConvIm2Col.WeightGradientParts;
        int chunk = Math.Clamp(ChunkElements / layout.PerImage(g.InGroup), 1, perPart);
        return (long)chunk * layout.Positions / Vector512<T>.Count >= 64;
    }

    /// <summary>dw[K, C/G, KH, KW] = Σ<sub>n</sub> dy<sub>n</sub> ⋆ x<sub>n</sub> (overwrites dw).</summary>
    public static void Compute<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, Span<T> dw, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int wSize = g.OutChannels * g.ColRows;
        if (wSize == 0) return;
        if (g.Batch == 0 || g.OutPlane == 0)
        {
            dw[..wSize].Clear();
            return;
        }
        var layout = new Layout(g, Vector512<T>.Count);
        int parts = Math.Min(g.Batch, ConvIm2Col.WeightGradientParts);
        T[]? partials = parts > 1 ? ArrayPool<T>.Shared.Rent(parts * wSize) : null;
        try
        {
            fixed (T* pdy = dy) fixed (T* px = x) fixed (T* pdw = dw) fixed (T* pp = partials)
            {
                var job = new Job<T>(g, layout, pdy, px, parts > 1 ? pp : pdw, parts, wSize, ChunkElements);
                ConvParallel.ForEachPart(job, parts);
            }
            if (partials is not null)
            {
                Span<T> dst = dw[..wSize];
                partials.AsSpan(0, wSize).CopyTo(dst);
                for (int p = 1; p < parts; p++) System.Numerics.Tensors.TensorPrimitives.Add(dst, partials.AsSpan(p * wSize, wSize), dst);
            }
        }
        finally
        {
            if (partials is not null) ArrayPool<T>.Shared.Return(partials);
        }
    }

    /// <summary>The padded flat layout of one image group.</summary>
    private readonly struct Layout
    {
        public readonly int Wp;        // padded width
        public readonly int Slice;     // padded slice Hp·Wp (3-D)
        public readonly int Positions; // flat output positions summed over, a multiple of the vector width
        public readonly int Plane;     // elements per padded input channel plane
        public readonly int KRows;     // output gradient rows per image, OutGroup rounded up to the tile height

        public Layout(in ConvGeometry g, int lanes)
        {
            Wp = g.OutWidth + g.DilationW * (g.KernelWidth - 1);
            Slice = (g.OutHeight + g.DilationH * (g.KernelHeight - 1)) * Wp;
            Positions = ((g.OutDepth - 1) * Slice + g.OutHeight * Wp + lanes - 1) / lanes * lanes;
            Plane = Positions + g.DilationD * (g.KernelDepth - 1) * Slice + g.DilationH * (g.KernelHeight - 1) * Wp
                + g.DilationW * (g.KernelWidth - 1);
            KRows = (g.OutGroup + Rows - 1) / Rows * Rows;
        }

        public int PerImage(int inGroup) => inGroup * Plane + KRows * Positions;
    }

    private sealed class Job<T>(ConvGeometry g, Layout layout, T* dy, T* x, T* partials, int parts, int wSize, int chunkElements)
        : ParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Execute(int part)
        {
            int first = (int)((long)g.Batch * part / parts), end = (int)((long)g.Batch * (part + 1) / parts);
            int perImage = layout.PerImage(g.InGroup);
            int chunk = Math.Clamp(chunkElements / perImage, 1, end - first);
            T[] scratch = ArrayPool<T>.Shared.Rent(chunk * perImage);
            try
            {
                var dw = new Span<T>(partials + (long)part * wSize, wSize);
                for (int gi = 0; gi < g.Groups; gi++)
                    for (int n0 = first; n0 < end; n0 += chunk)
                        Chunk(gi, n0, Math.Min(chunk, end - n0), n0 == first, scratch, dw);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        }

        /// <summary>Adds the group's weight gradient over images [n0, n0 + count) into dw (overwrites when <paramref name="overwrite"/>).</summary>
        private void Chunk(int gi, int n0, int count, bool overwrite, T[] scratch, Span<T> dw)
        {
            int cg = g.InGroup, kg = g.OutGroup, taps = g.ColRows, kd = g.KernelDepth, kh = g.KernelHeight, kw = g.KernelWidth;
            int wp = layout.Wp, slice = layout.Slice, plane = layout.Plane, positions = layout.Positions, kRows = layout.KRows;
            int xImage = cg * plane, dyImage = kRows * positions;
            Span<T> xs = scratch.AsSpan(0, count * xImage), dys = scratch.AsSpan(count * xImage, count * dyImage);
            xs.Clear();
            dys.Clear();
            for (int i = 0; i < count; i++)
            {
                T* xn = x + ((long)(n0 + i) * g.InChannels + gi * cg) * g.InPlane;
                for (int c = 0; c < cg; c++)
                    for (int id = 0; id < g.InDepth; id++)
                        for (int iy = 0; iy < g.InHeight; iy++)
                            new ReadOnlySpan<T>(xn + (long)c * g.InPlane + id * g.InSlice + iy * g.InWidth, g.InWidth)
                                .CopyTo(xs.Slice(i * xImage + c * plane + (id + g.PadD) * slice + (iy + g.PadH) * wp + g.PadW, g.InWidth));
                T* dyn = dy + ((long)(n0 + i) * g.OutChannels + gi * kg) * g.OutPlane;
                for (int k = 0; k < kg; k++)
                    for (int od = 0; od < g.OutDepth; od++)
                        for (int oy = 0; oy < g.OutHeight; oy++)
                            new ReadOnlySpan<T>(dyn + (long)k * g.OutPlane + od * g.OutSlice + oy * g.OutWidth, g.OutWidth)
                                .CopyTo(dys.Slice(i * dyImage + k * positions + od * slice + oy * wp, g.OutWidth));
            }
            int* offsets = stackalloc int[Taps];
            T* sums = stackalloc T[Rows * Taps];
            // Long planes (3-D video, large images: the 8 output-gradient rows of a tile would not stay in L2 across the
            // taps) are summed in fixed blocks of positions; others in one block. The blocks depend on the geometry alone.
            int block = t_blockPositions > 0 ? t_blockPositions : positions > BlockAbove ? DefaultBlockPositions : positions;
            fixed (T* px = xs) fixed (T* pdy = dys)
            {
                for (int p0 = 0; p0 < positions; p0 += block)
                    for (int k0 = 0; k0 < kg; k0 += Rows)
                        for (int t0 = 0; t0 < taps; t0 += Taps)
                        {
                            for (int j = 0; j < Taps; j++)
                            {
                                int t = t0 + j < taps ? t0 + j : t0; // a ragged last block repeats a valid tap; its sums are dropped
                                int c = t / (kd * kh * kw), r = t % (kd * kh * kw), z = r / (kh * kw);
                                r %= kh * kw;
                                offsets[j] = c * plane + z * g.DilationD * slice + r / kw * g.DilationH * wp + r % kw * g.DilationW;
                            }
                            Tile(pdy + (long)k0 * positions + p0, dyImage, positions, Math.Min(block, positions - p0), px + p0, xImage, offsets, count, sums);
                            int rows = Math.Min(Rows, kg - k0), cols = Math.Min(Taps, taps - t0);
                            bool first = overwrite && p0 == 0;
                            for (int r = 0; r < rows; r++)
                            {
                                Span<T> dst = dw.Slice((gi * kg + k0 + r) * taps + t0, cols);
                                for (int j = 0; j < cols; j++) dst[j] = first ? sums[r * Taps + j] : dst[j] + sums[r * Taps + j];
                            }
                        }
            }
        }
    }

    /// <summary>
    /// sums[r, j] = Σ<sub>i &lt; images</sub> Σ<sub>q &lt; count</sub> dy[i·dyImage + r·positions + q] ·
    /// x[i·xImage + offsets[j] + q] for the 8 rows r and 3 taps j (lanes summed at the end, in a fixed order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<T>(T* dy, int dyImage, int positions, int count, T* x, int xImage, int* offsets, int images, T* sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count;
        Vector512<T> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<T> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<T> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<T> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        long ld = positions;
        for (int i = 0; i < images; i++)
        {
            T* d = dy + (long)i * dyImage;
            T* p0 = x + (long)i * xImage + offsets[0], p1 = x + (long)i * xImage + offsets[1], p2 = x + (long)i * xImage + offsets[2];
            for (int q = 0; q < count; q += v)
            {
                Vector512<T> x0 = Vector512.Load(p0 + q), x1 = Vector512.Load(p1 + q), x2 = Vector512.Load(p2 + q);
                T* dq = d + q;
                Vector512<T> e = Vector512.Load(dq);
                a00 = SimdVector.Fma(e, x0, a00); a01 = SimdVector.Fma(e, x1, a01); a02 = SimdVector.Fma(e, x2, a02);
                e = Vector512.Load(dq + ld);
                a10 = SimdVector.Fma(e, x0, a10); a11 = SimdVector.Fma(e, x1, a11); a12 = SimdVector.Fma(e, x2, a12);
                e = Vector512.Load(dq + 2 * ld);
                a20 = SimdVector.Fma(e, x0, a20); a21 = SimdVector.Fma(e, x1, a21); a22 = SimdVector.Fma(e, x2, a22);
                e = Vector512.Load(dq + 3 * ld);
                a30 = SimdVector.Fma(e, x0, a30); a31 = SimdVector.Fma(e, x1, a31); a32 = SimdVector.Fma(e, x2, a32);
                e = Vector512.Load(dq + 4 * ld);
                a40 = SimdVector.Fma(e, x0, a40); a41 = SimdVector.Fma(e, x1, a41); a42 = SimdVector.Fma(e, x2, a42);
                e = Vector512.Load(dq + 5 * ld);
                a50 = SimdVector.Fma(e, x0, a50); a51 = SimdVector.Fma(e, x1, a51); a52 = SimdVector.Fma(e, x2, a52);
                e = Vector512.Load(dq + 6 * ld);
                a60 = SimdVector.Fma(e, x0, a60); a61 = SimdVector.Fma(e, x1, a61); a62 = SimdVector.Fma(e, x2, a62);
                e = Vector512.Load(dq + 7 * ld);
                a70 = SimdVector.Fma(e, x0, a70); a71 = SimdVector.Fma(e, x1, a71); a72 = SimdVector.Fma(e, x2, a72);
            }
        }
        sums[0] = Vector512.Sum(a00); sums[1] = Vector512.Sum(a01); sums[2] = Vector512.Sum(a02);
        sums[3] = Vector512.Sum(a10); sums[4] = Vector512.Sum(a11); sums[5] = Vector512.Sum(a12);
        sums[6] = Vector512.Sum(a20); sums[7] = Vector512.Sum(a21); sums[8] = Vector512.Sum(a22);
        sums[9] = Vector512.Sum(a30); sums[10] = Vector512.Sum(a31); sums[11] = Vector512.Sum(a32);
        sums[12] = Vector512.Sum(a40); sums[13] = Vector512.Sum(a41); sums[14] = Vector512.Sum(a42);
        sums[15] = Vector512.Sum(a50); sums[16] = Vector512.Sum(a51); sums[17] = Vector512.Sum(a52);
        sums[18] = Vector512.Sum(a60); sums[19] = Vector512.Sum(a61); sums[20] = Vector512.Sum(a62);
        sums[21] = Vector512.Sum(a70); sums[22] = Vector512.Sum(a71); sums[23] = Vector512.Sum(a72);
    }
}
