namespace DeepNotes.Ops;

/// <summary>
/// a^b elementwise with broadcasting (floating point). Backward: g ⊙ b ⊙ a^(b−1) to a and g ⊙ a^b ⊙ ln(a) to b
/// (the latter only where it is needed, since ln(a) is undefined for a ≤ 0).
/// </summary>
internal static class Pow
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Pow", BinaryKind.Pow, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        bool needA = a.RequiresGrad, needB = b.RequiresGrad;
        var output = result.Detach();
        return Tensor.Record(result, "PowBackward", [a, b], g =>
        [
            needA ? Sum.ToShape(Multiply.Forward(g, Multiply.Forward(b, Forward(a, Add.Forward(b, Tensor.Scalar(-1, b.DType))))), a.Shape) : null,
            needB ? Sum.ToShape(Multiply.Forward(g, Multiply.Forward(output, UnaryMath.Log(a))), b.Shape) : null,
        ], a, b, output);
    }
}
