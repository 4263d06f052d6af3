using System.Text.RegularExpressions;

namespace DeepNotes.Layers;

/// <summary>
/// The base of every layer and model, like <c>torch.nn.Module</c>: it owns named parameters, buffers and child modules,
/// registered explicitly, and walks them with dotted names identical to a PyTorch <c>state_dict</c>
/// (<c>0.weight</c>, <c>encoder.fc1.bias</c>).
/// </summary>
/// <remarks>
/// Registration order is kept: <see cref="NamedParameters"/> lists a module's own parameters first, then those of its
/// children in the order they were registered, exactly as PyTorch does. <see cref="To(DType)"/> replaces parameter
/// tensors, so layers read their parameters through <see cref="GetParameter"/> (or properties built on it) rather
/// than caching them in fields.
/// </remarks>
/// <example>
/// <code>
/// sealed class TwoLayer : Module&lt;Tensor, Tensor&gt;
/// {
///     private readonly Dense _fc1, _fc2;
///     public TwoLayer()
///     {
///         _fc1 = RegisterModule("fc1", new Dense(784, 128));
///         _fc2 = RegisterModule("fc2", new Dense(128, 10));
///     }
///     public override Tensor Forward(Tensor x) => _fc2.Call(_fc1.Call(x).Relu());
/// }
/// </code>
/// </example>
public abstract partial class Module
{
    private readonly List<string> _parameterNames = [];
    private readonly Dictionary<string, Tensor?> _parameters = [];
    private readonly List<string> _bufferNames = [];
    private readonly Dictionary<string, Tensor?> _buffers = [];
    private readonly HashSet<string> _nonPersistentBuffers = [];
    private readonly List<string> _moduleNames = [];
    private readonly Dictionary<string, Module> _modules = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>. Dropout and BatchNorm read it.</summary>
    public bool IsTraining { get; internal set; } = true;

    /// <summary>A short description of the module for printing, e.g. <c>Dense(in: 784, out: 10, bias: true)</c>.</summary>
    public virtual string Describe() => GetType().Name;

    // ------------------------------------------------------------------ registration

    /// <summary>
    /// Registers <paramref name="value"/> as a trainable parameter under <paramref name="name"/> and makes it require
    /// grad. A null value declares an absent optional parameter (e.g. no bias): it is listed nowhere.
    /// </summary>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentException">The name is invalid or taken, or the tensor is not a floating-point leaf.</exception>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        CheckParameterTensor(name, value);
        value.RequiresGrad = true;
        _parameterNames.Add(name);
        _parameters[name] = value;
        return value;
    }

    /// <summary>Declares an optional parameter that is absent (PyTorch's <c>register_parameter(name, None)</c>).</summary>
    protected void RegisterAbsentParameter(string name)
    {
        CheckNewName(name);
        _parameterNames.Add(name);
        _parameters[name] = null;
    }

    /// <summary>
    /// Registers a buffer: state that is not trained but belongs to the module (running statistics). Persistent buffers
    /// appear in <see cref="StateDict"/>.
    /// </summary>
    /// <returns><paramref name="value"/>.</returns>
    protected Tensor RegisterBuffer(string name, Tensor value, bool persistent = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        _bufferNames.Add(name);
        _buffers[name] = value;
        if (!persistent) _nonPersistentBuffers.Add(name);
        return value;
    }

    /// <summary>Registers a child module; its parameters appear under <c>name.</c>.</summary>
    /// <returns><paramref name="module"/>.</returns>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        if (ReferenceEquals(module, this) || module.Modules().Any(m => ReferenceEquals(m, this)))
            throw new ArgumentException($"Registering module '{name}' would make a cycle.", nameof(module));
        _moduleNames.Add(name);
        _modules[name] = module;
        return module;
    }

    /// <summary>The parameter registered under <paramref name="name"/> on this module (not a child), or null when absent.</summary>
    /// <exception cref="KeyNotFoundException">No parameter of that name was registered.</exception>
    protected Tensor? GetParameter(string name) =>
        _parameters.TryGetValue(name, out var p) ? p
            : throw new KeyNotFoundException($"{GetType().Name} has no parameter named '{name}'.");

    /// <summary>The buffer registered under <paramref name="name"/> on this module.</summary>
    /// <exception cref="KeyNotFoundException">No buffer of that name was registered.</exception>
    protected Tensor GetBuffer(string name) =>
        _buffers.TryGetValue(name, out var b) && b is not null ? b
            : throw new KeyNotFoundException($"{GetType().Name} has no buffer named '{name}'.");

    /// <summary>Replaces the tensor of a registered parameter (same shape), e.g. to load weights or change dtype.</summary>
    /// <exception cref="ArgumentException">The shape differs from the current parameter's.</exception>
    protected void ReplaceParameter(string name, Tensor value)
    {
        var old = GetParameter(name);
        if (old is not null && old.Shape != value.Shape)
            throw new ArgumentException($"{GetType().Name}.{name}: expected shape {old.Shape}, got {value.Shape}.", nameof(value));
        CheckParameterTensor(name, value);
        value.RequiresGrad = old?.RequiresGrad ?? true;
        _parameters[name] = value;
    }

    /// <summary>Replaces the tensor of a registered buffer.</summary>
    protected void ReplaceBuffer(string name, Tensor value)
    {
        _ = GetBuffer(name);
        _buffers[name] = value;
    }

    private static readonly Regex s_validName = new("^[^.]+$", RegexOptions.Compiled);

    private void CheckNewName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !s_validName.IsMatch(name))
            throw new ArgumentException($"Names of parameters, buffers and modules must be non-empty and contain no '.', got '{name}'.", nameof(name));
        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _modules.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.", nameof(name));
    }

    private void CheckParameterTensor(string name, Tensor value)
    {
        if (!value.DType.IsFloatingPoint())
            throw new ArgumentException($"Parameter '{name}' must be Float32 or Float64, got {value.DType}.", nameof(value));
        if (!value.IsLeaf)
            throw new ArgumentException($"Parameter '{name}' must be a leaf tensor; it was produced by {value.GradFnName}. Use Detach().", nameof(value));
    }

    // ------------------------------------------------------------------ traversal

    /// <summary>The direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var n in _moduleNames) yield return (n, _modules[n]);
    }

    /// <summary>The direct children, in registration order.</summary>
    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>This module and all its descendants, depth-first, each once, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return NamedModulesCore(prefix, seen);
    }

    private IEnumerable<(string, Module)> NamedModulesCore(string prefix, HashSet<Module> seen)
    {
        if (!seen.Add(this)) yield break;
        yield return (prefix, this);
        foreach (var (n, m) in NamedChildren())
            foreach (var item in m.NamedModulesCore(Join(prefix, n), seen))
                yield return item;
    }

    /// <summary>This module and all its descendants, depth-first.</summary>
    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>
    /// Every parameter with its dotted name (<c>fc1.weight</c>), own parameters first, then the children's; a tensor
    /// shared by two modules is listed once, like PyTorch.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "", bool recurse = true)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (modName, module) in recurse ? NamedModules(prefix) : [(prefix, this)])
            foreach (var n in module._parameterNames)
                if (module._parameters[n] is { } p && seen.Add(p))
                    yield return (Join(modName, n), p);
    }

    /// <summary>Every parameter (see <see cref="NamedParameters"/>), what an optimizer is given.</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse: recurse).Select(p => p.Parameter);

    /// <summary>Every buffer with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "", bool recurse = true)
    {
        foreach (var (modName, module) in recurse ? NamedModules(prefix) : [(prefix, this)])
            foreach (var n in module._bufferNames)
                if (module._buffers[n] is { } b)
                    yield return (Join(modName, n), b);
    }

    /// <summary>Every buffer.</summary>
    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse: recurse).Select(b => b.Buffer);

    /// <summary>
    /// The module's state as PyTorch's <c>state_dict()</c> names it: for each module depth-first, its parameters then its
    /// persistent buffers. The tensors are the live ones (detached views), not copies.
    /// </summary>
    public OrderedDictionary<string, Tensor> StateDict()
    {
        var state = new OrderedDictionary<string, Tensor>();
        foreach (var (modName, module) in NamedModules())
        {
            foreach (var n in module._parameterNames)
                if (module._parameters[n] is { } p) state[Join(modName, n)] = p.Detach();
            foreach (var n in module._bufferNames)
                if (module._buffers[n] is { } b && !module._nonPersistentBuffers.Contains(n)) state[Join(modName, n)] = b;
        }
        return state;
    }

    internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // ------------------------------------------------------------------ modes and housekeeping

    /// <summary>
    /// Puts this module and its descendants in training mode (or evaluation mode when <paramref name="mode"/> is false);
    /// modules held in evaluation mode by <see cref="Freeze(bool)"/> or <see cref="FreezeNormalization"/> stay there.
    /// </summary>
    /// <returns>This module.</returns>
    public Module Train(bool mode = true)
    {
        foreach (var m in Modules()) m.IsTraining = mode && !m._heldInEval;
        return this;
    }

    /// <summary>Puts this module and its descendants in evaluation mode: dropout off, batch norm on running statistics.</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters (sets them to null, PyTorch's default <c>set_to_none=True</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Sets <see cref="Tensor.RequiresGrad"/> on every parameter, like PyTorch's <c>requires_grad_()</c>.</summary>
    /// <returns>This module.</returns>
    public Module SetRequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters()) p.RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>The number of parameter elements; with <paramref name="trainableOnly"/>, only those that require grad.</summary>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.ElementCount);

    /// <summary>Calls <paramref name="action"/> on every descendant and then on this module (PyTorch's <c>apply</c>).</summary>
    /// <returns>This module.</returns>
    public Module Apply(Action<Module> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        foreach (var child in Children()) child.Apply(action);
        action(this);
        return this;
    }

    /// <summary>
    /// Converts every floating-point parameter and buffer to <paramref name="dtype"/> (Float32 or Float64), keeping
    /// values and <see cref="Tensor.RequiresGrad"/>; gradients are dropped. Use Float64 for gradient checks.
    /// </summary>
    /// <returns>This module.</returns>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not a floating-point type.</exception>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Module.To expects Float32 or Float64, got {dtype}.", nameof(dtype));
        foreach (var m in Modules())
        {
            foreach (var n in m._parameterNames)
                if (m._parameters[n] is { } p && p.DType != dtype)
                {
                    var converted = p.Detach().ConvertRaw(dtype);
                    converted.RequiresGrad = p.RequiresGrad;
                    m._parameters[n] = converted;
                }
            foreach (var n in m._bufferNames)
                if (m._buffers[n] is { } b && b.DType.IsFloatingPoint() && b.DType != dtype)
                    m._buffers[n] = b.ConvertRaw(dtype);
        }
        return this;
    }

    /// <summary>A tree of the module and its children with their descriptions, like printing a PyTorch module.</summary>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        Print(sb, "", 0);
        return sb.ToString().TrimEnd();
    }

    private void Print(System.Text.StringBuilder sb, string name, int depth)
    {
        sb.Append(' ', depth * 2);
        if (name.Length > 0) sb.Append('(').Append(name).Append("): ");
        sb.AppendLine(Describe());
        foreach (var (n, m) in NamedChildren()) m.Print(sb, n, depth + 1);
    }
}
