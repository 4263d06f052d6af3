using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DeepNotes.Layers;

/// <summary>
/// Child modules by name, in insertion order (<c>nn.ModuleDict</c>): each child's parameters appear under its key, e.g.
/// <c>encoder.weight</c>, exactly as in a PyTorch <c>state_dict</c>. Keys are non-empty and contain no '.'. It has no
/// forward pass: a module that owns one calls its items itself.
/// </summary>
/// <example>
/// <code>
/// var heads = RegisterModule("heads", new ModuleDict(("class", new Dense(64, 10)), ("box", new Dense(64, 4))));
/// Tensor boxes = ((Dense)heads["box"]).Call(features);
/// </code>
/// </example>
public sealed class ModuleDict : Module, IReadOnlyDictionary<string, Module>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, Module> _items = [];

    /// <summary>An empty dictionary; <see cref="Add"/> inserts.</summary>
    public ModuleDict()
    {
    }

    /// <summary>A dictionary of the named modules, in the given order.</summary>
    /// <exception cref="ArgumentException">A key is empty, contains '.', or repeats.</exception>
    public ModuleDict(params IEnumerable<(string Key, Module Module)> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var (key, module) in modules) Add(key, module);
    }

    /// <summary>The number of modules.</summary>
    public int Count => _keys.Count;

    /// <summary>The module under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the keys.</exception>
    public Module this[string key] => _items.TryGetValue(key, out var m) ? m
        : throw new KeyNotFoundException($"ModuleDict has no module '{key}'; keys: [{string.Join(", ", _keys)}].");

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>The modules, in insertion order.</summary>
    public IEnumerable<Module> Values => _keys.Select(k => _items[k]);

    /// <summary>Inserts <paramref name="module"/> under <paramref name="key"/>.</summary>
    /// <returns>This dictionary.</returns>
    /// <exception cref="ArgumentException">The key is empty, contains '.', or is taken.</exception>
    public ModuleDict Add(string key, Module module)
    {
        _items[key] = RegisterModule(key, module);
        _keys.Add(key);
        return this;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Module value) => _items.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() =>
        _keys.Select(k => new KeyValuePair<string, Module>(k, _items[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string Describe() => $"ModuleDict(count: {Count})";
}
