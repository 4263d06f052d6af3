namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// y = x·Wᵀ + b, like <c>F.linear</c>: <c>[*, in] -> [*, out]</c> with <paramref name="weight"/> stored
    /// <c>[out, in]</c> and an optional <paramref name="bias"/> <c>[out]</c>. One GEMM with the bias fused in.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or dtypes do not fit together; the message names both.</exception>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Ops.Linear.Forward(input, weight, bias);
    }

    /// <summary>
    /// <see cref="Linear(Tensor, Tensor, Tensor?)"/> without its argument checks, for the <c>Dense</c> layer, whose own checks
    /// (input <c>[*, in]</c> of its parameters' dtype; weight <c>[out, in]</c> and bias <c>[out]</c> fixed at construction)
    /// already guarantee them, so each condition is checked once and reported in the layer's words.
    /// </summary>
    internal static Tensor LinearPrevalidated(Tensor input, Tensor weight, Tensor? bias) => Ops.Linear.ForwardChecked(input, weight, bias);
}
