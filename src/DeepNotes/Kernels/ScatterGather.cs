using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>How <see cref="ScatterGather.Scatter{T}"/> combines a source element with the destination element.</summary>
internal enum ScatterMode
{
    /// <summary>dst = src (the last write in row-major order of the index wins).</summary>
    Assign,

    /// <summary>dst += src.</summary>
    Add,

    /// <summary>dst *= src.</summary>
    Multiply,

    /// <summary>dst = max(dst, src), NaN propagating.</summary>
    Max,

    /// <summary>dst = min(dst, src), NaN propagating.</summary>
    Min,
}

/// <summary>
/// The strided loops behind gather and scatter along one dimension. The walk runs over the index shape in row-major
/// order on one thread, so repeated indices are combined in a fixed order and results never depend on the thread
/// count. Every operand is given as (array, offset, strides over the index shape); the indexed operand's strides have
/// 0 in the indexed dimension and its stride there is passed separately as <c>dimStride</c>.
/// Index values must already be validated to lie in [0, size).
/// </summary>
internal static class ScatterGather
{
    /// <summary>dst[p] = src[p with dimension <c>dim</c> replaced by index[p]] for every position p of the index shape.</summary>
    /// <remarks>Each output element is independent, so large gathers split the outermost dimension over the worker pool.</remarks>
    public static void Gather<T>(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides, int srcDimStride,
        T[] dst, int dstOffset, ReadOnlySpan<int> dstStrides) where T : unmanaged
    {
        int total = Count(shape);
        if (shape.Length == 0 || shape[0] < 2 || total < 1 << 16 || WorkerPool.MaxThreads < 2)
        {
            GatherSerial(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, srcDimStride, dst, dstOffset, dstStrides);
            return;
        }
        var body = new GatherBody<T>
        {
            Shape = shape.ToArray(), Index = index, IndexOffset = indexOffset, IndexStrides = indexStrides.ToArray(),
            Src = src, SrcOffset = srcOffset, SrcStrides = srcStrides.ToArray(), DimStride = srcDimStride,
            Dst = dst, DstOffset = dstOffset, DstStrides = dstStrides.ToArray(),
        };
        RangeJob<GatherBody<T>>.Run(body, shape[0], RangeJob.Grain(total / shape[0]));
    }

    private struct GatherBody<T> : IRangeBody where T : unmanaged
    {
        public int[] Shape, Index, IndexStrides, SrcStrides, DstStrides;
        public T[] Src, Dst;
        public int IndexOffset, SrcOffset, DstOffset, DimStride;

        public readonly void Run(int start, int count)
        {
            var shape = (int[])Shape.Clone();
            shape[0] = count;
            GatherSerial(shape, Index, IndexOffset + start * IndexStrides[0], IndexStrides, Src, SrcOffset + start * SrcStrides[0], SrcStrides,
                DimStride, Dst, DstOffset + start * DstStrides[0], DstStrides);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherSerial<T>(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides, int srcDimStride,
        T[] dst, int dstOffset, ReadOnlySpan<int> dstStrides) where T : unmanaged
    {
        if (Count(shape) == 0) return;
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, indexStrides, srcStrides, dstStrides, scratch);
        int n = layout.InnerSize, istr = layout.InnerStride0, sstr = layout.InnerStride1, dstr = layout.InnerStride2;
        int io = indexOffset, so = srcOffset, dO = dstOffset;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            if (istr == 1 && dstr == 1 && sstr == 0)
            {
                // the common case of a contiguous index walking a row of the source
                for (int i = 0; i < n; i++) dst[dO + i] = src[so + index[io + i] * srcDimStride];
            }
            else
            {
                for (int i = 0; i < n; i++) dst[dO + i * dstr] = src[so + i * sstr + index[io + i * istr] * srcDimStride];
            }
            layout.Next(ref io, ref so, ref dO);
        }
    }

    /// <summary>dst[p with dimension <c>dim</c> replaced by index[p]] = src[p] (or combined by <paramref name="mode"/>).</summary>
    public static void Scatter<T>(ScatterMode mode, ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides,
        T[] dst, int dstOffset, ReadOnlySpan<int> dstStrides, int dstDimStride) where T : unmanaged, INumber<T>
    {
        switch (mode)
        {
            case ScatterMode.Assign: Run<T, AssignOp<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride); break;
            case ScatterMode.Add: Run<T, AddOp<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride); break;
            case ScatterMode.Multiply: Run<T, MultiplyOp<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride); break;
            case ScatterMode.Max: Run<T, MaxOp<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride); break;
            default: Run<T, MinOp<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride); break;
        }
    }

    /// <summary>Assignment for any element type (Bool included).</summary>
    public static void Assign<T>(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides,
        T[] dst, int dstOffset, ReadOnlySpan<int> dstStrides, int dstDimStride) where T : unmanaged =>
        Run<T, AssignAny<T>>(shape, index, indexOffset, indexStrides, src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dstDimStride);

    /// <summary>Adds one to <c>counts[q]</c> for every destination position q (relative to the destination's offset) the index names (the counts of a scatter mean).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Count(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        int[] counts, ReadOnlySpan<int> dstStrides, int dstDimStride)
    {
        if (Count(shape) == 0) return;
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, indexStrides, dstStrides, default, scratch);
        int n = layout.InnerSize, istr = layout.InnerStride0, dstr = layout.InnerStride1;
        int io = indexOffset, dO = 0, unused = 0;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            for (int i = 0; i < n; i++) counts[dO + i * dstr + index[io + i * istr] * dstDimStride]++;
            layout.Next(ref io, ref dO, ref unused);
        }
    }

    /// <summary>The first row-major position of the index shape whose value lies outside [<paramref name="low"/>, <paramref name="high"/>), or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FindOutOfRange(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides, int low, int high)
    {
        if (Count(shape) == 0) return -1;
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, indexStrides, default, default, scratch);
        int n = layout.InnerSize, istr = layout.InnerStride0;
        int io = indexOffset, u1 = 0, u2 = 0;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            for (int i = 0; i < n; i++)
            {
                int v = index[io + i * istr];
                if (v < low || v >= high) return FlatPosition(shape, indexStrides, indexOffset, io + i * istr);
            }
            layout.Next(ref io, ref u1, ref u2);
        }
        return -1;
    }

    private static int FlatPosition(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset, int storage)
    {
        // walk the whole shape again to find the row-major position of a storage slot (error path only)
        int total = Count(shape);
        Span<int> idx = stackalloc int[Math.Max(shape.Length, 1)];
        for (int flat = 0; flat < total; flat++)
        {
            int pos = offset, rest = flat;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                idx[d] = rest % shape[d];
                rest /= shape[d];
                pos += idx[d] * strides[d];
            }
            if (pos == storage) return flat;
        }
        return 0;
    }

    private static int Count(ReadOnlySpan<int> shape)
    {
        int c = 1;
        foreach (int d in shape) c *= d;
        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TOp>(ReadOnlySpan<int> shape, int[] index, int indexOffset, ReadOnlySpan<int> indexStrides,
        T[] src, int srcOffset, ReadOnlySpan<int> srcStrides,
        T[] dst, int dstOffset, ReadOnlySpan<int> dstStrides, int dstDimStride) where T : unmanaged where TOp : struct, ICombine<T>
    {
        if (Count(shape) == 0) return;
        Span<int> scratch = stackalloc int[StridedLayout.ScratchSize(shape.Length)];
        var layout = new StridedLayout(shape, indexStrides, srcStrides, dstStrides, scratch);
        int n = layout.InnerSize, istr = layout.InnerStride0, sstr = layout.InnerStride1, dstr = layout.InnerStride2;
        int io = indexOffset, so = srcOffset, dO = dstOffset;
        for (int row = 0; row < layout.OuterCount; row++)
        {
            for (int i = 0; i < n; i++)
            {
                ref T d = ref dst[dO + i * dstr + index[io + i * istr] * dstDimStride];
                d = TOp.Combine(d, src[so + i * sstr]);
            }
            layout.Next(ref io, ref so, ref dO);
        }
    }

    private interface ICombine<T>
    {
        static abstract T Combine(T dst, T src);
    }

    private readonly struct AssignAny<T> : ICombine<T>
    {
        public static T Combine(T dst, T src) => src;
    }

    private readonly struct AssignOp<T> : ICombine<T> where T : INumber<T>
    {
        public static T Combine(T dst, T src) => src;
    }

    private readonly struct AddOp<T> : ICombine<T> where T : INumber<T>
    {
        public static T Combine(T dst, T src) => dst + src;
    }

    private readonly struct MultiplyOp<T> : ICombine<T> where T : INumber<T>
    {
        public static T Combine(T dst, T src) => dst * src;
    }

    // PyTorch's rule: a NaN on either side wins (IEEE maximum/minimum, branch-free); only the sign of an equal zero may
    // differ from PyTorch, which keeps the destination's.
    private readonly struct MaxOp<T> : ICombine<T> where T : INumber<T>
    {
        public static T Combine(T dst, T src) => T.Max(dst, src);
    }

    private readonly struct MinOp<T> : ICombine<T> where T : INumber<T>
    {
        public static T Combine(T dst, T src) => T.Min(dst, src);
    }
}
