namespace DeepNotes.Ops;

/// <summary>
/// Runs a floating-point unary function: Bool and Int32 inputs are first converted to Float32, as PyTorch's unary
/// float ops do (<c>torch.sin(int_tensor)</c> is Float32). Also small helpers the backward rules share.
/// </summary>
internal static class FloatUnary
{
    public static Tensor Map(string op, Tensor x, SpanMap<float> f32, SpanMap<double> f64) =>
        ElementwiseUnary.Map(op, TypePromotion.Cast(x, TypePromotion.ToFloat(x.DType)), f32, f64);

    /// <summary>A 0-dim tensor of <paramref name="value"/> in <paramref name="like"/>'s dtype.</summary>
    public static Tensor C(double value, Tensor like) => Tensor.Scalar(value, like.DType);

    /// <summary>x ⊙ x (differentiable).</summary>
    public static Tensor Sq(Tensor x) => Multiply.Forward(x, x);

    /// <summary>g ⊙ local (differentiable).</summary>
    public static Tensor Mul(Tensor g, Tensor local) => Multiply.Forward(g, local);

    /// <summary>A zero gradient of g's shape and dtype.</summary>
    public static Tensor ZeroGrad(Tensor g) => Tensor.ZeroGradient(g.Shape, g.DType);
}
