namespace DeepNotes.Ops;

/// <summary>
/// Elementwise maximum/minimum of two tensors with broadcasting. Backward: g goes to the input that was chosen;
/// where both are equal it is split in half, as in PyTorch.
/// </summary>
internal static class MaximumMinimum
{
    public static Tensor Maximum(Tensor a, Tensor b) => Forward("Maximum", BinaryKind.Maximum, a, b);

    public static Tensor Minimum(Tensor a, Tensor b) => Forward("Minimum", BinaryKind.Minimum, a, b);

    private static Tensor Forward(string op, BinaryKind kind, Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute(op, kind, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        return Tensor.Record(result, op + "Backward", [a, b], g =>
        {
            // weight of a: 1 where a wins, 0.5 on ties, 0 where b wins
            Tensor aWins = (kind == BinaryKind.Maximum ? Comparison.Greater(a, b) : Comparison.Less(a, b)).ConvertRaw(g.DType);
            Tensor tie = Comparison.Equal(a, b).ConvertRaw(g.DType);
            Tensor wa = Add.Forward(aWins, Multiply.Forward(tie, Tensor.Scalar(0.5, g.DType)));
            Tensor wb = Subtract.Forward(Tensor.Scalar(1, g.DType), wa);
            return [Sum.ToShape(Multiply.Forward(g, wa), a.Shape), Sum.ToShape(Multiply.Forward(g, wb), b.Shape)];
        }, a, b);
    }
}
