using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>Int64 to an Int64 power, wrapping on overflow; a negative exponent gives 1, ±1 or 0 as in PyTorch.</summary>
internal readonly struct LongPowOperator : IBinaryOperator<long>
{
    public static long Invoke(long x, long y)
    {
        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) == 0 ? 1 : -1) : 0;
        long result = 1;
        while (y > 0)
        {
            if ((y & 1) != 0) result = unchecked(result * x);
            x = unchecked(x * x);
            y >>= 1;
        }
        return result;
    }

    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y[i]); }
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x[i], y); }
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) { for (int i = 0; i < d.Length; i++) d[i] = Invoke(x, y[i]); }
}

/// <summary>Bitwise and of Int64 values.</summary>
internal readonly struct LongBitwiseAndOperator : IBinaryOperator<long>
{
    public static long Invoke(long x, long y) => x & y;
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.BitwiseAnd(y, x, d);
}

/// <summary>Bitwise or of Int64 values.</summary>
internal readonly struct LongBitwiseOrOperator : IBinaryOperator<long>
{
    public static long Invoke(long x, long y) => x | y;
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.BitwiseOr(y, x, d);
}

/// <summary>Bitwise exclusive or of Int64 values.</summary>
internal readonly struct LongBitwiseXorOperator : IBinaryOperator<long>
{
    public static long Invoke(long x, long y) => x ^ y;
    public static void Invoke(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Xor(x, y, d);
    public static void Invoke(ReadOnlySpan<long> x, long y, Span<long> d) => TensorPrimitives.Xor(x, y, d);
    public static void Invoke(long x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Xor(y, x, d);
}
