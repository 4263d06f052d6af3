using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Memory-moving kernels of the shape ops (flip, roll, repeat, pad, tril, cat): a strided copy whose source may run
/// backwards (negative strides, for flips) or broadcast (stride 0), and a triangular copy. Dimensions contiguous in
/// both layouts are merged, so the inner loop is one long <see cref="Span{T}.CopyTo"/> (or a copy and a vectorised
/// reverse, or a fill). Large copies are split over the outermost dimension across the worker pool (each element is
/// copied once whatever the split, so results do not depend on the thread count). Element types are moved by size
/// only (byte, int, long), so one instantiation serves every dtype of that size.
/// </summary>
internal static class ShapeCopy
{
    /// <summary>Below this many elements a copy stays on the calling thread.</summary>
    private const int ParallelThreshold = 1 << 17;

    /// <summary>
    /// Copies the layout (<paramref name="srcOffset"/>, <paramref name="srcStrides"/>) of <paramref name="shape"/> from
    /// <paramref name="src"/> into (<paramref name="dstOffset"/>, <paramref name="dstStrides"/>) of <paramref name="dst"/>.
    /// Source strides may be 0 (broadcast) or negative; the two arrays must not overlap in the copied elements.
    /// </summary>
    public static void Copy<T>(T[] src, int srcOffset, int[] srcStrides, T[] dst, int dstOffset, int[] dstStrides, int[] shape)
        where T : unmanaged
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count == 0) return;
        int split = Array.FindIndex(shape, d => d > 1);
        if (count < ParallelThreshold || WorkerPool.MaxThreads <= 1 || split < 0)
        {
            StridedCopy.Copy<T>(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape);
            return;
        }
        var body = new CopyBody<T>(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape, split);
        RangeJob<CopyBody<T>>.Run(body, shape[split], RangeJob.Grain(count / shape[split], ParallelThreshold / 2));
    }

    private readonly struct CopyBody<T>(T[] src, int srcOffset, int[] srcStrides, T[] dst, int dstOffset, int[] dstStrides, int[] shape, int split)
        : IRangeBody where T : unmanaged
    {
        public void Run(int start, int count)
        {
            var part = (int[])shape.Clone();
            part[split] = count;
            StridedCopy.Copy<T>(src, srcOffset + start * srcStrides[split], srcStrides, dst, dstOffset + start * dstStrides[split], dstStrides, part);
        }
    }



    /// <summary>
    /// <c>dst[2k] = dst[2k + 1] = src[srcOffset + k]</c> for k in [0, count): each element doubled in place (repeat_interleave
    /// by 2 of an innermost dimension), with a cross-lane permute per half vector for 4- and 8-byte elements.
    /// </summary>
    public static void InterleavePairs<T>(T[] src, int srcOffset, T[] dst, int count) where T : unmanaged
    {
        var body = new PairsBody<T>(src, srcOffset, dst);
        RangeJob<PairsBody<T>>.Run(body, count, RangeJob.Grain(2, ParallelThreshold / 2), align: 64);
    }

    private readonly struct PairsBody<T>(T[] src, int srcOffset, T[] dst) : IRangeBody where T : unmanaged
    {
        public void Run(int start, int count)
        {
            ReadOnlySpan<T> s = src.AsSpan(srcOffset + start, count);
            Span<T> d = dst.AsSpan(2 * start, 2 * count);
            int k = 0;
            if (Vector256.IsHardwareAccelerated && typeof(T) == typeof(int))
            {
                ReadOnlySpan<int> si = MemoryMarshal.Cast<T, int>(s);
                Span<int> di = MemoryMarshal.Cast<T, int>(d);
                Vector256<int> lo = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3), hi = Vector256.Create(4, 4, 5, 5, 6, 6, 7, 7);
                for (; k <= count - 8; k += 8)
                {
                    var v = Vector256.Create(si.Slice(k, 8));
                    Vector256.Shuffle(v, lo).CopyTo(di.Slice(2 * k, 8));
                    Vector256.Shuffle(v, hi).CopyTo(di.Slice(2 * k + 8, 8));
                }
            }
            else if (Vector256.IsHardwareAccelerated && typeof(T) == typeof(long))
            {
                ReadOnlySpan<long> sl = MemoryMarshal.Cast<T, long>(s);
                Span<long> dl = MemoryMarshal.Cast<T, long>(d);
                Vector256<long> lo = Vector256.Create(0L, 0, 1, 1), hi = Vector256.Create(2L, 2, 3, 3);
                for (; k <= count - 4; k += 4)
                {
                    var v = Vector256.Create(sl.Slice(k, 4));
                    Vector256.Shuffle(v, lo).CopyTo(dl.Slice(2 * k, 4));
                    Vector256.Shuffle(v, hi).CopyTo(dl.Slice(2 * k + 4, 4));
                }
            }
            for (; k < count; k++) d[2 * k] = d[2 * k + 1] = s[k];
        }
    }

    /// <summary>
    /// Copies a batch of contiguous <paramref name="rows"/>×<paramref name="cols"/> matrices keeping the lower
    /// (<paramref name="lower"/>) or upper triangle relative to diagonal <paramref name="diagonal"/> and zeroing the rest
    /// (the destination is written in full, so it may start uninitialised).
    /// </summary>
    public static void Triangle<T>(T[] src, int srcOffset, T[] dst, int batch, int rows, int cols, int diagonal, bool lower)
        where T : unmanaged
    {
        int total = batch * rows;
        var body = new TriangleBody<T>(src, srcOffset, dst, rows, cols, diagonal, lower);
        RangeJob<TriangleBody<T>>.Run(body, total, RangeJob.Grain(cols, ParallelThreshold / 2));
    }

    private readonly struct TriangleBody<T>(T[] src, int srcOffset, T[] dst, int rows, int cols, int diagonal, bool lower)
        : IRangeBody where T : unmanaged
    {
        public void Run(int start, int count)
        {
            for (int r = start; r < start + count; r++)
            {
                int i = r % rows;
                ReadOnlySpan<T> s = src.AsSpan(srcOffset + r * cols, cols);
                Span<T> d = dst.AsSpan(r * cols, cols);
                // lower keeps j <= i + diagonal; upper keeps j >= i + diagonal
                if (lower)
                {
                    int split = (int)Math.Clamp((long)i + diagonal + 1, 0, cols);
                    s[..split].CopyTo(d);
                    d[split..].Clear();
                }
                else
                {
                    int split = (int)Math.Clamp((long)i + diagonal, 0, cols);
                    d[..split].Clear();
                    s[split..].CopyTo(d[split..]);
                }
            }
        }
    }
}
