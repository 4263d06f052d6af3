namespace DeepNotes.Kernels;

/// <summary>
/// Applies a binary operator over two strided operands broadcast to a common shape (stride 0 on broadcast
/// dimensions), writing a contiguous result. Contiguous rows go through the operator's vectorised span forms.
/// </summary>
internal static class Broadcast
{
    public static void Binary<T, TOp>(ReadOnlySpan<T> a, int aOffset, ReadOnlySpan<int> aStrides, ReadOnlySpan<T> b, int bOffset, ReadOnlySpan<int> bStrides, Span<T> destination, ReadOnlySpan<int> shape)
        where T : unmanaged
        where TOp : IBinaryOperator<T>
    {
        if (destination.IsEmpty) return;
        Span<int> dstStrides = stackalloc int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { dstStrides[i] = s; s *= shape[i]; }
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, aStrides, bStrides, dstStrides, scratch);
        int n = layout.InnerSize, sa = layout.InnerStride0, sb = layout.InnerStride1;
        int ao = aOffset, bo = bOffset, dO = 0;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            Span<T> d = destination.Slice(dO, n);
            if (sa == 1 && sb == 1) TOp.Invoke(a.Slice(ao, n), b.Slice(bo, n), d);
            else if (sa == 1 && sb == 0) TOp.Invoke(a.Slice(ao, n), b[bo], d);
            else if (sa == 0 && sb == 1) TOp.Invoke(a[ao], b.Slice(bo, n), d);
            else if (sa == 0 && sb == 0) d.Fill(TOp.Invoke(a[ao], b[bo]));
            else for (int i = 0; i < n; i++) d[i] = TOp.Invoke(a[ao + i * sa], b[bo + i * sb]);
            layout.Next(ref ao, ref bo, ref dO);
        }
    }
}
