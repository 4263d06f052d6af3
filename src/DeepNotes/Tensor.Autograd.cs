namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// Backpropagates from this one-element tensor (typically a loss), accumulating d(this)/d(leaf) into the
    /// <see cref="Grad"/> of every leaf that requires grad. The graph is freed afterwards.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element, does not require grad, or its graph was already freed.</exception>
    public void Backward() => Backward(null);

    /// <summary>
    /// Backpropagates <paramref name="gradient"/> (dL/d(this), same shape and dtype; may be null for a one-element
    /// tensor) into the leaves' <see cref="Grad"/>, like PyTorch's <c>backward(gradient, retain_graph, create_graph)</c>.
    /// Gradients accumulate across calls until set to null.
    /// </summary>
    /// <param name="gradient">The gradient of some scalar L with respect to this tensor.</param>
    /// <param name="retainGraph">Keep the graph's saved tensors so that it can be backpropagated again; defaults to <paramref name="createGraph"/>.</param>
    /// <param name="createGraph">
    /// Record the backward pass, so that the leaves' <see cref="Grad"/> are differentiable tensors (with a graph) that
    /// can be differentiated again, e.g. for a gradient penalty.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> has another shape or dtype.</exception>
    /// <exception cref="InvalidOperationException">No gradient for a multi-element tensor, no graph, or the graph was already freed.</exception>
    /// <exception cref="NotSupportedException"><paramref name="createGraph"/> through an op whose backward is not differentiable; the message names it.</exception>
    public void Backward(Tensor? gradient, bool? retainGraph = null, bool createGraph = false) =>
        BackwardEngine.Run(this, gradient, retainGraph ?? createGraph, createGraph, inputs: null);

    /// <summary>
    /// True for a gradient that is zero by the op's definition (the derivative of Floor, Sign, ...), not by cancellation:
    /// it carries no graph even in a <c>createGraph</c> pass, and its own derivative is zero.
    /// </summary>
    internal bool IsConstantZeroGradient { get; private set; }

    /// <summary>Zeros of the given shape and dtype marked <see cref="IsConstantZeroGradient"/>: the gradient of a piecewise-constant op.</summary>
    internal static Tensor ZeroGradient(Shape shape, DType dtype) => new(shape, dtype) { IsConstantZeroGradient = true };

    /// <summary>True for a gradient returned by a backward pass without <c>createGraph</c> (used to explain why it has no graph).</summary>
    internal bool IsGradientWithoutGraph { get; set; }

    /// <summary>A new leaf sharing this tensor's storage, cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(Storage, Shape, StrideArray, Offset, DType);

    /// <summary>
    /// Attaches a backward function to <paramref name="output"/> when grad mode is on and any input requires grad.
    /// Inside <see cref="Autograd.DetectAnomaly"/>, first throws if <paramref name="output"/> holds NaN or ±∞.
    /// The backward counts as first-order only: a backward pass with <c>createGraph</c> through this node throws
    /// <see cref="NotSupportedException"/> naming the op, rather than returning wrong higher derivatives. Ops whose
    /// backward is written in differentiable ops, and checked by a second-order test, use
    /// <see cref="RecordDifferentiable"/> instead.
    /// </summary>
    /// <param name="output">The op's freshly made output.</param>
    /// <param name="name">Backward name as PyTorch prints it, e.g. <c>MulBackward</c>.</param>
    /// <param name="inputs">The op's tensor inputs, in the order <paramref name="backward"/> returns their gradients.</param>
    /// <param name="backward">Maps dL/d(output) to dL/d(input) per input (null where not needed).</param>
    /// <param name="saved">Tensors the backward reads; an in-place change to one of them is reported at backward time.</param>
    /// <returns><paramref name="output"/>.</returns>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved) =>
        Record(output, name, inputs, backward, differentiable: false, saved);

    /// <summary>
    /// As <see cref="Record(Tensor, string, Tensor[], Func{Tensor, Tensor?[]}, Tensor[])"/> for an op whose backward
    /// function computes its gradients with differentiable ops (when <see cref="Autograd.IsCreatingGraph"/> is set;
    /// it may take a fused first-order path otherwise), so a <c>createGraph</c> pass records it and its gradients can
    /// be differentiated again. Every such op has a <c>GradGradCheck</c> test.
    /// </summary>
    internal static Tensor RecordDifferentiable(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, params Tensor[] saved) =>
        Record(output, name, inputs, backward, differentiable: true, saved);

    /// <summary>
    /// As <see cref="RecordDifferentiable"/> for an op with a fused first-order backward and a definition composed of
    /// differentiable ops: the first-order pass runs <paramref name="backward"/>; a <c>createGraph</c> pass recomputes the
    /// output as <paramref name="composite"/>(inputs) and differentiates that, so the op's higher derivatives are those of
    /// its composition (exactly, to rounding) at the cost of one recomputation, and need no second fused kernel.
    /// </summary>
    /// <param name="output">The op's freshly made output.</param>
    /// <param name="name">Backward name as PyTorch prints it.</param>
    /// <param name="inputs">The op's tensor inputs, in the order the gradients are returned.</param>
    /// <param name="backward">The fused first-order backward: dL/d(output) to dL/d(input) per input.</param>
    /// <param name="composite">The op written in differentiable ops of <paramref name="inputs"/>; same output shape and dtype, same values up to rounding.</param>
    /// <param name="saved">Tensors the backward reads (checked for in-place changes).</param>
    internal static Tensor RecordComposite(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward,
        Func<Tensor[], Tensor> composite, params Tensor[] saved) =>
        Record(output, name, inputs, gy => Autograd.IsCreatingGraph ? CompositeGradients(inputs, composite, gy) : backward(gy),
            differentiable: true, saved);

    /// <summary>
    /// d(composite(inputs))/d(inputs) applied to <paramref name="gradOutput"/>, recorded (call inside a <c>createGraph</c>
    /// pass): the composite is rebuilt from the inputs themselves and differentiated down to them only, so the gradients
    /// carry the graph of both the inputs and <paramref name="gradOutput"/>. Null for inputs that do not require grad.
    /// </summary>
    internal static Tensor?[] CompositeGradients(Tensor[] inputs, Func<Tensor[], Tensor> composite, Tensor gradOutput)
    {
        var wanted = new List<Tensor>();
        foreach (Tensor t in inputs) if (t.RequiresGrad) wanted.Add(t);
        var grads = new Tensor?[inputs.Length];
        Tensor y;
        using (Autograd.EnableGrad()) y = composite(inputs);
        if (y.Shape != gradOutput.Shape || y.DType != gradOutput.DType)
            throw new InvalidOperationException(
                $"Internal error: a composite recomputation gave {y.Shape} {y.DType}, the op's output is {gradOutput.Shape} {gradOutput.DType}.");
        if (wanted.Count == 0 || !y.RequiresGrad) return grads;
        // The gradients' graph goes through the recomputation's nodes (its intermediate tensors), so that graph is retained.
        // It stops at the inputs: when one input is computed from another, the outer pass carries the gradient on from it.
        Tensor?[] found = BackwardEngine.Run(y, gradOutput, retainGraph: true, createGraph: true, wanted, stopAtInputs: true)!;
        for (int i = 0, w = 0; i < inputs.Length; i++)
            if (inputs[i].RequiresGrad) grads[i] = found[w++];
        return grads;
    }

    private static Tensor Record(Tensor output, string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, bool differentiable, Tensor[] saved)
    {
        if (!NeedsGrad(inputs)) return output;
        if (Autograd.IsAnomalyDetectionEnabled) Autograd.CheckForwardAnomaly(output, name, inputs); // the one forward choke point
        output.SetGradFn(new GraphNode(name, inputs, backward, saved, output, differentiable));
        return output;
    }

    /// <summary>True when grad mode is on and an input requires grad, i.e. when an op should record.</summary>
    internal static bool NeedsGrad(params ReadOnlySpan<Tensor> inputs)
    {
        if (!Autograd.IsGradEnabled)
        {
            CheckpointCapture.NoteInputs(inputs); // inside an Autograd.Checkpoint forward: the tensors f reads that require grad
            return false;
        }
        foreach (var t in inputs) if (t.RequiresGrad) return true;
        return false;
    }
}
