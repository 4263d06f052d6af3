using System.Collections.ObjectModel;
using DeepNotes.Kernels;

namespace DeepNotes.Optimizers;

public abstract partial class Optimizer
{
    private static readonly IReadOnlyDictionary<string, Tensor> s_noState = new ReadOnlyDictionary<string, Tensor>(new Dictionary<string, Tensor>());

    private readonly Dictionary<Tensor, OptimizerState> _state = new(ReferenceEqualityComparer.Instance);
    private object? _floatJob, _doubleJob;

    /// <summary>
    /// The names of buffer slots 0–2 with this optimizer's options (PyTorch's state keys, e.g. <c>exp_avg</c>), null
    /// for a slot it does not use. Return a cached array: it is read when a parameter's state is created.
    /// </summary>
    private protected abstract string?[] BufferNames { get; }

    /// <summary>The names of the optimizer's per-parameter scalars besides <c>step</c> (e.g. NAdam's <c>mu_product</c>).</summary>
    private protected virtual string[] ScalarNames => [];

    /// <summary>The value a new state gives scalar <paramref name="index"/>.</summary>
    private protected virtual double InitialScalar(int index) => 0;

    /// <summary>The value a new state fills buffer <paramref name="slot"/> with (AdaGrad's initial accumulator).</summary>
    private protected virtual double InitialBufferValue(int slot) => 0;

    /// <summary>Vector width of the update kernels in bits (512, 256 or 128); 0 picks the widest this machine accelerates. Tests force each width.</summary>
    internal int VectorBits { get; set; }

    /// <summary>
    /// The entries a parameter's state holds with this optimizer's options, in order: <c>step</c> (updates applied so
    /// far), the optimizer's scalars, then its buffers under PyTorch's names (e.g. Adam: <c>step</c>, <c>exp_avg</c>,
    /// <c>exp_avg_sq</c>, and <c>max_exp_avg_sq</c> with amsgrad). A <see cref="CustomOptimizer"/> lists only
    /// <c>step</c>: its other names are those its updates create (see <see cref="GetState"/>).
    /// </summary>
    public IReadOnlyList<string> StateNames
    {
        get
        {
            var names = new List<string> { "step" };
            names.AddRange(ScalarNames);
            foreach (var name in BufferNames)
                if (name is not null) names.Add(name);
            return names;
        }
    }

    /// <summary>
    /// The state of <paramref name="parameter"/>, for saving: <c>step</c> and the scalars as 0-dim Float64 tensors
    /// (fresh copies), the buffers as the optimizer's own live tensors (same shape and dtype as the parameter; read them,
    /// do not change them — use <see cref="SetState"/>). Empty until the parameter's first update.
    /// </summary>
    /// <param name="parameter">One of this optimizer's parameters.</param>
    /// <returns>The entries named by <see cref="StateNames"/>, or an empty dictionary.</returns>
    /// <exception cref="ArgumentException"><paramref name="parameter"/> is not optimized by this optimizer.</exception>
    public IReadOnlyDictionary<string, Tensor> GetState(Tensor parameter)
    {
        CheckManaged(parameter, "GetState");
        if (!_state.TryGetValue(parameter, out var state)) return s_noState;
        var result = new Dictionary<string, Tensor> { ["step"] = Tensor.Scalar(state.Step, DType.Float64) };
        var scalarNames = ScalarNames;
        for (int i = 0; i < scalarNames.Length; i++) result[scalarNames[i]] = Tensor.Scalar(state.Scalars[i], DType.Float64);
        var bufferNames = BufferNames;
        for (int slot = 0; slot < bufferNames.Length; slot++)
            if (bufferNames[slot] is { } name) result[name] = state.Buffer(slot);
        state.Custom?.Describe(result);
        return result.AsReadOnly();
    }

    /// <summary>
    /// Replaces the state of <paramref name="parameter"/> (for restoring a saved optimizer): the dictionary must hold
    /// exactly the entries of <see cref="StateNames"/>; one-element tensors for <c>step</c> (a whole number ≥ 0) and
    /// the scalars, tensors of the parameter's shape for the buffers (copied, converted to the parameter's dtype).
    /// An empty dictionary clears the state, so the next update starts afresh. For a <see cref="CustomOptimizer"/>:
    /// <c>step</c> and any names; 0-dim Float64 entries become scalars, the others tensors (copied, dtype kept).
    /// </summary>
    /// <param name="parameter">One of this optimizer's parameters.</param>
    /// <param name="state">The entries, e.g. from <see cref="GetState"/>.</param>
    /// <exception cref="ArgumentException">The parameter is not optimized here, entries are missing or unknown, or an entry has the wrong shape or value.</exception>
    public void SetState(Tensor parameter, IReadOnlyDictionary<string, Tensor> state) => ApplyState(parameter, PrepareState(parameter, state));

    /// <summary>Sets a state built by <see cref="PrepareState"/> (null clears it); cannot fail.</summary>
    internal void ApplyState(Tensor parameter, OptimizerState? state)
    {
        if (state is null) _state.Remove(parameter);
        else _state[parameter] = state;
    }

    /// <summary>
    /// Validates and copies <paramref name="state"/> as <see cref="SetState"/> does, without changing the optimizer;
    /// returns the state to give <see cref="ApplyState"/> (null for an empty dictionary, which clears).
    /// </summary>
    internal OptimizerState? PrepareState(Tensor parameter, IReadOnlyDictionary<string, Tensor> state)
    {
        CheckManaged(parameter, "SetState");
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count == 0) return null;
        if (this is CustomOptimizer) return ParameterState.Prepare(Name, parameter, state);

        var names = StateNames;
        var missing = names.Where(n => !state.ContainsKey(n)).ToList();
        var unknown = state.Keys.Where(k => !names.Contains(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw new ArgumentException(
                $"{Name}.SetState: expected the entries [{string.Join(", ", names)}]; missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unknown)}].",
                nameof(state));

        var scalarNames = ScalarNames;
        var result = new OptimizerState(scalarNames.Length);
        double step = ReadScalar(state, "step");
        if (!(step >= 0 && step == Math.Floor(step) && step <= long.MaxValue))
            throw new ArgumentException($"{Name}.SetState: 'step' must be a whole number >= 0, got {step}.", nameof(state));
        result.Step = (long)step;
        for (int i = 0; i < scalarNames.Length; i++) result.Scalars[i] = ReadScalar(state, scalarNames[i]);

        var bufferNames = BufferNames;
        for (int slot = 0; slot < bufferNames.Length; slot++)
        {
            if (bufferNames[slot] is not { } name) continue;
            var value = state[name];
            if (value.Shape != parameter.Shape || !value.DType.IsFloatingPoint())
                throw new ArgumentException(
                    $"{Name}.SetState: '{name}' must be a floating-point tensor of the parameter's shape {parameter.Shape}, got {value.Shape} {value.DType}.",
                    nameof(state));
            result.Buffers[slot] = value.DType == parameter.DType ? value.CloneRaw() : value.ConvertRaw(parameter.DType);
        }
        return result;
    }

    private double ReadScalar(IReadOnlyDictionary<string, Tensor> state, string name)
    {
        var value = state[name];
        if (value.ElementCount != 1)
            throw new ArgumentException($"{Name}.SetState: '{name}' must be a one-element tensor, got shape {value.Shape}.", nameof(state));
        return value.Item();
    }

    private void CheckManaged(Tensor parameter, string method)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!_managed.Contains(parameter))
            throw new ArgumentException($"{Name}.{method}: the tensor {parameter.Shape} {parameter.DType} is not one of this optimizer's parameters.", nameof(parameter));
    }

    private OptimizerState GetOrCreateState(Tensor parameter)
    {
        if (_state.TryGetValue(parameter, out var state)) return state;
        state = new OptimizerState(ScalarNames.Length);
        if (this is CustomOptimizer) state.Custom = new ParameterState(state);
        for (int i = 0; i < state.Scalars.Length; i++) state.Scalars[i] = InitialScalar(i);
        var bufferNames = BufferNames;
        for (int slot = 0; slot < bufferNames.Length; slot++)
        {
            if (bufferNames[slot] is null) continue;
            var buffer = new Tensor(parameter.Shape, parameter.DType);
            if (InitialBufferValue(slot) is var v and not 0) buffer.FillRaw(v);
            state.Buffers[slot] = buffer;
        }
        _state.Add(parameter, state);
        return state;
    }

    /// <summary>
    /// Runs an update kernel over the contiguous <paramref name="parameter"/> and <paramref name="gradient"/> and the
    /// state's buffers (slots 0–2 as the kernel's streams S0–S2), on the optimizer's reusable job for the dtype.
    /// </summary>
    private protected void RunKernel<TKernel>(in TKernel args, Tensor parameter, Tensor gradient, OptimizerState state)
        where TKernel : struct, IUpdateKernel<TKernel>
    {
        int n = parameter.ElementCount;
        var b = state.Buffers;
        if (parameter.DType == DType.Float32)
        {
            var job = _floatJob as UpdateJob<float, TKernel> ?? (UpdateJob<float, TKernel>)(_floatJob = new UpdateJob<float, TKernel>());
            job.Run(args, parameter.Data<float>(), parameter.Offset, gradient.Data<float>(), gradient.Offset, n,
                b[0]?.Data<float>(), b[1]?.Data<float>(), b[2]?.Data<float>(), VectorBits);
        }
        else
        {
            var job = _doubleJob as UpdateJob<double, TKernel> ?? (UpdateJob<double, TKernel>)(_doubleJob = new UpdateJob<double, TKernel>());
            job.Run(args, parameter.Data<double>(), parameter.Offset, gradient.Data<double>(), gradient.Offset, n,
                b[0]?.Data<double>(), b[1]?.Data<double>(), b[2]?.Data<double>(), VectorBits);
        }
    }
}
