namespace DeepNotes.Kernels;

/// <summary>
/// Memory-moving kernels of the shape ops (flip, roll, repeat, pad, tril): a strided copy whose source may run
/// backwards (negative strides, for flips), and a triangular copy. Dimensions contiguous in both layouts are merged,
/// so the inner loop is one long <see cref="Span{T}.CopyTo"/> (or a copy and <see cref="MemoryExtensions.Reverse{T}(Span{T})"/>).
/// Element types are moved by size only (byte, int, long), so one instantiation serves every dtype of that size.
/// </summary>
internal static class ShapeCopy
{
    /// <summary>
    /// Copies the layout (<paramref name="srcOffset"/>, <paramref name="srcStrides"/>) of <paramref name="shape"/> into
    /// (<paramref name="dstOffset"/>, <paramref name="dstStrides"/>). Source strides may be 0 (broadcast) or negative.
    /// </summary>
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
            {
                Span<T> d = dst.Slice(dO, n);
                src.Slice(so - n + 1, n).CopyTo(d);
                d.Reverse();
            }
            else if (ds == 1 && ss == 0)
                dst.Slice(dO, n).Fill(src[so]);
            else
                for (int i = 0; i < n; i++) dst[dO + i * ds] = src[so + i * ss];
            layout.Next(ref so, ref dO, ref unused);
        }
    }

    /// <summary>
    /// Copies a batch of contiguous <paramref name="rows"/>×<paramref name="cols"/> matrices keeping the lower
    /// (<paramref name="lower"/>) or upper triangle relative to diagonal <paramref name="diagonal"/> and zeroing the rest
    /// (the destination is written in full).
    /// </summary>
    public static void Triangle<T>(ReadOnlySpan<T> src, Span<T> dst, int batch, int rows, int cols, int diagonal, bool lower)
        where T : unmanaged
    {
        for (int b = 0; b < batch; b++)
        {
            int baseIndex = b * rows * cols;
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<T> s = src.Slice(baseIndex + i * cols, cols);
                Span<T> d = dst.Slice(baseIndex + i * cols, cols);
                // lower keeps j <= i + diagonal; upper keeps j >= i + diagonal
                int split = lower ? Math.Clamp(i + diagonal + 1, 0, cols) : Math.Clamp(i + diagonal, 0, cols);
                if (lower)
                {
                    s[..split].CopyTo(d);
                    d[split..].Clear();
                }
                else
                {
                    d[..split].Clear();
                    s[split..].CopyTo(d[split..]);
                }
            }
        }
    }
}
