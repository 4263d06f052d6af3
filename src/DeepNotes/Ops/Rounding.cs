using System.Numerics.Tensors;
using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Floor, Ceil, Round (half to even, with decimals), Trunc and Frac. The rounding functions are piecewise constant:
/// their gradient is zero everywhere, as in PyTorch; Frac = x − trunc x passes the gradient through. Int32 inputs
/// are returned unchanged by the rounding functions, as PyTorch does.
/// </summary>
internal static class Rounding
{
    public static Tensor Floor(Tensor x) => Piecewise("Floor", x, TensorPrimitives.Floor, TensorPrimitives.Floor);

    public static Tensor Ceil(Tensor x) => Piecewise("Ceil", x, TensorPrimitives.Ceiling, TensorPrimitives.Ceiling);

    public static Tensor Trunc(Tensor x) => Piecewise("Trunc", x, TensorPrimitives.Truncate, TensorPrimitives.Truncate);

    public static Tensor Round(Tensor x, int decimals)
    {
        if (x.DType == DType.Int32 && decimals != 0)
            throw new ArgumentException($"Round: decimals ({decimals}) are only supported for floating-point tensors, got Int32.");
        return Piecewise("Round", x, (s, d) => ElementwiseMath.Round(s, d, decimals), (s, d) => ElementwiseMath.Round(s, d, decimals));
    }

    public static Tensor Frac(Tensor x)
    {
        x.CheckFloatingPoint("Frac");
        var result = ElementwiseUnary.Map("Frac", x, ElementwiseMath.Frac, ElementwiseMath.Frac);
        return Tensor.RecordDifferentiable(result, "FracBackward", [x], g => [g]);
    }

    private static Tensor Piecewise(string op, Tensor x, SpanMap<float> f32, SpanMap<double> f64)
    {
        if (x.DType == DType.Bool)
            throw new ArgumentException($"{op} expects a numeric tensor (Float32, Float64 or Int32), got Bool; convert with To(DType) first.");
        if (x.DType == DType.Int32) return x.CloneRaw();
        var result = ElementwiseUnary.Map(op, x, f32, f64);
        return Tensor.RecordDifferentiable(result, op + "Backward", [x], g => [Tensor.ZeroGradient(g.Shape, g.DType)]);
    }
}
