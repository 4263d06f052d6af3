namespace DeepNotes.Layers;

/// <summary>
/// Wraps a function of a tensor as a layer, like Keras' <c>Lambda</c> (PyTorch users write a one-method module): e.g.
/// <c>new Lambda(x =&gt; x.Reshape(-1, 1, 28, 28), "ToImage")</c> inside a <see cref="Sequential"/>. The function must
/// be built of differentiable tensor operations to train through it. No parameters, and nothing to save: tensors
/// the function captures are not registered.
/// </summary>
public sealed class Lambda : Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>Creates the layer.</summary>
    /// <param name="function">The forward pass.</param>
    /// <param name="name">A name for <see cref="Describe"/> and summaries (default "Lambda").</param>
    public Lambda(Func<Tensor, Tensor> function, string name = "Lambda")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(name);
        _function = function;
        Name = name;
    }

    /// <summary>The name given at construction.</summary>
    public string Name { get; }

    /// <summary>Applies the function.</summary>
    /// <exception cref="InvalidOperationException">The function returned null.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _function(input) ?? throw new InvalidOperationException($"{Name}: the wrapped function returned null.");
    }

    /// <inheritdoc/>
    public override string Describe() => Name == "Lambda" ? "Lambda" : $"Lambda({Name})";
}
