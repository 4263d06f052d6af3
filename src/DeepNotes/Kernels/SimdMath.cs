using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>A function of one <see cref="Vector512{T}"/> of float or double lanes.</summary>
internal interface IVectorUnary<T> where T : unmanaged
{
    static abstract Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>A function of two <see cref="Vector512{T}"/> of float or double lanes.</summary>
internal interface IVectorBinary<T> where T : unmanaged
{
    static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}

/// <summary>
/// Building blocks of our own vector kernels, generic over float and double lanes (the JIT keeps one branch per
/// type), and the span drivers that run them. The drivers put the last partial vector through the same vector code
/// (padded in a stack buffer), so an element's result never depends on its position or on how a tensor is split.
/// </summary>
internal static class SimdMath
{
    /// <summary>True when the vector kernels run on hardware vectors (else callers keep their scalar path).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    /// <summary>The constant <paramref name="value"/> in every lane, rounded to <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> K<T>(double value) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.Create((float)value).As<float, T>() : Vector512.Create(value).As<double, T>();

    /// <summary>Rounds toward zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Truncate<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Vector512.Truncate(x.As<T, float>()).As<float, T>()
            : Vector512.Truncate(x.As<T, double>()).As<double, T>();

    /// <summary>The sign bit of each lane (−0.0 in every lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SignMask<T>() where T : unmanaged => K<T>(-0.0);

    /// <summary>Lanes whose sign bit is set (−0.0 included, unlike a comparison with zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> IsNegativeBits<T>(Vector512<T> x) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Vector512.LessThan(x.AsInt32(), Vector512<int>.Zero).As<int, T>()
            : Vector512.LessThan(x.AsInt64(), Vector512<long>.Zero).As<long, T>();

    /// <summary>Lanes whose value is neither infinite nor NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> IsFinite<T>(Vector512<T> x) where T : unmanaged =>
        Vector512.LessThan(Vector512.Abs(x), K<T>(typeof(T) == typeof(float) ? float.PositiveInfinity : double.PositiveInfinity));

    /// <summary>
    /// Horner's rule: c₀ + z·(c₁ + z·(…)) with the coefficients for <typeparamref name="T"/> (double or float table).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Poly<T>(Vector512<T> z, ReadOnlySpan<double> forDouble, ReadOnlySpan<float> forFloat) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var zf = z.As<T, float>();
            var p = Vector512.Create(forFloat[^1]);
            for (int i = forFloat.Length - 2; i >= 0; i--) p = Vector512.FusedMultiplyAdd(p, zf, Vector512.Create(forFloat[i]));
            return p.As<float, T>();
        }
        else
        {
            var zd = z.As<T, double>();
            var p = Vector512.Create(forDouble[^1]);
            for (int i = forDouble.Length - 2; i >= 0; i--) p = Vector512.FusedMultiplyAdd(p, zd, Vector512.Create(forDouble[i]));
            return p.As<double, T>();
        }
    }

    /// <summary>Applies <typeparamref name="TOp"/> to every element of <paramref name="x"/>.</summary>
    public static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged where TOp : IVectorUnary<T>
    {
        int n = x.Length, lanes = Vector512<T>.Count, i = 0;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ds = ref MemoryMarshal.GetReference(destination);
        for (; i <= n - lanes; i += lanes)
            TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
        if (i == n) return;
        Span<T> buffer = stackalloc T[lanes];
        buffer.Clear();
        x[i..].CopyTo(buffer);
        TOp.Invoke(Vector512.Create<T>(buffer)).CopyTo(buffer);
        buffer[..(n - i)].CopyTo(destination[i..]);
    }

    /// <summary>
    /// Applies <typeparamref name="TOp"/> to pairs of elements; an operand of length 1 is broadcast against the other
    /// (the destination has the longer length).
    /// </summary>
    public static void Map<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged where TOp : IVectorBinary<T>
    {
        int n = destination.Length, lanes = Vector512<T>.Count, i = 0;
        bool xs1 = x.Length == 1 && n != 1, ys1 = y.Length == 1 && n != 1;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        ref T ds = ref MemoryMarshal.GetReference(destination);
        Vector512<T> xb = xs1 ? Vector512.Create(x[0]) : default, yb = ys1 ? Vector512.Create(y[0]) : default;
        for (; i <= n - lanes; i += lanes)
        {
            var a = xs1 ? xb : Vector512.LoadUnsafe(ref xs, (nuint)i);
            var b = ys1 ? yb : Vector512.LoadUnsafe(ref ys, (nuint)i);
            TOp.Invoke(a, b).StoreUnsafe(ref ds, (nuint)i);
        }
        if (i == n) return;
        Span<T> bx = stackalloc T[lanes], by = stackalloc T[lanes];
        bx.Clear();
        by.Clear();
        if (xs1) bx.Fill(x[0]); else x[i..].CopyTo(bx);
        if (ys1) by.Fill(y[0]); else y[i..].CopyTo(by);
        TOp.Invoke(Vector512.Create<T>(bx), Vector512.Create<T>(by)).CopyTo(bx);
        bx[..(n - i)].CopyTo(destination[i..]);
    }

    /// <summary>
    /// Replaces the lanes of <paramref name="result"/> selected by <paramref name="mask"/> with the scalar
    /// <paramref name="f"/> of the same lanes of <paramref name="x"/> and <paramref name="y"/> (special values that the
    /// vector formula does not cover).
    /// </summary>
    public static Vector512<T> PatchLanes<T>(Vector512<T> result, Vector512<T> mask, Vector512<T> x, Vector512<T> y, Func<T, T, T> f)
        where T : unmanaged
    {
        Span<T> r = stackalloc T[Vector512<T>.Count];
        result.CopyTo(r);
        ulong bits = mask.ExtractMostSignificantBits();
        while (bits != 0)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            r[lane] = f(x.GetElement(lane), y.GetElement(lane));
            bits &= bits - 1;
        }
        return Vector512.Create<T>(r);
    }
}
