namespace DeepNotes.Ops;

/// <summary>
/// a^b elementwise with broadcasting (floating point). Backward, with PyTorch's masks so that no NaN appears where
/// the limit is 0: g ⊙ b ⊙ a^(b−1) to a (0 where b = 0), and g ⊙ a^b ⊙ ln(a) to b (0 where a = 0 and b ≥ 0).
/// </summary>
internal static class Pow
{
    public static Tensor Forward(Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute("Pow", BinaryKind.Pow, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        bool needA = a.RequiresGrad, needB = b.RequiresGrad;
        var output = result.Detach();
        return Tensor.RecordDifferentiable(result, "PowBackward", [a, b], g =>
        {
            var zero = Tensor.Zeros(Shape.Scalar, g.DType);
            Tensor? ga = null, gb = null;
            Tensor y = Autograd.IsCreatingGraph ? result : output; // the output with its graph when differentiating again
            if (needA)
            {
                Tensor local = Multiply.Forward(b, Forward(a, Add.Forward(b, Tensor.Scalar(-1, b.DType))));
                local = Where.Forward(Comparison.Equal(b, zero), zero, local);
                ga = Sum.ToShape(Multiply.Forward(g, local), a.Shape);
            }
            if (needB)
            {
                Tensor local = Multiply.Forward(y, UnaryMath.Log(a));
                Tensor baseZero = Comparison.Equal(a, zero).ConvertRaw(DType.Int32);
                Tensor expNonNegative = Comparison.GreaterEqual(b, zero).ConvertRaw(DType.Int32);
                Tensor mask = Comparison.Equal(Multiply.Forward(baseZero, expNonNegative), Tensor.Scalar(1, DType.Int32));
                local = Where.Forward(mask, zero, local);
                gb = Sum.ToShape(Multiply.Forward(g, local), b.Shape);
            }
            return [ga, gb];
        }, a, b, output);
    }
}
