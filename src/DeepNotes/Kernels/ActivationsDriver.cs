using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>An elementwise function on one vector of <typeparamref name="T"/> (lanes are independent).</summary>
internal interface IVectorOp<T> where T : unmanaged
{
    Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>An elementwise function of two vectors, e.g. (incoming gradient, saved input) → input gradient.</summary>
internal interface IVectorOp2<T> where T : unmanaged
{
    Vector512<T> Invoke(Vector512<T> a, Vector512<T> b);
}

/// <summary>A precise scalar double function (the Float64 path of the transcendental activations).</summary>
internal interface IScalarOp
{
    double Invoke(double x);
}

/// <summary>A precise scalar double function of two arguments.</summary>
internal interface IScalarOp2
{
    double Invoke(double a, double b);
}

/// <summary>
/// Runs elementwise activation ops over contiguous ranges of arrays: one pass, <see cref="Vector512{T}"/> at a time,
/// with the last partial vector computed in a zero-padded buffer by the same vector code (so every element gets the
/// same arithmetic wherever it sits), and split over the <see cref="WorkerPool"/> for long ranges. The split does
/// not change any result, so outputs are identical for every thread count.
/// </summary>
internal static class ActivationKernels
{
    /// <summary>Minimum elements per thread for memory-bound ops (ReLU, the backward products).</summary>
    public const int CheapGrain = 1 << 16;

    /// <summary>Minimum elements per thread for ops that evaluate exp or erfc (~1 ns per element).</summary>
    public const int CostlyGrain = 1 << 13;

    /// <summary>y[i] = op(x[i]) for <paramref name="count"/> elements.</summary>
    public static void Map<T, TOp>(T[] x, int xOffset, T[] y, int yOffset, int count, TOp op, int grain)
        where T : unmanaged where TOp : struct, IVectorOp<T> =>
        RangeJob<UnaryBody<T, TOp>>.Run(new UnaryBody<T, TOp>(x, xOffset, y, yOffset, op), count, grain, align: 64);

    /// <summary>y[i] = op(a[i], b[i]) for <paramref name="count"/> elements.</summary>
    public static void Map<T, TOp>(T[] a, int aOffset, T[] b, int bOffset, T[] y, int yOffset, int count, TOp op, int grain)
        where T : unmanaged where TOp : struct, IVectorOp2<T> =>
        RangeJob<BinaryBody<T, TOp>>.Run(new BinaryBody<T, TOp>(a, aOffset, b, bOffset, y, yOffset, op), count, grain, align: 64);

    /// <summary>y[i] = op(x[i]) with a scalar op, for <paramref name="count"/> doubles.</summary>
    public static void MapScalar<TOp>(double[] x, int xOffset, double[] y, int yOffset, int count, TOp op)
        where TOp : struct, IScalarOp =>
        RangeJob<ScalarBody<TOp>>.Run(new ScalarBody<TOp>(x, xOffset, y, yOffset, op), count, CostlyGrain, align: 64);

    /// <summary>y[i] = op(a[i], b[i]) with a scalar op, for <paramref name="count"/> doubles.</summary>
    public static void MapScalar<TOp>(double[] a, int aOffset, double[] b, int bOffset, double[] y, int yOffset, int count, TOp op)
        where TOp : struct, IScalarOp2 =>
        RangeJob<ScalarBody2<TOp>>.Run(new ScalarBody2<TOp>(a, aOffset, b, bOffset, y, yOffset, op), count, CostlyGrain, align: 64);

    /// <summary>The serial span form of the unary map (x and y may be the same span, not partly overlapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op) where T : unmanaged where TOp : struct, IVectorOp<T>
    {
        int n = x.Length, width = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        for (; i <= n - width; i += width)
            op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i < n) Tail(x[i..], y[i..], op);
    }

    /// <summary>The last partial vector, through a zero-padded buffer (kept out of the loop's method: a stackalloc there
    /// made the JIT keep the op's vector fields in memory, storing and reloading them every iteration).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tail<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op) where T : unmanaged where TOp : struct, IVectorOp<T>
    {
        Span<T> buffer = stackalloc T[Vector512<T>.Count];
        buffer.Clear();
        x.CopyTo(buffer);
        op.Invoke(Vector512.LoadUnsafe(ref buffer[0])).StoreUnsafe(ref buffer[0]);
        buffer[..x.Length].CopyTo(y);
    }

    /// <summary>The serial span form of the binary map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Map<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op) where T : unmanaged where TOp : struct, IVectorOp2<T>
    {
        int n = a.Length, width = Vector512<T>.Count, i = 0;
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T br = ref MemoryMarshal.GetReference(b);
        ref T yr = ref MemoryMarshal.GetReference(y);
        for (; i <= n - width; i += width)
            op.Invoke(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        if (i < n) Tail(a[i..], b[i..], y[i..], op);
    }

    /// <summary>The last partial vector of the binary map, through zero-padded buffers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tail<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op) where T : unmanaged where TOp : struct, IVectorOp2<T>
    {
        int width = Vector512<T>.Count;
        Span<T> bufferA = stackalloc T[width], bufferB = stackalloc T[width];
        bufferA.Clear();
        bufferB.Clear();
        a.CopyTo(bufferA);
        b.CopyTo(bufferB);
        op.Invoke(Vector512.LoadUnsafe(ref bufferA[0]), Vector512.LoadUnsafe(ref bufferB[0])).StoreUnsafe(ref bufferA[0]);
        bufferA[..a.Length].CopyTo(y);
    }

    private readonly struct UnaryBody<T, TOp>(T[] x, int xOffset, T[] y, int yOffset, TOp op) : IRangeBody
        where T : unmanaged where TOp : struct, IVectorOp<T>
    {
        public void Run(int start, int count) => Map(x.AsSpan(xOffset + start, count), y.AsSpan(yOffset + start, count), op);
    }

    private readonly struct BinaryBody<T, TOp>(T[] a, int aOffset, T[] b, int bOffset, T[] y, int yOffset, TOp op) : IRangeBody
        where T : unmanaged where TOp : struct, IVectorOp2<T>
    {
        public void Run(int start, int count) =>
            Map<T, TOp>(a.AsSpan(aOffset + start, count), b.AsSpan(bOffset + start, count), y.AsSpan(yOffset + start, count), op);
    }

    private readonly struct ScalarBody<TOp>(double[] x, int xOffset, double[] y, int yOffset, TOp op) : IRangeBody
        where TOp : struct, IScalarOp
    {
        public void Run(int start, int count)
        {
            for (int i = start; i < start + count; i++) y[yOffset + i] = op.Invoke(x[xOffset + i]);
        }
    }

    private readonly struct ScalarBody2<TOp>(double[] a, int aOffset, double[] b, int bOffset, double[] y, int yOffset, TOp op) : IRangeBody
        where TOp : struct, IScalarOp2
    {
        public void Run(int start, int count)
        {
            for (int i = start; i < start + count; i++) y[yOffset + i] = op.Invoke(a[aOffset + i], b[bOffset + i]);
        }
    }
}
