using System.Numerics.Tensors;
using DeepNotes.Kernels;
using static DeepNotes.Ops.FloatUnary;

namespace DeepNotes.Ops;

/// <summary>
/// Exponentials, logarithms, powers and angle conversions beyond Exp/Log/Sqrt. Backward rules as PyTorch's
/// derivatives.yaml, written with differentiable ops.
/// </summary>
internal static class ExpLogMath
{
    private const double Ln2 = 0.69314718055994530942, Ln10 = 2.30258509299404568402;

    /// <summary>ln(1 + x), accurate for tiny x. Backward: g / (x + 1).</summary>
    public static Tensor Log1p(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Log1p", x, ElementwiseMath.Log1p, ElementwiseMath.Log1p), "Log1pBackward", [x],
            g => [Divide.Forward(g, Add.Forward(x, C(1, x)))], x);

    /// <summary>eˣ − 1, accurate for tiny x. Backward: g ⊙ (y + 1), from the saved output.</summary>
    public static Tensor Expm1(Tensor x)
    {
        var result = Map("Expm1", x, ElementwiseMath.Expm1, ElementwiseMath.Expm1);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "Expm1Backward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Mul(g, Add.Forward(y, C(1, y)))];
        }, saved);
    }

    /// <summary>log₂ x. Backward: g / (x ln 2).</summary>
    public static Tensor Log2(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Log2", x, TensorPrimitives.Log2, TensorPrimitives.Log2), "Log2Backward", [x],
            g => [Divide.Forward(g, Multiply.Forward(x, C(Ln2, x)))], x);

    /// <summary>log₁₀ x. Backward: g / (x ln 10).</summary>
    public static Tensor Log10(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Log10", x, TensorPrimitives.Log10, TensorPrimitives.Log10), "Log10Backward", [x],
            g => [Divide.Forward(g, Multiply.Forward(x, C(Ln10, x)))], x);

    /// <summary>2ˣ. Backward: g ⊙ y ln 2, from the saved output.</summary>
    public static Tensor Exp2(Tensor x)
    {
        var result = Map("Exp2", x, ElementwiseMath.Exp2, ElementwiseMath.Exp2);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "Exp2Backward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Mul(g, Multiply.Forward(y, C(Ln2, y)))];
        }, saved);
    }

    /// <summary>1/x. Backward: −g ⊙ y², from the saved output.</summary>
    public static Tensor Reciprocal(Tensor x)
    {
        var result = Map("Reciprocal", x, TensorPrimitives.Reciprocal, TensorPrimitives.Reciprocal);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "ReciprocalBackward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Negate.Forward(Mul(g, Sq(y)))];
        }, saved);
    }

    /// <summary>1/√x. Backward: −½ g ⊙ y³, from the saved output.</summary>
    public static Tensor Rsqrt(Tensor x)
    {
        var result = Map("Rsqrt", x, TensorPrimitives.ReciprocalSqrt, TensorPrimitives.ReciprocalSqrt);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "RsqrtBackward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Mul(g, Multiply.Forward(Multiply.Forward(Sq(y), y), C(-0.5, y)))];
        }, saved);
    }

    /// <summary>x²; Int32 stays Int32 (Bool becomes Int32). Backward: 2x ⊙ g.</summary>
    public static Tensor Square(Tensor x)
    {
        Tensor src = x.DType == DType.Bool ? x.ConvertRaw(DType.Int32) : x;
        var result = ElementwiseBinary.Compute("Square", BinaryKind.Multiply, src, src);
        return Tensor.RecordDifferentiable(result, "SquareBackward", [x], g => [Mul(g, Multiply.Forward(x, C(2, x)))], x);
    }

    /// <summary>x·π/180. Backward: g·π/180.</summary>
    public static Tensor Deg2Rad(Tensor x) => Scale("Deg2Rad", x, Math.PI / 180);

    /// <summary>x·180/π. Backward: g·180/π.</summary>
    public static Tensor Rad2Deg(Tensor x) => Scale("Rad2Deg", x, 180 / Math.PI);

    private static Tensor Scale(string op, Tensor x, double factor)
    {
        Tensor xf = TypePromotion.Cast(x, TypePromotion.ToFloat(x.DType));
        var result = ElementwiseBinary.Compute(op, BinaryKind.Multiply, xf, C(factor, xf));
        return Tensor.RecordDifferentiable(result, op + "Backward", [x], g => [Multiply.Forward(g, C(factor, g))]);
    }

    /// <summary>
    /// ln(z/(1 − z)) with z = x, or x clamped to [eps, 1 − eps]. Backward: g / (x(1 − x)); without eps NaN where
    /// x ∉ [0, 1], with eps 0 where x ∉ [eps, 1 − eps], as PyTorch.
    /// </summary>
    public static Tensor Logit(Tensor x, double? eps)
    {
        var result = Map("Logit", x, (s, d) => ElementwiseMath.Logit(s, d, eps), (s, d) => ElementwiseMath.Logit(s, d, eps));
        return Tensor.RecordDifferentiable(result, "LogitBackward", [x], g =>
        {
            Tensor local = Divide.Forward(g, Multiply.Forward(x, Subtract.Forward(C(1, x), x)));
            double lo = eps ?? 0, hi = 1 - lo;
            Tensor outside = LogicalOps.Or(Comparison.Less(x, C(lo, x)), Comparison.Greater(x, C(hi, x)));
            return [Where.Forward(outside, C(eps is null ? double.NaN : 0, g), local)];
        }, x);
    }
}
