using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// An indexed list of child modules named <c>0</c>, <c>1</c>, ... (PyTorch's <c>nn.ModuleList</c> as used by the
/// transformer stacks, so parameters are named <c>layers.0.self_attn.in_proj_weight</c>). It has no forward pass.
/// </summary>
internal sealed class LayerList<TLayer> : Module
    where TLayer : Module
{
    private readonly List<TLayer> _layers = [];

    public LayerList(IEnumerable<TLayer> layers)
    {
        foreach (var layer in layers)
            _layers.Add(RegisterModule(_layers.Count.ToString(CultureInfo.InvariantCulture), layer));
    }

    public int Count => _layers.Count;

    public TLayer this[int index] => _layers[index];

    public IReadOnlyList<TLayer> Items => _layers;

    public override string Describe() => $"ModuleList(count: {_layers.Count})";
}
