using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// AVX-512 transposing packers for float: the two packing cases that gather across rows (A not transposed, B
/// transposed) move 16×16 blocks through registers (unpack + 128-bit lane shuffles) instead of one element at a time.
/// </summary>
internal static unsafe partial class GemmPacking
{
    /// <summary>
    /// Transposes up to 16 rows × 16 columns of float: row r of the source (16 contiguous values at
    /// <c>src + r·ld</c>) becomes element r of the 16 output vectors; output vector q (rows 0..15 of column q) is
    /// stored at <c>dst + q·dstStride</c>, in increasing q, so with a stride below 16 each store's tail (rows ≥
    /// <paramref name="rows"/>) is overwritten by the next one. Rows past <paramref name="rows"/> read as zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16(float* src, nint ld, int rows, float* dst, nint dstStride)
    {
        Vector512<float> r0 = Vector512.Load(src);
        Vector512<float> r1 = rows > 1 ? Vector512.Load(src + ld) : default;
        Vector512<float> r2 = rows > 2 ? Vector512.Load(src + 2 * ld) : default;
        Vector512<float> r3 = rows > 3 ? Vector512.Load(src + 3 * ld) : default;
        Vector512<float> r4 = rows > 4 ? Vector512.Load(src + 4 * ld) : default;
        Vector512<float> r5 = rows > 5 ? Vector512.Load(src + 5 * ld) : default;
        Vector512<float> r6 = rows > 6 ? Vector512.Load(src + 6 * ld) : default;
        Vector512<float> r7 = rows > 7 ? Vector512.Load(src + 7 * ld) : default;
        Vector512<float> r8 = rows > 8 ? Vector512.Load(src + 8 * ld) : default;
        Vector512<float> r9 = rows > 9 ? Vector512.Load(src + 9 * ld) : default;
        Vector512<float> r10 = rows > 10 ? Vector512.Load(src + 10 * ld) : default;
        Vector512<float> r11 = rows > 11 ? Vector512.Load(src + 11 * ld) : default;
        Vector512<float> r12 = rows > 12 ? Vector512.Load(src + 12 * ld) : default;
        Vector512<float> r13 = rows > 13 ? Vector512.Load(src + 13 * ld) : default;
        Vector512<float> r14 = rows > 14 ? Vector512.Load(src + 14 * ld) : default;
        Vector512<float> r15 = rows > 15 ? Vector512.Load(src + 15 * ld) : default;

        // Stage 1: interleave row pairs (per 128-bit lane: columns 4l, 4l+1 | 4l+2, 4l+3).
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1);
        Vector512<float> t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5);
        Vector512<float> t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9);
        Vector512<float> t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13);
        Vector512<float> t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);

        // Stage 2: 64-bit interleave: u(4g + q) holds, per lane l, rows 4g..4g+3 of column 4l + q.
        Vector512<float> u0 = Lo64(t0, t2), u1 = Hi64(t0, t2), u2 = Lo64(t1, t3), u3 = Hi64(t1, t3);
        Vector512<float> u4 = Lo64(t4, t6), u5 = Hi64(t4, t6), u6 = Lo64(t5, t7), u7 = Hi64(t5, t7);
        Vector512<float> u8 = Lo64(t8, t10), u9 = Hi64(t8, t10), u10 = Lo64(t9, t11), u11 = Hi64(t9, t11);
        Vector512<float> u12 = Lo64(t12, t14), u13 = Hi64(t12, t14), u14 = Lo64(t13, t15), u15 = Hi64(t13, t15);

        // Stages 3 and 4: gather lane l of the four row groups into the vector of column 4l + q.
        Vector512<float> o0, o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, o11, o12, o13, o14, o15;
        Lanes(u0, u4, u8, u12, out o0, out o4, out o8, out o12);
        Lanes(u1, u5, u9, u13, out o1, out o5, out o9, out o13);
        Lanes(u2, u6, u10, u14, out o2, out o6, out o10, out o14);
        Lanes(u3, u7, u11, u15, out o3, out o7, out o11, out o15);

        Vector512.Store(o0, dst);
        Vector512.Store(o1, dst + dstStride);
        Vector512.Store(o2, dst + 2 * dstStride);
        Vector512.Store(o3, dst + 3 * dstStride);
        Vector512.Store(o4, dst + 4 * dstStride);
        Vector512.Store(o5, dst + 5 * dstStride);
        Vector512.Store(o6, dst + 6 * dstStride);
        Vector512.Store(o7, dst + 7 * dstStride);
        Vector512.Store(o8, dst + 8 * dstStride);
        Vector512.Store(o9, dst + 9 * dstStride);
        Vector512.Store(o10, dst + 10 * dstStride);
        Vector512.Store(o11, dst + 11 * dstStride);
        Vector512.Store(o12, dst + 12 * dstStride);
        Vector512.Store(o13, dst + 13 * dstStride);
        Vector512.Store(o14, dst + 14 * dstStride);
        Vector512.Store(o15, dst + 15 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lo64(Vector512<float> a, Vector512<float> b)
        => Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Hi64(Vector512<float> a, Vector512<float> b)
        => Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

    /// <summary>From four row groups holding columns 4l + q in lane l, builds the full columns q, 4 + q, 8 + q, 12 + q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lanes(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> g3,
        out Vector512<float> c0, out Vector512<float> c4, out Vector512<float> c8, out Vector512<float> c12)
    {
        Vector512<float> even01 = Avx512F.Shuffle4x128(g0, g1, 0x88), odd01 = Avx512F.Shuffle4x128(g0, g1, 0xDD);
        Vector512<float> even23 = Avx512F.Shuffle4x128(g2, g3, 0x88), odd23 = Avx512F.Shuffle4x128(g2, g3, 0xDD);
        c0 = Avx512F.Shuffle4x128(even01, even23, 0x88);
        c8 = Avx512F.Shuffle4x128(even01, even23, 0xDD);
        c4 = Avx512F.Shuffle4x128(odd01, odd23, 0x88);
        c12 = Avx512F.Shuffle4x128(odd01, odd23, 0xDD);
    }

    /// <summary>
    /// A full MR-row panel of a non-transposed float A (MR ≤ 16): 16 columns at a time through
    /// <see cref="Transpose16"/>; the last store may run up to 16 elements past the panel (the caller's buffer has
    /// room, and the next panel is written afterwards). Returns the number of columns done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackRowsAvx512(float* src, nint ld, int rows, int kc, float* dst, int dstStride)
    {
        int p = 0;
        for (; p + 16 <= kc; p += 16)
        {
            Transpose16(src + p, ld, rows, dst + (nint)p * dstStride, dstStride);
        }

        return p;
    }

    /// <summary>A full NR-column panel of a transposed float B: 16 stored rows × 16 depths at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackColumnsAvx512(float* src, nint ld, int cols, int kc, float* dst, int dstStride)
    {
        int p = 0;
        for (; p + 16 <= kc; p += 16)
        {
            for (int g = 0; g < cols; g += 16)
            {
                Transpose16(src + g * ld + p, ld, 16, dst + (nint)p * dstStride + g, dstStride);
            }
        }

        return p;
    }
}
