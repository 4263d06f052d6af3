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
    public static Tensor?[]? Run(Tensor root, Tensor? rootGrad, bool retainGraph, IReadOnlyList<Tensor>? inputs)
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException(
                "Backward: the tensor does not require grad and has no backward function; set RequiresGrad = true on the leaves you differentiate with respect to.");
        rootGrad = ResolveRootGradient(root, rootGrad);
        var captured = inputs is null ? null : new Tensor?[inputs.Count];

        using var _ = Autograd.NoGrad();
        if (root.IsLeaf)
        {
            DeliverToLeaf(root, rootGrad, inputs, captured);
            return captured;
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
                retained.Grad = Accumulate(retained.Grad, grad!, copyFirst: true);
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
                        g = ToInputDType(g, next.OutputDType);
                        CheckGradient(node, e, g, next.OutputShape, next.OutputDType);
                        pending[next] = pending.TryGetValue(next, out var sum) ? Accumulate(sum, g, copyFirst: false) : g;
                    }
                    if (--dependencies[next] == 0) ready.Push(next);
                }
                else if (edge.Leaf is Tensor leaf && g is not null)
                {
                    g = ToInputDType(g, leaf.DType);
                    CheckGradient(node, e, g, leaf.Shape, leaf.DType);
                    DeliverToLeaf(leaf, g, inputs, captured);
                }
            }
        }
        if (!retainGraph)
            foreach (var node in visited) node.Release();
        return captured;
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

    private static void DeliverToLeaf(Tensor leaf, Tensor grad, IReadOnlyList<Tensor>? inputs, Tensor?[]? captured)
    {
        if (inputs is null)
        {
            leaf.Grad = Accumulate(leaf.Grad, grad, copyFirst: true);
            return;
        }
        for (int i = 0; i < inputs.Count; i++)
            if (ReferenceEquals(inputs[i], leaf)) captured![i] = Accumulate(captured[i], grad, copyFirst: false);
    }

    /// <summary>Sums gradients; the first one stored in a leaf is copied so that it never aliases another tensor.</summary>
    private static Tensor Accumulate(Tensor? sum, Tensor grad, bool copyFirst) =>
        sum is null ? (copyFirst ? grad.CloneRaw() : grad) : Ops.Add.Forward(sum, grad);

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
