namespace DeepNotes.Ops;

/// <summary>
/// Limits each element to [min, max] (either bound optional). Backward: g where min ≤ x ≤ max, 0 where the
/// bound was applied, as in PyTorch.
/// </summary>
internal static class Clamp
{
    public static Tensor Forward(Tensor x, double? min, double? max)
    {
        x.CheckNumeric("Clamp");
        if (min is null && max is null)
            throw new ArgumentException("Clamp: at least one of min and max must be given.");
        if (min is double lo && max is double hi && lo > hi)
            throw new ArgumentException($"Clamp: min ({lo}) must not exceed max ({hi}).");
        Tensor result = x;
        Tensor? loT = min is double l ? Tensor.Scalar(l, x.DType) : null;
        Tensor? hiT = max is double h ? Tensor.Scalar(h, x.DType) : null;
        if (loT is not null) result = ElementwiseBinary.Compute("Clamp", BinaryKind.Maximum, result, loT);
        if (hiT is not null) result = ElementwiseBinary.Compute("Clamp", BinaryKind.Minimum, result, hiT);
        if (ReferenceEquals(result, x)) result = x.CloneRaw();
        return Tensor.RecordDifferentiable(result, "ClampBackward", [x], g =>
        {
            Tensor pass = Tensor.Ones(x.Shape, DType.Bool);
            if (loT is not null) pass = Where.Compute(Comparison.Less(x, loT), Tensor.Scalar(0, DType.Bool), pass);
            if (hiT is not null) pass = Where.Compute(Comparison.Greater(x, hiT), Tensor.Scalar(0, DType.Bool), pass);
            return [Multiply.Forward(g, pass.ConvertRaw(g.DType))];
        }, x);
    }
}
