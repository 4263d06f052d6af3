using DeepNotes.Ops;

namespace DeepNotes;

public sealed partial class Tensor
{
    // Every op here is elementwise: [*] -> [*] for unary ops, broadcast(a, b) for binary ones. Bool and Int32 inputs of
    // the floating-point functions are converted to Float32 first, as PyTorch does. Backward rules as PyTorch's.

    /// <summary>sin x elementwise, <c>[*] -> [*]</c>. Backward: g·cos x.</summary>
    public Tensor Sin() => Trigonometric.Sin(this);

    /// <summary>cos x elementwise, <c>[*] -> [*]</c>. Backward: −g·sin x.</summary>
    public Tensor Cos() => Trigonometric.Cos(this);

    /// <summary>tan x elementwise, <c>[*] -> [*]</c>. Backward: g·(1 + tan² x).</summary>
    public Tensor Tan() => Trigonometric.Tan(this);

    /// <summary>arcsin x elementwise (NaN outside [−1, 1]). Backward: g/√(1 − x²).</summary>
    public Tensor Asin() => Trigonometric.Asin(this);

    /// <summary>arccos x elementwise (NaN outside [−1, 1]). Backward: −g/√(1 − x²).</summary>
    public Tensor Acos() => Trigonometric.Acos(this);

    /// <summary>arctan x elementwise. Backward: g/(1 + x²).</summary>
    public Tensor Atan() => Trigonometric.Atan(this);

    /// <summary>atan2(this, other): the angle of the point (other, this), quadrant-correct, broadcast. Backward: g·other/r² and −g·this/r².</summary>
    public Tensor Atan2(Tensor other) => BinaryMath.Atan2(this, other);

    /// <summary>sinh x elementwise. Backward: g·cosh x.</summary>
    public Tensor Sinh() => Trigonometric.Sinh(this);

    /// <summary>cosh x elementwise. Backward: g·sinh x.</summary>
    public Tensor Cosh() => Trigonometric.Cosh(this);

    /// <summary>arsinh x elementwise. Backward: g/√(x² + 1).</summary>
    public Tensor Asinh() => Trigonometric.Asinh(this);

    /// <summary>arcosh x elementwise (NaN below 1). Backward: g/√(x² − 1).</summary>
    public Tensor Acosh() => Trigonometric.Acosh(this);

    /// <summary>artanh x elementwise (±∞ at ±1, NaN outside). Backward: g/(1 − x²).</summary>
    public Tensor Atanh() => Trigonometric.Atanh(this);

    /// <summary>The error function elementwise. Backward: g·2/√π·e^(−x²).</summary>
    public Tensor Erf() => SpecialFunctions.Erf(this);

    /// <summary>The complementary error function 1 − erf x, accurate in the tail. Backward: −g·2/√π·e^(−x²).</summary>
    public Tensor Erfc() => SpecialFunctions.Erfc(this);

    /// <summary>The inverse error function (±∞ at ±1, NaN outside [−1, 1]). Backward: g·√π/2·e^(erfinv(x)²).</summary>
    public Tensor Erfinv() => SpecialFunctions.Erfinv(this);

    /// <summary>ln(1 + x), accurate for tiny x. Backward: g/(1 + x).</summary>
    public Tensor Log1p() => ExpLogMath.Log1p(this);

    /// <summary>eˣ − 1, accurate for tiny x. Backward: g·eˣ.</summary>
    public Tensor Expm1() => ExpLogMath.Expm1(this);

    /// <summary>log₂ x elementwise. Backward: g/(x ln 2).</summary>
    public Tensor Log2() => ExpLogMath.Log2(this);

    /// <summary>log₁₀ x elementwise. Backward: g/(x ln 10).</summary>
    public Tensor Log10() => ExpLogMath.Log10(this);

    /// <summary>2ˣ elementwise. Backward: g·2ˣ ln 2.</summary>
    public Tensor Exp2() => ExpLogMath.Exp2(this);

    /// <summary>1/x elementwise (Int32 and Bool give Float32). Backward: −g/x².</summary>
    public Tensor Reciprocal() => ExpLogMath.Reciprocal(this);

    /// <summary>1/√x elementwise. Backward: −½g·x^(−3/2).</summary>
    public Tensor Rsqrt() => ExpLogMath.Rsqrt(this);

    /// <summary>x² elementwise; Int32 stays Int32 (Bool becomes Int32). Backward: 2x·g.</summary>
    public Tensor Square() => ExpLogMath.Square(this);

    /// <summary>The largest integer ≤ x; Int32 is returned as a copy. Backward: zero.</summary>
    public Tensor Floor() => Rounding.Floor(this);

    /// <summary>The smallest integer ≥ x; Int32 is returned as a copy. Backward: zero.</summary>
    public Tensor Ceil() => Rounding.Ceil(this);

    /// <summary>
    /// Rounds to <paramref name="decimals"/> decimal places, halves to even (<c>Round()</c> of 2.5 is 2), as
    /// <c>torch.round</c>: round(x·10ⁿ)/10ⁿ, or round(x/10⁻ⁿ)·10⁻ⁿ for negative n. Backward: zero.
    /// </summary>
    /// <exception cref="ArgumentException">Decimals on an Int32 tensor, or a Bool tensor.</exception>
    public Tensor Round(int decimals = 0) => Rounding.Round(this, decimals);

    /// <summary>x rounded toward zero; Int32 is returned as a copy. Backward: zero.</summary>
    public Tensor Trunc() => Rounding.Trunc(this);

    /// <summary>x − trunc x (keeps the sign of x), floating point only. Backward: g.</summary>
    public Tensor Frac() => Rounding.Frac(this);

    /// <summary>
    /// Python-style remainder this − other·⌊this/other⌋, with the sign of the divisor, broadcast (<c>torch.remainder</c>).
    /// Floats give NaN for a zero divisor; Int32 division by zero throws. Backward: g to this, −g·⌊this/other⌋ to other.
    /// </summary>
    /// <exception cref="ArgumentException">Int32 division by zero, Bool tensors, or shapes that do not broadcast.</exception>
    public Tensor Remainder(Tensor other) => BinaryMath.Remainder(this, other);

    /// <summary>Python-style remainder by a scalar (an integral value keeps an Int32 tensor Int32).</summary>
    /// <inheritdoc cref="Remainder(Tensor)" path="/exception"/>
    public Tensor Remainder(double other) => BinaryMath.Remainder(this, TypePromotion.ScalarFor(this, other, double.IsInteger(other)));

    /// <summary>Python-style remainder of a scalar divided by each element, <c>torch.remainder(scalar, tensor)</c>.</summary>
    /// <inheritdoc cref="Remainder(Tensor)" path="/exception"/>
    public static Tensor Remainder(double value, Tensor other) => BinaryMath.Remainder(TypePromotion.ScalarFor(other, value, double.IsInteger(value)), other);

    /// <summary>
    /// C-style remainder this − other·trunc(this/other), with the sign of the dividend, broadcast (<c>torch.fmod</c>).
    /// Backward: g to this, −g·trunc(this/other) to other.
    /// </summary>
    /// <inheritdoc cref="Remainder(Tensor)" path="/exception"/>
    public Tensor Fmod(Tensor other) => BinaryMath.Fmod(this, other);

    /// <summary>C-style remainder by a scalar (an integral value keeps an Int32 tensor Int32).</summary>
    /// <inheritdoc cref="Remainder(Tensor)" path="/exception"/>
    public Tensor Fmod(double other) => BinaryMath.Fmod(this, TypePromotion.ScalarFor(this, other, double.IsInteger(other)));

    /// <summary>√(this² + other²) without undue overflow, broadcast, floating point. Backward: g·this/y and g·other/y.</summary>
    public Tensor Hypot(Tensor other) => BinaryMath.Hypot(this, other);

    /// <summary>
    /// this + weight·(end − this), broadcast; same floating dtype throughout. Backward: g·(1 − w) to this, g·w to end.
    /// </summary>
    /// <exception cref="ArgumentException">Dtypes differ or are not floating point, or the shapes do not broadcast.</exception>
    public Tensor Lerp(Tensor end, double weight) => Ops.Lerp.Forward(this, end, Scalar(weight, DType));

    /// <summary>this + weight·(end − this) with a tensor weight, all three broadcast. Backward also g·(end − this) to weight.</summary>
    /// <inheritdoc cref="Lerp(Tensor, double)" path="/exception"/>
    public Tensor Lerp(Tensor end, Tensor weight) => Ops.Lerp.Forward(this, end, weight);

    /// <summary>
    /// this·ln(other), 0 where this is 0 (unless other is NaN), broadcast (<c>torch.xlogy</c>); integers give Float32.
    /// Backward: xlogy(g, other) to this (0 where this = 0 and other ≤ 0), g·this/other to other.
    /// </summary>
    public Tensor Xlogy(Tensor other) => BinaryMath.Xlogy(this, other);

    /// <summary>this·ln(other) with a scalar <paramref name="other"/>.</summary>
    public Tensor Xlogy(double other) => BinaryMath.Xlogy(this, TypePromotion.ScalarFor(this, other, integralScalar: false));

    /// <summary>value·ln(other) elementwise, 0 where value is 0.</summary>
    public static Tensor Xlogy(double value, Tensor other) => BinaryMath.Xlogy(TypePromotion.ScalarFor(other, value, integralScalar: false), other);

    /// <summary>
    /// ln(z/(1 − z)) with z = x, or x clamped to [eps, 1 − eps] when <paramref name="eps"/> is given (<c>torch.logit</c>).
    /// Backward: g/(x(1 − x)); 0 outside [eps, 1 − eps] with eps, NaN outside [0, 1] without.
    /// </summary>
    public Tensor Logit(double? eps = null) => ExpLogMath.Logit(this, eps);

    /// <summary>The normalised sinc sin(πx)/(πx), 1 at 0. Backward: g·(cos(πx) − sinc x)/x, 0 at x = 0.</summary>
    public Tensor Sinc() => SpecialFunctions.Sinc(this);

    /// <summary>Degrees to radians, x·π/180. Backward: g·π/180.</summary>
    public Tensor Deg2Rad() => ExpLogMath.Deg2Rad(this);

    /// <summary>Radians to degrees, x·180/π. Backward: g·180/π.</summary>
    public Tensor Rad2Deg() => ExpLogMath.Rad2Deg(this);

    /// <summary>
    /// Each element limited by tensor bounds, min(max(x, min), max), all broadcast; a NaN bound gives NaN and where
    /// min &gt; max the result is max, as <c>torch.clamp</c>. Backward: g to x where min ≤ x ≤ max; to min where
    /// x &lt; min &lt; max; to max where x &gt; max or max &lt; min.
    /// </summary>
    /// <remarks>Give only an upper bound as <c>x.Clamp(null, max)</c>.</remarks>
    /// <exception cref="ArgumentException">Neither bound given, a Bool operand, or shapes that do not broadcast.</exception>
    public Tensor Clamp(Tensor? min, Tensor? max = null) => ClampTensor.Forward(this, min, max);

    /// <summary>Elementwise power with an integer exponent: an Int32 tensor stays Int32, as in PyTorch.</summary>
    /// <exception cref="ArgumentException">A negative exponent on an Int32 tensor.</exception>
    public Tensor Pow(int exponent)
    {
        if (exponent < 0 && !DType.IsFloatingPoint())
            throw new ArgumentException($"Pow: integers to negative integer powers are not allowed ({DType} tensor, exponent {exponent}); convert to a floating dtype first.");
        return Ops.Pow.Forward(this, TypePromotion.ScalarFor(this, exponent, integralScalar: true));
    }

    /// <summary>
    /// A scalar base raised to each element, <c>torch.pow(base, exponent)</c>. Backward: g·baseˣ·ln(base), 0 where the
    /// base is 0 and the exponent ≥ 0.
    /// </summary>
    public static Tensor Pow(double @base, Tensor exponent) =>
        Ops.Pow.Forward(TypePromotion.ScalarFor(exponent, @base, double.IsInteger(@base) && !exponent.DType.IsFloatingPoint()), exponent);

    /// <summary>Elementwise maximum ignoring NaN (NaN only where both are NaN), broadcast. Backward: g to a where a ≥ b or b is NaN, else to b.</summary>
    public static Tensor Fmax(Tensor a, Tensor b) => MaximumMinimum.Fmax(a, b);

    /// <summary>Elementwise minimum ignoring NaN (NaN only where both are NaN), broadcast. Backward: g to a where a ≤ b or b is NaN, else to b.</summary>
    public static Tensor Fmin(Tensor a, Tensor b) => MaximumMinimum.Fmin(a, b);

    /// <summary>
    /// NaN, +∞ and −∞ replaced by <paramref name="nan"/>, <paramref name="posInf"/> and <paramref name="negInf"/>
    /// (defaults 0 and the dtype's largest and lowest finite values), as <c>torch.nan_to_num</c>. Backward: g where x
    /// was finite, else 0.
    /// </summary>
    public Tensor NanToNum(double nan = 0, double? posInf = null, double? negInf = null) => FloatClassification.NanToNum(this, nan, posInf, negInf);
}
