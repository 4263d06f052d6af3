namespace DeepNotes.Layers;

/// <summary>
/// A module with a typed forward pass: <see cref="Forward"/> maps a <typeparamref name="TInput"/> to a
/// <typeparamref name="TOutput"/>. Most layers are <c>Module&lt;Tensor, Tensor&gt;</c>, which <see cref="Sequential"/>
/// chains; recurrent layers and attention use tuples.
/// </summary>
/// <remarks>
/// Subclasses override <see cref="Forward"/>. Callers use <see cref="Call"/> (PyTorch's <c>module(x)</c>), which runs
/// <see cref="Forward"/> between the module's forward hooks; composite modules call their children through
/// <see cref="Call"/> so that hooks, and <see cref="ModuleSummaryExtensions.Summary(Module{Tensor, Tensor}, int[], DType)"/>, see every layer.
/// </remarks>
/// <typeparam name="TInput">What the forward pass takes.</typeparam>
/// <typeparam name="TOutput">What it returns.</typeparam>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Computes the module's output; ops record the autograd graph as they run.</summary>
    public abstract TOutput Forward(TInput input);

    /// <summary>
    /// Runs the module: forward pre-hooks, <see cref="Forward"/>, then forward hooks, like calling a PyTorch module.
    /// Without hooks it costs the same as <see cref="Forward"/>.
    /// </summary>
    public TOutput Call(TInput input)
    {
        RunForwardPreHooks(input);
        var output = Forward(input);
        RunForwardHooks(input, output);
        return output;
    }
}
