using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Logical and bitwise ops, none differentiable. Logical ops accept every dtype (non-zero, including NaN, is true) and
/// return Bool; bitwise ops take Bool, Int32 or Int64 (promoted as arithmetic) and are logical on two Bool tensors.
/// </summary>
internal static class LogicalOps
{
    private enum Kind { And, Or, Xor }

    public static Tensor And(Tensor a, Tensor b) => Logical("LogicalAnd", Kind.And, a, b);

    public static Tensor Or(Tensor a, Tensor b) => Logical("LogicalOr", Kind.Or, a, b);

    public static Tensor Xor(Tensor a, Tensor b) => Logical("LogicalXor", Kind.Xor, a, b);

    /// <summary>True where x is zero (false), Bool result.</summary>
    public static Tensor Not(Tensor x)
    {
        Tensor t = Truth(x).ContiguousRaw();
        var result = ShapeMoves.Empty(x.Shape, DType.Bool); // the xor writes every byte
        TensorPrimitives.Xor(MemoryMarshal.Cast<bool, byte>(t.Span<bool>()), (byte)1, MemoryMarshal.Cast<bool, byte>(result.Span<bool>()));
        return result;
    }

    public static Tensor BitwiseAnd(Tensor a, Tensor b) => Bitwise("BitwiseAnd", Kind.And, a, b);

    public static Tensor BitwiseOr(Tensor a, Tensor b) => Bitwise("BitwiseOr", Kind.Or, a, b);

    public static Tensor BitwiseXor(Tensor a, Tensor b) => Bitwise("BitwiseXor", Kind.Xor, a, b);

    /// <summary>~x: logical not of a Bool tensor, two's-complement not of an Int32 tensor.</summary>
    public static Tensor BitwiseNot(Tensor x)
    {
        CheckIntegral("BitwiseNot", x);
        if (x.DType == DType.Bool) return Not(x);
        var src = x.ContiguousRaw();
        var result = ShapeMoves.Empty(x.Shape, x.DType); // every element is written
        if (x.DType == DType.Int64) TensorPrimitives.OnesComplement(src.Span<long>(), result.Span<long>());
        else TensorPrimitives.OnesComplement(src.Span<int>(), result.Span<int>());
        return result;
    }

    /// <summary>The truth value of each element as a Bool tensor (the tensor itself when already Bool).</summary>
    private static Tensor Truth(Tensor x) =>
        x.DType == DType.Bool ? x : Comparison.NotEqual(x, Tensor.Zeros(Shape.Scalar, x.DType));

    private static Tensor Logical(string op, Kind kind, Tensor a, Tensor b)
    {
        Shape shape = ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape);
        var result = ShapeMoves.Empty(shape, DType.Bool); // every byte is written below
        if (shape.ElementCount == 0) return result;
        // Bool elements are the bytes 0 and 1, so the byte-wise and/or/xor of TensorPrimitives keep them valid
        var x = MemoryMarshal.Cast<bool, byte>(ElementwiseBinary.Materialize<bool>(Truth(a), shape));
        var y = MemoryMarshal.Cast<bool, byte>(ElementwiseBinary.Materialize<bool>(Truth(b), shape));
        var d = MemoryMarshal.Cast<bool, byte>(result.Span<bool>());
        switch (kind)
        {
            case Kind.And: TensorPrimitives.BitwiseAnd(x, y, d); break;
            case Kind.Or: TensorPrimitives.BitwiseOr(x, y, d); break;
            default: TensorPrimitives.Xor(x, y, d); break;
        }
        return result;
    }

    private static Tensor Bitwise(string op, Kind kind, Tensor a, Tensor b)
    {
        CheckIntegral(op, a);
        CheckIntegral(op, b);
        if (a.DType == DType.Bool && b.DType == DType.Bool) return Logical(op, kind, a, b);
        if (a.DType == DType.Int64 || b.DType == DType.Int64)
        {
            Tensor al = TypePromotion.Cast(a, DType.Int64), bl = TypePromotion.Cast(b, DType.Int64);
            var wide = new Tensor(ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape), DType.Int64);
            switch (kind)
            {
                case Kind.And: ElementwiseBinary.Run<long, LongBitwiseAndOperator>(al, bl, wide); break;
                case Kind.Or: ElementwiseBinary.Run<long, LongBitwiseOrOperator>(al, bl, wide); break;
                default: ElementwiseBinary.Run<long, LongBitwiseXorOperator>(al, bl, wide); break;
            }
            return wide;
        }
        Tensor ai = TypePromotion.Cast(a, DType.Int32), bi = TypePromotion.Cast(b, DType.Int32);
        var result = ShapeMoves.Empty(ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape), DType.Int32); // the driver writes every element
        switch (kind)
        {
            case Kind.And: ElementwiseBinary.Run<int, BitwiseAndOperator>(ai, bi, result); break;
            case Kind.Or: ElementwiseBinary.Run<int, BitwiseOrOperator>(ai, bi, result); break;
            default: ElementwiseBinary.Run<int, BitwiseXorOperator>(ai, bi, result); break;
        }
        return result;
    }

    private static void CheckIntegral(string op, Tensor t)
    {
        if (t.DType.IsFloatingPoint())
            throw new ArgumentException($"{op} expects Bool, Int32 or Int64 tensors, got {t.DType}; use the Logical ops for floating-point truth values.");
    }
}
