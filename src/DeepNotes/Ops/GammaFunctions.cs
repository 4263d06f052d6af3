using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Log-gamma, digamma and trigamma as internal tensor ops (used by the Beta distribution): forward by
/// <see cref="SpecialMath"/> per element in double. Backward: lgamma′ = digamma, digamma′ = trigamma = ψ⁽¹⁾ and
/// ψ⁽ⁿ⁾′ = ψ⁽ⁿ⁺¹⁾, each a differentiable op, so every order of derivative exists.
/// </summary>
internal static class GammaFunctions
{
    /// <summary>log |Γ(x)| elementwise. Backward: g·ψ(x).</summary>
    public static Tensor Lgamma(Tensor x)
    {
        var result = Map("Lgamma", x, SpecialMath.LogGamma);
        return Tensor.RecordDifferentiable(result, "LgammaBackward", [x], g => [Multiply.Forward(g, Digamma(x))], x);
    }

    /// <summary>ψ(x) elementwise. Backward: g·ψ′(x), itself differentiable (<see cref="Polygamma"/>).</summary>
    public static Tensor Digamma(Tensor x)
    {
        var result = Map("Digamma", x, SpecialMath.Digamma);
        return Tensor.RecordDifferentiable(result, "DigammaBackward", [x], g => [Multiply.Forward(g, Polygamma(1, x))], x);
    }

    /// <summary>ψ′(x) elementwise (differentiable: <see cref="Polygamma"/> with n = 1).</summary>
    public static Tensor Trigamma(Tensor x) => Polygamma(1, x);

    /// <summary>ψ⁽ⁿ⁾(x) elementwise, n ≥ 1. Backward: g·ψ⁽ⁿ⁺¹⁾(x), so derivatives of any order exist.</summary>
    public static Tensor Polygamma(int n, Tensor x)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, $"Polygamma expects n >= 1, got {n}.");
        var result = Map("Polygamma", x, v => SpecialMath.Polygamma(n, v));
        return Tensor.RecordDifferentiable(result, "PolygammaBackward", [x], g => [Multiply.Forward(g, Polygamma(n + 1, x))], x);
    }

    private static Tensor Map(string op, Tensor x, Func<double, double> f)
    {
        x.CheckFloatingPoint(op);
        Tensor src = x.ContiguousRaw();
        var result = new Tensor(x.Shape, x.DType);
        if (x.DType == DType.Float32)
        {
            ReadOnlySpan<float> s = src.Span<float>();
            Span<float> d = result.Span<float>();
            for (int i = 0; i < d.Length; i++) d[i] = (float)f(s[i]);
        }
        else
        {
            ReadOnlySpan<double> s = src.Span<double>();
            Span<double> d = result.Span<double>();
            for (int i = 0; i < d.Length; i++) d[i] = f(s[i]);
        }
        return result;
    }
}
