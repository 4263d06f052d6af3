using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Direct (implicit-GEMM) convolution for stride 1: no column matrix. Each image group is copied once into a
/// zero-padded plane per channel of width Wp = W + padL + padR; then output position (oy, ox) is the flat index
/// q = oy·Wp + ox and every kernel tap (c, kh, kw) reads the padded plane at q + kh·D·Wp + kw·D — a shifted contiguous
/// run. The microkernel keeps an 8-output-channel × 3-vector tile (24 accumulators) in registers over all
/// InGroup·KH·KW taps: per tap 3 unaligned loads, 8 weight broadcasts and 24 FMAs. Columns ox ≥ OW of the flat
/// layout are computed and dropped when the tile is copied out with the bias. It wins where im2col does not pay:
/// few input channels (the first layer of a CNN: 1 → 32, a GEMM depth of 9) and small images. A 3-D convolution pads
/// each channel into slices of Hp·Wp: output (od, oy, ox) is q = od·Hp·Wp + oy·Wp + ox and tap (c, kd, kh, kw) reads
/// at q + kd·DD·Hp·Wp + kh·DH·Wp + kw·DW, so the same tile runs.
/// </summary>
internal static unsafe class ConvDirect
{
    private const int Rows = 8; // output channels per tile
    private const int Cols = 3; // vectors per tile

    /// <summary>Whether the direct path can run <paramref name="g"/> (stride 1 and 512-bit vectors).</summary>
    public static bool Supports(in ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && g.StrideH == 1 && g.StrideW == 1
        && g.OutWidth + g.DilationW * (g.KernelWidth - 1) - g.PadW >= g.InWidth
        && g.OutHeight + g.DilationH * (g.KernelHeight - 1) - g.PadH >= g.InHeight
        && g.StrideD == 1 && g.OutDepth + g.DilationD * (g.KernelDepth - 1) - g.PadD >= g.InDepth;

    /// <summary>
    /// Whether the input gradient of <paramref name="g"/> can run as a direct convolution: stride 1 and padding at most
    /// the dilated kernel extent, so that the "full" correlation of dy with the flipped kernel has non-negative padding.
    /// </summary>
    public static bool SupportsBackwardData(in ConvGeometry g) =>
        g.StrideH == 1 && g.StrideW == 1 && g.PadH <= g.DilationH * (g.KernelHeight - 1) && g.PadW <= g.DilationW * (g.KernelWidth - 1)
        && g.StrideD == 1 && g.PadD <= g.DilationD * (g.KernelDepth - 1)
        && Supports(FlippedGeometry(g));

    /// <summary>
    /// dx = convᵀ(dy, w) for stride 1 as the direct convolution of dy with the kernel flipped in space and with in/out
    /// channels swapped per group, padded by D·(K − 1) − P.
    /// </summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> w, Span<T> dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ConvGeometry f = FlippedGeometry(g);
        int cg = g.InGroup, kg = g.OutGroup, taps = g.KernelTaps;
        T[] flipped = ArrayPool<T>.Shared.Rent(g.OutChannels * g.ColRows);
        try
        {
            // flipped[gi·Cg + c, k, i, j] = w[gi·Kg + k, c, kh − 1 − i, kw − 1 − j] (and likewise over the depth)
            for (int gi = 0; gi < g.Groups; gi++)
                for (int k = 0; k < kg; k++)
                    for (int c = 0; c < cg; c++)
                    {
                        int src = ((gi * kg + k) * cg + c) * taps, dst = ((gi * cg + c) * kg + k) * taps;
                        for (int t = 0; t < taps; t++) flipped[dst + t] = w[src + taps - 1 - t];
                    }
            Forward<T>(dy, flipped.AsSpan(0, g.OutChannels * g.ColRows), ReadOnlySpan<T>.Empty, dx, f);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(flipped);
        }
    }

    private static ConvGeometry FlippedGeometry(in ConvGeometry g) => new(
        g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, g.KernelHeight, g.KernelWidth, 1, 1,
        g.DilationH * (g.KernelHeight - 1) - g.PadH, g.DilationW * (g.KernelWidth - 1) - g.PadW, g.DilationH, g.DilationW,
        g.Groups, g.InHeight, g.InWidth)
    {
        InDepth = g.OutDepth, OutDepth = g.InDepth, KernelDepth = g.KernelDepth, StrideD = 1,
        PadD = g.DilationD * (g.KernelDepth - 1) - g.PadD, DilationD = g.DilationD,
    };

    /// <summary>y = conv(x, w) + bias, like <see cref="ConvIm2Col.Forward{T}"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Batch == 0 || g.OutChannels == 0 || g.OutPlane == 0) return;
        var layout = new Layout(g, Vector512<T>.Count);
        int kBlocks = (g.OutGroup + Rows - 1) / Rows;
        T[] packed = ArrayPool<T>.Shared.Rent(g.Groups * kBlocks * g.ColRows * Rows);
        try
        {
            PackWeights<T>(w, g, packed);
            fixed (T* px = x) fixed (T* pw = packed) fixed (T* pb = bias) fixed (T* py = y)
            {
                var job = new ForwardJob<T>(g, layout, px, pw, bias.IsEmpty ? null : pb, py);
                ConvParallel.ForEachImage(job, g.Batch, layout.ScratchLength(g.InGroup, g.OutGroup));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    /// <summary>Weights as [group][kBlock][tap = c·KH·KW + kh·KW + kw][8 output channels], zero-padded past OutGroup.</summary>
    private static void PackWeights<T>(ReadOnlySpan<T> w, in ConvGeometry g, Span<T> packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kg = g.OutGroup, rows = g.ColRows, kBlocks = (kg + Rows - 1) / Rows;
        for (int gi = 0; gi < g.Groups; gi++)
            for (int kb = 0; kb < kBlocks; kb++)
            {
                Span<T> dst = packed.Slice((gi * kBlocks + kb) * rows * Rows, rows * Rows);
                for (int t = 0; t < rows; t++)
                    for (int r = 0; r < Rows; r++)
                    {
                        int k = kb * Rows + r;
                        dst[t * Rows + r] = k < kg ? w[(gi * kg + k) * rows + t] : T.Zero;
                    }
            }
    }

    /// <summary>
    /// The padded flat layout of one image group: rows of Wp, slices of Hp rows (3-D: output (od, oy, ox) is the flat
    /// index od·Hp·Wp + oy·Wp + ox; 2-D has one slice).
    /// </summary>
    private readonly struct Layout
    {
        public readonly int Wp;        // padded width
        public readonly int Slice;     // padded slice Hp·Wp (3-D)
        public readonly int Positions; // flat output positions computed, a multiple of the tile width
        public readonly int Plane;     // elements per padded channel plane (covers every read of the last tile)

        public Layout(in ConvGeometry g, int lanes)
        {
            Wp = g.OutWidth + g.DilationW * (g.KernelWidth - 1);
            Slice = (g.OutHeight + g.DilationH * (g.KernelHeight - 1)) * Wp;
            int tile = Cols * lanes;
            Positions = ((g.OutDepth - 1) * Slice + g.OutHeight * Wp + tile - 1) / tile * tile;
            Plane = Positions + g.DilationD * (g.KernelDepth - 1) * Slice + g.DilationH * (g.KernelHeight - 1) * Wp
                + g.DilationW * (g.KernelWidth - 1);
        }

        public int ScratchLength(int inGroup, int outGroup) => inGroup * Plane + Rows * Positions;
    }

    private sealed class ForwardJob<T>(ConvGeometry g, Layout layout, T* x, T* packed, T* bias, T* y) : ImageWork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Image(int n, Span<T> scratch)
        {
            int cg = g.InGroup, kg = g.OutGroup, rows = g.ColRows, kBlocks = (kg + Rows - 1) / Rows;
            int wp = layout.Wp, slice = layout.Slice, plane = layout.Plane, positions = layout.Positions, ow = g.OutWidth, oh = g.OutHeight;
            Span<T> padded = scratch[..(cg * plane)];
            Span<T> tile = scratch.Slice(cg * plane, Rows * positions);
            // Tap offsets into the padded plane, in weight order (c, kd, kh, kw).
            int* offsets = stackalloc int[rows];
            for (int c = 0, t = 0; c < cg; c++)
                for (int kd = 0; kd < g.KernelDepth; kd++)
                    for (int kh = 0; kh < g.KernelHeight; kh++)
                        for (int kw = 0; kw < g.KernelWidth; kw++, t++)
                            offsets[t] = c * plane + kd * g.DilationD * slice + kh * g.DilationH * wp + kw * g.DilationW;
            for (int gi = 0; gi < g.Groups; gi++)
            {
                Pad(new ReadOnlySpan<T>(x + ((long)n * g.InChannels + gi * cg) * g.InPlane, cg * g.InPlane), padded, wp, slice, plane);
                fixed (T* pp = padded) fixed (T* pt = tile)
                {
                    for (int kb = 0; kb < kBlocks; kb++)
                    {
                        T* wblock = packed + (long)(gi * kBlocks + kb) * rows * Rows;
                        for (int q = 0; q < positions; q += Cols * Vector512<T>.Count)
                            Tile(pp + q, wblock, offsets, rows, pt + q, positions);
                        // Copy the valid columns of the tile's rows out, adding the bias.
                        int count = Math.Min(Rows, kg - kb * Rows);
                        for (int r = 0; r < count; r++)
                        {
                            int k = gi * kg + kb * Rows + r;
                            T* dst = y + ((long)n * g.OutChannels + k) * g.OutPlane;
                            for (int od = 0; od < g.OutDepth; od++)
                                CopyOut(pt + (long)r * positions + (long)od * slice, positions - od * slice, wp,
                                    dst + (long)od * oh * ow, oh, ow, bias is null ? null : bias + k, (g.OutDepth - od) * oh * ow);
                        }
                    }
                }
            }
        }

        /// <summary>Copies [cg, (D,) H, W] into zeroed padded planes [cg][plane] with the image at ((padD,) padH, padW) of a Wp-wide grid.</summary>
        private void Pad(ReadOnlySpan<T> image, Span<T> padded, int wp, int slice, int plane)
        {
            padded.Clear();
            for (int c = 0; c < g.InGroup; c++)
                for (int id = 0; id < g.InDepth; id++)
                    for (int iy = 0; iy < g.InHeight; iy++)
                        image.Slice(c * g.InPlane + id * g.InSlice + iy * g.InWidth, g.InWidth)
                            .CopyTo(padded.Slice(c * plane + (id + g.PadD) * slice + (iy + g.PadH) * wp + g.PadW, g.InWidth));
        }
    }

    /// <summary>
    /// dst[oy, 0..ow) = src[oy·wp + 0..ow) (+ *bias) for one output channel. Rows are written in order with whole vectors:
    /// a vector that runs past the end of a row spills into the next row, which is written afterwards; only where a
    /// vector would leave the source row buffer (<paramref name="length"/>) or the output (<paramref name="dstLength"/>
    /// elements from <paramref name="dst"/>, which a 3-D caller sets past this slice) are elements done singly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void CopyOut<T>(T* src, int length, int wp, T* dst, int oh, int ow, T* bias, int dstLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count, plane = dstLength;
        T b = bias is null ? T.Zero : *bias;
        Vector512<T> vb = Vector512.Create(b);
        for (int oy = 0; oy < oh; oy++)
        {
            T* s = src + (long)oy * wp;
            T* d = dst + (long)oy * ow;
            int x = 0, srcRoom = length - oy * wp, dstRoom = plane - oy * ow, room = Math.Min(srcRoom, dstRoom);
            if (bias is null)
            {
                for (; x < ow && x + v <= room; x += v) Vector512.Load(s + x).Store(d + x);
                for (; x < ow; x++) d[x] = s[x];
            }
            else
            {
                for (; x < ow && x + v <= room; x += v) (Vector512.Load(s + x) + vb).Store(d + x);
                for (; x < ow; x++) d[x] = s[x] + b;
            }
        }
    }

    /// <summary>tile[r][0..3V) = Σ_t w[t][r] · in[offsets[t] + 0..3V) for the 8 rows r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<T>(T* input, T* w, int* offsets, int taps, T* tile, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count;
        Vector512<T> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<T> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<T> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<T> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (int t = 0; t < taps; t++)
        {
            T* p = input + offsets[t];
            Vector512<T> x0 = Vector512.Load(p), x1 = Vector512.Load(p + v), x2 = Vector512.Load(p + 2 * v);
            T* wt = w + t * Rows;
            Vector512<T> b = Vector512.Create(wt[0]);
            a00 = SimdVector.Fma(x0, b, a00); a01 = SimdVector.Fma(x1, b, a01); a02 = SimdVector.Fma(x2, b, a02);
            b = Vector512.Create(wt[1]);
            a10 = SimdVector.Fma(x0, b, a10); a11 = SimdVector.Fma(x1, b, a11); a12 = SimdVector.Fma(x2, b, a12);
            b = Vector512.Create(wt[2]);
            a20 = SimdVector.Fma(x0, b, a20); a21 = SimdVector.Fma(x1, b, a21); a22 = SimdVector.Fma(x2, b, a22);
            b = Vector512.Create(wt[3]);
            a30 = SimdVector.Fma(x0, b, a30); a31 = SimdVector.Fma(x1, b, a31); a32 = SimdVector.Fma(x2, b, a32);
            b = Vector512.Create(wt[4]);
            a40 = SimdVector.Fma(x0, b, a40); a41 = SimdVector.Fma(x1, b, a41); a42 = SimdVector.Fma(x2, b, a42);
            b = Vector512.Create(wt[5]);
            a50 = SimdVector.Fma(x0, b, a50); a51 = SimdVector.Fma(x1, b, a51); a52 = SimdVector.Fma(x2, b, a52);
            b = Vector512.Create(wt[6]);
            a60 = SimdVector.Fma(x0, b, a60); a61 = SimdVector.Fma(x1, b, a61); a62 = SimdVector.Fma(x2, b, a62);
            b = Vector512.Create(wt[7]);
            a70 = SimdVector.Fma(x0, b, a70); a71 = SimdVector.Fma(x1, b, a71); a72 = SimdVector.Fma(x2, b, a72);
        }
        Store(tile, v, a00, a01, a02); Store(tile + ld, v, a10, a11, a12); Store(tile + 2 * ld, v, a20, a21, a22);
        Store(tile + 3 * ld, v, a30, a31, a32); Store(tile + 4 * ld, v, a40, a41, a42); Store(tile + 5 * ld, v, a50, a51, a52);
        Store(tile + 6 * ld, v, a60, a61, a62); Store(tile + 7 * ld, v, a70, a71, a72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* dst, int v, Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged
    {
        a.Store(dst);
        b.Store(dst + v);
        c.Store(dst + 2 * v);
    }
}
