namespace DeepNotes.Ops;

/// <summary>a ⊙ b with broadcasting. Backward: g ⊙ b to a and g ⊙ a to b, summed over broadcast dimensions.</summary>
internal static class Multiply
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Multiply", BinaryKind.Multiply, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        bool needA = a.RequiresGrad, needB = b.RequiresGrad;
        return Tensor.RecordDifferentiable(result, "MulBackward", [a, b], g =>
        [
            needA ? Sum.ToShape(Forward(g, b), a.Shape) : null,
            needB ? Sum.ToShape(Forward(g, a), b.Shape) : null,
        ], a, b);
    }
}
