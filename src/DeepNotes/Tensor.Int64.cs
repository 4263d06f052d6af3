namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Adds a 64-bit integer scalar exactly (an Int64 tensor stays Int64, even beyond 2^53).</summary>
    public static Tensor operator +(Tensor a, long b) => a.Add(LongScalarFor(a, b));

    /// <summary>Adds a 64-bit integer scalar exactly.</summary>
    public static Tensor operator +(long a, Tensor b) => LongScalarFor(b, a).Add(b);

    /// <summary>Subtracts a 64-bit integer scalar exactly.</summary>
    public static Tensor operator -(Tensor a, long b) => a.Subtract(LongScalarFor(a, b));

    /// <summary>Subtracts every element from a 64-bit integer scalar exactly.</summary>
    public static Tensor operator -(long a, Tensor b) => LongScalarFor(b, a).Subtract(b);

    /// <summary>Multiplies every element by a 64-bit integer scalar exactly (wrapping on overflow, as PyTorch).</summary>
    public static Tensor operator *(Tensor a, long b) => a.Multiply(LongScalarFor(a, b));

    /// <summary>Multiplies every element by a 64-bit integer scalar exactly.</summary>
    public static Tensor operator *(long a, Tensor b) => LongScalarFor(b, a).Multiply(b);

    /// <summary>
    /// The scalar operand for <paramref name="t"/>: the tensor's dtype when it is floating point, or Int32/Bool and the
    /// value fits in Int32 (as PyTorch, a scalar does not widen a tensor); otherwise an exact Int64 0-dim tensor (an
    /// Int32 tensor with a scalar beyond the Int32 range then computes in Int64 instead of wrapping).
    /// </summary>
    private static Tensor LongScalarFor(Tensor t, long value)
    {
        if (t.DType.IsFloatingPoint()) return Scalar(value, t.DType);
        if (t.DType != DType.Int64 && value is >= int.MinValue and <= int.MaxValue) return Scalar(value, DType.Int32);
        return FromArray([value], Shape.Scalar);
    }
}
