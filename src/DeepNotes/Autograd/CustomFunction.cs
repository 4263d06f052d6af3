namespace DeepNotes;

public static partial class Autograd
{
    /// <summary>
    /// Runs a user-defined differentiable function, like a <c>torch.autograd.Function</c>: <paramref name="forward"/>
    /// computes the output from the inputs (without recording), and <paramref name="backward"/> maps dL/d(output) to
    /// dL/d(input) for each input. Verify the pair with <see cref="GradCheck"/>.
    /// </summary>
    /// <param name="name">A name for the backward node, shown in <see cref="Tensor.GradFnName"/> and error messages.</param>
    /// <param name="forward">Computes the output from the inputs; it runs with grad mode off.</param>
    /// <param name="backward">
    /// Receives the inputs, the output and dL/d(output); returns one gradient per input (same shape and dtype as the
    /// input), or null for an input that needs none. It runs with grad mode off.
    /// </param>
    /// <param name="inputs">The function's tensor inputs. They are saved for backward: changing one in place before
    /// the backward pass makes it throw.</param>
    /// <returns>The output, recorded in the graph when an input requires grad and grad mode is on.</returns>
    /// <exception cref="InvalidOperationException">At backward time: <paramref name="backward"/> returned the wrong number of gradients or a gradient of the wrong shape or dtype.</exception>
    /// <example>
    /// <code>
    /// // y = x³ with its hand-written derivative 3x²
    /// Tensor Cube(Tensor x) => Autograd.Function("CubeBackward",
    ///     forward: xs => xs[0] * xs[0] * xs[0],
    ///     backward: (xs, y, g) => [g * 3 * xs[0] * xs[0]],
    ///     x);
    /// GradCheck.Check(xs => Cube(xs[0]), Tensor.Randn([5], DType.Float64, requiresGrad: true));
    /// </code>
    /// </example>
    public static Tensor Function(string name, Func<Tensor[], Tensor> forward, Func<Tensor[], Tensor, Tensor, Tensor?[]> backward, params Tensor[] inputs) =>
        Function(name, forward, backward, differentiableBackward: false, inputs);

    /// <summary>
    /// As <see cref="Function(string, Func{Tensor[], Tensor}, Func{Tensor[], Tensor, Tensor, Tensor?[]}, Tensor[])"/>,
    /// declaring whether <paramref name="backward"/> is differentiable, like a <c>torch.autograd.Function</c> whose
    /// backward is written in Tensor ops (PyTorch's <c>once_differentiable</c> marks the opposite). With
    /// <paramref name="differentiableBackward"/> true, a backward pass with <c>createGraph</c> runs
    /// <paramref name="backward"/> in grad mode on the inputs and the output <em>with their graph</em> (and on a
    /// gradient that has one), and records the ops it calls, so the gradients it returns can be differentiated again
    /// (Hessians, gradient penalties, <see cref="GradCheck.GradGradCheck(Func{Tensor[], Tensor}, Tensor[])"/>). A first-order
    /// pass runs it exactly as the other overload does (grad mode off, detached inputs). With false, a
    /// <c>createGraph</c> pass through the function throws <see cref="NotSupportedException"/> naming it.
    /// </summary>
    /// <param name="name">A name for the backward node, shown in <see cref="Tensor.GradFnName"/> and error messages.</param>
    /// <param name="forward">Computes the output from the inputs; it runs with grad mode off.</param>
    /// <param name="backward">
    /// Receives the inputs, the output and dL/d(output); returns one gradient per input (same shape and dtype as the
    /// input), or null for an input that needs none. It must compute them with Tensor ops only (no raw arrays) when
    /// <paramref name="differentiableBackward"/> is true.
    /// </param>
    /// <param name="differentiableBackward">Whether <paramref name="backward"/> may be recorded and differentiated again.</param>
    /// <param name="inputs">The function's tensor inputs, saved for backward (an in-place change to one makes backward throw).</param>
    /// <returns>The output, recorded in the graph when an input requires grad and grad mode is on.</returns>
    /// <exception cref="InvalidOperationException">At backward time: <paramref name="backward"/> returned the wrong number of gradients or a gradient of the wrong shape or dtype.</exception>
    /// <exception cref="NotSupportedException">
    /// At backward time with <c>createGraph</c>: the backward was not declared differentiable, or it returned a gradient
    /// without a graph (computed outside Tensor ops); the message names the function.
    /// </exception>
    /// <example>
    /// <code>
    /// // y = x³ whose hand-written derivative 3x² is itself differentiated: d²y/dx² = 6x
    /// Tensor Cube(Tensor x) => Autograd.Function("CubeBackward",
    ///     forward: xs => xs[0] * xs[0] * xs[0],
    ///     backward: (xs, y, g) => [g * 3 * xs[0] * xs[0]],
    ///     differentiableBackward: true, x);
    /// GradCheck.GradGradCheck(xs => Cube(xs[0]), Tensor.Randn([5], DType.Float64, requiresGrad: true));
    /// </code>
    /// </example>
    public static Tensor Function(string name, Func<Tensor[], Tensor> forward, Func<Tensor[], Tensor, Tensor, Tensor?[]> backward,
        bool differentiableBackward, params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        ArgumentNullException.ThrowIfNull(inputs);
        var detached = inputs.Select(t => t.Detach()).ToArray();
        Tensor raw;
        using (NoGrad()) raw = forward(detached);
        if (raw is null) throw new InvalidOperationException($"{name}: the forward function returned null.");
        // A tensor object of its own for the graph node, even when forward returned one of its inputs.
        Tensor output = raw.Detach();
        var savedOutput = output.Detach();
        Tensor?[] Run(Tensor[] xs, Tensor y, Tensor g)
        {
            Tensor?[] grads = backward(xs, y, g);
            if (grads is null || grads.Length != inputs.Length)
                throw new InvalidOperationException(
                    $"{name}: the backward function returned {grads?.Length ?? 0} gradients for {inputs.Length} inputs.");
            return grads;
        }
        // Recorded as differentiable in both cases so that this closure, not the engine, explains a refusal.
        return Tensor.RecordDifferentiable(output, name, inputs, g =>
        {
            if (!IsCreatingGraph) return Run(detached, savedOutput, g);
            if (!differentiableBackward)
                throw new NotSupportedException(
                    $"{name} does not support createGraph: it is an Autograd.Function whose backward was not declared differentiable, so the " +
                    "gradient it returns could not be differentiated again. If its backward is written in Tensor ops, pass " +
                    "differentiableBackward: true to Autograd.Function; otherwise call Backward/Grad without createGraph.");
            return Run(inputs, output, g); // grad mode is on in a createGraph pass: the backward's ops are recorded
        }, inputs);
    }
}