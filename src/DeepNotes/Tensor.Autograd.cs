namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// Backpropagates from this one-element tensor (typically a loss), accumulating d(this)/d(leaf) into the
    /// <see cref="Grad"/> of every leaf that requires grad. The graph is freed afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element, does not require grad, or its graph was already freed.</exception>
    public void Backward() => Backward(null, retainGraph: false);

    /// <summary>
    /// Backpropagates <paramref name="gradient"/> (dL/d(this), same shape and dtype; may be null for a one-element
    /// tensor) into the leaves' <see cref="Grad"/>. Gradients accumulate across calls until set to null.
    /// </summary>
    /// <param name="gradient">The gradient of some scalar L with respect to this tensor.</param>
    /// <param name="retainGraph">Keep the graph's saved tensors so that it can be backpropagated again.</param>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> has another shape or dtype.</exception>
    /// <exception cref="InvalidOperationException">No gradient for a multi-element tensor, or the graph was already freed.</exception>
    public void Backward(Tensor? gradient, bool retainGraph = false) => BackwardEngine.Run(this, gradient, retainGraph, inputs: null);

    /// <summary>A new leaf sharing this tensor's storage, cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(Storage, Shape, StrideArray, Offset, DType);

    /// <summary>
    /// Attaches a backward function to <paramref name="output"/> when grad mode is on and any input requires grad.
    /// Inside <see cref="Autograd.DetectAnomaly"/>, first throws if <paramref name="output"/> holds NaN or ±∞.
    /// </summary>
    /// <param name="output">The op's freshly made output.</param>
    /// <param name="name">Backward name as PyTorch prints it, e.g. <c>MulBackward</c>.</param>
    /// <param name="inputs">The op's tensor inputs, in the order <paramref name="backward"/> returns their gradients.</param>
    /// <param name="backward">Maps dL/d(output) to dL/d(input) per input (null where not needed).</param>
    /// <param name="saved">Tensors the backward reads; an in-place change to one of them is reported at backward time.</param>
    /// <returns><paramref name="output"/>.</returns>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved)
    {
        if (!NeedsGrad(inputs)) return output;
        if (Autograd.IsAnomalyDetectionEnabled) Autograd.CheckForwardAnomaly(output, name, inputs); // the one forward choke point
        output.SetGradFn(new GraphNode(name, inputs, backward, saved, output));
        return output;
    }

    /// <summary>True when grad mode is on and an input requires grad, i.e. when an op should record.</summary>
    internal static bool NeedsGrad(params ReadOnlySpan<Tensor> inputs)
    {
        if (!Autograd.IsGradEnabled) return false;
        foreach (var t in inputs) if (t.RequiresGrad) return true;
        return false;
    }
}
