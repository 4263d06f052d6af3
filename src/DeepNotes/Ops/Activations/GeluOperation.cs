using DeepNotes.Kernels;

namespace DeepNotes.Ops.Activations;

/// <summary>
/// GELU: exact x·Φ(x) (Φ the standard normal CDF; float lanes for Float32, our own precise erfc for Float64) or
/// PyTorch's tanh approximation ½x·(1 + tanh(√(2/π)(x + 0.044715x³))). Backward from the saved input:
/// g·(Φ(x) + x·φ(x)), or the derivative of the approximation. The output and the input gradient are allocated unzeroed
/// (the kernels write every element; in a transformer's feed-forward these are megabytes per step).
/// </summary>
internal static class GeluOperation
{
    public static Tensor Forward(Tensor x, GeluApproximation approximate)
    {
        x.CheckFloatingPoint("Gelu");
        if (approximate is not (GeluApproximation.None or GeluApproximation.Tanh))
            throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "Gelu: approximate must be None or Tanh.");
        Tensor src = x.ContiguousRaw();
        Tensor y = approximate == GeluApproximation.None ? Map(src, new GeluOp()) : Map(src, new GeluTanhOp());
        if (!Tensor.NeedsGrad(x)) return y;
        return Tensor.RecordDifferentiable(y, "GeluBackward", [x], g =>
        [
            Autograd.IsCreatingGraph ? Multiply.Forward(g, DifferentiableDerivative(x, approximate))
            : approximate == GeluApproximation.None ? Map2(g, src, new GeluBackwardOp()) : Map2(g, src, new GeluTanhBackwardOp()),
        ], src);
    }

    /// <summary>
    /// GELU's derivative as differentiable ops of x (for createGraph): exact Φ(x) + x·φ(x); with the tanh approximation,
    /// t = tanh(k(x + 0.044715x³)), k = √(2/π): ½(1 + t) + ½x(1 − t²)·k(1 + 3·0.044715x²).
    /// </summary>
    private static Tensor DifferentiableDerivative(Tensor x, GeluApproximation approximate)
    {
        Tensor C(double v) => Tensor.Scalar(v, x.DType);
        Tensor x2 = Multiply.Forward(x, x);
        if (approximate == GeluApproximation.None)
        {
            Tensor cdf = Multiply.Forward(Add.Forward(SpecialFunctions.Erf(Multiply.Forward(x, C(1 / Math.Sqrt(2)))), C(1)), C(0.5));
            Tensor pdf = Multiply.Forward(UnaryMath.Exp(Multiply.Forward(x2, C(-0.5))), C(1 / Math.Sqrt(2 * Math.PI)));
            return Add.Forward(cdf, Multiply.Forward(x, pdf));
        }
        double k = Math.Sqrt(2 / Math.PI);
        Tensor t = TanhOperation.Forward(Multiply.Forward(Multiply.Forward(x, Add.Forward(Multiply.Forward(x2, C(0.044715)), C(1))), C(k)));
        Tensor inner = Multiply.Forward(Add.Forward(Multiply.Forward(x2, C(3 * 0.044715)), C(1)), C(k));
        Tensor left = Multiply.Forward(Add.Forward(t, C(1)), C(0.5));
        Tensor right = Multiply.Forward(Multiply.Forward(Multiply.Forward(x, C(0.5)), Subtract.Forward(C(1), Multiply.Forward(t, t))), inner);
        return Add.Forward(left, right);
    }

    /// <summary>y = op(x) for a contiguous x: float vector kernel, precise scalar double kernel.</summary>
    private static Tensor Map<TOp>(Tensor x, TOp op) where TOp : struct, IVectorOp<float>, IScalarOp
    {
        var y = ShapeMoves.Empty(x.Shape, x.DType);
        if (x.DType == DType.Float32)
            ActivationKernels.Map(x.Data<float>(), x.Offset, y.Data<float>(), 0, x.ElementCount, op, ActivationKernels.CostlyGrain);
        else
            ActivationKernels.MapScalar(x.Data<double>(), x.Offset, y.Data<double>(), 0, x.ElementCount, op);
        return y;
    }

    /// <summary>dx = op(g, saved) with <paramref name="saved"/> contiguous.</summary>
    private static Tensor Map2<TOp>(Tensor g, Tensor saved, TOp op) where TOp : struct, IVectorOp2<float>, IScalarOp2
    {
        Tensor gc = g.ContiguousRaw();
        var dx = ShapeMoves.Empty(saved.Shape, saved.DType);
        int n = saved.ElementCount;
        if (saved.DType == DType.Float32)
            ActivationKernels.Map(gc.Data<float>(), gc.Offset, saved.Data<float>(), saved.Offset, dx.Data<float>(), 0, n, op, ActivationKernels.CostlyGrain);
        else
            ActivationKernels.MapScalar(gc.Data<double>(), gc.Offset, saved.Data<double>(), saved.Offset, dx.Data<double>(), 0, n, op);
        return dx;
    }
}
