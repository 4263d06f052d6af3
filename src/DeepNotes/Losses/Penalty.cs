namespace DeepNotes.Losses;

/// <summary>
/// Weight penalties (regularisation) to add to a loss: differentiable 0-dim tensors over a set of parameters, computed
/// in one fused op with one graph node however many tensors are given.
/// </summary>
/// <remarks>
/// <see cref="L2"/> is λ·Σw², not λ/2·Σw²: its gradient is 2λ·w, so it matches an optimizer's weight decay of 2λ
/// (for plain SGD). Every tensor given is penalised, biases included; filter them yourself, e.g.
/// <c>model.NamedParameters().Where(p =&gt; p.Name.EndsWith("weight")).Select(p =&gt; p.Parameter)</c>. Tensors that do
/// not require grad (frozen) count in the value but receive no gradient.
/// </remarks>
/// <example>
/// <code>
/// Tensor loss = Functional.CrossEntropy(model.Forward(x), y) + Penalty.L2(model.Parameters(), 1e-4);
/// loss.Backward();
/// </code>
/// </example>
public static class Penalty
{
    /// <summary>λ·Σ|w| over every element of every tensor (lasso). Gradient: λ·sign(w), 0 at w = 0.</summary>
    /// <param name="parameters">Float tensors of one dtype, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="lambda">The coefficient λ ≥ 0.</param>
    /// <returns>A 0-dim tensor of the parameters' dtype.</returns>
    /// <exception cref="ArgumentException">No tensors, mixed or non-floating dtypes, or λ negative or not finite.</exception>
    public static Tensor L1(IEnumerable<Tensor> parameters, double lambda) =>
        Functional.NormPenalty("Penalty.L1", parameters, lambda, 0, l1Name: nameof(lambda));

    /// <summary>λ·Σw² over every element of every tensor (ridge; note: not λ/2). Gradient: 2λ·w.</summary>
    /// <param name="parameters">Float tensors of one dtype, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="lambda">The coefficient λ ≥ 0.</param>
    /// <returns>A 0-dim tensor of the parameters' dtype.</returns>
    /// <exception cref="ArgumentException">No tensors, mixed or non-floating dtypes, or λ negative or not finite.</exception>
    public static Tensor L2(IEnumerable<Tensor> parameters, double lambda) =>
        Functional.NormPenalty("Penalty.L2", parameters, 0, lambda, l2Name: nameof(lambda));

    /// <summary>Elastic net l1·Σ|w| + l2·Σw². Gradient: l1·sign(w) + 2·l2·w.</summary>
    /// <param name="parameters">Float tensors of one dtype, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="l1">The L1 coefficient ≥ 0.</param>
    /// <param name="l2">The L2 coefficient ≥ 0 (multiplies Σw², not Σw²/2).</param>
    /// <returns>A 0-dim tensor of the parameters' dtype.</returns>
    /// <exception cref="ArgumentException">No tensors, mixed or non-floating dtypes, or a coefficient negative or not finite.</exception>
    public static Tensor ElasticNet(IEnumerable<Tensor> parameters, double l1, double l2) =>
        Functional.NormPenalty("Penalty.ElasticNet", parameters, l1, l2);
}
