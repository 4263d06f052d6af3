using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// Float32 max pooling with a 2×2 window, stride 2, no padding and an even width — the pooling of most CNNs — in one
/// vectorised pass forward and one backward, plane by plane on the <see cref="WorkerPool"/>.
/// </summary>
/// <remarks>
/// Forward works on bands of row pairs that fit in L1: a vertical step keeps the larger of the two rows (and its index),
/// then a horizontal step deinterleaves even and odd columns of the band, flattened, and keeps the larger of each pair,
/// 16 outputs per AVX-512 instruction whatever the width. Both steps apply PyTorch's scan rule as a comparison of
/// (value, index) pairs — among numbers the larger wins and a tie goes to the earlier index; a NaN beats a number and
/// the later of two NaNs wins — which is the same element PyTorch's sequential row-by-row scan keeps, in any order of
/// combination. Backward writes every input element once (gradient where it is the saved argmax, zero elsewhere), so
/// it needs no separate clearing pass. Partial last vectors are handled by recomputing an overlapping full vector,
/// which writes the same values again.
/// </remarks>
internal static class MaxPool2x2
{
    /// <summary>Entries of the vertical-max scratch band (value and index), on the stack.</summary>
    private const int Band = 2048;

    public static bool Applies(PoolGeometry g) =>
        Avx512F.IsSupported && g is { KH: 2, KW: 2, SH: 2, SW: 2, PH: 0, PW: 0, DH: 1, DW: 1 }
        && g.W % 2 == 0 && g.W <= Band && g.OW == g.W / 2 && g.OH == g.H / 2 && g.OH > 0;

    public static void Forward(float[] x, int xOffset, float[] y, int[] indices, PoolGeometry g) =>
        PlaneParallel.Run(new ForwardBody(x, xOffset, y, indices, g), g.Planes, g.InputPlane);

    public static void Backward(float[] dy, int dyOffset, int[] indices, float[] dx, PoolGeometry g) =>
        PlaneParallel.Run(new BackwardBody(dy, dyOffset, indices, dx, g), g.Planes, g.InputPlane);

    private readonly struct ForwardBody(float[] x, int xOffset, float[] y, int[] indices, PoolGeometry g) : IRangeBody
    {
        [SkipLocalsInit]
        public void Run(int firstPlane, int planeCount)
        {
            Span<float> band = stackalloc float[Band];
            Span<int> bandIndex = stackalloc int[Band];
            int w = g.W, pairsPerBand = Band / w;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<float> plane = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                for (int pair0 = 0; pair0 < g.OH; pair0 += pairsPerBand)
                {
                    int pairs = Math.Min(pairsPerBand, g.OH - pair0);
                    for (int r = 0; r < pairs; r++)
                    {
                        int top = 2 * (pair0 + r) * w;
                        Vertical(plane.Slice(top, 2 * w), top, band.Slice(r * w, w), bandIndex.Slice(r * w, w));
                    }
                    int o = p * g.OutputPlane + pair0 * g.OW, n = pairs * g.OW;
                    Horizontal(band[..(2 * n)], bandIndex[..(2 * n)], y.AsSpan(o, n), indices.AsSpan(o, n));
                }
            }
        }
    }

    /// <summary>Per column, the larger of the two rows in <paramref name="rows"/> (top row first) and its plane index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vertical(ReadOnlySpan<float> rows, int topIndex, Span<float> max, Span<int> index)
    {
        int w = max.Length;
        ref float t = ref MemoryMarshal.GetReference(rows);
        ref float b = ref Unsafe.Add(ref t, w);
        ref float m = ref MemoryMarshal.GetReference(max);
        ref int mi = ref MemoryMarshal.GetReference(index);
        if (w >= Vector512<float>.Count)
        {
            Vector512<int> iota = Vector512<int>.Indices, rowStep = Vector512.Create(w);
            for (int c = 0; ; c += Vector512<float>.Count)
            {
                if (c > w - Vector512<float>.Count) c = w - Vector512<float>.Count;
                Vector512<float> top = Vector512.LoadUnsafe(ref t, (nuint)c), bottom = Vector512.LoadUnsafe(ref b, (nuint)c);
                Vector512<float> takeBottom = Vector512.GreaterThan(bottom, top) | ~Vector512.Equals(bottom, bottom);
                Vector512.ConditionalSelect(takeBottom, bottom, top).StoreUnsafe(ref m, (nuint)c);
                Vector512<int> i = iota + Vector512.Create(topIndex + c);
                Vector512.ConditionalSelect(takeBottom.AsInt32(), i + rowStep, i).StoreUnsafe(ref mi, (nuint)c);
                if (c == w - Vector512<float>.Count) break;
            }
        }
        else if (w >= Vector256<float>.Count)
        {
            Vector256<int> iota = Vector256<int>.Indices, rowStep = Vector256.Create(w);
            for (int c = 0; ; c += Vector256<float>.Count)
            {
                if (c > w - Vector256<float>.Count) c = w - Vector256<float>.Count;
                Vector256<float> top = Vector256.LoadUnsafe(ref t, (nuint)c), bottom = Vector256.LoadUnsafe(ref b, (nuint)c);
                Vector256<float> takeBottom = Vector256.GreaterThan(bottom, top) | ~Vector256.Equals(bottom, bottom);
                Vector256.ConditionalSelect(takeBottom, bottom, top).StoreUnsafe(ref m, (nuint)c);
                Vector256<int> i = iota + Vector256.Create(topIndex + c);
                Vector256.ConditionalSelect(takeBottom.AsInt32(), i + rowStep, i).StoreUnsafe(ref mi, (nuint)c);
                if (c == w - Vector256<float>.Count) break;
            }
        }
        else
        {
            for (int c = 0; c < w; c++)
            {
                float top = rows[c], bottom = rows[w + c];
                bool takeBottom = MaxPooling.Replaces(bottom, top);
                max[c] = takeBottom ? bottom : top;
                index[c] = topIndex + c + (takeBottom ? w : 0);
            }
        }
    }

    /// <summary>Output k = the winner of entries 2k and 2k + 1 of the band (values and indices).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal(ReadOnlySpan<float> band, ReadOnlySpan<int> bandIndex, Span<float> y, Span<int> indices)
    {
        int n = y.Length, k = 0;
        const int Width = 16;
        if (n >= Width)
        {
            ref float v = ref MemoryMarshal.GetReference(band);
            ref int vi = ref MemoryMarshal.GetReference(bandIndex);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref int ir = ref MemoryMarshal.GetReference(indices);
            Vector512<int> even = Vector512<int>.Indices * 2, odd = even + Vector512<int>.One;
            for (; ; k += Width)
            {
                if (k > n - Width) k = n - Width;
                Vector512<float> lo = Vector512.LoadUnsafe(ref v, (nuint)(2 * k)), hi = Vector512.LoadUnsafe(ref v, (nuint)(2 * k + Width));
                Vector512<int> ilo = Vector512.LoadUnsafe(ref vi, (nuint)(2 * k)), ihi = Vector512.LoadUnsafe(ref vi, (nuint)(2 * k + Width));
                Vector512<float> a = Avx512F.PermuteVar16x32x2(lo, even, hi), b = Avx512F.PermuteVar16x32x2(lo, odd, hi);
                Vector512<int> ia = Avx512F.PermuteVar16x32x2(ilo, even, ihi), ib = Avx512F.PermuteVar16x32x2(ilo, odd, ihi);
                Vector512<int> nanA = (~Vector512.Equals(a, a)).AsInt32(), nanB = (~Vector512.Equals(b, b)).AsInt32();
                Vector512<int> takeB = Vector512.GreaterThan(b, a).AsInt32()
                    | (Vector512.Equals(b, a).AsInt32() & Vector512.LessThan(ib, ia))
                    | (nanB & (~nanA | Vector512.GreaterThan(ib, ia)));
                Vector512.ConditionalSelect(takeB.AsSingle(), b, a).StoreUnsafe(ref yr, (nuint)k);
                Vector512.ConditionalSelect(takeB, ib, ia).StoreUnsafe(ref ir, (nuint)k);
                if (k == n - Width) return;
            }
        }
        for (; k < n; k++)
        {
            float a = band[2 * k], b = band[2 * k + 1];
            int ia = bandIndex[2 * k], ib = bandIndex[2 * k + 1];
            bool takeB = b > a || (b == a && ib < ia) || (float.IsNaN(b) && (!float.IsNaN(a) || ib > ia));
            y[k] = takeB ? b : a;
            indices[k] = takeB ? ib : ia;
        }
    }

    private readonly struct BackwardBody(float[] dy, int dyOffset, int[] indices, float[] dx, PoolGeometry g) : IRangeBody
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<float> plane = dx.AsSpan(p * g.InputPlane, g.InputPlane);
                int o = p * g.OutputPlane;
                ReadOnlySpan<float> grad = dy.AsSpan(dyOffset + o, g.OutputPlane);
                ReadOnlySpan<int> index = indices.AsSpan(o, g.OutputPlane);
                for (int row = 0; row < 2 * g.OH; row++)
                    BackwardRow(grad.Slice((row >> 1) * g.OW, g.OW), index.Slice((row >> 1) * g.OW, g.OW), row * g.W, plane.Slice(row * g.W, g.W));
                if (g.H > 2 * g.OH) plane[(2 * g.OH * g.W)..].Clear(); // odd height: the last row is in no window
            }
        }
    }

    /// <summary>dx[c] = grad[c / 2] where index[c / 2] is this element's plane index (<paramref name="rowIndex"/> + c), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackwardRow(ReadOnlySpan<float> grad, ReadOnlySpan<int> index, int rowIndex, Span<float> dx)
    {
        int w = dx.Length;
        ref float gr = ref MemoryMarshal.GetReference(grad);
        ref int ir = ref MemoryMarshal.GetReference(index);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        if (w >= Vector512<float>.Count)
        {
            Vector512<int> pairs = Vector512<int>.Indices >>> 1, iota = Vector512<int>.Indices;
            for (int c = 0; ; c += Vector512<float>.Count)
            {
                if (c > w - Vector512<float>.Count) c = w - Vector512<float>.Count;
                Vector512<float> g16 = Avx512F.PermuteVar16x32(Vector256.LoadUnsafe(ref gr, (nuint)(c / 2)).ToVector512Unsafe(), pairs);
                Vector512<int> i16 = Avx512F.PermuteVar16x32(Vector256.LoadUnsafe(ref ir, (nuint)(c / 2)).ToVector512Unsafe(), pairs);
                Vector512<int> mine = Vector512.Equals(i16, iota + Vector512.Create(rowIndex + c));
                (g16 & mine.AsSingle()).StoreUnsafe(ref dr, (nuint)c);
                if (c == w - Vector512<float>.Count) break;
            }
        }
        else if (w >= Vector256<float>.Count)
        {
            Vector256<int> pairs = Vector256<int>.Indices >>> 1, iota = Vector256<int>.Indices;
            for (int c = 0; ; c += Vector256<float>.Count)
            {
                if (c > w - Vector256<float>.Count) c = w - Vector256<float>.Count;
                Vector256<float> g8 = Avx2.PermuteVar8x32(Vector128.LoadUnsafe(ref gr, (nuint)(c / 2)).ToVector256Unsafe(), pairs);
                Vector256<int> i8 = Avx2.PermuteVar8x32(Vector128.LoadUnsafe(ref ir, (nuint)(c / 2)).ToVector256Unsafe(), pairs);
                Vector256<int> mine = Vector256.Equals(i8, iota + Vector256.Create(rowIndex + c));
                (g8 & mine.AsSingle()).StoreUnsafe(ref dr, (nuint)c);
                if (c == w - Vector256<float>.Count) break;
            }
        }
        else
        {
            for (int c = 0; c < w; c++) dx[c] = index[c >> 1] == rowIndex + c ? grad[c >> 1] : 0f;
        }
    }
}
