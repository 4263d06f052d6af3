namespace DeepNotes.Layers;

/// <summary>
/// A module with a typed forward pass: <see cref="Forward"/> maps a <typeparamref name="TInput"/> to a
/// <typeparamref name="TOutput"/>. Most layers are <c>Module&lt;Tensor, Tensor&gt;</c>, which <see cref="Sequential"/>
/// chains; recurrent layers and attention use tuples.
/// </summary>
/// <typeparam name="TInput">What the forward pass takes.</typeparam>
/// <typeparam name="TOutput">What it returns.</typeparam>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>Computes the module's output; ops record the autograd graph as they run.</summary>
    public abstract TOutput Forward(TInput input);
}
