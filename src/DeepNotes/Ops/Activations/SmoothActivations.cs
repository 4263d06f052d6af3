using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// The smooth activations of issue 14 — SiLU, Mish, Tanhshrink, LogSigmoid, SELU and CELU — each a forward and its
/// backward side by side, computed from the saved (contiguous) input: float vector kernels for Float32 and precise
/// scalar kernels for Float64 (see ActivationsGated.cs). Under createGraph each backward is its rule written in
/// differentiable ops of x (sigmoid, tanh, softplus, exp, where), so second derivatives exist.
/// </summary>
internal static class SmoothActivations
{
    /// <summary>SELU's α (Klambauer et al., 2017), as PyTorch.</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>SELU's scale λ, as PyTorch.</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>x·sigmoid(x); backward g·s·(1 + x(1 − s)).</summary>
    public static Tensor Silu(Tensor x) => Smooth("Silu", "SiluBackward", x, new SiluOp(), new SiluBackwardOp(), (x, g) =>
    {
        Tensor s = SigmoidOperation.Forward(x);
        return g * s * (1.0 + x * (1.0 - s));
    });

    /// <summary>x·tanh(softplus(x)); backward g·(t + x·sigmoid(x)·(1 − t²)).</summary>
    public static Tensor Mish(Tensor x) => Smooth("Mish", "MishBackward", x, new MishOp(), new MishBackwardOp(), (x, g) =>
    {
        Tensor t = TanhOperation.Forward(SoftplusOperation.Forward(x, 1, 20));
        return g * (t + x * SigmoidOperation.Forward(x) * (1.0 - t.Square()));
    });

    /// <summary>x − tanh(x); backward g·tanh²(x).</summary>
    public static Tensor Tanhshrink(Tensor x) =>
        Smooth("Tanhshrink", "TanhshrinkBackward", x, new TanhshrinkOp(), new TanhshrinkBackwardOp(), (x, g) => g * TanhOperation.Forward(x).Square());

    /// <summary>min(x, 0) − log1p(e^(−|x|)); backward g·sigmoid(−x).</summary>
    public static Tensor LogSigmoid(Tensor x) =>
        Smooth("LogSigmoid", "LogSigmoidBackward", x, new LogSigmoidOp(), new LogSigmoidBackwardOp(), (x, g) => g * SigmoidOperation.Forward(-x));

    /// <summary>λ·x for x &gt; 0, λα(eˣ − 1) else; backward g·λ or g·λα·eˣ (λα at 0).</summary>
    public static Tensor Selu(Tensor x) =>
        Smooth("Selu", "EluBackward", x, new ScaledEluOp(SeluAlpha, SeluScale, 1), new ScaledEluBackwardOp(SeluAlpha, SeluScale, 1),
            (x, g) => ScaledEluGradient(x, g, SeluAlpha, SeluScale, 1));

    /// <summary>x for x &gt; 0, α(e^(x/α) − 1) else; backward g or g·e^(x/α) (1 at 0).</summary>
    public static Tensor Celu(Tensor x, double alpha)
    {
        x.CheckFloatingPoint("Celu");
        if (alpha == 0 || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Celu: alpha must be finite and non-zero, got {alpha}.");
        return Smooth("Celu", "CeluBackward", x, new ScaledEluOp(alpha, 1, 1 / alpha), new ScaledEluBackwardOp(alpha, 1, 1 / alpha),
            (x, g) => ScaledEluGradient(x, g, alpha, 1, 1 / alpha));
    }

    /// <summary>
    /// The scaled ELU's gradient in differentiable ops of x: g·scale where x &gt; 0, else g·scale·α·s·e^(s·x) — the
    /// exponential taken of where(x &gt; 0, 0, x), so the unused branch stays finite for large x.
    /// </summary>
    private static Tensor ScaledEluGradient(Tensor x, Tensor g, double alpha, double scale, double inputScale)
    {
        Tensor positive = Comparison.Greater(x.Detach(), Tensor.Zeros(Shape.Scalar, x.DType));
        Tensor negativePart = Where.Forward(positive, Tensor.Zeros(Shape.Scalar, x.DType), x);
        return Where.Forward(positive, g * scale, g * (alpha * scale * inputScale) * UnaryMath.Exp(negativePart * inputScale));
    }

    /// <summary>
    /// The forward kernel, and a backward that runs the fused kernel first-order and <paramref name="differentiable"/>(x, g)
    /// — the same rule in differentiable ops of x — under createGraph.
    /// </summary>
    private static Tensor Smooth<TF, TB>(string op, string backwardName, Tensor x, TF forward, TB backward, Func<Tensor, Tensor, Tensor> differentiable)
        where TF : struct, IVectorOp<float>, IScalarOp where TB : struct, IVectorOp2<float>, IScalarOp2
    {
        x.CheckFloatingPoint(op);
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.MapSmooth(op, src, forward);
        if (!Tensor.NeedsGrad(x)) return y;
        return Tensor.RecordDifferentiable(y, backwardName, [x],
            g => [Autograd.IsCreatingGraph ? differentiable(x, g) : ElementwiseActivation.Map2Smooth(g, src, backward)], src);
    }
}
