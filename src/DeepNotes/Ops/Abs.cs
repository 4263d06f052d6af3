using System.Numerics.Tensors;

namespace DeepNotes.Ops;

/// <summary>|x|. Backward: g ⊙ sign(x), with sign(0) = 0 as in PyTorch.</summary>
internal static class Abs
{
    public static Tensor Forward(Tensor x)
    {
        var result = ElementwiseUnary.Map("Abs", x, TensorPrimitives.Abs, TensorPrimitives.Abs, TensorPrimitives.Abs);
        return Tensor.RecordDifferentiable(result, "AbsBackward", [x], g => [Multiply.Forward(g, Sign(x))], x);
    }

    /// <summary>−1, 0 or 1 per element (no autograd).</summary>
    public static Tensor Sign(Tensor x) =>
        Subtract.Forward(Comparison.Greater(x, Tensor.Zeros(Shape.Scalar, x.DType)).ConvertRaw(x.DType),
                         Comparison.Less(x, Tensor.Zeros(Shape.Scalar, x.DType)).ConvertRaw(x.DType));
}
