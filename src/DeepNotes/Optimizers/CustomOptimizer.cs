namespace DeepNotes.Optimizers;

/// <summary>
/// The base of a user-written optimizer: derive from it and write the update of one parameter; the base supplies
/// parameter groups, learning rates that schedulers can drive, named hyper-parameters with per-group values, named
/// per-parameter state that <see cref="Optimizer.GetState"/> and <c>Checkpoint.Save</c>/<c>Load</c> save and restore,
/// skipping of frozen parameters and of parameters without a gradient, and in-place updates of non-contiguous parameters.
/// </summary>
/// <remarks>
/// <para>Sign-SGD with momentum, in full:</para>
/// <code>
/// public sealed class SignSgd(IEnumerable&lt;Tensor&gt; parameters, double learningRate, double momentum = 0.9)
///     : CustomOptimizer(parameters, learningRate, defaults: new Dictionary&lt;string, double&gt; { ["momentum"] = momentum })
/// {
///     protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
///     {
///         var buffer = state.GetOrCreate("momentum_buffer", like: parameter);    // zeros on the first update
///         buffer.MultiplyInPlace(group["momentum"]).AddInPlace(gradient);
///         parameter.AddInPlace(buffer.Sign(), alpha: -group.LearningRate);
///     }
/// }
/// </code>
/// <para>
/// <see cref="Update(Tensor, Tensor, ParameterState, ParameterGroup)"/> runs with grad mode off, once per parameter that requires grad and has a gradient, in the
/// order of the groups and their parameters. <c>state.Step</c> already counts the current update (1 on the first).
/// Change the parameter in place (<see cref="Tensor.CopyFrom"/>, <see cref="Tensor.AddInPlace"/>,
/// <see cref="Tensor.MultiplyInPlace"/>); the gradient must not be changed.
/// </para>
/// <para>
/// Hyper-parameters: <see cref="ParameterGroup.LearningRate"/> and <see cref="ParameterGroup.WeightDecay"/> as for every
/// optimizer, and the named values given as <c>defaults</c> here, which a <see cref="ParameterGroup"/> may override
/// (<c>new ParameterGroup(head.Parameters(), options: new Dictionary&lt;string, double&gt; { ["momentum"] = 0.5 })</c>)
/// and <see cref="Update(Tensor, Tensor, ParameterState, ParameterGroup)"/> reads as <c>group["momentum"]</c>. Like PyTorch's <c>defaults</c>, these values come from the
/// constructor and are not part of a checkpoint (the learning rates and weight decays are).
/// </para>
/// </remarks>
public abstract class CustomOptimizer : Optimizer
{
    private static readonly string?[] s_noBuffers = [null, null, null];
    private readonly Dictionary<string, double> _defaults = new(StringComparer.Ordinal);

    /// <summary>Creates the optimizer over one group holding <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate of every group without its own (≥ 0).</param>
    /// <param name="weightDecay">The weight decay of every group without its own (≥ 0).</param>
    /// <param name="defaults">The optimizer's named hyper-parameters and their default values (null for none).</param>
    /// <exception cref="ArgumentException">No parameters, a parameter is invalid or repeated, or a default is rejected by <see cref="ValidateHyperParameter"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or weight decay is negative or NaN.</exception>
    protected CustomOptimizer(IEnumerable<Tensor> parameters, double learningRate, double weightDecay = 0,
        IReadOnlyDictionary<string, double>? defaults = null)
        : base(learningRate, weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        SetDefaults(defaults);
        var group = new ParameterGroup(parameters);
        if (group.ParameterArray.Length == 0)
            throw new ArgumentException($"{Name}: got an empty parameter list; pass model.Parameters() or parameter groups.", nameof(parameters));
        AddParameterGroup(group);
    }

    /// <summary>Creates the optimizer over <paramref name="groups"/>.</summary>
    /// <param name="groups">The parameter groups, each with optional overrides of the learning rate, weight decay and named hyper-parameters.</param>
    /// <param name="learningRate">The learning rate of every group without its own (≥ 0).</param>
    /// <param name="weightDecay">The weight decay of every group without its own (≥ 0).</param>
    /// <param name="defaults">The optimizer's named hyper-parameters and their default values (null for none).</param>
    /// <exception cref="ArgumentException">No groups, a parameter appears in two groups, or a group or default names an unknown or rejected hyper-parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate or weight decay is negative or NaN.</exception>
    protected CustomOptimizer(IEnumerable<ParameterGroup> groups, double learningRate, double weightDecay = 0,
        IReadOnlyDictionary<string, double>? defaults = null)
        : base(learningRate, weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        SetDefaults(defaults);
        foreach (var group in groups) AddParameterGroup(group);
        if (ParameterGroups.Count == 0)
            throw new ArgumentException($"{Name}: got no parameter groups.", nameof(groups));
    }

    /// <summary>The named hyper-parameters and their defaults, as given to the constructor (PyTorch's <c>defaults</c> besides lr and weight_decay).</summary>
    public IReadOnlyDictionary<string, double> Defaults => _defaults;

    /// <summary>
    /// Applies one update to <paramref name="parameter"/>, in place, from <paramref name="gradient"/>.
    /// </summary>
    /// <param name="parameter">The parameter (contiguous; change it in place).</param>
    /// <param name="gradient">Its gradient (contiguous, same shape and dtype; do not change it).</param>
    /// <param name="state">The parameter's named state; <see cref="ParameterState.Step"/> counts this update.</param>
    /// <param name="group">The parameter's group: <see cref="ParameterGroup.LearningRate"/>, <see cref="ParameterGroup.WeightDecay"/>, <c>group["name"]</c>.</param>
    protected abstract void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group);

    /// <summary>
    /// Checks the value of a named hyper-parameter, for the defaults, for each group's values and for values set later
    /// through <c>group[name] = value</c>; throw <see cref="ArgumentOutOfRangeException"/> to reject it. The default
    /// rejects NaN. Called from the constructor: use only <paramref name="name"/> and <paramref name="value"/>.
    /// </summary>
    /// <param name="name">The hyper-parameter's name.</param>
    /// <param name="value">The value to check.</param>
    protected virtual void ValidateHyperParameter(string name, double value)
    {
        if (double.IsNaN(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: the hyper-parameter '{name}' must be a number, got NaN.");
    }

    /// <summary>Throws unless <paramref name="name"/> is one of the defaults and <paramref name="value"/> is accepted.</summary>
    internal void CheckOption(string name, double value)
    {
        if (!_defaults.ContainsKey(name))
            throw new ArgumentException(
                $"{Name}: no hyper-parameter '{name}'; it has lr, weight_decay{string.Concat(_defaults.Keys.Select(k => ", " + k))}.", nameof(name));
        ValidateHyperParameter(name, value);
    }

    private void SetDefaults(IReadOnlyDictionary<string, double>? defaults)
    {
        if (defaults is null) return;
        foreach (var (name, value) in defaults)
        {
            if (string.IsNullOrEmpty(name) || name is "lr" or "weight_decay")
                throw new ArgumentException($"{Name}: '{name}' cannot be a named hyper-parameter (lr and weight_decay are the constructor's own arguments).", nameof(defaults));
            ValidateHyperParameter(name, value);
            _defaults[name] = value;
        }
    }

    private protected sealed override string?[] BufferNames => s_noBuffers;

    private protected sealed override void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state) =>
        Update(parameter, gradient, state.Custom!, group);

    private protected override IEnumerable<string> DescribeHyperParameters()
    {
        var first = ParameterGroups[0];
        return [$"lr={first.LearningRate}", $"weight_decay={first.WeightDecay}", .. _defaults.Keys.Select(k => $"{k}={first[k]}")];
    }
}
