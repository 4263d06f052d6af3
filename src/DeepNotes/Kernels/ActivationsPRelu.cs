using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// PReLU over a contiguous input seen as <c>[outer, channels, inner]</c> with one weight per channel:
/// y = x where x &gt; 0, else w[c]·x. With <c>inner == 1</c> (a <c>[N, C]</c> input) the weights are read as a vector
/// along each row; otherwise each (outer, channel) segment is a run of <c>inner</c> elements with one broadcast weight.
/// </summary>
internal static class PReluKernels
{
    /// <summary>y = x &gt; 0 ? x : w[c]·x.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, Span<T> y, int outer, int channels, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int rowStart = o * channels * inner;
            if (inner == 1)
            {
                Segment(x.Slice(rowStart, channels), w, default, y.Slice(rowStart, channels));
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                int start = rowStart + c * inner;
                Segment(x.Slice(start, inner), default, w[c], y.Slice(start, inner));
            }
        }
    }

    /// <summary>
    /// dx = x &gt; 0 ? g : w[c]·g (skipped when <paramref name="dx"/> is empty) and dw[c] = Σ (x &gt; 0 ? 0 : x·g) over
    /// outer and inner (skipped when <paramref name="dw"/> is empty; overwritten otherwise), summed in a fixed order.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> g, Span<T> dx, Span<T> dw,
        int outer, int channels, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dw.Clear();
        for (int o = 0; o < outer; o++)
        {
            int rowStart = o * channels * inner;
            if (inner == 1)
            {
                Span<T> dxRow = dx.IsEmpty ? default : dx.Slice(rowStart, channels);
                SegmentBackward(x.Slice(rowStart, channels), g.Slice(rowStart, channels), w, default, dxRow, dw);
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                int start = rowStart + c * inner;
                Span<T> dxSeg = dx.IsEmpty ? default : dx.Slice(start, inner);
                T sum = SegmentBackward(x.Slice(start, inner), g.Slice(start, inner), default, w[c], dxSeg, default);
                if (!dw.IsEmpty) dw[c] += sum;
            }
        }
    }

    /// <summary>One run: weights from <paramref name="weights"/> per element when it is non-empty, else <paramref name="weight"/>.</summary>
    private static void Segment<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weights, T weight, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, width = Vector512<T>.Count, i = 0;
        bool perElement = !weights.IsEmpty;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T wr = ref MemoryMarshal.GetReference(weights);
        ref T yr = ref MemoryMarshal.GetReference(y);
        var wb = Vector512.Create(weight);
        for (; i <= n - width; i += width)
        {
            var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            var wv = perElement ? Vector512.LoadUnsafe(ref wr, (nuint)i) : wb;
            Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<T>.Zero), v, v * wv).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) y[i] = x[i] > T.Zero ? x[i] : (perElement ? weights[i] : weight) * x[i];
    }

    /// <summary>
    /// Backward of one run. Per-element weights (<paramref name="weights"/> non-empty) accumulate their gradient into
    /// <paramref name="dw"/> element by element; a broadcast weight's gradient is returned as the run's sum.
    /// </summary>
    private static T SegmentBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> weights, T weight, Span<T> dx, Span<T> dw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, width = Vector512<T>.Count, i = 0;
        bool perElement = !weights.IsEmpty, wantDx = !dx.IsEmpty, wantDw = perElement ? !dw.IsEmpty : true;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T wr = ref MemoryMarshal.GetReference(weights);
        ref T dxr = ref MemoryMarshal.GetReference(dx);
        ref T dwr = ref MemoryMarshal.GetReference(dw);
        var wb = Vector512.Create(weight);
        var acc = Vector512<T>.Zero;
        for (; i <= n - width; i += width)
        {
            var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
            var positive = Vector512.GreaterThan(v, Vector512<T>.Zero);
            if (wantDx)
            {
                var wv = perElement ? Vector512.LoadUnsafe(ref wr, (nuint)i) : wb;
                Vector512.ConditionalSelect(positive, gv, gv * wv).StoreUnsafe(ref dxr, (nuint)i);
            }
            if (wantDw)
            {
                var contribution = Vector512.AndNot(v * gv, positive);
                if (perElement) (Vector512.LoadUnsafe(ref dwr, (nuint)i) + contribution).StoreUnsafe(ref dwr, (nuint)i);
                else acc += contribution;
            }
        }
        T sum = Vector512.Sum(acc);
        for (; i < n; i++)
        {
            bool pos = x[i] > T.Zero;
            if (wantDx) dx[i] = pos ? g[i] : (perElement ? weights[i] : weight) * g[i];
            if (wantDw && !pos)
            {
                if (perElement) dw[i] += x[i] * g[i];
                else sum += x[i] * g[i];
            }
        }
        return sum;
    }
}
