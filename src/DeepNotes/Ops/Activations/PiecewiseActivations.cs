using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// The piecewise activations of issue 14 — Hardtanh, Hardsigmoid, Hardswish, Hardshrink, Softshrink, Threshold and
/// Softsign — each a forward and its backward side by side, both one vectorised pass from the saved (contiguous)
/// input for Float32 and Float64. The kink conventions are PyTorch 1.13's (see the kernels in ActivationsHard.cs):
/// Hardtanh, Hardsigmoid, the shrinkages and Threshold have gradient 0 at their kinks; Hardswish has −½ at −3 and
/// 1 at 3; Softsign is smooth (gradient 1 at 0). Under createGraph each backward is the same rule in differentiable
/// ops — g through a <see cref="Where"/> with a constant mask built from the saved input, times the slope (Hardswish's
/// middle piece and Softsign's factor are differentiable functions of x) — so second derivatives exist.
/// </summary>
internal static class PiecewiseActivations
{
    /// <summary>min(max(x, minVal), maxVal); backward g where minVal &lt; x &lt; maxVal.</summary>
    public static Tensor Hardtanh(Tensor x, double minVal, double maxVal)
    {
        x.CheckFloatingPoint("Hardtanh");
        if (double.IsNaN(minVal) || double.IsNaN(maxVal) || !(minVal < maxVal))
            throw new ArgumentOutOfRangeException(nameof(maxVal), maxVal, $"Hardtanh: minVal ({minVal}) must be less than maxVal ({maxVal}).");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Hardtanh", src, new HardtanhOp<float>((float)minVal, (float)maxVal), new HardtanhOp<double>(minVal, maxVal));
        return Tensor.RecordDifferentiable(y, "HardtanhBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g masked to minVal < x < maxVal (a constant mask)
                ? Masked(LogicalOps.Or(Comparison.LessEqual(src, C(minVal, src)), Comparison.GreaterEqual(src, C(maxVal, src))), Zero(g), g)
                : ElementwiseActivation.Map2(g, src, new HardtanhBackwardOp<float>((float)minVal, (float)maxVal), new HardtanhBackwardOp<double>(minVal, maxVal)),
        ], src);
    }

    /// <summary>min(max(x + 3, 0), 6)/6; backward g/6 where −3 &lt; x &lt; 3.</summary>
    public static Tensor Hardsigmoid(Tensor x)
    {
        x.CheckFloatingPoint("Hardsigmoid");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Hardsigmoid", src, new HardsigmoidOp<float>(), new HardsigmoidOp<double>());
        return Tensor.RecordDifferentiable(y, "HardsigmoidBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g/6 masked to −3 < x < 3
                ? Masked(LogicalOps.And(Comparison.Greater(src, C(-3, src)), Comparison.Less(src, C(3, src))), Multiply.Forward(g, C(1.0 / 6, g)), Zero(g))
                : ElementwiseActivation.Map2(g, src, new HardsigmoidBackwardOp<float>(), new HardsigmoidBackwardOp<double>()),
        ], src);
    }

    /// <summary>x·min(max(x + 3, 0), 6)/6; backward 0 below −3, g·(x/3 + ½) on [−3, 3), g from 3 on.</summary>
    public static Tensor Hardswish(Tensor x)
    {
        x.CheckFloatingPoint("Hardswish");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Hardswish", src, new HardswishOp<float>(), new HardswishOp<double>());
        return Tensor.RecordDifferentiable(y, "HardswishBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: 0 below −3, g·(x/3 + ½) (differentiable in x) below 3, g from 3 on
                ? Masked(Comparison.Less(src, C(-3, src)), Zero(g),
                    Masked(Comparison.Less(src, C(3, src)), Multiply.Forward(g, Add.Forward(Multiply.Forward(x, C(1.0 / 3, x)), C(0.5, x))), g))
                : ElementwiseActivation.Map2(g, src, new HardswishBackwardOp<float>(), new HardswishBackwardOp<double>()),
        ], src);
    }

    /// <summary>0 on [−λ, λ], x elsewhere; backward g outside [−λ, λ].</summary>
    public static Tensor Hardshrink(Tensor x, double lambda)
    {
        x.CheckFloatingPoint("Hardshrink");
        CheckLambda("Hardshrink", lambda);
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Hardshrink", src, new HardshrinkOp<float>((float)lambda), new HardshrinkOp<double>(lambda));
        return Tensor.RecordDifferentiable(y, "HardshrinkBackward", [x], g =>
        [
            Autograd.IsCreatingGraph ? ShrinkGradient(g, src, lambda)
                : ElementwiseActivation.Map2(g, src, new ShrinkBackwardOp<float>((float)lambda), new ShrinkBackwardOp<double>(lambda)),
        ], src);
    }

    /// <summary>x − λ above λ, x + λ below −λ, 0 between; backward g outside [−λ, λ].</summary>
    public static Tensor Softshrink(Tensor x, double lambda)
    {
        x.CheckFloatingPoint("Softshrink");
        CheckLambda("Softshrink", lambda);
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Softshrink", src, new SoftshrinkOp<float>((float)lambda), new SoftshrinkOp<double>(lambda));
        return Tensor.RecordDifferentiable(y, "SoftshrinkBackward", [x], g =>
        [
            Autograd.IsCreatingGraph ? ShrinkGradient(g, src, lambda)
                : ElementwiseActivation.Map2(g, src, new ShrinkBackwardOp<float>((float)lambda), new ShrinkBackwardOp<double>(lambda)),
        ], src);
    }

    /// <summary>value where x ≤ threshold, x elsewhere; backward g where x &gt; threshold.</summary>
    public static Tensor Threshold(Tensor x, double threshold, double value)
    {
        x.CheckFloatingPoint("Threshold");
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Threshold: threshold must not be NaN.");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Threshold", src, new ThresholdOp<float>((float)threshold, (float)value), new ThresholdOp<double>(threshold, value));
        return Tensor.RecordDifferentiable(y, "ThresholdBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g masked to x > threshold
                ? Masked(Comparison.LessEqual(src, C(threshold, src)), Zero(g), g)
                : ElementwiseActivation.Map2(g, src, new ThresholdBackwardOp<float>((float)threshold), new ThresholdBackwardOp<double>(threshold)),
        ], src);
    }

    /// <summary>x/(1 + |x|); backward g/(1 + |x|)².</summary>
    public static Tensor Softsign(Tensor x)
    {
        x.CheckFloatingPoint("Softsign");
        Tensor src = x.ContiguousRaw();
        var y = ElementwiseActivation.Map("Softsign", src, new SoftsignOp<float>(), new SoftsignOp<double>());
        return Tensor.RecordDifferentiable(y, "SoftsignBackward", [x], g =>
        [
            Autograd.IsCreatingGraph // createGraph: g/(1 + |x|)² in differentiable ops of x
                ? Divide.Forward(g, Abs.Forward(x).Add(C(1, x)).Square())
                : ElementwiseActivation.Map2(g, src, new SoftsignBackwardOp<float>(), new SoftsignBackwardOp<double>()),
        ], src);
    }

    /// <summary>The shrinkages' gradient under createGraph: 0 where −λ ≤ x ≤ λ, else g (a constant mask; NaN passes g, as the kernel).</summary>
    private static Tensor ShrinkGradient(Tensor g, Tensor src, double lambda) =>
        Masked(LogicalOps.And(Comparison.GreaterEqual(src, C(-lambda, src)), Comparison.LessEqual(src, C(lambda, src))), Zero(g), g);

    /// <summary>where(condition, a, b): the differentiable <see cref="Where"/> with a boolean mask that carries no graph.</summary>
    private static Tensor Masked(Tensor condition, Tensor a, Tensor b) => Where.Forward(condition, a, b);

    /// <summary>A scalar of <paramref name="like"/>'s dtype.</summary>
    private static Tensor C(double value, Tensor like) => Tensor.Scalar(value, like.DType);

    /// <summary>A scalar zero of <paramref name="like"/>'s dtype.</summary>
    private static Tensor Zero(Tensor like) => Tensor.Zeros(Shape.Scalar, like.DType);

    /// <summary>Throws unless λ is finite and non-negative.</summary>
    internal static void CheckLambda(string op, double lambda)
    {
        if (!(lambda >= 0) || !double.IsFinite(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"{op}: lambda must be finite and non-negative, got {lambda}.");
    }
}
