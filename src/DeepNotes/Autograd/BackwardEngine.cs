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
    /// <see cref="Tensor.Grad"/> changes. With <paramref name="stopAtInputs"/>, the graph ends at the inputs: nothing
    /// flows through an input into the graph below it (for a node that differentiates a sub-graph of its own inputs,
    /// one of which may be computed from another, and whose gradients the outer pass carries on from).
    /// </summary>
    public static Tensor?[]? Run(Tensor root, Tensor? rootGrad, bool retainGraph, bool createGraph, IReadOnlyList<Tensor>? inputs,
        bool stopAtInputs = false)
    {
        if (!root.RequiresGrad) throw NoGraph(root);
        rootGrad = ResolveRootGradient(root, rootGrad);
        var captured = inputs is null ? null : new Tensor?[inputs.Count];

        // With createGraph the backward functions run in grad mode, so the ops they call record a graph of their own.
        using var mode = createGraph ? Autograd.EnableGrad() : Autograd.NoGrad();
        bool wasCreating = Autograd.SetCreatingGraph(createGraph);
        try
        {
            Sweep(root, rootGrad, retainGraph, createGraph, inputs, captured, stopAtInputs);
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

    private static void Sweep(Tensor root, Tensor rootGrad, bool retainGraph, bool createGraph, IReadOnlyList<Tensor>? inputs, Tensor?[]? captured,
        bool stopAtInputs)
    {
        HashSet<GraphNode>? applied = null;
        if (root.IsLeaf)
        {
            DeliverToLeaf(root, rootGrad, inputs, captured, createGraph);
            return;
        }

        GraphNode start = root.GradFn!;
        // With explicit inputs only the part of the graph that leads to them runs (as torch.autograd.grad): nodes below
        // the inputs, or beside them, are neither applied nor freed.
        HashSet<GraphNode>? needed = inputs is null ? null : NodesLeadingTo(start, inputs, stopAtInputs, out applied);
        if (needed is not null && !needed.Contains(start))
            return;
        var dependencies = CountDependencies(start, needed);
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
            bool apply = hasGrad && (applied is null || applied.Contains(node));
            Tensor?[] inputGrads = apply ? node.Apply(grad!) : new Tensor?[node.Edges.Length];
            if (!apply && applied is not null) visited.RemoveAt(visited.Count - 1); // not run, so not freed
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
                    if (needed is not null && !needed.Contains(next)) continue;
                    if (g is not null)
                    {
                        g = ToInputDType(g, next.OutputDType);
                        CheckGradient(node, e, g, next.OutputShape, next.OutputDType);
                        pending[next] = pending.TryGetValue(next, out var sum) ? Accumulate(sum, g, copyFirst: false, createGraph) : g;
                    }
                    if (--dependencies[next] == 0) ready.Push(next);
                }
                else if (edge.Leaf is Tensor leaf && g is not null)
                {
                    g = ToInputDType(g, leaf.DType);
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

    /// <summary>
    /// The nodes from which an input is reachable (<paramref name="applied"/>: those of them whose backward must run,
    /// i.e. that have an input below them; an input's own node is reached but runs only when another input lies below it).
    /// </summary>
    private static HashSet<GraphNode> NodesLeadingTo(GraphNode start, IReadOnlyList<Tensor> inputs, bool stopAtInputs, out HashSet<GraphNode> applied)
    {
        var inputNodes = new HashSet<GraphNode>();
        var inputLeaves = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (Tensor t in inputs)
            if (t.IsLeaf) inputLeaves.Add(t);
            else if (t.GradFn is GraphNode n) inputNodes.Add(n);
        var reaches = new Dictionary<GraphNode, bool>();
        applied = new HashSet<GraphNode>();
        // Iterative post-order: a node is decided once all of its children are.
        var stack = new Stack<(GraphNode Node, bool Expanded)>();
        stack.Push((start, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (reaches.ContainsKey(node)) continue;
            bool end = stopAtInputs && inputNodes.Contains(node); // the graph stops here: neither explored nor run
            if (!expanded)
            {
                stack.Push((node, true));
                if (!end)
                    foreach (Edge edge in node.Edges)
                        if (edge.Node is GraphNode next && !reaches.ContainsKey(next)) stack.Push((next, false));
                continue;
            }
            bool below = false;
            if (!end)
                foreach (Edge edge in node.Edges)
                    if ((edge.Leaf is Tensor leaf && inputLeaves.Contains(leaf)) || (edge.Node is GraphNode next && reaches[next]))
                        below = true;
            if (below) applied.Add(node);
            reaches[node] = below || inputNodes.Contains(node);
        }
        var needed = new HashSet<GraphNode>();
        foreach (var (node, reach) in reaches)
            if (reach) needed.Add(node);
        return needed;
    }

    private static Dictionary<GraphNode, int> CountDependencies(GraphNode start, HashSet<GraphNode>? needed)
    {
        var counts = new Dictionary<GraphNode, int> { [start] = 0 };
        var stack = new Stack<GraphNode>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            GraphNode node = stack.Pop();
            foreach (Edge edge in node.Edges)
            {
                if (edge.Node is not GraphNode next || (needed is not null && !needed.Contains(next))) continue;
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

    /// <summary>
    /// A gradient in another floating dtype than its input (a Float32 operand promoted to Float64 by a binary op) converted
    /// to the input's dtype, differentiably, as PyTorch's engine does; anything else is left for <see cref="CheckGradient"/>.
    /// </summary>
    private static Tensor ToInputDType(Tensor g, DType dtype) =>
        g.DType != dtype && g.DType.IsFloatingPoint() && dtype.IsFloatingPoint() ? g.To(dtype) : g;

    private static void CheckGradient(GraphNode node, int input, Tensor grad, Shape shape, DType dtype)
    {
        if (grad.Shape != shape || grad.DType != dtype)
            throw new InvalidOperationException(
                $"Internal error: {node.Name} produced a gradient of {grad.Shape} {grad.DType} for input {input}, expected {shape} {dtype}.");
    }
}
