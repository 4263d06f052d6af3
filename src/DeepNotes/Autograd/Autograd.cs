namespace DeepNotes;

/// <summary>
/// Grad mode and gradient computation: <see cref="NoGrad"/> (like <c>torch.no_grad()</c>) and
/// <see cref="Grad(Tensor, IReadOnlyList{Tensor}, Tensor?, bool?, bool, bool)"/> (like <c>torch.autograd.grad</c>).
/// </summary>
/// <remarks>
/// The types of the <c>Autograd/</c> folder live in the root <c>DeepNotes</c> namespace: a namespace
/// <c>DeepNotes.Autograd</c> could not coexist with this class.
/// </remarks>
public static partial class Autograd
{
    [ThreadStatic] private static bool t_gradDisabled;
    [ThreadStatic] private static bool t_creatingGraph;

    /// <summary>True when ops record graph nodes on this thread (the default).</summary>
    public static bool IsGradEnabled => !t_gradDisabled;

    /// <summary>
    /// True while a backward pass with <c>createGraph: true</c> runs on this thread: backward functions must then
    /// compute their gradients with differentiable ops (the fast fused kernels serve the first-order path).
    /// </summary>
    internal static bool IsCreatingGraph => t_creatingGraph;

    internal static bool SetCreatingGraph(bool creating)
    {
        bool previous = t_creatingGraph;
        t_creatingGraph = creating;
        return previous;
    }

    /// <summary>
    /// Turns graph recording off on the current thread until the returned scope is disposed:
    /// <c>using (Autograd.NoGrad()) { ... }</c>. Scopes nest; each thread has its own mode.
    /// </summary>
    public static GradModeScope NoGrad() => new(enabled: false);

    /// <summary>Turns graph recording back on inside a <see cref="NoGrad"/> region until disposed.</summary>
    public static GradModeScope EnableGrad() => new(enabled: true);

    internal static void SetEnabled(bool enabled) => t_gradDisabled = !enabled;

    /// <summary>
    /// Computes and returns the gradients of <paramref name="output"/> with respect to <paramref name="inputs"/>
    /// (leaves or intermediate tensors) without touching any <see cref="Tensor.Grad"/>, like <c>torch.autograd.grad</c>.
    /// </summary>
    /// <param name="output">The tensor to differentiate.</param>
    /// <param name="inputs">Tensors of the graph that produced <paramref name="output"/>.</param>
    /// <param name="gradOutput">dL/d(output); may be omitted only for a one-element output.</param>
    /// <param name="retainGraph">Keep the graph so that it can be differentiated again; defaults to <paramref name="createGraph"/>.</param>
    /// <param name="createGraph">
    /// Record the backward pass itself, so that the returned gradients require grad and can be differentiated again
    /// (Hessians, gradient penalties, meta-learning); to any order.
    /// </param>
    /// <param name="allowUnused">Return zeros instead of throwing for an input the output does not depend on.</param>
    /// <returns>One gradient per input, same shape and dtype as the input.</returns>
    /// <exception cref="InvalidOperationException">An input is unused (and <paramref name="allowUnused"/> is false), the output has no graph, or the graph was freed.</exception>
    /// <exception cref="NotSupportedException"><paramref name="createGraph"/> through an op whose backward is not differentiable; the message names it.</exception>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? gradOutput = null, bool? retainGraph = null,
        bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        var captured = BackwardEngine.Run(output, gradOutput, retainGraph ?? createGraph, createGraph, inputs);
        var result = new Tensor[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            if (captured![i] is Tensor g) result[i] = g;
            else if (allowUnused) result[i] = Tensor.Zeros(inputs[i].Shape, inputs[i].DType);
            else
                throw new InvalidOperationException(
                    $"Autograd.Grad: input {i} ({inputs[i].Shape} {inputs[i].DType}) was not used to compute the output " +
                    "or does not require grad; pass allowUnused: true to get zeros.");
        }
        return result;
    }
}

/// <summary>Restores the previous grad mode when disposed; returned by <see cref="Autograd.NoGrad"/>.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _restoreDisabled; // default(GradModeScope) restores "enabled"

    internal GradModeScope(bool enabled)
    {
        _restoreDisabled = !Autograd.IsGradEnabled;
        Autograd.SetEnabled(enabled);
    }

    /// <summary>Restores the grad mode that was in force when the scope was created.</summary>
    public void Dispose() => Autograd.SetEnabled(!_restoreDisabled);
}
