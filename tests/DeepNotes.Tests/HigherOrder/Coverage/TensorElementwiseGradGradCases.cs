using DeepNotes;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of the elementwise <see cref="Tensor"/> methods: unary and binary math (each input drawn inside
/// the op's smooth domain, away from kinks), and the reasons the boolean-valued ones (comparisons, logic, bit
/// operations, classification) have no derivative.
/// </summary>
public sealed class TensorElementwiseGradGradCases : IGradGradCaseSource
{
    private static GradGradCase Unary(string api, Func<Tensor, Tensor> f, double low = -2, double high = 2, ulong seed = 1) =>
        new(api, "", t => f(t[0]) * t[0], () => [Uniform(seed + (ulong)api.Length, low, high, 2, 3)]);

    private static GradGradCase Binary(string api, string label, Func<Tensor, Tensor, Tensor> f, Func<Tensor[]> inputs) =>
        new(api, label, t => f(t[0], t[1]) * t[0], inputs);

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        yield return Unary("Tensor.Abs", x => x.Abs(), seed: 3);
        yield return Unary("Tensor.Acos", x => x.Acos(), -0.8, 0.8);
        yield return Unary("Tensor.Acosh", x => x.Acosh(), 1.3, 3);
        yield return Unary("Tensor.Asin", x => x.Asin(), -0.8, 0.8);
        yield return Unary("Tensor.Asinh", x => x.Asinh());
        yield return Unary("Tensor.Atan", x => x.Atan());
        yield return Unary("Tensor.Atanh", x => x.Atanh(), -0.8, 0.8);
        yield return Unary("Tensor.Ceil", x => x.Ceil());
        yield return Unary("Tensor.Cos", x => x.Cos());
        yield return Unary("Tensor.Cosh", x => x.Cosh());
        yield return Unary("Tensor.Deg2Rad", x => x.Deg2Rad().Sin());
        yield return Unary("Tensor.Erf", x => x.Erf());
        yield return Unary("Tensor.Erfc", x => x.Erfc());
        yield return Unary("Tensor.Erfinv", x => x.Erfinv(), -0.8, 0.8);
        yield return Unary("Tensor.Exp", x => x.Exp());
        yield return Unary("Tensor.Exp2", x => x.Exp2());
        yield return Unary("Tensor.Expm1", x => x.Expm1());
        yield return Unary("Tensor.Floor", x => x.Floor());
        yield return Unary("Tensor.Frac", x => x.Frac().Square());
        yield return Unary("Tensor.Log", x => x.Log(), 0.5, 3);
        yield return Unary("Tensor.Log10", x => x.Log10(), 0.5, 3);
        yield return Unary("Tensor.Log1p", x => x.Log1p(), -0.5, 3);
        yield return Unary("Tensor.Log2", x => x.Log2(), 0.5, 3);
        yield return Unary("Tensor.Logit", x => x.Logit(), 0.1, 0.9);
        yield return new("Tensor.Logit", "eps", t => t[0].Logit(0.2) * t[0], () => [Of([0.1, 0.3, 0.5, 0.7, 0.95, 0.6], 2, 3)]);
        yield return Unary("Tensor.NanToNum", x => x.NanToNum(0, 5, -5));
        yield return Unary("Tensor.Neg", x => x.Neg().Exp());
        yield return Unary("Tensor.Rad2Deg", x => (x.Rad2Deg() * 0.01).Sin());
        yield return Unary("Tensor.Reciprocal", x => x.Reciprocal(), 0.5, 2);
        yield return Unary("Tensor.Round", x => x.Round());
        yield return new("Tensor.Round", "decimals", t => t[0].Round(1) * t[0], () => [Of([0.123, -0.77, 1.349, 2.01, -1.26, 0.44], 2, 3)]);
        yield return Unary("Tensor.Rsqrt", x => x.Rsqrt(), 0.5, 2);
        yield return Unary("Tensor.Sin", x => x.Sin());
        yield return Unary("Tensor.Sinc", x => x.Sinc(), 0.2, 2);
        yield return Unary("Tensor.Sinh", x => x.Sinh());
        yield return Unary("Tensor.Sqrt", x => x.Sqrt(), 0.5, 2);
        yield return Unary("Tensor.Square", x => x.Square());
        yield return Unary("Tensor.Tan", x => x.Tan(), -1, 1);
        yield return Unary("Tensor.Tanh", x => x.Tanh());
        yield return Unary("Tensor.Trunc", x => x.Trunc());
        yield return Unary("Tensor.Clamp", x => x.Clamp(-0.5, 0.7));
        yield return Unary("Tensor.Pow", x => x.Pow(2.5), 0.5, 2);
        yield return new("Tensor.Pow", "int exponent", t => t[0].Pow(3), () => [Randn(7, 2, 3)]);
        yield return new("Tensor.Pow", "scalar base", t => Tensor.Pow(1.7, t[0]) * t[0], () => [Randn(8, 2, 3)]);
        yield return new("Tensor.Fmod", "scalar", t => (t[0] * 3).Fmod(1.7) * t[0], () => [Of([0.1, 0.3, -0.5, 0.7, -0.95, 0.6], 2, 3)]);
        yield return new("Tensor.Remainder", "scalar", t => (t[0] * 3).Remainder(1.7) * t[0], () => [Of([0.1, 0.3, -0.5, 0.7, -0.95, 0.6], 2, 3)]);
        yield return new("Tensor.Remainder", "scalar dividend", t => Tensor.Remainder(2.5, t[0]) * t[0], () => [Of([1.1, 1.3, -1.5, 1.7, -1.95, 1.6], 2, 3)]);
        yield return new("Tensor.Xlogy", "scalar other", t => t[0].Xlogy(2.5) * t[0], () => [Randn(9, 2, 3)]);
        yield return new("Tensor.Xlogy", "scalar self", t => Tensor.Xlogy(2.5, t[0]) * t[0], () => [Uniform(10, 0.5, 2, 2, 3)]);

        Func<Tensor[]> two = () => [Randn(11, 2, 3), Randn(12, 2, 3)];
        Func<Tensor[]> twoBroadcast = () => [Randn(13, 2, 3), Randn(14, 3)];
        Func<Tensor[]> positive = () => [Uniform(15, 0.5, 2, 2, 3), Uniform(16, 0.5, 2, 2, 3)];
        yield return Binary("Tensor.Add", "broadcast", (a, b) => a.Add(b), twoBroadcast);
        yield return Binary("Tensor.Subtract", "broadcast", (a, b) => a.Subtract(b), twoBroadcast);
        yield return Binary("Tensor.Multiply", "broadcast", (a, b) => a.Multiply(b), twoBroadcast);
        yield return Binary("Tensor.Divide", "", (a, b) => a.Divide(b), positive);
        yield return Binary("Tensor.Pow", "tensor exponent", (a, b) => a.Pow(b), positive);
        yield return Binary("Tensor.Atan2", "", (a, b) => a.Atan2(b), two);
        yield return Binary("Tensor.Hypot", "", (a, b) => a.Hypot(b), two);
        yield return Binary("Tensor.Maximum", "", Tensor.Maximum, two);
        yield return Binary("Tensor.Minimum", "", Tensor.Minimum, two);
        yield return Binary("Tensor.Fmax", "", Tensor.Fmax, two);
        yield return Binary("Tensor.Fmin", "", Tensor.Fmin, two);
        yield return Binary("Tensor.Fmod", "", (a, b) => (a * 3).Fmod(b), positive);
        yield return Binary("Tensor.Remainder", "", (a, b) => (a * 3).Remainder(b), positive);
        yield return Binary("Tensor.Xlogy", "", (a, b) => a.Xlogy(b), positive);
        yield return Binary("Tensor.Lerp", "scalar weight", (a, b) => a.Lerp(b, 0.3), two);
        yield return new("Tensor.Lerp", "tensor weight", t => t[0].Lerp(t[1], t[2]) * t[0],
            () => [Randn(17, 2, 3), Randn(18, 2, 3), Uniform(19, 0, 1, 2, 3)]);
        yield return new("Tensor.Clamp", "tensor bounds", t => t[0].Clamp(t[1] - 1, t[1] + 1) * t[0],
            () => [Of([-2.0, -0.3, 0.4, 1.7, 2.5, 0.1], 2, 3), Of([0.1, 0.2, -0.1, 0.0, 0.3, -0.2], 2, 3)]);
        yield return new("Tensor.Where", "", t => Tensor.Where(t[0].Detach().Greater(0.0), t[0].Square(), t[1] * t[0]),
            () => [Randn(20, 2, 3), Randn(21, 2, 3)]);
    }

    /// <inheritdoc/>
    public IEnumerable<(string Api, string Reason)> NotDifferentiable()
    {
        const string boolean = "boolean result: piecewise constant, no derivative (as PyTorch)";
        foreach (string m in new[]
                 {
                     "Greater", "GreaterEqual", "Less", "LessEqual", "ElementEquals", "ElementNotEquals", "Isclose",
                     "IsFinite", "IsInf", "IsNan", "IsNegInf", "IsPosInf", "Signbit",
                     "LogicalAnd", "LogicalNot", "LogicalOr", "LogicalXor",
                 })
            yield return ($"Tensor.{m}", boolean);
        const string bits = "bitwise op: integer/boolean operands only, no derivative";
        foreach (string m in new[] { "BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor" })
            yield return ($"Tensor.{m}", bits);
    }
}
