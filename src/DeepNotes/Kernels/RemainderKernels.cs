using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DeepNotes.Kernels.SimdMath;

namespace DeepNotes.Kernels;

/// <summary>
/// Vectorised, exact fmod and Python-style remainder for float and double (the scalar <c>%</c> is a slow library call).
/// </summary>
/// <remarks>
/// fmod(x, y) = x − q·y with q = trunc(x/y). While |x/y| &lt; 2^(p−2) (p the significand bits) the rounded quotient is
/// within one of the true one and q is an exact integer; x − q·y is then computed by one fused multiply-add, which is
/// exact because the true remainder is representable. A q one too large in magnitude shows as a remainder of the wrong
/// sign (one too small as |r| ≥ |y|) and is corrected by recomputing with q ∓ 1. Lanes with larger quotients, y = 0
/// or non-finite operands take the scalar <c>%</c>. So the results are bit-identical to the scalar operator.
/// </remarks>
internal static class RemainderKernels
{
    /// <summary>x fmod y elementwise (sign of x); a span of length 1 is broadcast.</summary>
    public static void Fmod<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) { Map<T, FmodOp<T>>(x, y, d); return; }
        for (int i = 0; i < d.Length; i++) d[i] = x[x.Length == 1 ? 0 : i] % y[y.Length == 1 ? 0 : i];
    }

    /// <summary>Python-style remainder (sign of y) elementwise; a span of length 1 is broadcast.</summary>
    public static void Remainder<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsAccelerated) { Map<T, RemainderOp<T>>(x, y, d); return; }
        for (int i = 0; i < d.Length; i++) d[i] = RemainderOperator<T>.Invoke(x[x.Length == 1 ? 0 : i], y[y.Length == 1 ? 0 : i]);
    }

    /// <summary>
    /// Int32 remainder, C-style (sign of x) or Python-style (sign of y) when <paramref name="floor"/>; no zero divisors
    /// (the caller checks). The quotient is computed in double, where it is exact after truncation (|x|, |y| &lt; 2³¹);
    /// int.MinValue rem −1 is 0, as PyTorch. A span of length 1 is broadcast.
    /// </summary>
    public static void IntRemainder(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> d, bool floor)
    {
        int n = d.Length, i = 0;
        bool xs1 = x.Length == 1 && n != 1, ys1 = y.Length == 1 && n != 1;
        if (IsAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var a = xs1 ? Vector512.Create(x[0]) : Vector512.Create(x.Slice(i, 16));
                var b = ys1 ? Vector512.Create(y[0]) : Vector512.Create(y.Slice(i, 16));
                var (aLo, aHi) = Vector512.Widen(a);
                var (bLo, bHi) = Vector512.Widen(b);
                var qLo = Vector512.ConvertToInt64(Vector512.Truncate(Vector512.ConvertToDouble(aLo) / Vector512.ConvertToDouble(bLo)));
                var qHi = Vector512.ConvertToInt64(Vector512.Truncate(Vector512.ConvertToDouble(aHi) / Vector512.ConvertToDouble(bHi)));
                var r = a - Vector512.Narrow(qLo, qHi) * b;
                if (floor) r += b & ~Vector512.Equals(r, Vector512<int>.Zero) & Vector512.LessThan(r ^ b, Vector512<int>.Zero);
                r.CopyTo(d.Slice(i, 16));
            }
        }
        for (; i < n; i++)
        {
            int a = x[xs1 ? 0 : i], b = y[ys1 ? 0 : i];
            int r = b == -1 ? 0 : a % b;
            d[i] = floor && r != 0 && (r < 0) != (b < 0) ? r + b : r;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> FmodVector<T>(Vector512<T> x, Vector512<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var quotient = x / y;
        var q = Truncate(quotient);
        var r = SimdVector.Fma(-q, y, x);
        var sign = SignMask<T>();
        var one = K<T>(1);
        // q too large in magnitude: r has the sign opposite to x; too small: |r| ≥ |y|
        var tooLarge = ~Vector512.Equals(r, Vector512<T>.Zero) & IsNegativeBits(r ^ x);
        var tooSmall = Vector512.GreaterThanOrEqual(Vector512.Abs(r), Vector512.Abs(y));
        if ((tooLarge | tooSmall) != Vector512<T>.Zero)
        {
            var qSign = one | (q & sign);
            q = q - (tooLarge & qSign) + (tooSmall & (one | ((x ^ y) & sign)));
            r = SimdVector.Fma(-q, y, x);
        }
        r = Vector512.ConditionalSelect(Vector512.Equals(r, Vector512<T>.Zero), x & sign, r);   // a zero takes x's sign
        var limit = K<T>(typeof(T) == typeof(float) ? 4194304.0 : 2251799813685248.0);           // 2^(p−2)
        var special = ~(IsFinite(x) & IsFinite(y)) | Vector512.Equals(y, Vector512<T>.Zero)
            | ~Vector512.LessThan(Vector512.Abs(quotient), limit);
        return special == Vector512<T>.Zero ? r : PatchLanes(r, special, x, y, static (a, b) => a % b);
    }

    private readonly struct FmodOp<T> : IVectorBinary<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => FmodVector(x, y);
    }

    private readonly struct RemainderOp<T> : IVectorBinary<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> y)
        {
            // r + y where r ≠ 0 and its sign differs from y's, as RemainderOperator
            var r = FmodVector(x, y);
            var fix = ~Vector512.Equals(r, Vector512<T>.Zero) & IsNegativeBits(r ^ y);
            return Vector512.ConditionalSelect(fix, r + y, r);
        }
    }
}
