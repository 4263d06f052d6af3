using System.Collections;
using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// An indexed list of child modules (<c>nn.ModuleList</c>): children are named <c>0</c>, <c>1</c>, ... so their
/// parameters appear as <c>0.weight</c>, <c>1.bias</c> (or <c>layers.0.weight</c> when registered as <c>layers</c>),
/// exactly as in a PyTorch <c>state_dict</c>. It has no forward pass: a module that owns one calls its items itself.
/// </summary>
/// <example>
/// <code>
/// var blocks = RegisterModule("blocks", new ModuleList(new Dense(8, 8), new Dense(8, 8)));
/// foreach (Dense block in blocks) x = block.Call(x).Relu();
/// </code>
/// </example>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> _items = [];

    /// <summary>An empty list; <see cref="Add"/> appends.</summary>
    public ModuleList()
    {
    }

    /// <summary>A list of <paramref name="modules"/>, named by position.</summary>
    /// <exception cref="ArgumentException">A module would appear inside itself.</exception>
    public ModuleList(params IEnumerable<Module> modules) => AddRange(modules);

    /// <summary>The number of modules.</summary>
    public int Count => _items.Count;

    /// <summary>The module at <paramref name="index"/> (negative counts from the end, as in Python).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [−Count, Count).</exception>
    public Module this[int index]
    {
        get
        {
            if (index < -_items.Count || index >= _items.Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"ModuleList: index {index} is out of range for {_items.Count} modules.");
            return _items[index < 0 ? index + _items.Count : index];
        }
    }

    /// <summary>Appends a module named by its position (PyTorch's <c>append</c>).</summary>
    /// <returns>This list.</returns>
    public ModuleList Add(Module module)
    {
        _items.Add(RegisterModule(_items.Count.ToString(CultureInfo.InvariantCulture), module));
        return this;
    }

    /// <summary>Appends several modules (PyTorch's <c>extend</c>).</summary>
    /// <returns>This list.</returns>
    public ModuleList AddRange(IEnumerable<Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules) Add(module);
        return this;
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string Describe() => $"ModuleList(count: {Count})";
}
