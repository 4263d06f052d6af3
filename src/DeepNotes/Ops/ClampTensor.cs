namespace DeepNotes.Ops;

/// <summary>
/// Clamp with tensor bounds (either optional), all broadcast together: min(max(x, lo), hi), so a NaN in x or a bound
/// propagates and where lo &gt; hi the result is hi, as <c>torch.clamp</c>. Backward as PyTorch: g to x where
/// lo ≤ x ≤ hi; g to lo where x &lt; lo and lo &lt; hi; g to hi where x &gt; hi or hi &lt; lo; each summed to its shape.
/// </summary>
internal static class ClampTensor
{
    public static Tensor Forward(Tensor x, Tensor? min, Tensor? max)
    {
        const string op = "Clamp";
        x.CheckNumeric(op);
        if (min is null && max is null)
            throw new ArgumentException("Clamp: at least one of min and max must be given.");
        if (min is not null) min.CheckNumeric(op);
        if (max is not null) max.CheckNumeric(op);
        Tensor result = x;
        if (min is not null) result = ElementwiseBinary.Compute(op, BinaryKind.Maximum, result, min);
        if (max is not null) result = ElementwiseBinary.Compute(op, BinaryKind.Minimum, result, max);
        if (!Tensor.NeedsGrad(x, min ?? x, max ?? x)) return result;
        Tensor[] inputs = min is not null && max is not null ? [x, min, max] : [x, (min ?? max)!];
        return Tensor.RecordDifferentiable(result, "ClampBackward", inputs, g =>
        {
            var zero = Tensor.Zeros(Shape.Scalar, g.DType);
            Tensor passX, toMin = zero, toMax = zero;
            if (min is not null && max is not null)
            {
                passX = LogicalOps.And(Comparison.GreaterEqual(x, min), Comparison.LessEqual(x, max));
                toMin = LogicalOps.And(Comparison.Less(x, min), Comparison.Less(min, max));
                toMax = LogicalOps.Or(Comparison.Greater(x, max), Comparison.Less(max, min));
            }
            else if (min is not null)
            {
                passX = Comparison.GreaterEqual(x, min);
                toMin = Comparison.Less(x, min);
            }
            else
            {
                passX = Comparison.LessEqual(x, max!);
                toMax = Comparison.Greater(x, max!);
            }
            Tensor gx = Sum.ToShape(Where.Forward(passX, g, zero), x.Shape);
            Tensor? gMin = min is null ? null : Sum.ToShape(Where.Forward(toMin, g, zero), min.Shape);
            Tensor? gMax = max is null ? null : Sum.ToShape(Where.Forward(toMax, g, zero), max.Shape);
            return min is not null && max is not null ? [gx, gMin, gMax] : [gx, gMin ?? gMax];
        }, inputs);
    }
}
