using System.Diagnostics.CodeAnalysis;

namespace DeepNotes.Optimizers;

/// <summary>
/// The named state a <see cref="CustomOptimizer"/> keeps for one parameter, like PyTorch's <c>optimizer.state[p]</c>:
/// tensors (moment estimates such as <c>exp_avg</c>) and scalars (counters, running products), created on first use and
/// saved by <see cref="Optimizer.GetState"/> and <c>Checkpoint.Save</c> under their names, next to <c>step</c>.
/// </summary>
/// <remarks>
/// <code>
/// var m = state.GetOrCreate("exp_avg", like: parameter);     // zeros shaped like the parameter on the first update
/// double seen = state.GetScalar("updates_seen") + 1;        // 0 until set
/// state.SetScalar("updates_seen", seen);
/// </code>
/// Tensors are kept in the dtype they were created with and updated in place by the optimizer (e.g. with
/// <see cref="Tensor.CopyFrom"/>, <see cref="Tensor.AddInPlace"/>, <see cref="Tensor.MultiplyInPlace"/>); scalars are
/// doubles. In a saved state a scalar is a 0-dim Float64 tensor. The name <c>step</c> is reserved for <see cref="Step"/>.
/// </remarks>
public sealed class ParameterState
{
    private readonly OptimizerState _owner;
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _scalars = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    internal ParameterState(OptimizerState owner) => _owner = owner;

    /// <summary>
    /// The number of updates applied to this parameter including the current one (1 during the first update), as
    /// PyTorch's <c>state["step"]</c> after its increment.
    /// </summary>
    public long Step => _owner.Step;

    /// <summary>The names of the tensors and scalars held, in creation order (without <c>step</c>).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>
    /// The tensor named <paramref name="name"/>; on first use a new tensor of <paramref name="like"/>'s shape and dtype
    /// filled with <paramref name="fill"/> (zeros by default, as <c>torch.zeros_like</c>).
    /// </summary>
    /// <param name="name">The state entry's name, e.g. <c>exp_avg</c> (not empty, not <c>step</c>).</param>
    /// <param name="like">A tensor giving the shape and dtype, usually the parameter.</param>
    /// <param name="fill">The initial value of every element.</param>
    /// <returns>The optimizer's live tensor (update it in place).</returns>
    /// <exception cref="ArgumentException">The name is empty or <c>step</c>.</exception>
    /// <exception cref="InvalidOperationException">A tensor of that name exists with another shape or dtype (e.g. a checkpoint of another model).</exception>
    public Tensor GetOrCreate(string name, Tensor like, double fill = 0)
    {
        CheckName(name, "GetOrCreate");
        ArgumentNullException.ThrowIfNull(like);
        if (_tensors.TryGetValue(name, out var existing))
        {
            if (existing.Shape != like.Shape || existing.DType != like.DType)
                throw new InvalidOperationException(
                    $"ParameterState.GetOrCreate: the state '{name}' is {existing.Shape} {existing.DType}, but {like.Shape} {like.DType} was asked for.");
            return existing;
        }
        var tensor = new Tensor(like.Shape, like.DType);
        if (_scalars.Remove(name, out double restored)) fill = restored; // a 0-dim entry restored as a scalar
        else _names.Add(name);
        if (fill != 0) tensor.FillRaw(fill);
        _tensors[name] = tensor;
        return tensor;
    }

    /// <summary>Gets the tensor named <paramref name="name"/> if it has been created.</summary>
    /// <param name="name">The state entry's name.</param>
    /// <param name="tensor">The live tensor, or null.</param>
    /// <returns>Whether the tensor exists.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out Tensor? tensor) => _tensors.TryGetValue(name, out tensor);

    /// <summary>The scalar named <paramref name="name"/>; on first use it is created with <paramref name="initial"/>.</summary>
    /// <param name="name">The state entry's name, e.g. <c>mu_product</c> (not empty, not <c>step</c>).</param>
    /// <param name="initial">The value of a new scalar.</param>
    /// <returns>The current value.</returns>
    /// <exception cref="ArgumentException">The name is empty or <c>step</c>.</exception>
    /// <exception cref="InvalidOperationException">The name holds a tensor of more than one element.</exception>
    public double GetScalar(string name, double initial = 0)
    {
        CheckName(name, "GetScalar");
        if (_scalars.TryGetValue(name, out double value)) return value;
        if (_tensors.ContainsKey(name)) return FromTensor(name, "GetScalar");
        _scalars[name] = initial;
        _names.Add(name);
        return initial;
    }

    /// <summary>Sets the scalar named <paramref name="name"/> (creating it).</summary>
    /// <param name="name">The state entry's name (not empty, not <c>step</c>).</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentException">The name is empty or <c>step</c>.</exception>
    /// <exception cref="InvalidOperationException">The name holds a tensor of more than one element.</exception>
    public void SetScalar(string name, double value)
    {
        CheckName(name, "SetScalar");
        if (!_scalars.ContainsKey(name))
        {
            if (_tensors.ContainsKey(name)) FromTensor(name, "SetScalar");
            else _names.Add(name);
        }
        _scalars[name] = value;
    }

    /// <summary>Moves a one-element tensor entry (restored from a checkpoint) to the scalars.</summary>
    private double FromTensor(string name, string method)
    {
        var tensor = _tensors[name];
        if (tensor.ElementCount != 1)
            throw new InvalidOperationException($"ParameterState.{method}: the state '{name}' is a tensor of shape {tensor.Shape}, not a scalar.");
        double value = tensor.Item();
        _tensors.Remove(name);
        _scalars[name] = value;
        return value;
    }

    private static void CheckName(string name, string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "step")
            throw new ArgumentException($"ParameterState.{method}: the name 'step' is reserved for the update count (ParameterState.Step).", nameof(name));
    }

    /// <summary>Adds the entries to a state dictionary being built by <see cref="Optimizer.GetState"/>.</summary>
    internal void Describe(Dictionary<string, Tensor> result)
    {
        foreach (var name in _names)
            result[name] = _tensors.TryGetValue(name, out var t) ? t : Tensor.Scalar(_scalars[name], DType.Float64);
    }

    /// <summary>
    /// Validates and copies a saved state: <c>step</c> (a whole number ≥ 0) is required; 0-dim Float64 entries become
    /// scalars, other entries tensors (copied, dtype kept). Null when nothing is to be restored is never returned.
    /// </summary>
    internal static OptimizerState Prepare(string owner, Tensor parameter, IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("step", out var stepTensor))
            throw new ArgumentException($"{owner}.SetState: the entry 'step' is missing (got [{string.Join(", ", state.Keys)}]).", nameof(state));
        if (stepTensor.ElementCount != 1)
            throw new ArgumentException($"{owner}.SetState: 'step' must be a one-element tensor, got shape {stepTensor.Shape}.", nameof(state));
        double step = stepTensor.Item();
        if (!(step >= 0 && step == Math.Floor(step) && step <= long.MaxValue))
            throw new ArgumentException($"{owner}.SetState: 'step' must be a whole number >= 0, got {step}.", nameof(state));
        var result = new OptimizerState(0) { Step = (long)step };
        var custom = result.Custom = new ParameterState(result);
        foreach (var (name, value) in state)
        {
            if (name == "step") continue;
            if (name.Length == 0)
                throw new ArgumentException($"{owner}.SetState: a state entry has an empty name.", nameof(state));
            if (value.Rank == 0 && value.DType == DType.Float64) custom._scalars[name] = value.Item();
            else if (value.DType.IsFloatingPoint()) custom._tensors[name] = value.CloneRaw();
            else
                throw new ArgumentException($"{owner}.SetState: '{name}' must be a floating-point tensor, got {value.Shape} {value.DType}.", nameof(state));
            custom._names.Add(name);
        }
        return result;
    }
}
