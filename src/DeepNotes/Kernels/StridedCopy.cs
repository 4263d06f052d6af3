using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>Copies between strided layouts of the same shape (stride 0 in the source broadcasts, −1 reverses); ShapeCopy
/// splits large copies of it over threads.</summary>
internal static class StridedCopy
{
    /// <summary>Copies <paramref name="shape"/> elements from one strided layout to another, a contiguous inner row at a time
    /// (a block copy, a fill for stride 0, a vectorised reverse for stride −1, else a strided loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy<T>(ReadOnlySpan<T> src, int srcOffset, ReadOnlySpan<int> srcStrides, Span<T> dst, int dstOffset,
        ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape) where T : unmanaged
    {
        int count = 1;
        foreach (int d in shape) count *= d;
        if (count == 0) return;
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, srcStrides, dstStrides, default, scratch);
        int n = layout.InnerSize, ss = layout.InnerStride0, ds = layout.InnerStride1;
        int so = srcOffset, dO = dstOffset, unused = 0;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            if (ds == 1 && ss == 1)
                src.Slice(so, n).CopyTo(dst.Slice(dO, n));
            else if (ds == 1 && ss == -1)
                ReverseCopy(src.Slice(so - n + 1, n), dst.Slice(dO, n));
            else if (ds == 1 && ss == 0)
                dst.Slice(dO, n).Fill(src[so]);
            else
            {
                // bounds checked once per row, then a plain strided loop
                _ = src[so];
                _ = src[so + (n - 1) * ss];
                _ = dst[dO];
                _ = dst[dO + (n - 1) * ds];
                ref T s = ref Unsafe.Add(ref MemoryMarshal.GetReference(src), so);
                ref T d = ref Unsafe.Add(ref MemoryMarshal.GetReference(dst), dO);
                for (int i = 0; i < n; i++) Unsafe.Add(ref d, i * ds) = Unsafe.Add(ref s, i * ss);
            }
            layout.Next(ref so, ref dO, ref unused);
        }
    }

    /// <summary><c>dst[i] = src[n − 1 − i]</c> in one pass: whole vectors loaded from the end, lanes reversed by a permute.</summary>
    private static void ReverseCopy<T>(ReadOnlySpan<T> src, Span<T> dst) where T : unmanaged
    {
        int n = src.Length, i = 0;
        if (Vector256.IsHardwareAccelerated && typeof(T) == typeof(int))
        {
            ReadOnlySpan<int> s = MemoryMarshal.Cast<T, int>(src);
            Span<int> d = MemoryMarshal.Cast<T, int>(dst);
            Vector256<int> order = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            for (; i <= n - 8; i += 8)
                Vector256.Shuffle(Vector256.Create(s.Slice(n - i - 8, 8)), order).CopyTo(d.Slice(i, 8));
        }
        else if (Vector256.IsHardwareAccelerated && typeof(T) == typeof(long))
        {
            ReadOnlySpan<long> s = MemoryMarshal.Cast<T, long>(src);
            Span<long> d = MemoryMarshal.Cast<T, long>(dst);
            Vector256<long> order = Vector256.Create(3L, 2, 1, 0);
            for (; i <= n - 4; i += 4)
                Vector256.Shuffle(Vector256.Create(s.Slice(n - i - 4, 4)), order).CopyTo(d.Slice(i, 4));
        }
        if (i < n)
        {
            Span<T> rest = dst[i..];
            src[..(n - i)].CopyTo(rest);
            rest.Reverse();
        }
    }
}
