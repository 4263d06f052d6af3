using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// AVX transposing packers for float (the AVX2 path): the same two gathering cases as
/// <c>GemmPackingAvx512.cs</c>, 8×8 blocks through ymm registers (unpack + 128-bit lane permutes).
/// </summary>
internal static unsafe partial class GemmPacking
{
    /// <summary>
    /// Transposes up to 8 rows × 8 columns of float: row r (8 values at <c>src + r·ld</c>) becomes element r of the 8
    /// output vectors; output q is stored at <c>dst + q·dstStride</c> in increasing q (so a stride below 8 overlaps
    /// harmlessly). Rows past <paramref name="rows"/> read as zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8(float* src, nint ld, int rows, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Vector256.Load(src);
        Vector256<float> r1 = rows > 1 ? Vector256.Load(src + ld) : default;
        Vector256<float> r2 = rows > 2 ? Vector256.Load(src + 2 * ld) : default;
        Vector256<float> r3 = rows > 3 ? Vector256.Load(src + 3 * ld) : default;
        Vector256<float> r4 = rows > 4 ? Vector256.Load(src + 4 * ld) : default;
        Vector256<float> r5 = rows > 5 ? Vector256.Load(src + 5 * ld) : default;
        Vector256<float> r6 = rows > 6 ? Vector256.Load(src + 6 * ld) : default;
        Vector256<float> r7 = rows > 7 ? Vector256.Load(src + 7 * ld) : default;

        // Per 128-bit lane: interleave row pairs, then 64-bit pairs, so u(4g + q) holds rows 4g..4g+3 of column
        // 4l + q in lane l; finally swap lanes between the two row groups.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Lo64(t0, t2), u1 = Hi64(t0, t2), u2 = Lo64(t1, t3), u3 = Hi64(t1, t3);
        Vector256<float> u4 = Lo64(t4, t6), u5 = Hi64(t4, t6), u6 = Lo64(t5, t7), u7 = Hi64(t5, t7);

        Vector256.Store(Avx.Permute2x128(u0, u4, 0x20), dst);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x20), dst + dstStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x20), dst + 2 * dstStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x20), dst + 3 * dstStride);
        Vector256.Store(Avx.Permute2x128(u0, u4, 0x31), dst + 4 * dstStride);
        Vector256.Store(Avx.Permute2x128(u1, u5, 0x31), dst + 5 * dstStride);
        Vector256.Store(Avx.Permute2x128(u2, u6, 0x31), dst + 6 * dstStride);
        Vector256.Store(Avx.Permute2x128(u3, u7, 0x31), dst + 7 * dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lo64(Vector256<float> a, Vector256<float> b)
        => Avx.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Hi64(Vector256<float> a, Vector256<float> b)
        => Avx.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

    /// <summary>An MR-row panel (MR ≤ 8) of a non-transposed float A, 8 columns at a time; returns the columns done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackRowsAvx2(float* src, nint ld, int rows, int kc, float* dst, int dstStride)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            Transpose8(src + p, ld, rows, dst + (nint)p * dstStride, dstStride);
        }

        return p;
    }

    /// <summary>A full NR-column panel (NR a multiple of 8) of a transposed float B; returns the depths done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PackColumnsAvx2(float* src, nint ld, int cols, int kc, float* dst, int dstStride)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            for (int g = 0; g < cols; g += 8)
            {
                Transpose8(src + g * ld + p, ld, 8, dst + (nint)p * dstStride + g, dstStride);
            }
        }

        return p;
    }
}
