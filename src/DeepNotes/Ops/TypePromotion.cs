using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DeepNotes.Ops;

/// <summary>
/// PyTorch's type promotion for the dtypes DeepNotes has: Bool &lt; Int32 &lt; Int64 &lt; Float32 &lt; Float64. A Bool or
/// integer operand mixed with a float tensor takes the float's dtype; Bool with an integer gives the integer; Int32 with
/// Int64 gives Int64; Float32 with Float64 gives Float64 (the backward engine hands each operand its gradient back in
/// the operand's own dtype).
/// </summary>
internal static class TypePromotion
{
    /// <summary>The dtype that <paramref name="a"/> and <paramref name="b"/> are computed in.</summary>
    /// <exception cref="NotSupportedException">Float16 or BFloat16 (storage-only) operands.</exception>
    public static DType Promote(string op, DType a, DType b)
    {
        DTypeExtensions.RejectStorageOnly(op, a);
        DTypeExtensions.RejectStorageOnly(op, b);
        if (a == b) return a;
        bool fa = a.IsFloatingPoint(), fb = b.IsFloatingPoint();
        if (fa && fb) return DType.Float64;
        if (fa) return a;
        if (fb) return b;
        if (a == DType.Int64 || b == DType.Int64) return DType.Int64;
        return DType.Int32; // Bool with Int32
    }

    /// <summary>
    /// The dtype of a tensor combined with a scalar: an integral scalar keeps the tensor's dtype (Bool becomes Int32,
    /// where PyTorch would give Int64); a floating scalar turns Bool, Int32 and Int64 tensors into Float32 (the default dtype).
    /// </summary>
    public static DType WithScalar(DType tensor, bool integralScalar) =>
        integralScalar ? (tensor == DType.Bool ? DType.Int32 : tensor) : (tensor.IsFloatingPoint() ? tensor : DType.Float32);

    /// <summary>The floating dtype an op that only computes in floating point uses: Bool, Int32 and Int64 become Float32.</summary>
    public static DType ToFloat(DType dtype)
    {
        DTypeExtensions.RejectStorageOnly("This op", dtype);
        return dtype.IsFloatingPoint() ? dtype : DType.Float32;
    }

    /// <summary>
    /// <paramref name="t"/> in <paramref name="dtype"/>, without recording autograd: Bool and integer tensors carry no
    /// gradient, and a Float32 operand promoted to Float64 gets its gradient converted back by the backward engine.
    /// </summary>
    public static Tensor Cast(Tensor t, DType dtype)
    {
        if (t.DType == dtype) return t;
        DTypeExtensions.RejectStorageOnly("This op", t.DType); // compute promotion never widens a storage-only dtype
        if (t.DType != DType.Bool) return t.ConvertRaw(dtype);
        // Bool -> number, vectorised (bool is one byte, 0 or 1)
        Tensor src = t.ContiguousRaw();
        var result = ShapeMoves.Empty(t.Shape, dtype); // the conversion writes every element
        ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<bool, byte>(src.Span<bool>());
        switch (dtype)
        {
            case DType.Float32: TensorPrimitives.ConvertTruncating<byte, float>(bytes, result.Span<float>()); break;
            case DType.Float64: TensorPrimitives.ConvertTruncating<byte, double>(bytes, result.Span<double>()); break;
            case DType.Int64: TensorPrimitives.ConvertTruncating<byte, long>(bytes, result.Span<long>()); break;
            default: TensorPrimitives.ConvertTruncating<byte, int>(bytes, result.Span<int>()); break;
        }
        return result;
    }

    /// <summary>
    /// A 0-dim tensor of <paramref name="value"/> for combining with <paramref name="t"/>, in the dtype
    /// <see cref="WithScalar"/> picks (an integral value beyond the Int32 range counts as floating).
    /// </summary>
    public static Tensor ScalarFor(Tensor t, double value, bool integralScalar) =>
        Tensor.Scalar(value, WithScalar(t.DType, integralScalar && Math.Abs(value) <= (t.DType == DType.Int64 ? 9.2e18 : int.MaxValue)));

    /// <summary>
    /// A 0-dim tensor of <paramref name="value"/> for a comparison with <paramref name="t"/>: the tensor's dtype when the
    /// value is exactly representable in it, else Float32/Float64 so that e.g. an Int32 tensor compares with 1.5 exactly.
    /// </summary>
    public static Tensor ScalarForComparison(Tensor t, double value)
    {
        bool integral = double.IsInteger(value) && Math.Abs(value) <= int.MaxValue;
        if (t.DType == DType.Bool && integral && value is 0 or 1) return Tensor.Scalar(value, DType.Bool);
        if (t.DType == DType.Int64 && double.IsInteger(value) && Math.Abs(value) <= 9.2e18) return Tensor.Scalar(value, DType.Int64);
        return Tensor.Scalar(value, t.DType.IsFloatingPoint() ? t.DType : integral ? DType.Int32 : DType.Float64);
    }
}
