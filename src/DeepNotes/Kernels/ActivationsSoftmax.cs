using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Softmax and log-softmax along one axis of a contiguous tensor seen as <c>[outer, n, inner]</c> (n the axis length).
/// When <c>inner == 1</c> the axis is the last one and the rows go to <see cref="SoftmaxFloat"/> (Float32: exp on float
/// lanes fused with the sum) or to <see cref="SoftmaxKernel"/> (Float64; its log-softmax forward is replaced by
/// <see cref="SoftmaxKernel.LogRows{T}"/>). Otherwise each outer block is n rows of <c>inner</c> contiguous elements and the
/// reductions run down the columns, a whole row of columns at a time, so no transposed copy is made. Both forms
/// subtract the maximum first. Blocks (or rows) are split over the <see cref="WorkerPool"/>; each is computed the same
/// way on any thread.
/// </summary>
internal static class SoftmaxAlongAxis
{
    private const int ElementsPerPart = 1 << 14;

    /// <summary>y = softmax (or log-softmax when <paramref name="log"/>) of x along the middle dimension; n ≥ 1.</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, int yOffset, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new Body<T>(x, xOffset, y, yOffset, null, 0, n, inner, log, backward: false);
        Run(body, outer, n, inner);
    }

    /// <summary>
    /// dx from the saved output y and the incoming gradient g: y ⊙ (g − Σ g ⊙ y) for softmax, g − exp(y) ⊙ Σ g for
    /// log-softmax, the sums along the middle dimension; n ≥ 1.
    /// </summary>
    public static void Backward<T>(T[] y, int yOffset, T[] g, int gOffset, T[] dx, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new Body<T>(y, yOffset, dx, 0, g, gOffset, n, inner, log, backward: true);
        Run(body, outer, n, inner);
    }

    private static void Run<T>(Body<T> body, int outer, int n, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Work items are the outer blocks: rows of the last axis when inner == 1.
        long perBlock = (long)n * inner;
        int grain = (int)Math.Max(1, ElementsPerPart / perBlock);
        RangeJob<Body<T>>.Run(body, outer, grain, align: 1);
    }

    private readonly struct Body<T>(T[] a, int aOffset, T[] result, int resultOffset, T[]? g, int gOffset,
        int n, int inner, bool log, bool backward) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int start, int count)
        {
            int block = n * inner;
            var src = a.AsSpan(aOffset + start * block, count * block);
            var dst = result.AsSpan(resultOffset + start * block, count * block);
            var grad = g is null ? default : new ReadOnlySpan<T>(g, gOffset + start * block, count * block);
            if (inner == 1 && typeof(T) == typeof(float))
            {
                var x = MemoryMarshal.Cast<T, float>(src);
                var y = MemoryMarshal.Cast<T, float>(dst);
                if (!backward) SoftmaxFloat.Rows(x, y, count, n, log);
                else if (!log) SoftmaxKernel.RowsBackward(x, MemoryMarshal.Cast<T, float>(grad), y, count, n);
                else SoftmaxFloat.LogRowsBackward(x, MemoryMarshal.Cast<T, float>(grad), y, count, n);
                return;
            }
            if (inner == 1)
            {
                if (!backward && !log) SoftmaxKernel.Rows<T>(src, dst, count, n);
                else if (!backward) SoftmaxKernel.LogRows<T>(src, dst, count, n);
                else if (!log) SoftmaxKernel.RowsBackward<T>(src, grad, dst, count, n);
                else SoftmaxKernel.LogRowsBackward<T>(src, grad, dst, count, n);
                return;
            }
            T[] scratch = ArrayPool<T>.Shared.Rent(2 * inner);
            try
            {
                var s0 = scratch.AsSpan(0, inner);
                var s1 = scratch.AsSpan(inner, inner);
                for (int b = 0; b < count; b++)
                {
                    var x = src.Slice(b * block, block);
                    var y = dst.Slice(b * block, block);
                    if (!backward) ColumnsForward(x, y, s0, s1, n, inner, log);
                    else ColumnsBackward(x, grad.Slice(b * block, block), y, s0, n, inner, log);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>One block of n rows × inner columns: softmax down each column.</summary>
    private static void ColumnsForward<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> max, Span<T> sum, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x[..inner].CopyTo(max);
        for (int r = 1; r < n; r++) TensorPrimitives.Max(max, x.Slice(r * inner, inner), max);
        sum.Clear();
        for (int r = 0; r < n; r++)
        {
            var yr = y.Slice(r * inner, inner);
            ExpOfDifference(x.Slice(r * inner, inner), max, yr);
            TensorPrimitives.Add(sum, yr, sum);
        }
        if (log)
        {
            TensorPrimitives.Log(sum, sum);
            for (int r = 0; r < n; r++) SubtractTwice(x.Slice(r * inner, inner), max, sum, y.Slice(r * inner, inner));
        }
        else
        {
            TensorPrimitives.Reciprocal(sum, sum);
            for (int r = 0; r < n; r++) TensorPrimitives.Multiply(y.Slice(r * inner, inner), sum, y.Slice(r * inner, inner));
        }
    }

    /// <summary>y = (x − a) − b elementwise (per column a and b).</summary>
    private static void SubtractTwice<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(x, a, y);
        TensorPrimitives.Subtract(y, b, y);
    }

    /// <summary>y = exp(x − shift): fused on float lanes for Float32 (<see cref="SoftmaxFloat"/>), TensorPrimitives for Float64.</summary>
    private static void ExpOfDifference<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> shift, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            SoftmaxFloat.ExpOfDifference(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(shift), MemoryMarshal.Cast<T, float>(y));
            return;
        }
        TensorPrimitives.Subtract(x, shift, y);
        TensorPrimitives.Exp(y, y);
    }

    /// <summary>y = exp(x), as <see cref="ExpOfDifference{T}"/>.</summary>
    private static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) SoftmaxFloat.Exp(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y));
        else TensorPrimitives.Exp(x, y);
    }

    /// <summary>One block of the backward: dx from the saved output y and g, sums down each column.</summary>
    private static void ColumnsBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx, Span<T> acc, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        acc.Clear();
        for (int r = 0; r < n; r++)
        {
            var gr = g.Slice(r * inner, inner);
            if (log) TensorPrimitives.Add(acc, gr, acc);                                   // Σ g
            else TensorPrimitives.MultiplyAdd(gr, y.Slice(r * inner, inner), acc, acc);    // Σ g ⊙ y
        }
        for (int r = 0; r < n; r++)
        {
            var yr = y.Slice(r * inner, inner);
            var gr = g.Slice(r * inner, inner);
            var dr = dx.Slice(r * inner, inner);
            if (log)
            {
                Exp(yr, dr);
                TensorPrimitives.Multiply(dr, acc, dr);
                TensorPrimitives.Subtract(gr, dr, dr);                                     // g − exp(y)·Σ g
            }
            else
            {
                TensorPrimitives.Subtract(gr, acc, dr);
                TensorPrimitives.Multiply(dr, yr, dr);                                     // y ⊙ (g − Σ g ⊙ y)
            }
        }
    }
}
