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
    public static Tensor Function(string name, Func<Tensor[], Tensor> forward, Func<Tensor[], Tensor, Tensor, Tensor?[]> backward, params Tensor[] inputs)
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
        return Tensor.Record(output, name, inputs, g =>
        {
            Tensor?[] grads = backward(detached, savedOutput, g);
            if (grads is null || grads.Length != inputs.Length)
                throw new InvalidOperationException(
                    $"{name}: the backward function returned {grads?.Length ?? 0} gradients for {inputs.Length} inputs.");
            return grads;
        }, inputs);
    }
}
