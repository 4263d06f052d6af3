namespace DeepNotes;

/// <summary>
/// Reverse-mode sweep over the recorded graph: counts each node's consumers, then processes nodes only when all of
/// their output gradient has arrived (so shared sub-expressions get the sum), in reverse topological order.
/// </summary>
internal static class BackwardEngine
{
    /// <summary>
    /// Backpropagates from <paramref name="root"/>. With <paramref name="inputs"/> null, gradients accumulate into
    /// leaves' <see cref="Tensor.Grad"/>; otherwise they are returned aligned with <paramref name="inputs"/> and no
    /// <see cref="Tensor.Grad"/> changes.
    /// </summary>
    public static Tensor?[]? Run(Tensor root, Tensor? rootGrad, bool retainGraph, bool createGraph, IReadOnlyList<Tensor>? inputs)
    {
        if (!root.RequiresGrad) throw NoGraph(root);
        rootGrad = ResolveRootGradient(root, rootGrad);
        var captured = inputs is null ? null : new Tensor?[inputs.Count];

        // With createGraph the backward functions run in grad mode, so the ops they call record a graph of their own.
        using var mode = createGraph ? Autograd.EnableGrad() : Autograd.NoGrad();
        bool wasCreating = Autograd.SetCreatingGraph(createGraph);
        try
        {
            Sweep(root, rootGrad, retainGraph, createGraph, inputs, captured);
        }
        finally
        {
            Autograd.SetCreatingGraph(wasCreating);
        }
        if (!createGraph && captured is not null)
            foreach (var g in captured)
                if (g is not null) g.IsGradientWithoutGraph = true;
        return captured;
    }

    private static void Sweep(Tensor root, Tensor rootGrad, bool retainGraph, bool createGraph, IReadOnlyList<Tensor>? inputs, Tensor?[]? captured)
    {
        if (root.IsLeaf)
        {
            DeliverToLeaf(root, rootGrad, inputs, captured, createGraph);
            return;
        }

        GraphNode start = root.GradFn!;
        var dependencies = CountDependencies(start);
        var pending = new Dictionary<GraphNode, Tensor> { [start] = rootGrad };
        var ready = new Stack<GraphNode>();
        ready.Push(start);
        var visited = new List<GraphNode>();
        while (ready.Count > 0)
        {
            GraphNode node = ready.Pop();
            visited.Add(node);
            // A node can become ready without any gradient (every consumer returned null for it): it then
            // contributes nothing but still releases its inputs' dependency counts.
            bool hasGrad = pending.Remove(node, out Tensor? grad);
            Tensor?[] inputGrads = hasGrad ? node.Apply(grad!) : new Tensor?[node.Edges.Length];
            if (hasGrad && node.RetainedOutput is Tensor retained && inputs is null)
                retained.Grad = Accumulate(retained.Grad, grad!, copyFirst: true, createGraph);
            if (hasGrad && inputs is not null)
                for (int i = 0; i < inputs.Count; i++)
                    if (!inputs[i].IsLeaf && ReferenceEquals(inputs[i].GradFn, node)) captured![i] = grad;

            for (int e = 0; e < node.Edges.Length; e++)
            {
                Edge edge = node.Edges[e];
                Tensor? g = inputGrads[e];
                if (edge.Node is GraphNode next)
                {
                    if (g is not null)
                    {
                        CheckGradient(node, e, g, next.OutputShape, next.OutputDType);
                        pending[next] = pending.TryGetValue(next, out var sum) ? Accumulate(sum, g, copyFirst: false, createGraph) : g;
                    }
                    if (--dependencies[next] == 0) ready.Push(next);
                }
                else if (edge.Leaf is Tensor leaf && g is not null)
                {
                    CheckGradient(node, e, g, leaf.Shape, leaf.DType);
                    DeliverToLeaf(leaf, g, inputs, captured, createGraph);
                }
            }
        }
        if (!retainGraph)
            foreach (var node in visited) node.Release();
    }

    /// <summary>The error for differentiating a tensor without a graph, saying why it has none where that is known.</summary>
    private static InvalidOperationException NoGraph(Tensor root)
    {
        string what = $"Backward: the tensor (shape {root.Shape}, {root.DType}) does not require grad and has no backward function";
        if (root.IsGradientWithoutGraph)
            return new InvalidOperationException(
                $"{what}: it is a gradient computed by a backward pass without createGraph. To differentiate a gradient again, compute it " +
                "with createGraph: true (Autograd.Grad(..., createGraph: true) or Backward(gradient, createGraph: true)).");
        if (!Autograd.IsGradEnabled)
            return new InvalidOperationException(
                $"{what}, and grad mode is off on this thread (inside Autograd.NoGrad()): ops record no graph there. Compute it outside the NoGrad scope.");
        if (!root.DType.IsFloatingPoint())
            return new InvalidOperationException($"{what}: {root.DType} tensors carry no gradients; differentiate a floating-point result.");
        return new InvalidOperationException(
            $"{what}. Either none of the tensors it was computed from requires grad (set RequiresGrad = true on the leaves you " +
            "differentiate with respect to), or it was computed with grad mode off (inside Autograd.NoGrad()), or it is a gradient " +
            "from a backward pass without createGraph: true.");
    }

    private static Tensor ResolveRootGradient(Tensor root, Tensor? rootGrad)
    {
        if (rootGrad is null)
        {
            if (root.ElementCount != 1)
                throw new InvalidOperationException(
                    $"Backward: a gradient can be created implicitly only for a tensor with one element, this one has shape {root.Shape}; " +
                    "pass Backward(gradient) with dL/d(tensor) of that shape, or reduce the tensor first (e.g. Sum()).");
            return Tensor.Ones(root.Shape, root.DType);
        }
        if (rootGrad.Shape != root.Shape || rootGrad.DType != root.DType)
            throw new ArgumentException(
                $"Backward: the gradient must match the tensor, expected {root.Shape} {root.DType}, got {rootGrad.Shape} {rootGrad.DType}.");
        return rootGrad;
    }

    private static void DeliverToLeaf(Tensor leaf, Tensor grad, IReadOnlyList<Tensor>? inputs, Tensor?[]? captured, bool createGraph)
    {
        if (inputs is null)
        {
            leaf.Grad = Accumulate(leaf.Grad, grad, copyFirst: true, createGraph);
            if (!createGraph) leaf.Grad!.IsGradientWithoutGraph = true;
            return;
        }
        for (int i = 0; i < inputs.Count; i++)
            if (ReferenceEquals(inputs[i], leaf)) captured![i] = Accumulate(captured[i], grad, copyFirst: false, createGraph);
    }

    /// <summary>
    /// Sums gradients; the first one stored in a leaf is copied so that it never aliases another tensor. With
    /// createGraph the sum and the copy are recorded (Add, Clone), so the stored gradient stays differentiable.
    /// </summary>
    private static Tensor Accumulate(Tensor? sum, Tensor grad, bool copyFirst, bool createGraph)
    {
        if (sum is null) return !copyFirst ? grad : createGraph ? grad.Clone() : grad.CloneRaw();
        return Ops.Add.Forward(sum, grad);
    }

    private static Dictionary<GraphNode, int> CountDependencies(GraphNode start)
    {
        var counts = new Dictionary<GraphNode, int> { [start] = 0 };
        var stack = new Stack<GraphNode>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            GraphNode node = stack.Pop();
            foreach (Edge edge in node.Edges)
            {
                if (edge.Node is not GraphNode next) continue;
                if (counts.TryGetValue(next, out int c)) counts[next] = c + 1;
                else
                {
                    counts[next] = 1;
                    stack.Push(next);
                }
            }
        }
        return counts;
    }

    private static void CheckGradient(GraphNode node, int input, Tensor grad, Shape shape, DType dtype)
    {
        if (grad.Shape != shape || grad.DType != dtype)
            throw new InvalidOperationException(
                $"Internal error: {node.Name} produced a gradient of {grad.Shape} {grad.DType} for input {input}, expected {shape} {dtype}.");
    }
}
