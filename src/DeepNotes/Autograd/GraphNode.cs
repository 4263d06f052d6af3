namespace DeepNotes;

/// <summary>
/// One recorded op in the define-by-run graph: the backward function of one output tensor, the edges to its
/// inputs, and the versions of the tensors it saved (so an in-place change to one of them is caught).
/// </summary>
internal sealed class GraphNode
{
    private Func<Tensor, Tensor?[]>? _backward;
    private (Tensor Tensor, int Version)[]? _saved;

    public GraphNode(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward, Tensor[] saved, Tensor output, bool differentiable = true)
    {
        Name = name;
        IsDifferentiable = differentiable;
        _backward = backward;
        Edges = new Edge[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            Tensor t = inputs[i];
            Edges[i] = !t.RequiresGrad ? default : t.IsLeaf ? new Edge(null, t) : new Edge(t.GradFn, null);
        }
        _saved = new (Tensor, int)[saved.Length];
        for (int i = 0; i < saved.Length; i++) _saved[i] = (saved[i], saved[i].Storage.Version);
        OutputShape = output.Shape;
        OutputDType = output.DType;
    }

    /// <summary>Backward function name as PyTorch prints it, e.g. <c>MulBackward</c>.</summary>
    public string Name { get; }

    /// <summary>False when the backward function runs fused kernels and cannot take part in a <c>createGraph</c> pass.</summary>
    public bool IsDifferentiable { get; }

    /// <summary>Where each input's gradient goes: the input's own node, or the input itself when it is a leaf.</summary>
    public Edge[] Edges { get; }

    public Shape OutputShape { get; }

    public DType OutputDType { get; }

    /// <summary>The output tensor when <see cref="Tensor.RetainGrad"/> asked to keep its gradient.</summary>
    public Tensor? RetainedOutput { get; set; }

    public bool IsReleased => _backward is null;

    /// <summary>
    /// Runs the backward function after checking the graph is intact and saved tensors unchanged; inside
    /// <see cref="Autograd.DetectAnomaly"/>, throws if a gradient it returns holds NaN or ±∞.
    /// </summary>
    public Tensor?[] Apply(Tensor gradOutput)
    {
        if (_backward is null)
            throw new InvalidOperationException(
                $"Trying to backward through the graph a second time ({Name} has already freed its saved tensors). " +
                "Pass retainGraph: true to the first Backward call if you need to backward twice.");
        foreach (var (tensor, version) in _saved!)
        {
            if (tensor.Storage.Version != version)
                throw new InvalidOperationException(
                    $"A tensor saved by {Name} for backward, of shape {tensor.Shape} and dtype {tensor.DType}, was modified by an in-place operation: " +
                    $"it is at version {tensor.Storage.Version}, expected version {version}; its gradient would be wrong. Clone it before changing it in place.");
        }
        bool creating = Autograd.IsCreatingGraph;
        if (creating && !IsDifferentiable)
            throw new NotSupportedException(
                $"{Name} does not support createGraph yet: its backward is not differentiable (it runs a fused kernel), so the " +
                "gradient it returns could not be differentiated again. Differentiate a graph without this op, or call Backward/Grad without createGraph.");
        Tensor?[] grads = _backward(gradOutput);
        if (grads.Length != Edges.Length)
            throw new InvalidOperationException($"Internal error: {Name} returned {grads.Length} gradients for {Edges.Length} inputs.");
        if (creating && gradOutput.RequiresGrad)
            for (int i = 0; i < grads.Length; i++)
                if (grads[i] is Tensor gi && !gi.RequiresGrad && !Edges[i].IsNone && !gi.IsConstantZeroGradient)
                    throw new NotSupportedException(
                        $"{Name} does not support createGraph yet: its backward returned the gradient of input {i} without a graph, " +
                        "so it could not be differentiated again.");
        if (Autograd.IsAnomalyDetectionEnabled) Autograd.CheckBackwardAnomaly(Name, gradOutput, grads); // the one backward choke point
        return grads;
    }

    /// <summary>Frees the saved tensors (after a backward without retainGraph).</summary>
    public void Release()
    {
        _backward = null;
        _saved = null;
    }
}

/// <summary>The destination of one input gradient: a producing node, a leaf tensor, or nothing (no grad needed).</summary>
internal readonly record struct Edge(GraphNode? Node, Tensor? Leaf)
{
    public bool IsNone => Node is null && Leaf is null;
}
