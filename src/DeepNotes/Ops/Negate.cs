namespace DeepNotes.Ops;

/// <summary>−x. Backward: −g.</summary>
internal static class Negate
{
    public static Tensor Forward(Tensor x)
    {
        x.CheckNumeric("Neg");
        var result = ElementwiseBinary.Compute("Neg", BinaryKind.Subtract, Tensor.Zeros(Shape.Scalar, x.DType), x);
        return Tensor.RecordDifferentiable(result, "NegBackward", [x], g => [Forward(g)]);
    }
}
