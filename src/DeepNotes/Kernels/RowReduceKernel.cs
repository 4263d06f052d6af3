using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Sum of squares and product of one short contiguous row, with two Vector256 accumulators and a scalar tail, in a
/// fixed order. For rows of about a thousand elements these cost a fraction of TensorPrimitives' per-call overhead.
/// </summary>
internal static class RowReduceKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        int n = x.Length, i = 0, w = Vector256<T>.Count;
        T s = T.Zero;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= 2 * w)
        {
            ref T r = ref MemoryMarshal.GetReference(x);
            Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                var v2 = Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                var v3 = Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * w));
                a0 += v0 * v0;
                a1 += v1 * v1;
                a2 += v2 * v2;
                a3 += v3 * v3;
            }
            for (; i <= n - w; i += w)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                a0 += v0 * v0;
            }
            s = Vector256.Sum(a0 + a1 + (a2 + a3));
        }
        for (; i < n; i++) s += x[i] * x[i];
        return s;
    }

    /// <summary>Sum of a row (four accumulators, fixed order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        int n = x.Length, i = 0, w = Vector256<T>.Count;
        T s = T.Zero;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= 4 * w)
        {
            ref T r = ref MemoryMarshal.GetReference(x);
            Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 += Vector256.LoadUnsafe(ref r, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                a2 += Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                a3 += Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * w));
            }
            s = Vector256.Sum(a0 + a1 + (a2 + a3));
        }
        for (; i < n; i++) s += x[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Product<T>(ReadOnlySpan<T> x) where T : unmanaged, INumber<T>
    {
        int n = x.Length, i = 0, w = Vector256<T>.Count;
        T p = T.One;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= 2 * w)
        {
            ref T r = ref MemoryMarshal.GetReference(x);
            Vector256<T> a0 = Vector256<T>.One, a1 = Vector256<T>.One, a2 = Vector256<T>.One, a3 = Vector256<T>.One;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                a0 *= Vector256.LoadUnsafe(ref r, (nuint)i);
                a1 *= Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                a2 *= Vector256.LoadUnsafe(ref r, (nuint)(i + 2 * w));
                a3 *= Vector256.LoadUnsafe(ref r, (nuint)(i + 3 * w));
            }
            for (; i <= n - w; i += w) a0 *= Vector256.LoadUnsafe(ref r, (nuint)i);
            var a = a0 * a1 * (a2 * a3);
            for (int j = 0; j < w; j++) p *= a[j];
        }
        for (; i < n; i++) p *= x[i];
        return p;
    }

    /// <summary>
    /// Largest (or smallest) element of a non-empty row; NaN propagates. Zeros of either sign compare equal (callers
    /// that care about the sign take the first zero of the row). Native vector max/min on two accumulators, with a
    /// separate NaN check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Extreme<T>(ReadOnlySpan<T> x, bool max) where T : unmanaged, INumber<T>
    {
        int n = x.Length, i = 0, w = Vector256<T>.Count;
        T m = x[0];
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= 2 * w)
        {
            ref T r = ref MemoryMarshal.GetReference(x);
            Vector256<T> a0 = Vector256.LoadUnsafe(ref r), a1 = a0;
            Vector256<T> ordered = Vector256<T>.AllBitsSet;
            if (max)
            {
                for (; i <= n - 2 * w; i += 2 * w)
                {
                    var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                    var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                    ordered &= Vector256.Equals(v0, v0) & Vector256.Equals(v1, v1);
                    a0 = Vector256.MaxNative(a0, v0);
                    a1 = Vector256.MaxNative(a1, v1);
                }
            }
            else
            {
                for (; i <= n - 2 * w; i += 2 * w)
                {
                    var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                    var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + w));
                    ordered &= Vector256.Equals(v0, v0) & Vector256.Equals(v1, v1);
                    a0 = Vector256.MinNative(a0, v0);
                    a1 = Vector256.MinNative(a1, v1);
                }
            }
            if (ordered.AsByte() != Vector256<byte>.AllBitsSet) return T.CreateTruncating(double.NaN); // bitwise: some lane held a NaN
            var a = max ? Vector256.MaxNative(a0, a1) : Vector256.MinNative(a0, a1);
            m = a[0];
            for (int j = 1; j < w; j++)
            {
                T e = a[j];
                if (max ? e > m : e < m) m = e; // no NaN left here
            }
        }
        for (; i < n; i++) m = max ? Max(m, x[i]) : Min(m, x[i]);
        return m;
    }

    /// <summary>Index of the first element equal to <paramref name="value"/> (or the first NaN when it is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfFirst<T>(ReadOnlySpan<T> x, T value) where T : unmanaged, INumber<T>
    {
        if (T.IsNaN(value))
        {
            for (int i = 0; i < x.Length; i++) if (T.IsNaN(x[i])) return i;
            return 0;
        }
        int at = x.IndexOf(value);
        return at < 0 ? 0 : at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Max<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : T.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Min<T>(T a, T b) where T : INumber<T> => T.IsNaN(a) || T.IsNaN(b) ? (T.IsNaN(a) ? a : b) : T.Min(a, b);
}
