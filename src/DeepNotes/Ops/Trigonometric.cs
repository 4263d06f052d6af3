using System.Numerics.Tensors;
using DeepNotes.Kernels;
using static DeepNotes.Ops.FloatUnary;

namespace DeepNotes.Ops;

/// <summary>
/// Circular and hyperbolic functions and their inverses, vectorised by TensorPrimitives. Backward rules as PyTorch's
/// derivatives.yaml, written with differentiable ops so that they can be differentiated again.
/// </summary>
internal static class Trigonometric
{
    /// <summary>sin x. Backward: g ⊙ cos x.</summary>
    public static Tensor Sin(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Sin", x, TensorPrimitives.Sin, TensorPrimitives.Sin), "SinBackward", [x], g => [Mul(g, Cos(x))], x);

    /// <summary>cos x. Backward: −g ⊙ sin x.</summary>
    public static Tensor Cos(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Cos", x, TensorPrimitives.Cos, TensorPrimitives.Cos), "CosBackward", [x], g => [Negate.Forward(Mul(g, Sin(x)))], x);

    /// <summary>tan x. Backward: g ⊙ (1 + tan² x), from the saved output.</summary>
    public static Tensor Tan(Tensor x)
    {
        var result = Map("Tan", x, TensorPrimitives.Tan, TensorPrimitives.Tan);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "TanBackward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Mul(g, Add.Forward(Sq(y), C(1, y)))];
        }, saved);
    }

    /// <summary>asin x. Backward: g / √(1 − x²).</summary>
    public static Tensor Asin(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Asin", x, TensorPrimitives.Asin, TensorPrimitives.Asin), "AsinBackward", [x],
            g => [Mul(g, ExpLogMath.Rsqrt(Subtract.Forward(C(1, x), Sq(x))))], x);

    /// <summary>acos x. Backward: −g / √(1 − x²).</summary>
    public static Tensor Acos(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Acos", x, TensorPrimitives.Acos, TensorPrimitives.Acos), "AcosBackward", [x],
            g => [Negate.Forward(Mul(g, ExpLogMath.Rsqrt(Subtract.Forward(C(1, x), Sq(x)))))], x);

    /// <summary>atan x. Backward: g / (1 + x²).</summary>
    public static Tensor Atan(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Atan", x, TensorPrimitives.Atan, TensorPrimitives.Atan), "AtanBackward", [x],
            g => [Divide.Forward(g, Add.Forward(Sq(x), C(1, x)))], x);

    /// <summary>sinh x. Backward: g ⊙ cosh x.</summary>
    public static Tensor Sinh(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Sinh", x, ElementwiseMath.Sinh, ElementwiseMath.Sinh), "SinhBackward", [x], g => [Mul(g, Cosh(x))], x);

    /// <summary>cosh x. Backward: g ⊙ sinh x.</summary>
    public static Tensor Cosh(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Cosh", x, ElementwiseMath.Cosh, ElementwiseMath.Cosh), "CoshBackward", [x], g => [Mul(g, Sinh(x))], x);

    /// <summary>asinh x. Backward: g / √(x² + 1).</summary>
    public static Tensor Asinh(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Asinh", x, TensorPrimitives.Asinh, TensorPrimitives.Asinh), "AsinhBackward", [x],
            g => [Mul(g, ExpLogMath.Rsqrt(Add.Forward(Sq(x), C(1, x))))], x);

    /// <summary>acosh x (NaN below 1). Backward: g / √(x² − 1).</summary>
    public static Tensor Acosh(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Acosh", x, TensorPrimitives.Acosh, TensorPrimitives.Acosh), "AcoshBackward", [x],
            g => [Mul(g, ExpLogMath.Rsqrt(Subtract.Forward(Sq(x), C(1, x))))], x);

    /// <summary>atanh x (±∞ at ±1, NaN outside). Backward: g / (1 − x²).</summary>
    public static Tensor Atanh(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Atanh", x, TensorPrimitives.Atanh, TensorPrimitives.Atanh), "AtanhBackward", [x],
            g => [Divide.Forward(g, Subtract.Forward(C(1, x), Sq(x)))], x);
}
