using DeepNotes.Kernels;
using static DeepNotes.Ops.FloatUnary;

namespace DeepNotes.Ops;

/// <summary>The error function family and the normalised sinc, with PyTorch's backward rules.</summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.12837916709551257390, HalfSqrtPi = 0.88622692545275801365, Pi = Math.PI;

    /// <summary>erf x. Backward: g ⊙ 2/√π · e^(−x²).</summary>
    public static Tensor Erf(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Erf", x, ElementwiseMath.Erf, ElementwiseMath.Erf), "ErfBackward", [x],
            g => [Mul(g, Multiply.Forward(UnaryMath.Exp(Negate.Forward(Sq(x))), C(TwoOverSqrtPi, x)))], x);

    /// <summary>erfc x = 1 − erf x, accurate in the tail. Backward: −g ⊙ 2/√π · e^(−x²).</summary>
    public static Tensor Erfc(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Erfc", x, ElementwiseMath.Erfc, ElementwiseMath.Erfc), "ErfcBackward", [x],
            g => [Mul(g, Multiply.Forward(UnaryMath.Exp(Negate.Forward(Sq(x))), C(-TwoOverSqrtPi, x)))], x);

    /// <summary>erf⁻¹ x on [−1, 1]. Backward: g ⊙ √π/2 · e^(y²), from the saved output.</summary>
    public static Tensor Erfinv(Tensor x)
    {
        var result = Map("Erfinv", x, ElementwiseMath.Erfinv, ElementwiseMath.Erfinv);
        if (!Tensor.NeedsGrad(x)) return result;
        var saved = result.Detach();
        return Tensor.RecordDifferentiable(result, "ErfinvBackward", [x], g =>
        {
            Tensor y = Autograd.IsCreatingGraph ? result : saved; // the output with its graph when differentiating again
            return [Mul(g, Multiply.Forward(UnaryMath.Exp(Sq(y)), C(HalfSqrtPi, y)))];
        }, saved);
    }

    /// <summary>
    /// sin(πx)/(πx), 1 at 0. Backward: g ⊙ (πx cos(πx) − sin(πx)) / (πx²), 0 at x = 0, as PyTorch.
    /// </summary>
    public static Tensor Sinc(Tensor x) =>
        Tensor.RecordDifferentiable(Map("Sinc", x, ElementwiseMath.Sinc, ElementwiseMath.Sinc), "SincBackward", [x], g =>
        {
            Tensor px = Multiply.Forward(x, C(Pi, x));
            Tensor num = Subtract.Forward(Multiply.Forward(px, Trigonometric.Cos(px)), Trigonometric.Sin(px));
            Tensor local = Divide.Forward(num, Multiply.Forward(px, x));
            return [Mul(g, Where.Forward(Comparison.Equal(x, C(0, x)), C(0, x), local))];
        }, x);
}
