namespace DeepNotes.Ops;

/// <summary>a − b with broadcasting. Backward: g to a, −g to b, each summed over broadcast dimensions.</summary>
internal static class Subtract
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Subtract", BinaryKind.Subtract, a, b);
        Shape sa = a.Shape, sb = b.Shape;
        bool needB = b.RequiresGrad;
        return Tensor.RecordDifferentiable(result, "SubBackward", [a, b], g => [Sum.ToShape(g, sa), needB ? Sum.ToShape(Negate.Forward(g), sb) : null]);
    }
}
