using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DeepNotes.Kernels;

/// <summary>atan2(y, x) elementwise, quadrant-correct, as <c>torch.atan2</c>.</summary>
internal readonly struct Atan2Operator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => T.Atan2(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => InverseTrigKernels.Atan2(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => InverseTrigKernels.Atan2(x, new ReadOnlySpan<T>(in y), d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => InverseTrigKernels.Atan2(new ReadOnlySpan<T>(in x), y, d);
}

/// <summary>√(x² + y²) without undue overflow, as <c>torch.hypot</c>.</summary>
internal readonly struct HypotOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => T.Hypot(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Hypot(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = T.Hypot(x[i], y); }
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = T.Hypot(x, y[i]); }
}

/// <summary>
/// C-style remainder (sign of the dividend), as <c>torch.fmod</c>; x fmod 0 is NaN for floats. Computed with the exact
/// scalar <c>%</c> (TensorPrimitives.Remainder computes x − trunc(x/y)·y, which is wrong for large quotients and y = ∞).
/// </summary>
internal readonly struct FmodOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y) => x % y;
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => Run(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => Run(x, new ReadOnlySpan<T>(in y), d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => Run(new ReadOnlySpan<T>(in x), y, d);

    /// <summary>Floats through the exact vector kernel; integers one by one. A span of length 1 is broadcast.</summary>
    private static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float)) RemainderKernels.Fmod(As<float>(x), As<float>(y), MemoryMarshal.Cast<T, float>(d));
        else if (typeof(T) == typeof(double)) RemainderKernels.Fmod(As<double>(x), As<double>(y), MemoryMarshal.Cast<T, double>(d));
        else if (typeof(T) == typeof(int)) RemainderKernels.IntRemainder(As<int>(x), As<int>(y), MemoryMarshal.Cast<T, int>(d), floor: false);
        else for (int i = 0; i < d.Length; i++) d[i] = x[x.Length == 1 ? 0 : i] % y[y.Length == 1 ? 0 : i];
    }

    private static ReadOnlySpan<TTo> As<TTo>(ReadOnlySpan<T> s) where TTo : unmanaged => MemoryMarshal.Cast<T, TTo>(s);
}

/// <summary>
/// Python-style remainder (sign of the divisor), as <c>torch.remainder</c>: r = x fmod y, plus y when r is non-zero and
/// its sign differs from y's. So remainder(5, −∞) = −∞ and remainder(x, 0) = NaN, as PyTorch.
/// </summary>
internal readonly struct RemainderOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y)
    {
        T r = x % y;
        return r != T.Zero && (r < T.Zero) != (y < T.Zero) ? r + y : r;
    }

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => Run(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => Run(x, new ReadOnlySpan<T>(in y), d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => Run(new ReadOnlySpan<T>(in x), y, d);

    /// <summary>Floats through the vector kernel (same results as <see cref="Invoke(T, T)"/>); integers one by one.</summary>
    private static void Run(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        if (typeof(T) == typeof(float))
            RemainderKernels.Remainder(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), MemoryMarshal.Cast<T, float>(d));
        else if (typeof(T) == typeof(double))
            RemainderKernels.Remainder(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y), MemoryMarshal.Cast<T, double>(d));
        else if (typeof(T) == typeof(int))
            RemainderKernels.IntRemainder(MemoryMarshal.Cast<T, int>(x), MemoryMarshal.Cast<T, int>(y), MemoryMarshal.Cast<T, int>(d), floor: true);
        else for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[x.Length == 1 ? 0 : i], y[y.Length == 1 ? 0 : i]);
    }
}

/// <summary>Python-style floor division, as <c>torch.div(x, y, rounding_mode="floor")</c>.</summary>
internal readonly struct FloorDivideOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => ElementwiseMath.FloorDivide(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y[i]); }
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y); }
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x, y[i]); }
}

/// <summary>Maximum that ignores NaN (NaN only when both are NaN), as <c>torch.fmax</c>.</summary>
internal readonly struct FmaxOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y) => T.MaxNumber(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MaxNumber(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.MaxNumber(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MaxNumber(y, x, d);
}

/// <summary>Minimum that ignores NaN (NaN only when both are NaN), as <c>torch.fmin</c>.</summary>
internal readonly struct FminOperator<T> : IBinaryOperator<T> where T : unmanaged, INumber<T>
{
    public static T Invoke(T x, T y) => T.MinNumber(x, y);
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MinNumber(x, y, d);
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.MinNumber(x, y, d);
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.MinNumber(y, x, d);
}

/// <summary>x·ln(y), 0 where x = 0 unless y is NaN, as <c>torch.xlogy</c>.</summary>
internal readonly struct XlogyOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Invoke(T x, T y) => T.IsNaN(y) ? y : x == T.Zero ? T.Zero : x * T.Log(y);

    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        TensorPrimitives.Log(y, d);
        TensorPrimitives.Multiply(x, d, d);
        for (int i = 0; i < d.Length; i++) if (x[i] == T.Zero && !T.IsNaN(y[i])) d[i] = T.Zero;
    }

    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        if (T.IsNaN(y)) { d.Fill(y); return; }
        TensorPrimitives.Multiply(x, T.Log(y), d);
        for (int i = 0; i < d.Length; i++) if (x[i] == T.Zero) d[i] = T.Zero;
    }

    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x, y[i]); }
}

/// <summary>
/// Int32 power by squaring, wrapping on overflow like PyTorch's integer pow; for a negative exponent the exact result
/// truncated toward zero: 1 for base 1, ±1 for base −1, 0 otherwise (0 to a negative power too, as PyTorch).
/// </summary>
internal readonly struct IntPowOperator : IBinaryOperator<int>
{
    public static int Invoke(int x, int y)
    {
        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
        int result = 1;
        while (y > 0)
        {
            if ((y & 1) != 0) result = unchecked(result * x);
            x = unchecked(x * x);
            y >>= 1;
        }
        return result;
    }

    public static void Invoke(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y[i]); }
    public static void Invoke(ReadOnlySpan<int> x, int y, Span<int> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y); }
    public static void Invoke(int x, ReadOnlySpan<int> y, Span<int> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x, y[i]); }
}

/// <summary>Bitwise and of Int32 values.</summary>
internal readonly struct BitwiseAndOperator : IBinaryOperator<int>
{
    public static int Invoke(int x, int y) => x & y;
    public static void Invoke(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Invoke(ReadOnlySpan<int> x, int y, Span<int> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Invoke(int x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.BitwiseAnd(y, x, d);
}

/// <summary>Bitwise or of Int32 values.</summary>
internal readonly struct BitwiseOrOperator : IBinaryOperator<int>
{
    public static int Invoke(int x, int y) => x | y;
    public static void Invoke(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Invoke(ReadOnlySpan<int> x, int y, Span<int> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Invoke(int x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.BitwiseOr(y, x, d);
}

/// <summary>Bitwise exclusive or of Int32 values.</summary>
internal readonly struct BitwiseXorOperator : IBinaryOperator<int>
{
    public static int Invoke(int x, int y) => x ^ y;
    public static void Invoke(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.Xor(x, y, d);
    public static void Invoke(ReadOnlySpan<int> x, int y, Span<int> d) => TensorPrimitives.Xor(x, y, d);
    public static void Invoke(int x, ReadOnlySpan<int> y, Span<int> d) => TensorPrimitives.Xor(y, x, d);
}
