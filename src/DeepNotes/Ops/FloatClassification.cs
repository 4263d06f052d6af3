using System.Numerics;
using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// IsNan, IsInf, IsFinite, IsPosInf, IsNegInf and Signbit (Bool results, no gradient; Int32 and Bool inputs are
/// finite), and NanToNum, whose gradient passes where the input was finite and is 0 elsewhere, as PyTorch.
/// </summary>
internal static class FloatClassification
{
    private enum Kind { Nan, Inf, Finite, PosInf, NegInf, Signbit }

    public static Tensor IsNan(Tensor x) => Classify(Kind.Nan, x);

    public static Tensor IsInf(Tensor x) => Classify(Kind.Inf, x);

    public static Tensor IsFinite(Tensor x) => Classify(Kind.Finite, x);

    public static Tensor IsPosInf(Tensor x) => Classify(Kind.PosInf, x);

    public static Tensor IsNegInf(Tensor x) => Classify(Kind.NegInf, x);

    /// <summary>True where the sign bit is set (−0.0 and negative NaN included), or where an Int32 is negative.</summary>
    public static Tensor Signbit(Tensor x) => Classify(Kind.Signbit, x);

    /// <summary>
    /// NaN → <paramref name="nan"/>, +∞ → <paramref name="posInf"/> (default: the largest finite value of the dtype),
    /// −∞ → <paramref name="negInf"/> (default: the lowest). Int32 and Bool inputs are returned as a copy.
    /// </summary>
    public static Tensor NanToNum(Tensor x, double nan, double? posInf, double? negInf)
    {
        if (!x.DType.IsFloatingPoint()) return x.CloneRaw();
        var src = x.ContiguousRaw();
        var result = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32)
            ElementwiseMath.NanToNum(src.Span<float>(), result.Span<float>(), (float)nan, (float)(posInf ?? float.MaxValue), (float)(negInf ?? float.MinValue));
        else
            ElementwiseMath.NanToNum(src.Span<double>(), result.Span<double>(), nan, posInf ?? double.MaxValue, negInf ?? double.MinValue);
        return Tensor.RecordDifferentiable(result, "NanToNumBackward", [x], g => [Where.Forward(IsFinite(x), g, Tensor.Zeros(Shape.Scalar, g.DType))], x);
    }

    private static Tensor Classify(Kind kind, Tensor x)
    {
        var result = new Tensor(x.Shape, DType.Bool);
        var d = result.Span<bool>();
        Tensor src = x.ContiguousRaw();
        switch (x.DType)
        {
            case DType.Float32: Run(kind, src.Span<float>(), d); break;
            case DType.Float64: Run(kind, src.Span<double>(), d); break;
            case DType.Int32:
                if (kind == Kind.Finite) d.Fill(true);
                else if (kind == Kind.Signbit) { var s = src.Span<int>(); for (int i = 0; i < d.Length; i++) d[i] = s[i] < 0; }
                break;
            default:
                if (kind == Kind.Finite) d.Fill(true);
                break;
        }
        return result;
    }

    private static void Run<T>(Kind kind, ReadOnlySpan<T> x, Span<bool> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case Kind.Nan: TensorPrimitives.IsNaN(x, d); break;
            case Kind.Inf: TensorPrimitives.IsInfinity(x, d); break;
            case Kind.Finite: TensorPrimitives.IsFinite(x, d); break;
            case Kind.PosInf: TensorPrimitives.IsPositiveInfinity(x, d); break;
            case Kind.NegInf: TensorPrimitives.IsNegativeInfinity(x, d); break;
            default: TensorPrimitives.IsNegative(x, d); break; // the sign bit, NaN included
        }
    }
}
