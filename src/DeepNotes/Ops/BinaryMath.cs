using System.Numerics;
using DeepNotes.Kernels;
using static DeepNotes.Ops.FloatUnary;

namespace DeepNotes.Ops;

/// <summary>
/// Atan2, Hypot, Remainder, Fmod and Xlogy with broadcasting and type promotion. Backward rules as PyTorch's
/// derivatives.yaml, each gradient summed over the input's broadcast dimensions.
/// </summary>
internal static class BinaryMath
{
    /// <summary>atan2(a, b). Backward: g·b/(a² + b²) to a, −g·a/(a² + b²) to b.</summary>
    public static Tensor Atan2(Tensor a, Tensor b)
    {
        var result = Compute("Atan2", a, b, Run<float, Atan2Operator<float>>, Run<double, Atan2Operator<double>>, null, intToFloat: true);
        return Tensor.RecordDifferentiable(result, "Atan2Backward", [a, b], g =>
        {
            Tensor recip = ExpLogMath.Reciprocal(Add.Forward(Sq(a), Sq(b)));
            return [a.RequiresGrad ? Sum.ToShape(Mul(g, Multiply.Forward(b, recip)), a.Shape) : null,
                    b.RequiresGrad ? Sum.ToShape(Negate.Forward(Mul(g, Multiply.Forward(a, recip))), b.Shape) : null];
        }, a, b);
    }

    /// <summary>√(a² + b²). Backward: g·a/y to a, g·b/y to b (y the saved output).</summary>
    public static Tensor Hypot(Tensor a, Tensor b)
    {
        var result = Compute("Hypot", a, b, Run<float, HypotOperator<float>>, Run<double, HypotOperator<double>>, null, intToFloat: false);
        if (!Tensor.NeedsGrad(a, b)) return result;
        var y = result.Detach();
        return Tensor.RecordDifferentiable(result, "HypotBackward", [a, b], g =>
        {
            Tensor yg = Autograd.IsCreatingGraph ? result : y; // the output with its graph when differentiating again
            return [a.RequiresGrad ? Sum.ToShape(Mul(g, Divide.Forward(a, yg)), a.Shape) : null,
                    b.RequiresGrad ? Sum.ToShape(Mul(g, Divide.Forward(b, yg)), b.Shape) : null];
        }, a, b, y);
    }

    /// <summary>Python-style remainder a − b·⌊a/b⌋ (sign of b). Backward: g to a, −g·⌊a/b⌋ to b.</summary>
    public static Tensor Remainder(Tensor a, Tensor b)
    {
        var result = Compute("Remainder", a, b, Run<float, RemainderOperator<float>>, Run<double, RemainderOperator<double>>,
            Run<int, RemainderOperator<int>>, intToFloat: false);
        return Tensor.RecordDifferentiable(result, "RemainderBackward", [a, b], g =>
        [
            a.RequiresGrad ? Sum.ToShape(g, a.Shape) : null,
            b.RequiresGrad ? Sum.ToShape(Negate.Forward(Mul(g, FloorDivide(a, b))), b.Shape) : null,
        ], a, b);
    }

    /// <summary>C-style remainder a − b·trunc(a/b) (sign of a). Backward: g to a, −g·trunc(a/b) to b.</summary>
    public static Tensor Fmod(Tensor a, Tensor b)
    {
        var result = Compute("Fmod", a, b, Run<float, FmodOperator<float>>, Run<double, FmodOperator<double>>,
            Run<int, FmodOperator<int>>, intToFloat: false);
        return Tensor.RecordDifferentiable(result, "FmodBackward", [a, b], g =>
        [
            a.RequiresGrad ? Sum.ToShape(g, a.Shape) : null,
            b.RequiresGrad ? Sum.ToShape(Negate.Forward(Mul(g, Rounding.Trunc(Divide.Forward(a, b)))), b.Shape) : null,
        ], a, b);
    }

    /// <summary>a·ln b, 0 where a = 0 (unless b is NaN). Backward as PyTorch 1.13: xlogy(g, b) to a, 0 where a = 0 and b ≤ 0; g·a/b to b.</summary>
    public static Tensor Xlogy(Tensor a, Tensor b)
    {
        var result = Compute("Xlogy", a, b, Run<float, XlogyOperator<float>>, Run<double, XlogyOperator<double>>, null, intToFloat: true);
        return Tensor.RecordDifferentiable(result, "XlogyBackward", [a, b], g =>
        [
            a.RequiresGrad ? Sum.ToShape(Where.Forward(LogicalOps.And(Comparison.Equal(a, C(0, a)), Comparison.LessEqual(b, C(0, b))),
                C(0, g), Xlogy(g, b)), a.Shape) : null,
            b.RequiresGrad ? Sum.ToShape(Mul(g, Divide.Forward(a, b)), b.Shape) : null,
        ], a, b);
    }

    /// <summary>⌊a/b⌋ as PyTorch's floor division (5 // −∞ = −1), no autograd: the derivative is zero almost everywhere.</summary>
    private static Tensor FloorDivide(Tensor a, Tensor b) =>
        Compute("FloorDivide", a.Detach(), b.Detach(), Run<float, FloorDivideOperator<float>>, Run<double, FloorDivideOperator<double>>, null, intToFloat: true);

    /// <summary>
    /// The shared forward: promotes the dtypes, refuses or converts integer operands as the op requires, broadcasts and
    /// runs the kernel for the result dtype.
    /// </summary>
    private static Tensor Compute(string op, Tensor a, Tensor b, Action<Tensor, Tensor, Tensor> f32, Action<Tensor, Tensor, Tensor> f64,
        Action<Tensor, Tensor, Tensor>? i32, bool intToFloat)
    {
        DType dtype = TypePromotion.Promote(op, a.DType, b.DType);
        if (!dtype.IsFloatingPoint())
        {
            if (intToFloat) dtype = DType.Float32;
            else if (i32 is null || dtype == DType.Bool)
                throw new ArgumentException($"{op} expects {(i32 is null ? "floating-point" : "numeric")} tensors, got {a.DType} and {b.DType}; convert with To(DType) first.");
        }
        a = TypePromotion.Cast(a, dtype);
        b = TypePromotion.Cast(b, dtype);
        var result = new Tensor(ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape), dtype);
        switch (dtype)
        {
            case DType.Float32: f32(a, b, result); break;
            case DType.Float64: f64(a, b, result); break;
            default:
                foreach (int v in b.ContiguousRaw().Span<int>())
                    if (v == 0) throw new ArgumentException($"{op}: integer division by zero (the divisor has a 0 element).");
                i32!(a, b, result);
                break;
        }
        return result;
    }

    private static void Run<T, TOp>(Tensor a, Tensor b, Tensor result) where T : unmanaged, INumber<T> where TOp : IBinaryOperator<T> =>
        ElementwiseBinary.Run<T, TOp>(a, b, result);
}
