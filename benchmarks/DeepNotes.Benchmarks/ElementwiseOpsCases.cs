using DeepNotes;

namespace DeepNotes.Benchmarks;

/// <summary>
/// Issue 13's elementwise math, logic and promotion ops at 1M Float32 elements (forward), for the <c>ops</c> verb. The
/// PyTorch counterpart is benchmarks/ops_reference_elementwise.py, with the same names and inputs.
/// </summary>
public static class ElementwiseOpsCases
{
    /// <summary>The cases: name, one call, elements processed per call.</summary>
    public static IEnumerable<(string Name, Action Run, long Elements)> Cases()
    {
        const int n = 1 << 20;
        var g = new Generator(7);
        Tensor x = Tensor.Randn([n], generator: g);                      // N(0, 1)
        Tensor y = Tensor.Randn([n], generator: g);
        Tensor pos = Tensor.Rand([n], generator: g) + 0.5;               // [0.5, 1.5)
        Tensor unit = Tensor.Rand([n], generator: g) * 1.8 - 0.9;        // (-0.9, 0.9)
        Tensor prob = Tensor.Rand([n], generator: g) * 0.9 + 0.05;
        Tensor mask = x.Greater(0.0);
        Tensor ints = Tensor.RandInt(-1000, 1000, [n], g);
        Tensor ints2 = Tensor.RandInt(1, 1000, [n], g);
        Tensor lo = Tensor.Full([n], -0.5), hi = Tensor.Full([n], 0.5);
        var cases = new (string, Func<Tensor>)[]
        {
            ("baseline_exp", () => x.Exp()), ("baseline_add", () => x + y), ("baseline_zeros", () => Tensor.Zeros([n])),
            ("sin", () => x.Sin()), ("cos", () => x.Cos()), ("tan", () => unit.Tan()), ("asin", () => unit.Asin()),
            ("atan", () => x.Atan()), ("sinh", () => x.Sinh()), ("cosh", () => x.Cosh()), ("atanh", () => unit.Atanh()),
            ("erf", () => x.Erf()), ("erfc", () => x.Erfc()), ("erfinv", () => unit.Erfinv()),
            ("log1p", () => pos.Log1p()), ("expm1", () => x.Expm1()), ("log2", () => pos.Log2()), ("log10", () => pos.Log10()),
            ("exp2", () => x.Exp2()), ("reciprocal", () => pos.Reciprocal()), ("rsqrt", () => pos.Rsqrt()), ("square", () => x.Square()),
            ("floor", () => x.Floor()), ("round", () => x.Round()), ("round_dec2", () => x.Round(2)), ("trunc", () => x.Trunc()), ("frac", () => x.Frac()),
            ("logit", () => prob.Logit()), ("sinc", () => x.Sinc()), ("deg2rad", () => x.Deg2Rad()),
            ("atan2", () => x.Atan2(y)), ("hypot", () => x.Hypot(y)), ("remainder", () => x.Remainder(pos)), ("fmod", () => x.Fmod(pos)),
            ("xlogy", () => x.Xlogy(pos)), ("lerp", () => x.Lerp(y, 0.3)), ("lerp_tensor", () => x.Lerp(y, prob)),
            ("pow_scalar_base", () => Tensor.Pow(2.5, x)), ("maximum", () => Tensor.Maximum(x, y)), ("fmax", () => Tensor.Fmax(x, y)),
            ("clamp_tensor", () => x.Clamp(lo, hi)),
            ("isnan", () => x.IsNan()), ("isfinite", () => x.IsFinite()), ("nan_to_num", () => x.NanToNum()), ("signbit", () => x.Signbit()),
            ("logical_and", () => mask.LogicalAnd(mask)), ("bool_and", () => mask & mask), ("bitwise_and_int", () => ints & ints2),
            ("isclose", () => x.Isclose(y)), ("mask_mul_float", () => mask * x), ("int_add_scalar", () => ints + 1),
            ("int_div_int", () => ints / ints2), ("int_remainder", () => ints.Remainder(ints2)),
        };
        foreach (var (name, f) in cases) yield return (name, () => f(), n);
    }
}
