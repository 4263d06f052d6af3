using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>The elementwise binary operations that share the broadcasting driver.</summary>
internal enum BinaryKind { Add, Subtract, Multiply, Divide, Pow, Maximum, Minimum }

/// <summary>NumPy broadcasting (shape rules and stride-0 views) and dtype dispatch for elementwise binary ops.</summary>
internal static class ElementwiseBinary
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an exception naming both shapes.</summary>
    public static Shape BroadcastShape(string op, Shape a, Shape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a.Dims[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b.Dims[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }

    /// <summary>Strides that present <paramref name="t"/> as <paramref name="shape"/> (0 on broadcast dimensions).</summary>
    public static int[] BroadcastStrides(Tensor t, Shape shape)
    {
        var strides = new int[shape.Rank];
        int lead = shape.Rank - t.Rank;
        for (int i = 0; i < t.Rank; i++)
            strides[lead + i] = t.Shape.Dims[i] == 1 && shape.Dims[lead + i] != 1 ? 0 : t.StrideArray[i];
        return strides;
    }

    /// <summary>The tensor broadcast to <paramref name="shape"/> as a contiguous array (copies only when needed).</summary>
    public static ReadOnlySpan<T> Materialize<T>(Tensor t, Shape shape) where T : unmanaged
    {
        if (t.Shape == shape && t.IsContiguous) return t.Span<T>();
        var dst = GC.AllocateUninitializedArray<T>(shape.ElementCount); // the strided copy writes every element
        StridedCopy.Copy(t.Data<T>(), t.Offset, BroadcastStrides(t, shape), dst, 0, shape.ContiguousStrides(), shape.Dims);
        return dst;
    }

    /// <summary>
    /// Computes <c>kind(a, b)</c> with broadcasting into a new contiguous tensor (no autograd), after PyTorch's type
    /// promotion (<see cref="TypePromotion"/>): Bool and Int32 operands take a float operand's dtype, Int32 / Int32 is true
    /// division in Float32, Bool with Bool stays Bool for Add (or), Multiply (and), Maximum and Minimum.
    /// </summary>
    public static Tensor Compute(string op, BinaryKind kind, Tensor a, Tensor b)
    {
        DType dtype = TypePromotion.Promote(op, a.DType, b.DType);
        if (kind == BinaryKind.Subtract && (a.DType == DType.Bool || b.DType == DType.Bool))
            throw new ArgumentException(a.DType == DType.Bool && b.DType == DType.Bool
                ? $"{op}: subtraction with two Bool tensors is not supported; use LogicalXor (the ^ operator) instead."
                : $"{op}: subtraction with a Bool tensor is not supported; to invert a mask use LogicalNot (the ~ operator), or convert with To(DType) first.");
        if (kind == BinaryKind.Divide && !dtype.IsFloatingPoint()) dtype = DType.Float32; // true division, as torch.div
        if (kind == BinaryKind.Divide && a.DType == DType.Int32 && b.DType == DType.Int32 && a.Shape == b.Shape && a.IsContiguous && b.IsContiguous)
        {
            // Int32 / Int32 without two converted copies: convert and divide chunk by chunk (same values)
            var quotient = ShapeMoves.Empty(a.Shape, DType.Float32);
            RoundingKernels.IntTrueDivide(a.Span<int>(), b.Span<int>(), quotient.Span<float>());
            return quotient;
        }
        if (dtype == DType.Bool)
        {
            if (kind is BinaryKind.Pow)
                throw new ArgumentException($"{op} is not defined for two Bool tensors; convert one with To(DType) first.");
            // or / and / max / min of 0-1 values: compute in Int32, then back to Bool
            Tensor r = Compute(op, kind, a.ConvertRaw(DType.Int32), b.ConvertRaw(DType.Int32));
            return Comparison.NotEqual(r, Tensor.Zeros(Shape.Scalar, DType.Int32));
        }
        a = TypePromotion.Cast(a, dtype);
        b = TypePromotion.Cast(b, dtype);
        Shape shape = BroadcastShape(op, a.Shape, b.Shape);
        var result = ShapeMoves.Empty(shape, dtype); // the broadcasting driver writes every element
        switch (dtype)
        {
            case DType.Float32: RunFloat<float>(kind, a, b, result); break;
            case DType.Float64: RunFloat<double>(kind, a, b, result); break;
            case DType.Int64:
                if (kind == BinaryKind.Pow) Run<long, LongPowOperator>(a, b, result);
                else RunNumber<long>(kind, a, b, result);
                break;
            default:
                if (kind == BinaryKind.Pow) IntegerPow(a, b, result);
                else RunNumber<int>(kind, a, b, result);
                break;
        }
        return result;
    }

    /// <summary>Int32 to an Int32 power, wrapping on overflow; a negative exponent gives 1, ±1 or 0 as in PyTorch.</summary>
    private static void IntegerPow(Tensor a, Tensor b, Tensor result) => Run<int, IntPowOperator>(a, b, result);

    private static void RunFloat<T>(BinaryKind kind, Tensor a, Tensor b, Tensor result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kind == BinaryKind.Pow) Run<T, PowOperator<T>>(a, b, result);
        else RunNumber<T>(kind, a, b, result);
    }

    private static void RunNumber<T>(BinaryKind kind, Tensor a, Tensor b, Tensor result) where T : unmanaged, INumber<T>
    {
        switch (kind)
        {
            case BinaryKind.Add: Run<T, AddOperator<T>>(a, b, result); break;
            case BinaryKind.Subtract: Run<T, SubtractOperator<T>>(a, b, result); break;
            case BinaryKind.Multiply: Run<T, MultiplyOperator<T>>(a, b, result); break;
            case BinaryKind.Divide: Run<T, DivideOperator<T>>(a, b, result); break;
            case BinaryKind.Maximum: Run<T, MaximumOperator<T>>(a, b, result); break;
            case BinaryKind.Minimum: Run<T, MinimumOperator<T>>(a, b, result); break;
            default: throw new InvalidOperationException($"Internal error: {kind} has no {typeof(T).Name} kernel.");
        }
    }

    internal static void Run<T, TOp>(Tensor a, Tensor b, Tensor result) where T : unmanaged where TOp : IBinaryOperator<T>
    {
        Shape shape = result.Shape;
        Broadcast.Binary<T, TOp>(
            a.Data<T>(), a.Offset, BroadcastStrides(a, shape),
            b.Data<T>(), b.Offset, BroadcastStrides(b, shape),
            result.Span<T>(), shape.Dims);
    }
}
