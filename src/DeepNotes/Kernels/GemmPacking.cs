using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// Packs blocks of op(A) and op(B) into the panel layouts the microkernels stream: A as MR-row panels stored
/// [k][MR], B as NR-column panels stored [k][NR], ragged panels padded with zeros.
/// </summary>
internal static unsafe partial class GemmPacking
{
    /// <summary>
    /// Packs op(A)[i0..i0+mc, p0..p0+kc) into <paramref name="dst"/>: panel r (rows i0+r·MR..) occupies
    /// MR·kc elements starting at r·MR·kc, element (i, p) of the panel at p·MR + i. The buffer needs 16 elements of
    /// slack past the last panel (the vector transposer's final store may run over). <paramref name="path"/> selects
    /// the register transposer (AVX-512 16×16 or AVX 8×8, float only); other cases gather element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(bool transA, T* a, nint lda, int i0, int mc, int p0, int kc, int mr, T* dst,
        GemmPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fullStart = 0;
        if (transA)
        {
            // op(A)(i, p) = a[p·lda + i]: each k step of a panel is a contiguous run of MR elements. Walk the stored
            // rows once, in order, dealing each run to its panel (far faster than one panel's column at a time).
            fullStart = mc / mr * mr;
            T* s = a + (nint)p0 * lda + i0;
            for (int ir = 0; ir < fullStart; ir += mr)
            {
                CopyRuns(s + ir, lda, dst + (nint)ir * kc, mr, kc, mr);
            }
        }

        for (int ir = fullStart; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* d = dst + (nint)ir * kc;
            if (transA)
            {
                // The ragged last panel (the full ones were packed above).
                T* s = a + (nint)p0 * lda + i0 + ir;
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* dp = d + (nint)p * mr;
                        T* sp = s + p * lda;
                        int i = 0;
                        for (; i < rows; i++)
                        {
                            dp[i] = sp[i];
                        }

                        for (; i < mr; i++)
                        {
                            dp[i] = T.Zero;
                        }
                    }
                }
            }
            else
            {
                // op(A)(i, p) = a[i·lda + p]: gather MR rows (16×16 register transposes, else four rows at a time).
                T* s = a + (i0 + ir) * lda + p0;
                int pStart = 0;
                if (typeof(T) == typeof(float) && path == GemmPath.Avx512 && Avx512F.IsSupported && mr <= 16)
                {
                    pStart = PackRowsAvx512((float*)s, lda, rows, kc, (float*)d, mr);
                    if (pStart == kc)
                    {
                        continue;
                    }
                }
                else if (typeof(T) == typeof(float) && path == GemmPath.Avx2 && Avx.IsSupported && mr <= 8)
                {
                    pStart = PackRowsAvx2((float*)s, lda, rows, kc, (float*)d, mr);
                    if (pStart == kc)
                    {
                        continue;
                    }
                }

                int r = 0;
                for (; r + 4 <= rows; r += 4)
                {
                    T* s0 = s + r * lda, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                    T* dp = d + r + (nint)pStart * mr;
                    for (int p = pStart; p < kc; p++, dp += mr)
                    {
                        dp[0] = s0[p];
                        dp[1] = s1[p];
                        dp[2] = s2[p];
                        dp[3] = s3[p];
                    }
                }

                for (; r < rows; r++)
                {
                    T* s0 = s + r * lda;
                    T* dp = d + r + (nint)pStart * mr;
                    for (int p = pStart; p < kc; p++, dp += mr)
                    {
                        dp[0] = s0[p];
                    }
                }

                for (; r < mr; r++)
                {
                    T* dp = d + r + (nint)pStart * mr;
                    for (int p = pStart; p < kc; p++, dp += mr)
                    {
                        dp[0] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc) into <paramref name="dst"/>: panel q (columns j0+q·NR..) occupies NR·kc
    /// elements starting at q·NR·kc, element (p, j) of the panel at p·NR + j. <paramref name="path"/> selects the
    /// register transposer for a transposed float B, as in <see cref="PackA{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(bool transB, T* b, nint ldb, int p0, int kc, int j0, int nc, int nr, T* dst,
        GemmPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fullStart = 0;
        if (!transB)
        {
            // op(B)(p, j) = b[p·ldb + j]: each k step of a panel is a contiguous run of NR elements. Walk the rows of
            // B once, in order, dealing each run to its panel (far faster than one panel's column at a time).
            fullStart = nc / nr * nr;
            T* s = b + (nint)p0 * ldb + j0;
            for (int jr = 0; jr < fullStart; jr += nr)
            {
                CopyRuns(s + jr, ldb, dst + (nint)jr * kc, nr, kc, nr);
            }
        }

        for (int jr = fullStart; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            T* d = dst + (nint)jr * kc;
            if (!transB)
            {
                // The ragged last panel (the full ones were packed above).
                T* s = b + (nint)p0 * ldb + j0 + jr;
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* dp = d + (nint)p * nr;
                        T* sp = s + p * ldb;
                        int j = 0;
                        for (; j < cols; j++)
                        {
                            dp[j] = sp[j];
                        }

                        for (; j < nr; j++)
                        {
                            dp[j] = T.Zero;
                        }
                    }
                }
            }
            else
            {
                // op(B)(p, j) = b[j·ldb + p]: gather NR rows of the stored matrix (16×16 register transposes, else
                // four rows at a time).
                T* s = b + (j0 + jr) * ldb + p0;
                int pStart = 0;
                if (typeof(T) == typeof(float) && path == GemmPath.Avx512 && Avx512F.IsSupported && cols == nr && nr % 16 == 0)
                {
                    pStart = PackColumnsAvx512((float*)s, ldb, nr, kc, (float*)d, nr);
                    if (pStart == kc)
                    {
                        continue;
                    }
                }
                else if (typeof(T) == typeof(float) && path == GemmPath.Avx2 && Avx.IsSupported && cols == nr && nr % 8 == 0)
                {
                    pStart = PackColumnsAvx2((float*)s, ldb, nr, kc, (float*)d, nr);
                    if (pStart == kc)
                    {
                        continue;
                    }
                }

                int j = 0;
                for (; j + 4 <= cols; j += 4)
                {
                    T* s0 = s + j * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    T* dp = d + j + (nint)pStart * nr;
                    for (int p = pStart; p < kc; p++, dp += nr)
                    {
                        dp[0] = s0[p];
                        dp[1] = s1[p];
                        dp[2] = s2[p];
                        dp[3] = s3[p];
                    }
                }

                for (; j < cols; j++)
                {
                    T* s0 = s + j * ldb;
                    T* dp = d + j + (nint)pStart * nr;
                    for (int p = pStart; p < kc; p++, dp += nr)
                    {
                        dp[0] = s0[p];
                    }
                }

                for (; j < nr; j++)
                {
                    T* dp = d + j + (nint)pStart * nr;
                    for (int p = pStart; p < kc; p++, dp += nr)
                    {
                        dp[0] = T.Zero;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> runs of <paramref name="length"/> contiguous elements (one panel row each)
    /// from stride <paramref name="srcStride"/> to stride <paramref name="dstStride"/>, with a loop specialised for
    /// the common run sizes (128, 64 and 48 bytes) so each run is a couple of vector moves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRuns<T>(T* src, nint srcStride, T* dst, nint dstStride, int count, int length)
        where T : unmanaged
    {
        int bytes = length * sizeof(T);
        bool vector = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        if (vector && bytes == 128 && Vector512.IsHardwareAccelerated)
        {
            for (int r = 0; r < count; r++, src += srcStride, dst += dstStride)
            {
                Vector512.Store(Vector512.Load((byte*)src), (byte*)dst);
                Vector512.Store(Vector512.Load((byte*)src + 64), (byte*)dst + 64);
            }
        }
        else if (vector && bytes == 64)
        {
            for (int r = 0; r < count; r++, src += srcStride, dst += dstStride)
            {
                Vector256.Store(Vector256.Load((byte*)src), (byte*)dst);
                Vector256.Store(Vector256.Load((byte*)src + 32), (byte*)dst + 32);
            }
        }
        else if (vector && bytes == 48)
        {
            for (int r = 0; r < count; r++, src += srcStride, dst += dstStride)
            {
                Vector256.Store(Vector256.Load((byte*)src), (byte*)dst);
                Vector128.Store(Vector128.Load((byte*)src + 32), (byte*)dst + 32);
            }
        }
        else
        {
            for (int r = 0; r < count; r++, src += srcStride, dst += dstStride)
            {
                CopySmall(src, dst, length);
            }
        }
    }

    /// <summary>Copies a short contiguous run (one panel row) with the widest vectors that fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopySmall<T>(T* src, T* dst, int count)
        where T : unmanaged
    {
        int i = 0;
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            for (; i < count; i++)
            {
                dst[i] = src[i];
            }

            return;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<T>.Count <= count; i += Vector512<T>.Count)
            {
                Vector512.Store(Vector512.Load(src + i), dst + i);
            }
        }

        for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        for (; i + Vector128<T>.Count <= count; i += Vector128<T>.Count)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }
}

/// <summary>
/// Per-thread packing buffers: pinned, 64-byte aligned, grown on demand and then reused, so steady-state calls
/// allocate nothing.
/// </summary>
internal static unsafe class GemmScratch<T>
    where T : unmanaged
{
    [ThreadStatic] private static T[]? t_a;
    [ThreadStatic] private static T[]? t_b;

    /// <summary>Aligned room for at least <paramref name="count"/> elements of packed A.</summary>
    public static T* A(nint count) => Get(ref t_a, count);

    /// <summary>Aligned room for at least <paramref name="count"/> elements of packed B.</summary>
    public static T* B(nint count) => Get(ref t_b, count);

    private static T* Get(ref T[]? buffer, nint count)
    {
        int pad = 64 / sizeof(T);
        if (buffer is null || buffer.Length < count + pad)
        {
            long size = Math.Max(count + pad, (long)(buffer?.Length ?? 0) * 3 / 2);
            buffer = GC.AllocateUninitializedArray<T>(checked((int)size), pinned: true);
        }

        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((p + 63) & ~(nint)63);
    }
}
