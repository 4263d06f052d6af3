using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Log-gamma, digamma and trigamma as internal tensor ops (used by the Beta distribution): forward by
/// <see cref="SpecialMath"/> per element in double. Backward: lgamma′ = digamma (itself a differentiable op),
/// digamma′ = trigamma (recorded, first order only: trigamma has no backward).
/// </summary>
internal static class GammaFunctions
{
    /// <summary>log |Γ(x)| elementwise. Backward: g·ψ(x).</summary>
    public static Tensor Lgamma(Tensor x)
    {
        var result = Map("Lgamma", x, SpecialMath.LogGamma);
        return Tensor.RecordDifferentiable(result, "LgammaBackward", [x], g => [Multiply.Forward(g, Digamma(x))], x);
    }

    /// <summary>ψ(x) elementwise. Backward: g·ψ′(x).</summary>
    public static Tensor Digamma(Tensor x)
    {
        var result = Map("Digamma", x, SpecialMath.Digamma);
        return Tensor.Record(result, "DigammaBackward", [x], g => [Multiply.Forward(g, Trigamma(x))], x);
    }

    /// <summary>ψ′(x) elementwise (no backward).</summary>
    public static Tensor Trigamma(Tensor x) => Map("Trigamma", x, SpecialMath.Trigamma);

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
