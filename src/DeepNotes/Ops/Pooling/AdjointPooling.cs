namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Autograd for a linear pooling y = A·x (average and adaptive average pooling) with fused kernels for A and its
/// adjoint Aᵀ. The first-order backward runs the fused Aᵀ kernel as before. Under <c>createGraph</c> it runs Aᵀ as a
/// recorded op whose backward is A (recorded the same way, its backward Aᵀ again), like PyTorch's
/// <c>avg_pool2d_backward</c> whose derivative is <c>avg_pool2d</c>; so the pooling is differentiable to any order.
/// The second derivative with respect to x is zero (A is linear); only the gradient's dependence on the incoming
/// gradient is recorded.
/// </summary>
internal static class AdjointPooling
{
    /// <summary>
    /// Computes y = <paramref name="apply"/>(<paramref name="x"/>) and records it with backward
    /// <paramref name="applyAdjoint"/>, so the forward kernel call is written once, in <paramref name="apply"/>.
    /// </summary>
    /// <param name="name">Backward name, e.g. <c>AvgPool2DBackward</c>.</param>
    /// <param name="x">The op's input.</param>
    /// <param name="apply">A: input-shaped to output-shaped (the forward kernel); returns a new tensor, records nothing.</param>
    /// <param name="applyAdjoint">Aᵀ: output-shaped to input-shaped (the backward kernel); returns a new tensor, records nothing.</param>
    public static Tensor Forward(string name, Tensor x, Func<Tensor, Tensor> apply, Func<Tensor, Tensor> applyAdjoint) =>
        Record(apply(x), name, x, apply, applyAdjoint);

    /// <summary>
    /// Records <paramref name="y"/> = <paramref name="apply"/>(<paramref name="x"/>), already computed, with backward
    /// <paramref name="applyAdjoint"/>. Both functions return a new tensor and record nothing; they take any layout.
    /// </summary>
    /// <param name="y">The op's output.</param>
    /// <param name="name">Backward name, e.g. <c>AvgPool2DBackward</c>; the recorded adjoint appends <c>Backward</c>.</param>
    /// <param name="x">The op's input.</param>
    /// <param name="apply">A: input-shaped to output-shaped (the forward kernel).</param>
    /// <param name="applyAdjoint">Aᵀ: output-shaped to input-shaped (the backward kernel).</param>
    private static Tensor Record(Tensor y, string name, Tensor x, Func<Tensor, Tensor> apply, Func<Tensor, Tensor> applyAdjoint) =>
        Tensor.RecordDifferentiable(y, name, [x], grad =>
            [Autograd.IsCreatingGraph ? Record(applyAdjoint(grad), name + "Backward", grad, applyAdjoint, apply) : applyAdjoint(grad)]);
}
