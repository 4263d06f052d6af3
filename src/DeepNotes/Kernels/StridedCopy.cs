namespace DeepNotes.Kernels;

/// <summary>Copies between strided layouts of the same shape (stride 0 in the source broadcasts).</summary>
internal static class StridedCopy
{
    public static void Copy<T>(ReadOnlySpan<T> src, int srcOffset, ReadOnlySpan<int> srcStrides, Span<T> dst, int dstOffset, ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape)
        where T : unmanaged
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
            if (ss == 1 && ds == 1)
                src.Slice(so, n).CopyTo(dst.Slice(dO, n));
            else if (ss == 0 && ds == 1)
                dst.Slice(dO, n).Fill(src[so]);
            else
                for (int i = 0; i < n; i++) dst[dO + i * ds] = src[so + i * ss];
            layout.Next(ref so, ref dO, ref unused);
        }
    }
}
