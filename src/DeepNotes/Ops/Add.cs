namespace DeepNotes.Ops;

/// <summary>a + b with broadcasting. Backward: the gradient, summed over broadcast dimensions, to both inputs.</summary>
internal static class Add
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Add", BinaryKind.Add, a, b);
        Shape sa = a.Shape, sb = b.Shape;
        return Tensor.RecordDifferentiable(result, "AddBackward", [a, b], g => [Sum.ToShape(g, sa), Sum.ToShape(g, sb)]);
    }
}
