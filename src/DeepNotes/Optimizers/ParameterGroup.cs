namespace DeepNotes.Optimizers;

/// <summary>
/// A set of parameters that an <see cref="Optimizer"/> updates with the same learning rate and weight decay, like one
/// entry of PyTorch's <c>optimizer.param_groups</c>. Groups let parts of a model train at different rates, e.g. a
/// pretrained backbone with a ten times smaller learning rate than a freshly initialised head:
/// <code>
/// var optimizer = new Adam(
/// [
///     new ParameterGroup(backbone.Parameters(), learningRate: 1e-4),
///     new ParameterGroup(head.Parameters()),          // takes the optimizer's learningRate
/// ], learningRate: 1e-3);
/// </code>
/// </summary>
/// <remarks>
/// A value left null takes the optimizer's default when the group joins an optimizer. A group belongs to one optimizer;
/// its <see cref="LearningRate"/> may be changed at any time (schedulers do).
/// </remarks>
public sealed class ParameterGroup
{
    private double? _learningRate;
    private double? _weightDecay;

    /// <summary>Creates a group of <paramref name="parameters"/> with optional overrides of the optimizer's defaults.</summary>
    /// <param name="parameters">Floating-point leaf tensors (e.g. <c>module.Parameters()</c>); each may appear once.</param>
    /// <param name="learningRate">This group's learning rate, or null for the optimizer's.</param>
    /// <param name="weightDecay">This group's weight decay, or null for the optimizer's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">A parameter is not a floating-point leaf, or appears twice.</exception>
    /// <param name="options">
    /// This group's values of a <see cref="CustomOptimizer"/>'s named hyper-parameters (e.g. <c>["beta1"] = 0.95</c>);
    /// names left out take the optimizer's defaults. Null for none.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate or weight decay is negative or NaN.</exception>
    public ParameterGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null,
        IReadOnlyDictionary<string, double>? options = null)
    {
        if (options is not null)
            foreach (var (name, value) in options) _options[name] = value;
        ArgumentNullException.ThrowIfNull(parameters);
        var list = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in parameters)
        {
            if (p is null)
                throw new ArgumentNullException(nameof(parameters), $"ParameterGroup: parameter {list.Count} is null.");
            if (!p.DType.IsFloatingPoint())
                throw new ArgumentException($"ParameterGroup: parameter {list.Count} is {p.DType} {p.Shape}; only Float32 and Float64 tensors can be optimized.", nameof(parameters));
            if (!p.IsLeaf)
                throw new ArgumentException($"ParameterGroup: parameter {list.Count} ({p.Shape}) is not a leaf (it was produced by {p.GradFnName}); optimize the leaf tensors, or Detach() and set RequiresGrad.", nameof(parameters));
            if (!seen.Add(p))
                throw new ArgumentException($"ParameterGroup: parameter {list.Count} ({p.Shape} {p.DType}) appears more than once.", nameof(parameters));
            list.Add(p);
        }
        if (learningRate is { } lr) HyperParameters.CheckNonNegative("ParameterGroup", "learning rate", lr, nameof(learningRate));
        if (weightDecay is { } wd) HyperParameters.CheckNonNegative("ParameterGroup", "weight decay", wd, nameof(weightDecay));
        ParameterArray = [.. list];
        _learningRate = learningRate;
        _weightDecay = weightDecay;
    }

    /// <summary>The group's parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => ParameterArray;

    internal Tensor[] ParameterArray { get; }

    /// <summary>The optimizer this group belongs to, once it has joined one.</summary>
    internal Optimizer? Owner { get; private set; }

    /// <summary>The learning rate applied to this group's parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value or NaN.</exception>
    /// <exception cref="InvalidOperationException">Read before the group has a value (no override and not yet part of an optimizer).</exception>
    public double LearningRate
    {
        get => _learningRate ?? throw Unresolved("LearningRate");
        set
        {
            HyperParameters.CheckNonNegative("ParameterGroup", "learning rate", value, nameof(value));
            _learningRate = value;
        }
    }

    /// <summary>The weight decay (L2 penalty λ, or AdamW's decoupled decay) applied to this group's parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value or NaN.</exception>
    /// <exception cref="InvalidOperationException">Read before the group has a value (no override and not yet part of an optimizer).</exception>
    public double WeightDecay
    {
        get => _weightDecay ?? throw Unresolved("WeightDecay");
        set
        {
            HyperParameters.CheckNonNegative("ParameterGroup", "weight decay", value, nameof(value));
            _weightDecay = value;
        }
    }

    /// <summary>
    /// The learning rate the first scheduler attached to the optimizer found (PyTorch's <c>initial_lr</c>): the base
    /// that schedules scale. Null until a scheduler is created.
    /// </summary>
    public double? InitialLearningRate { get; internal set; }

    /// <summary>
    /// The group's named hyper-parameters of a <see cref="CustomOptimizer"/> (its own values and, once it has joined
    /// the optimizer, the optimizer's defaults for the others), like the extra keys of a PyTorch param group.
    /// </summary>
    public IReadOnlyDictionary<string, double> Options => _options;

    /// <summary>
    /// A hyper-parameter by name: <c>lr</c> and <c>weight_decay</c> are <see cref="LearningRate"/> and
    /// <see cref="WeightDecay"/>, other names the <see cref="CustomOptimizer"/>'s named hyper-parameters
    /// (e.g. <c>group["beta1"]</c>). Setting one changes this group only, e.g. for a schedule of β₁.
    /// </summary>
    /// <param name="name">The hyper-parameter's name.</param>
    /// <exception cref="KeyNotFoundException">Read a name the group does not have.</exception>
    /// <exception cref="ArgumentException">Set a name the group's optimizer does not define, or a value it rejects.</exception>
    public double this[string name]
    {
        get => name switch
        {
            "lr" => LearningRate,
            "weight_decay" => WeightDecay,
            _ => _options.TryGetValue(name, out double value) ? value
                : throw new KeyNotFoundException($"ParameterGroup: no hyper-parameter '{name}'; the group has lr, weight_decay{string.Concat(_options.Keys.Select(k => ", " + k))}."),
        };
        set
        {
            switch (name)
            {
                case "lr": LearningRate = value; break;
                case "weight_decay": WeightDecay = value; break;
                default:
                    if (Owner is CustomOptimizer custom) custom.CheckOption(name, value);
                    else if (Owner is not null)
                        throw new ArgumentException($"ParameterGroup: {Owner.GetType().Name} has no named hyper-parameter '{name}'.", nameof(name));
                    _options[name] = value;
                    break;
            }
        }
    }

    private readonly Dictionary<string, double> _options = new(StringComparer.Ordinal);

    /// <summary>Joins <paramref name="owner"/>, taking its defaults for the values left null.</summary>
    internal void Adopt(Optimizer owner, double learningRate, double weightDecay)
    {
        if (Owner is not null && !ReferenceEquals(Owner, owner))
            throw new ArgumentException($"This ParameterGroup already belongs to a {Owner.GetType().Name}; create a new group for another optimizer.");
        if (owner is CustomOptimizer custom)
        {
            foreach (var (name, value) in _options) custom.CheckOption(name, value);
            foreach (var (name, value) in custom.Defaults) _options.TryAdd(name, value);
        }
        else if (_options.Count > 0)
        {
            throw new ArgumentException(
                $"This ParameterGroup sets the hyper-parameters [{string.Join(", ", _options.Keys)}], which {owner.GetType().Name} does not define (only a CustomOptimizer has named hyper-parameters).");
        }
        Owner = owner;
        _learningRate ??= learningRate;
        _weightDecay ??= weightDecay;
    }

    private static InvalidOperationException Unresolved(string property) =>
        new($"ParameterGroup.{property}: the group has no value of its own and is not part of an optimizer yet, which would supply the default.");
}
