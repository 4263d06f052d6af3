using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Elementwise maximum/minimum of two tensors with broadcasting and type promotion. Maximum/Minimum propagate NaN;
/// Fmax/Fmin ignore it (NaN only where both are NaN). Backward as PyTorch 1.13: for Maximum the gradient goes to
/// the larger input and is split in half on ties (where neither is larger, e.g. with a NaN, both receive it); for Fmax
/// it goes to a where a ≥ b or b is NaN, else to b (ties: all to a). Minimum and Fmin mirror them.
/// </summary>
internal static class MaximumMinimum
{
    public static Tensor Maximum(Tensor a, Tensor b) => Propagating("Maximum", BinaryKind.Maximum, a, b);

    public static Tensor Minimum(Tensor a, Tensor b) => Propagating("Minimum", BinaryKind.Minimum, a, b);

    public static Tensor Fmax(Tensor a, Tensor b) => Ignoring("Fmax", a, b, isMax: true);

    public static Tensor Fmin(Tensor a, Tensor b) => Ignoring("Fmin", a, b, isMax: false);

    private static Tensor Propagating(string op, BinaryKind kind, Tensor a, Tensor b)
    {
        var result = ElementwiseBinary.Compute(op, kind, a, b);
        if (!Tensor.NeedsGrad(a, b)) return result;
        return Tensor.RecordDifferentiable(result, op + "Backward", [a, b], g =>
        {
            var zero = Tensor.Zeros(Shape.Scalar, g.DType);
            // where(a == b, g/2, g), then zeroed where the other input wins
            Tensor shared = Where.Forward(Comparison.Equal(a, b), Multiply.Forward(g, Tensor.Scalar(0.5, g.DType)), g);
            Tensor aLoses = kind == BinaryKind.Maximum ? Comparison.Less(a, b) : Comparison.Greater(a, b);
            Tensor bLoses = kind == BinaryKind.Maximum ? Comparison.Greater(a, b) : Comparison.Less(a, b);
            return [a.RequiresGrad ? Sum.ToShape(Where.Forward(aLoses, zero, shared), a.Shape) : null,
                    b.RequiresGrad ? Sum.ToShape(Where.Forward(bLoses, zero, shared), b.Shape) : null];
        }, a, b);
    }

    private static Tensor Ignoring(string op, Tensor a, Tensor b, bool isMax)
    {
        DType dtype = TypePromotion.Promote(op, a.DType, b.DType);
        Tensor ac = TypePromotion.Cast(a, dtype == DType.Bool ? DType.Int32 : dtype);
        Tensor bc = TypePromotion.Cast(b, dtype == DType.Bool ? DType.Int32 : dtype);
        var result = new Tensor(ElementwiseBinary.BroadcastShape(op, a.Shape, b.Shape), ac.DType);
        switch (ac.DType)
        {
            case DType.Float32: if (isMax) ElementwiseBinary.Run<float, FmaxOperator<float>>(ac, bc, result); else ElementwiseBinary.Run<float, FminOperator<float>>(ac, bc, result); break;
            case DType.Float64: if (isMax) ElementwiseBinary.Run<double, FmaxOperator<double>>(ac, bc, result); else ElementwiseBinary.Run<double, FminOperator<double>>(ac, bc, result); break;
            default: if (isMax) ElementwiseBinary.Run<int, FmaxOperator<int>>(ac, bc, result); else ElementwiseBinary.Run<int, FminOperator<int>>(ac, bc, result); break;
        }
        if (dtype == DType.Bool) return Comparison.NotEqual(result, Tensor.Zeros(Shape.Scalar, DType.Int32));
        if (!Tensor.NeedsGrad(a, b)) return result;
        return Tensor.RecordDifferentiable(result, op + "Backward", [a, b], g =>
        {
            var zero = Tensor.Zeros(Shape.Scalar, g.DType);
            Tensor aWins = LogicalOps.Or(isMax ? Comparison.GreaterEqual(a, b) : Comparison.LessEqual(a, b), FloatClassification.IsNan(b));
            return [a.RequiresGrad ? Sum.ToShape(Where.Forward(aWins, g, zero), a.Shape) : null,
                    b.RequiresGrad ? Sum.ToShape(Where.Forward(aWins, zero, g), b.Shape) : null];
        }, a, b);
    }
}
