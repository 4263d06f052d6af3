namespace DeepNotes.Optimizers;

/// <summary>
/// Base of the optimizers: holds the <see cref="ParameterGroups"/> and a state per parameter, and updates every
/// parameter that has a gradient when <see cref="Step"/> is called, like <c>torch.optim.Optimizer</c>.
/// </summary>
/// <remarks>
/// <para>The usual loop:</para>
/// <code>
/// var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
/// foreach (var (x, y) in batches)
/// {
///     optimizer.ZeroGrad();
///     var loss = lossFunction.Forward(model.Forward(x), y);
///     loss.Backward();
///     optimizer.Step();
/// }
/// </code>
/// <para>
/// <see cref="Step"/> skips a parameter whose <see cref="Tensor.Grad"/> is null (PyTorch does too) and, unlike PyTorch,
/// also one whose <see cref="Tensor.RequiresGrad"/> is false, so a frozen parameter stays untouched even if it still
/// holds an old gradient. Updates run with grad mode off, in place on the parameters' storage (their version counter
/// is bumped as by any in-place op), through fused single-pass SIMD kernels; after a parameter's first update a step
/// allocates nothing.
/// </para>
/// <para>
/// The state of a parameter (moment estimates, step count, ...) is keyed by the parameter tensor object itself and
/// created at its first update. Build the optimizer after <c>module.To(dtype)</c>, which replaces the parameter tensors.
/// </para>
/// </remarks>
public abstract partial class Optimizer
{
    private readonly List<ParameterGroup> _groups = [];
    private readonly HashSet<Tensor> _managed = new(ReferenceEqualityComparer.Instance);
    private readonly double _defaultLearningRate;
    private readonly double _defaultWeightDecay;

    /// <summary>Creates an optimizer over one group holding <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to optimize, e.g. <c>model.Parameters()</c>.</param>
    /// <param name="learningRate">The learning rate of every group without its own.</param>
    /// <param name="weightDecay">The weight decay of every group without its own.</param>
    /// <exception cref="ArgumentException">No parameters, or a parameter is invalid or appears twice.</exception>
    private protected Optimizer(IEnumerable<Tensor> parameters, double learningRate, double weightDecay)
        : this(learningRate, weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var group = new ParameterGroup(parameters);
        if (group.ParameterArray.Length == 0)
            throw new ArgumentException($"{Name}: got an empty parameter list; pass model.Parameters() or parameter groups.", nameof(parameters));
        AddParameterGroup(group);
    }

    /// <summary>Creates an optimizer over <paramref name="groups"/>.</summary>
    /// <param name="groups">The parameter groups, each with optional learning-rate and weight-decay overrides.</param>
    /// <param name="learningRate">The learning rate of every group without its own.</param>
    /// <param name="weightDecay">The weight decay of every group without its own.</param>
    /// <exception cref="ArgumentException">No groups, or a parameter appears in two groups.</exception>
    private protected Optimizer(IEnumerable<ParameterGroup> groups, double learningRate, double weightDecay)
        : this(learningRate, weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups) AddParameterGroup(group);
        if (_groups.Count == 0)
            throw new ArgumentException($"{Name}: got no parameter groups.", nameof(groups));
    }

    /// <summary>Creates an optimizer with no groups yet (the derived constructor adds them).</summary>
    private protected Optimizer(double learningRate, double weightDecay)
    {
        HyperParameters.CheckNonNegative(Name, "learning rate", learningRate, nameof(learningRate));
        HyperParameters.CheckNonNegative(Name, "weight decay", weightDecay, nameof(weightDecay));
        _defaultLearningRate = learningRate;
        _defaultWeightDecay = weightDecay;
    }

    /// <summary>The optimizer's name in messages (its type name, e.g. <c>Adam</c>).</summary>
    private protected string Name => GetType().Name;

    /// <summary>The parameter groups, in the order given (PyTorch's <c>param_groups</c>).</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => _groups;

    /// <summary>
    /// The learning rate: reading gives the first group's; setting sets every group's (use
    /// <see cref="ParameterGroup.LearningRate"/> to change one group).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value or NaN.</exception>
    public double LearningRate
    {
        get => _groups[0].LearningRate;
        set
        {
            HyperParameters.CheckNonNegative(Name, "learning rate", value, nameof(value));
            foreach (var group in _groups) group.LearningRate = value;
        }
    }

    /// <summary>How many times <see cref="Step"/> has been called.</summary>
    public long StepCount { get; private set; }

    /// <summary>
    /// Adds a group (e.g. layers unfrozen later in fine-tuning), like <c>add_param_group</c>. Values it leaves null
    /// take the optimizer's constructor defaults.
    /// </summary>
    /// <param name="group">The group to add.</param>
    /// <exception cref="ArgumentException">A parameter of the group is already optimized here, or the group belongs to another optimizer.</exception>
    public void AddParameterGroup(ParameterGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (_groups.Exists(g => ReferenceEquals(g, group)))
            throw new ArgumentException($"{Name}: this parameter group was already added.", nameof(group));
        for (int i = 0; i < group.ParameterArray.Length; i++)
        {
            var p = group.ParameterArray[i];
            if (_managed.Contains(p))
                throw new ArgumentException($"{Name}: parameter {i} ({p.Shape} {p.DType}) of the new group already appears in another parameter group.", nameof(group));
        }
        group.Adopt(this, _defaultLearningRate, _defaultWeightDecay);
        foreach (var p in group.ParameterArray) _managed.Add(p);
        _groups.Add(group);
    }

    /// <summary>
    /// Updates every parameter that requires grad and has a gradient, once, from its <see cref="Tensor.Grad"/>.
    /// Gradients are left as they are (call <see cref="ZeroGrad"/> before the next backward).
    /// </summary>
    public void Step()
    {
        BeforeStep();
        using (Autograd.NoGrad())
        {
            foreach (var group in _groups)
            {
                foreach (var parameter in group.ParameterArray)
                {
                    if (!parameter.RequiresGrad || parameter.Grad is not { } gradient) continue;
                    UpdateParameter(group, parameter, gradient);
                }
            }
        }
        StepCount++;
    }

    /// <summary>Called first by <see cref="Step"/>; throws when the optimizer cannot step this way (LBFGS needs a closure).</summary>
    private protected virtual void BeforeStep()
    {
    }

    /// <summary>Counts a step taken by an optimizer with its own step method (LBFGS).</summary>
    private protected void CountStep() => StepCount++;

    /// <summary>Sets the gradient of every parameter to null (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var group in _groups)
            foreach (var parameter in group.ParameterArray)
                parameter.Grad = null;
    }

    /// <summary>A one-line summary of the optimizer and its hyper-parameters, e.g. <c>Adam(lr=0.001, betas=(0.9, 0.999), ...)</c>.</summary>
    public override string ToString() =>
        $"{Name}({string.Join(", ", DescribeHyperParameters())}; {_groups.Count} group(s), {_managed.Count} parameter(s))";

    /// <summary>The hyper-parameters as <c>name=value</c> strings, for <see cref="ToString"/>.</summary>
    private protected abstract IEnumerable<string> DescribeHyperParameters();

    private void UpdateParameter(ParameterGroup group, Tensor parameter, Tensor gradient)
    {
        var state = GetOrCreateState(parameter);
        Tensor work = parameter, grad = gradient;
        if (!parameter.IsContiguous)
        {
            work = state.ParameterStaging ??= new Tensor(parameter.Shape, parameter.DType);
            parameter.CopyTo(work);
        }
        if (!gradient.IsContiguous)
        {
            grad = state.GradientStaging ??= new Tensor(gradient.Shape, gradient.DType);
            gradient.CopyTo(grad);
        }
        state.Step++;
        Update(group, work, grad, state);
        if (!ReferenceEquals(work, parameter)) work.CopyTo(parameter);
        parameter.Storage.BumpVersion();
    }

    /// <summary>
    /// Applies one update to <paramref name="parameter"/> (contiguous, in place) from <paramref name="gradient"/>
    /// (contiguous, same shape and dtype). <c>state.Step</c> already counts this update (1 on the first).
    /// </summary>
    private protected abstract void Update(ParameterGroup group, Tensor parameter, Tensor gradient, OptimizerState state);
}
