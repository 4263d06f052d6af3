using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The vectorised input and output transforms of Winograd F(2×2, 3×3), written once over a vector width
/// (<see cref="ISimdVector{TV, T}"/>). Tiles are numbered flat, row after row (t = ty·TW + tx), so that every step
/// is a run of whole vectors over consecutive tiles, whatever the tile-row width.
/// <para>
/// Input: Bᵀ d B is separable. First the column half, once per padded input row: the row is split into its even and
/// odd columns E, O (tile x reads columns 2x … 2x + 3 = E[x], O[x], E[x + 1], O[x + 1]) and the four column
/// combinations E−E₊, O+E₊, E₊−O, O−O₊ are written to the rows of <c>ce</c> (even input rows) or <c>co</c> (odd).
/// Then the row half over all tiles at once: tile row ty reads input rows 2ty … 2ty + 3, i.e. ce[ty], co[ty], ce[ty + 1],
/// co[ty + 1], which with tw-wide rows are ce[t], co[t], ce[t + TW], co[t + TW] — flat shifts.
/// </para>
/// <para>
/// Output: Aᵀ M A for a vector of tiles gives the four outputs of each tile; interleaving (y00, y01) and (y10, y11)
/// gives the tiles' even and odd output rows as flat 2·TW-wide rows, copied to the NCHW output row by row.
/// </para>
/// Vectors may run past the end of a row or band ("spill"); the written buffers have room for a vector of slack and
/// whatever spills is overwritten afterwards or never read.
/// </summary>
internal static unsafe class WinogradTransforms
{
    /// <summary>
    /// V[ξ][t] for the tiles of tile rows [ty0, ty0 + rows) of one channel plane [h, w]: writes
    /// <c>v[ξ·xiStride + (ty − ty0)·tw + tx]</c> for the 16 ξ (and up to a vector past the last tile).
    /// <paramref name="band"/> holds 2·rows + 2 padded rows of <paramref name="rowLength"/> (a multiple of the lanes,
    /// ≥ 2·tw + 2·lanes + 2) elements; <paramref name="ce"/> and <paramref name="co"/> hold 4 row sets each,
    /// <paramref name="cs"/> ≥ (rows + 1)·tw + lanes apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InputBand<T, TV, TOps>(T* plane, int h, int w, int padH, int padW, int ty0, int rows, int tw,
        T* band, int rowLength, T* ce, T* co, int cs, T* v, long xiStride)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        int lanes = TOps.Count, count = 2 * rows + 2;
        // The padded input rows 2·ty0 + yy, columns [0, rowLength), zeros outside the image; all rows first, so that
        // the loads below do not wait on these stores.
        int lo = Math.Min(padW, rowLength), hi = Math.Min(padW + w, rowLength);
        for (int yy = 0; yy < count; yy++)
        {
            T* row = band + yy * rowLength;
            for (int i = 0; i < rowLength; i += lanes) TOps.Store(row + i, default);
            int iy = 2 * ty0 + yy - padH;
            if ((uint)iy < (uint)h && hi > lo)
                CopySmall((byte*)(plane + (long)iy * w + (lo - padW)), (byte*)(row + lo), (hi - lo) * sizeof(T));
        }

        for (int yy = 0; yy < count; yy++)
        {
            T* row = band + yy * rowLength;
            T* dst = ((yy & 1) == 0 ? ce : co) + (yy >> 1) * tw;
            for (int x = 0; x < tw; x += lanes)
            {
                T* p = row + 2 * x;
                TOps.Deinterleave(TOps.Load(p), TOps.Load(p + lanes), out TV e0, out TV o0);
                TOps.Deinterleave(TOps.Load(p + 2), TOps.Load(p + 2 + lanes), out TV e1, out TV o1);
                TOps.Store(dst + x, TOps.Subtract(e0, e1));
                TOps.Store(dst + cs + x, TOps.Add(o0, e1));
                TOps.Store(dst + 2 * cs + x, TOps.Subtract(e1, o0));
                TOps.Store(dst + 3 * cs + x, TOps.Subtract(o0, o1));
            }
        }

        int tiles = rows * tw;
        for (int t = 0; t < tiles; t += lanes)
            for (int j = 0; j < 4; j++)
            {
                T* e = ce + j * cs + t, o = co + j * cs + t;
                TV e0 = TOps.Load(e), e1 = TOps.Load(e + tw), o0 = TOps.Load(o), o1 = TOps.Load(o + tw);
                TOps.Store(v + j * xiStride + t, TOps.Subtract(e0, e1));
                TOps.Store(v + (4 + j) * xiStride + t, TOps.Add(o0, e1));
                TOps.Store(v + (8 + j) * xiStride + t, TOps.Subtract(e1, o0));
                TOps.Store(v + (12 + j) * xiStride + t, TOps.Subtract(o0, o1));
            }
    }

    /// <summary>
    /// Aᵀ M A + bias for tiles [0, tiles) of one output channel, M[ξ][t] at <c>m[ξ·xiStride + t]</c>: writes the tiles'
    /// even output rows to <c>se[2t], se[2t + 1]</c> and odd ones to <c>so</c> (up to two vectors of slack past 2·tiles).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputTiles<T, TV, TOps>(T* m, long xiStride, int tiles, T bias, T* se, T* so)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        int lanes = TOps.Count;
        TV b = TOps.Splat(bias);
        for (int t = 0; t < tiles; t += lanes)
        {
            T* p = m + t;
            TV m4 = TOps.Load(p + 4 * xiStride), m5 = TOps.Load(p + 5 * xiStride), m6 = TOps.Load(p + 6 * xiStride), m7 = TOps.Load(p + 7 * xiStride);
            TV m8 = TOps.Load(p + 8 * xiStride), m9 = TOps.Load(p + 9 * xiStride), m10 = TOps.Load(p + 10 * xiStride), m11 = TOps.Load(p + 11 * xiStride);
            // Aᵀ·M: row 0 = m0j + m1j + m2j, row 1 = m1j − m2j − m3j.
            TV r00 = TOps.Add(TOps.Add(TOps.Load(p), m4), m8), r01 = TOps.Add(TOps.Add(TOps.Load(p + xiStride), m5), m9);
            TV r02 = TOps.Add(TOps.Add(TOps.Load(p + 2 * xiStride), m6), m10), r03 = TOps.Add(TOps.Add(TOps.Load(p + 3 * xiStride), m7), m11);
            TV r10 = TOps.Subtract(TOps.Subtract(m4, m8), TOps.Load(p + 12 * xiStride));
            TV r11 = TOps.Subtract(TOps.Subtract(m5, m9), TOps.Load(p + 13 * xiStride));
            TV r12 = TOps.Subtract(TOps.Subtract(m6, m10), TOps.Load(p + 14 * xiStride));
            TV r13 = TOps.Subtract(TOps.Subtract(m7, m11), TOps.Load(p + 15 * xiStride));
            // (Aᵀ·M)·A: column 0 = r0 + r1 + r2, column 1 = r1 − r2 − r3.
            TV y00 = TOps.Add(TOps.Add(TOps.Add(r00, r01), r02), b), y01 = TOps.Add(TOps.Subtract(TOps.Subtract(r01, r02), r03), b);
            TV y10 = TOps.Add(TOps.Add(TOps.Add(r10, r11), r12), b), y11 = TOps.Add(TOps.Subtract(TOps.Subtract(r11, r12), r13), b);
            TOps.Interleave(y00, y01, out TV e0, out TV e1);
            TOps.Store(se + 2 * t, e0);
            TOps.Store(se + 2 * t + lanes, e1);
            TOps.Interleave(y10, y11, out TV o0, out TV o1);
            TOps.Store(so + 2 * t, o0);
            TOps.Store(so + 2 * t + lanes, o1);
        }
    }

    /// <summary>
    /// Copies the output rows of tile rows [tyA, tyB) of one output plane [oh, ow] from the flat even/odd rows
    /// (<paramref name="se"/>, <paramref name="so"/> at the band's first tile, 2·tw wide) to <paramref name="plane"/>.
    /// Rows are written in order with whole vectors that may spill into the next row of the band (written next); none
    /// spills past the band's last row, which another chunk may own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyOut<T, TV, TOps>(T* se, T* so, int tw, T* plane, int oh, int ow, int tyA, int tyB)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        int end = Math.Min(2 * tyB, oh) * ow;
        for (int ty = tyA; ty < tyB; ty++)
        {
            int oy = 2 * ty, at = 2 * (ty - tyA) * tw;
            CopyRow<T, TV, TOps>(se + at, plane + (long)oy * ow, ow, end - oy * ow);
            if (oy + 1 < oh) CopyRow<T, TV, TOps>(so + at, plane + (long)(oy + 1) * ow, ow, end - (oy + 1) * ow);
        }
    }

    /// <summary>Copies <paramref name="bytes"/> bytes with a few (overlapping) vector moves instead of a memmove call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySmall(byte* src, byte* dst, int bytes)
    {
        if (bytes >= 64 && Vector512.IsHardwareAccelerated)
        {
            int i = 0;
            for (; i + 64 <= bytes; i += 64) Vector512.Load(src + i).Store(dst + i);
            if (i < bytes) Vector512.Load(src + bytes - 64).Store(dst + bytes - 64);
        }
        else if (bytes >= 32)
        {
            int i = 0;
            for (; i + 32 <= bytes; i += 32) Vector256.Load(src + i).Store(dst + i);
            if (i < bytes) Vector256.Load(src + bytes - 32).Store(dst + bytes - 32);
        }
        else if (bytes >= 16)
        {
            Vector128<byte> a = Vector128.Load(src), b = Vector128.Load(src + bytes - 16);
            a.Store(dst);
            b.Store(dst + bytes - 16);
        }
        else if (bytes >= 8)
        {
            ulong a = *(ulong*)src, b = *(ulong*)(src + bytes - 8);
            *(ulong*)dst = a;
            *(ulong*)(dst + bytes - 8) = b;
        }
        else
        {
            for (int i = 0; i < bytes; i++) dst[i] = src[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow<T, TV, TOps>(T* src, T* dst, int ow, int room)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        int lanes = TOps.Count, x = 0;
        for (; x < ow && x + lanes <= room; x += lanes) TOps.Store(dst + x, TOps.Load(src + x));
        for (; x < ow; x++) dst[x] = src[x];
    }
}
