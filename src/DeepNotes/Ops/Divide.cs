namespace DeepNotes.Ops;

/// <summary>a / b with broadcasting. Backward: g / b to a and −g ⊙ a / b² to b, summed over broadcast dimensions.</summary>
internal static class Divide
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Divide", BinaryKind.Divide, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        bool needA = a.RequiresGrad, needB = b.RequiresGrad;
        return Tensor.RecordDifferentiable(result, "DivBackward", [a, b], g =>
        [
            needA ? Sum.ToShape(Forward(g, b), a.Shape) : null,
            needB ? Sum.ToShape(Negate.Forward(Multiply.Forward(g, Forward(a, Multiply.Forward(b, b)))), b.Shape) : null,
        ], a, b);
    }
}
