using System.Collections;
using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Chains <c>Module&lt;Tensor, Tensor&gt;</c> layers, feeding each one's output to the next, like <c>nn.Sequential</c>.
/// Children are named <c>0</c>, <c>1</c>, ... unless given names, so parameter names match PyTorch's
/// (<c>0.weight</c>, <c>2.bias</c>).
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential(new Dense(784, 256), new Relu(), new Dense(256, 10));
/// Tensor logits = model.Forward(images); // [N, 784] -> [N, 10]
/// </code>
/// </example>
public sealed class Sequential : Module<Tensor, Tensor>, IEnumerable<Module<Tensor, Tensor>>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    /// <summary>An empty sequence; <see cref="Add(Module{Tensor, Tensor})"/> appends layers.</summary>
    public Sequential()
    {
    }

    /// <summary>Chains <paramref name="layers"/>, named by position.</summary>
    public Sequential(params IEnumerable<Module<Tensor, Tensor>> layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Chains named layers (PyTorch's <c>OrderedDict</c> form).</summary>
    public Sequential(params IEnumerable<(string Name, Module<Tensor, Tensor> Layer)> namedLayers)
    {
        foreach (var (name, layer) in namedLayers) Add(name, layer);
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/> (negative counts from the end).</summary>
    public Module<Tensor, Tensor> this[int index] => _layers[index < 0 ? index + _layers.Count : index];

    /// <summary>Appends a layer named by its position.</summary>
    /// <returns>This sequence.</returns>
    public Sequential Add(Module<Tensor, Tensor> layer) => Add(_layers.Count.ToString(CultureInfo.InvariantCulture), layer);

    /// <summary>Appends a named layer.</summary>
    /// <returns>This sequence.</returns>
    public Sequential Add(string name, Module<Tensor, Tensor> layer)
    {
        _layers.Add(RegisterModule(name, layer));
        return this;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        foreach (var layer in _layers) input = layer.Call(input);
        return input;
    }

    /// <inheritdoc/>
    public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
