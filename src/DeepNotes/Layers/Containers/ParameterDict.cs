using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace DeepNotes.Layers;

/// <summary>
/// Parameters by name, in insertion order (<c>nn.ParameterDict</c>): a <c>state_dict</c> lists each under its key (or
/// <c>prefix.key</c> when the dictionary is registered as <c>prefix</c>), as PyTorch does. Keys are non-empty and contain
/// no '.'. Each tensor becomes a parameter that requires grad.
/// </summary>
public sealed class ParameterDict : Module, IReadOnlyDictionary<string, Tensor>
{
    private readonly List<string> _keys = [];

    /// <summary>An empty dictionary; <see cref="Add"/> inserts.</summary>
    public ParameterDict()
    {
    }

    /// <summary>A dictionary of the named parameters, in the given order.</summary>
    /// <exception cref="ArgumentException">A key is empty, contains '.', or repeats, or a tensor is not a floating-point leaf.</exception>
    public ParameterDict(params IEnumerable<(string Key, Tensor Parameter)> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (key, p) in parameters) Add(key, p);
    }

    /// <summary>The number of parameters.</summary>
    public int Count => _keys.Count;

    /// <summary>The parameter under <paramref name="key"/>: the live tensor, after any <see cref="Module.To(DType)"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is none; the message lists the keys.</exception>
    public Tensor this[string key] => ContainsKey(key) ? GetParameter(key)!
        : throw new KeyNotFoundException($"ParameterDict has no parameter '{key}'; keys: [{string.Join(", ", _keys)}].");

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<string> Keys => _keys;

    /// <summary>The parameters, in insertion order.</summary>
    public IEnumerable<Tensor> Values => _keys.Select(k => this[k]);

    /// <summary>Inserts <paramref name="parameter"/> under <paramref name="key"/>; it is made to require grad.</summary>
    /// <returns>The registered tensor.</returns>
    /// <exception cref="ArgumentException">The key is empty, contains '.', or is taken, or the tensor is not a floating-point leaf.</exception>
    public Tensor Add(string key, Tensor parameter)
    {
        var p = RegisterParameter(key, parameter);
        _keys.Add(key);
        return p;
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _keys.Contains(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value)
    {
        value = ContainsKey(key) ? GetParameter(key) : null;
        return value is not null;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        _keys.Select(k => new KeyValuePair<string, Tensor>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string Describe() => $"ParameterDict(count: {Count})";
}
