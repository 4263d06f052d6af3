namespace DeepNotes;

public static partial class Autograd
{
    /// <summary>
    /// Gradient checkpointing, like <c>torch.utils.checkpoint.checkpoint</c>: runs <paramref name="f"/> on
    /// <paramref name="inputs"/> keeping none of its intermediate activations, and recomputes them during the backward
    /// pass. Memory for the segment drops to its inputs and outputs, at the cost of a second forward of
    /// <paramref name="f"/> in backward.
    /// </summary>
    /// <remarks>
    /// <para>The forward runs <paramref name="f"/> with grad mode off and saves only <paramref name="inputs"/>, the tensors
    /// requiring grad that <paramref name="f"/> reads without receiving them as inputs (module parameters it closes
    /// over: they receive gradients as usual) and the state of each <see cref="Generator"/> its random ops draw from
    /// (dropout of every kind, RReLU, attention dropout, the random creation and sampling functions; the default
    /// generator or a layer's own), taken before the first draw. Numbers drawn by calling a generator's own methods
    /// inside <paramref name="f"/> are not replayed.</para>
    /// <para>The backward pass sets those generators back to the saved states (so dropout draws the same masks; they are
    /// restored afterwards, so the recomputation does not advance them), runs <paramref name="f"/> again with grad mode on
    /// and backpropagates the outputs' gradients through it, all of them at once. The gradients equal those of running
    /// <paramref name="f"/> directly, bitwise, when <paramref name="f"/> is deterministic given its inputs, parameters
    /// and generators. With <c>createGraph</c> the recomputation is recorded, so second derivatives through a checkpoint
    /// work wherever they work through <paramref name="f"/>.</para>
    /// <para><paramref name="f"/> must not change the tensors it reads in place, nor depend on state other than its
    /// inputs, the tensors it closes over and generators (a module switching between training and evaluation between
    /// forward and backward would change the recomputation). Under <see cref="NoGrad"/>, or when nothing it reads requires
    /// grad, this simply returns <paramref name="f"/>(<paramref name="inputs"/>).</para>
    /// </remarks>
    /// <param name="f">The segment: maps the inputs to one or more outputs (any shapes).</param>
    /// <param name="inputs">The segment's tensor inputs, passed to <paramref name="f"/>; saved for backward (an in-place change to one makes backward throw).</param>
    /// <returns>The outputs of <paramref name="f"/>; floating-point ones carry a <c>CheckpointFunctionBackward</c> node when anything <paramref name="f"/> read requires grad.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="f"/> returned null, no outputs or a null output; or, at backward time, its recomputation gave different output shapes.</exception>
    /// <example>
    /// <code>
    /// // a deep MLP whose blocks keep no activations between forward and backward
    /// foreach (var block in blocks)
    ///     h = Autograd.Checkpoint(xs => [block.Forward(xs[0])], h)[0];
    /// loss(h).Backward();                       // each block runs its forward again, then its backward
    /// </code>
    /// </example>
    public static Tensor[] Checkpoint(Func<Tensor[], Tensor[]> f, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is null) throw new ArgumentNullException(nameof(inputs), $"Autograd.Checkpoint: input {i} is null.");
        if (!IsGradEnabled) return CheckOutputs(f(inputs), null);

        var capture = new CheckpointCapture();
        Tensor[] raw;
        using (capture.Activate())
        using (NoGrad())
            raw = CheckOutputs(f(inputs), null);

        // the node's inputs: the explicit ones, then what f closed over (each once)
        var nodeInputs = new List<Tensor>(inputs);
        var known = new HashSet<Tensor>(inputs, ReferenceEqualityComparer.Instance);
        foreach (Tensor t in capture.Tensors)
            if (known.Add(t)) nodeInputs.Add(t);
        Tensor[] edges = [.. nodeInputs];
        if (!Tensor.NeedsGrad(edges)) return raw;
        int firstFloat = Array.FindIndex(raw, t => t.DType.IsFloatingPoint());
        if (firstFloat < 0) return raw;

        // One hub node runs the recomputation once for all outputs: each output's node parks its gradient in a slot
        // and passes a constant zero to the hub, which the engine applies after every output node that received one.
        var slots = new Tensor?[raw.Length];
        var layouts = Array.ConvertAll(raw, t => (t.Shape, t.DType));
        DType hubType = raw[firstFloat].DType;
        var hub = new Tensor(new Shape(), hubType);
        hub = Tensor.RecordDifferentiable(hub, "CheckpointFunctionBackward", edges,
            _ => RecomputeAndBackward(f, inputs, edges, capture, layouts, slots), inputs);
        var outputs = new Tensor[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            if (!raw[i].DType.IsFloatingPoint())
            {
                outputs[i] = raw[i];
                continue;
            }
            int slot = i;
            // a tensor object of its own for the node, even when f returned one of its inputs
            outputs[i] = Tensor.RecordDifferentiable(raw[i].Detach(), "CheckpointFunctionBackward", [hub], g =>
            {
                slots[slot] = g;
                return [Tensor.ZeroGradient(new Shape(), hubType)];
            });
        }
        return outputs;
    }

    /// <summary>The hub's backward: replays the generators, recomputes f with grad on and backpropagates the parked gradients.</summary>
    private static Tensor?[] RecomputeAndBackward(Func<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor[] edges, CheckpointCapture capture,
        (Shape Shape, DType DType)[] forwardOutputs, Tensor?[] slots)
    {
        var grads = (Tensor?[])slots.Clone();
        Array.Clear(slots); // ready for another backward pass through a retained graph
        bool creating = IsCreatingGraph;
        // First order: fresh leaves standing for the inputs, so the recomputed graph ends at them. createGraph: the inputs
        // themselves, so the gradients keep their dependence on them (the backward below stops at them all the same).
        Tensor[] xs = creating ? inputs : Array.ConvertAll(inputs, t =>
        {
            Tensor d = t.Detach();
            if (t.RequiresGrad) d.RequiresGrad = true;
            return d;
        });
        Tensor[] outs;
        byte[][] states = capture.ReplayGenerators();
        try
        {
            using (EnableGrad()) outs = CheckOutputs(f(xs), forwardOutputs);
        }
        finally
        {
            capture.RestoreGenerators(states);
        }

        var roots = new List<Tensor>();
        var rootGrads = new List<Tensor>();
        for (int i = 0; i < outs.Length; i++)
            if (grads[i] is Tensor g && outs[i].RequiresGrad)
            {
                roots.Add(outs[i]);
                rootGrads.Add(g);
            }
        var result = new Tensor?[edges.Length];
        if (roots.Count == 0) return result;
        var wanted = new List<Tensor>(edges.Length);
        for (int i = 0; i < edges.Length; i++)
            if (edges[i].RequiresGrad) wanted.Add(i < inputs.Length ? xs[i] : edges[i]);
        Tensor root = roots[0], rootGrad = rootGrads[0];
        if (roots.Count > 1)
        {
            // one root handing each output its own gradient, so that the outputs' gradients meet inside f exactly as
            // they would in a backward pass through f itself
            Tensor?[] handed = [.. rootGrads];
            using (EnableGrad())
                root = Tensor.RecordDifferentiable(new Tensor(new Shape(), root.DType), "CheckpointOutputs", [.. roots], _ => handed);
            rootGrad = Tensor.Ones(new Shape(), root.DType);
        }
        Tensor?[] found = BackwardEngine.Run(root, rootGrad, retainGraph: creating, createGraph: creating, wanted, stopAtInputs: true)!;
        for (int i = 0, w = 0; i < edges.Length; i++)
            if (edges[i].RequiresGrad) result[i] = found[w++];
        return result;
    }

    private static Tensor[] CheckOutputs(Tensor[]? outputs, (Shape Shape, DType DType)[]? forward)
    {
        if (outputs is null || outputs.Length == 0)
            throw new InvalidOperationException("Autograd.Checkpoint: the function returned no outputs; it must return at least one tensor.");
        if (forward is not null && outputs.Length != forward.Length)
            throw new InvalidOperationException(
                $"Autograd.Checkpoint: recomputing the function in backward gave {outputs.Length} outputs, the forward gave {forward.Length}.");
        for (int i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is null) throw new InvalidOperationException($"Autograd.Checkpoint: the function returned null as output {i}.");
            if (forward is not null && (outputs[i].Shape != forward[i].Shape || outputs[i].DType != forward[i].DType))
                throw new InvalidOperationException(
                    $"Autograd.Checkpoint: recomputing the function in backward gave output {i} of {outputs[i].Shape} {outputs[i].DType}, " +
                    $"the forward gave {forward[i].Shape} {forward[i].DType}; the function must be deterministic given its inputs.");
        }
        return outputs;
    }
}
