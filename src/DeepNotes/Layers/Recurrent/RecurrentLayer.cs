using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// What <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share: the stack of layers and directions, the
/// parameters with PyTorch's names (<c>weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>, <c>bias_ih_l{k}</c>,
/// <c>bias_hh_l{k}</c> and, for an LSTM with a projection, <c>weight_hr_l{k}</c>, each with <c>_reverse</c> for the
/// backward direction; layer 0 forward, layer 0 reverse, layer 1, …), initialised U(−1/√H, 1/√H), the input and state
/// checks, batch-first and unbatched inputs, and dropout between layers.
/// </summary>
/// <remarks>
/// Each layer and direction runs as one fused sequence op (one graph node with a hand-written backpropagation
/// through time); <see cref="UseFusedKernels"/> = false runs the same maths cell by cell from plain differentiable
/// ops instead (the reference path).
/// </remarks>
/// <typeparam name="TInput">The input sequence with the optional initial state(s).</typeparam>
/// <typeparam name="TOutput">The output sequence with the final state(s).</typeparam>
public abstract partial class RecurrentLayer<TInput, TOutput> : Module<TInput, TOutput>
{
    private readonly string _name;
    private readonly int _gates;

    private protected RecurrentLayer(string name, int gates, int inputSize, int hiddenSize, int numLayers, bool bias,
        bool batchFirst, double dropout, bool bidirectional, DType dtype, Generator? generator, int projSize = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numLayers);
        if (!(dropout is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must be in [0, 1].");
        if (projSize < 0)
            throw new ArgumentOutOfRangeException(nameof(projSize), projSize, $"{name}: proj_size must be a positive integer, or 0 to disable the projection; got {projSize}.");
        if (projSize > 0 && projSize >= hiddenSize)
            throw new ArgumentOutOfRangeException(nameof(projSize), projSize, $"{name}: proj_size has to be smaller than hidden_size ({hiddenSize}); got {projSize}.");
        _name = name;
        _gates = gates;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        HasBias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        ProjSize = projSize;
        int outputSize = OutputSize;
        double bound = 1 / Math.Sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++)
        {
            int layerInput = layer == 0 ? inputSize : outputSize * Directions;
            for (int d = 0; d < Directions; d++)
            {
                string sfx = Suffix(layer, d == 1);
                Init.Uniform(RegisterParameter("weight_ih" + sfx, Tensor.Zeros([gates * hiddenSize, layerInput], dtype)), -bound, bound, generator);
                Init.Uniform(RegisterParameter("weight_hh" + sfx, Tensor.Zeros([gates * hiddenSize, outputSize], dtype)), -bound, bound, generator);
                if (bias)
                {
                    Init.Uniform(RegisterParameter("bias_ih" + sfx, Tensor.Zeros([gates * hiddenSize], dtype)), -bound, bound, generator);
                    Init.Uniform(RegisterParameter("bias_hh" + sfx, Tensor.Zeros([gates * hiddenSize], dtype)), -bound, bound, generator);
                }
                if (projSize > 0)   // PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh, weight_hr
                    Init.Uniform(RegisterParameter("weight_hr" + sfx, Tensor.Zeros([projSize, hiddenSize], dtype)), -bound, bound, generator);
            }
        }
    }

    /// <summary>Features of each input step.</summary>
    public int InputSize { get; }

    /// <summary>Features of the cell state of each layer and direction (and of the hidden state without a projection).</summary>
    public int HiddenSize { get; }

    /// <summary>
    /// Features of the projected hidden state (PyTorch's <c>proj_size</c>; LSTM only), or 0 without a projection.
    /// </summary>
    public int ProjSize { get; }

    /// <summary>
    /// Features of the hidden state h and of each direction's output: <see cref="ProjSize"/> when there is a
    /// projection, else <see cref="HiddenSize"/> (PyTorch's <c>real_hidden_size</c>).
    /// </summary>
    public int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Number of stacked layers.</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases <c>bias_ih_l*</c> and <c>bias_hh_l*</c>.</summary>
    public bool HasBias { get; }

    /// <summary>True when inputs and outputs are <c>[N, T, *]</c> instead of <c>[T, N, *]</c> (states are unaffected).</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability on the outputs of every layer but the last, in training mode.</summary>
    public double Dropout { get; }

    /// <summary>Whether each layer also runs the sequence backwards (outputs concatenated: forward, then reverse).</summary>
    public bool Bidirectional { get; }

    /// <summary>1, or 2 when <see cref="Bidirectional"/>.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>
    /// True (default): each layer and direction is one fused sequence op. False: the reference path, cell by cell from
    /// plain differentiable ops (slower; for checking the fused path).
    /// </summary>
    internal bool UseFusedKernels { get; set; } = true;

    /// <summary>
    /// Input-to-hidden weights of a layer and direction <c>[G·H, I or D·H']</c> (<c>weight_ih_l{layer}[_reverse]</c>),
    /// H' = <see cref="OutputSize"/>.
    /// </summary>
    public Tensor WeightIh(int layer, bool reverse = false) => GetParameter("weight_ih" + Suffix(layer, reverse))!;

    /// <summary>
    /// Hidden-to-hidden weights of a layer and direction <c>[G·H, H']</c> (<c>weight_hh_l{layer}[_reverse]</c>),
    /// H' = <see cref="OutputSize"/>.
    /// </summary>
    public Tensor WeightHh(int layer, bool reverse = false) => GetParameter("weight_hh" + Suffix(layer, reverse))!;

    /// <summary>Input-side bias <c>[G·H]</c> of a layer and direction, or null without bias.</summary>
    public Tensor? BiasIh(int layer, bool reverse = false) => HasBias ? GetParameter("bias_ih" + Suffix(layer, reverse)) : null;

    /// <summary>Hidden-side bias <c>[G·H]</c> of a layer and direction, or null without bias.</summary>
    public Tensor? BiasHh(int layer, bool reverse = false) => HasBias ? GetParameter("bias_hh" + Suffix(layer, reverse)) : null;

    private protected string Suffix(int layer, bool reverse)
    {
        if ((uint)layer >= (uint)NumLayers || (reverse && !Bidirectional))
            throw new ArgumentOutOfRangeException(nameof(layer), $"{_name} has {NumLayers} layer(s){(Bidirectional ? " in two directions" : " in one direction")}; asked for layer {layer}{(reverse ? " reverse" : "")}.");
        return $"_l{layer}{(reverse ? "_reverse" : "")}";
    }

    /// <summary>Runs one layer in one direction over <c>x [T, N, I]</c> from <c>h0 [N, H']</c> (and <c>c0 [N, H]</c>).</summary>
    private protected abstract (Tensor Output, Tensor HN, Tensor? CN) RunDirection(Tensor x, Tensor h0, Tensor? c0, int layer, bool reverse);

    /// <summary>
    /// Checks the input and states, runs every layer and direction, and assembles the output
    /// (<c>[T, N, D·H']</c> / batch-first / unbatched as the input) and the final states <c>[L·D, N, H']</c> (h) and
    /// <c>[L·D, N, H]</c> (c), H' = <see cref="OutputSize"/>.
    /// </summary>
    private protected (Tensor Output, Tensor HN, Tensor? CN) Run(Tensor input, Tensor? h0, Tensor? c0, bool hasCell)
    {
        ArgumentNullException.ThrowIfNull(input);
        string expected = BatchFirst ? $"[N, T, {InputSize}]" : $"[T, N, {InputSize}]";
        if (input.Rank is not (2 or 3) || input.Shape[-1] != InputSize)
            throw new ArgumentException($"{Describe()} expects input {expected} or [T, {InputSize}], got {input.Shape}.", nameof(input));
        var dtype = WeightIh(0).DType;
        if (input.DType != dtype)
            throw new ArgumentException($"{_name} has {dtype} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        bool batched = input.Rank == 3;
        Tensor x = batched ? (BatchFirst ? input.Transpose(0, 1) : input) : input.Unsqueeze(1);   // [T, N, I]
        int steps = x.Shape[0], n = x.Shape[1], states = NumLayers * Directions;
        if (steps == 0)
            throw new ArgumentException($"{_name} expects a sequence of at least one step, got input {input.Shape}.", nameof(input));
        Tensor? h = CheckState(h0, "h_0", OutputSize, batched, n, states, dtype);
        Tensor? c = hasCell ? CheckState(c0, "c_0", HiddenSize, batched, n, states, dtype) : null;
        Tensor zeros = Tensor.Zeros([n, HiddenSize], dtype);
        Tensor zerosH = OutputSize == HiddenSize ? zeros : Tensor.Zeros([n, OutputSize], dtype);

        var hn = new Tensor[states];
        var cn = hasCell ? new Tensor[states] : null;
        Tensor layerInput = x;
        for (int layer = 0; layer < NumLayers; layer++)
        {
            var outs = new Tensor[Directions];
            for (int d = 0; d < Directions; d++)
            {
                int k = layer * Directions + d;
                var (o, hk, ck) = RunDirection(layerInput, h?.Select(0, k) ?? zerosH, hasCell ? c?.Select(0, k) ?? zeros : null, layer, d == 1);
                outs[d] = o;
                hn[k] = hk;
                if (cn is not null) cn[k] = ck!;
            }
            layerInput = Directions == 1 ? outs[0] : Tensor.Concat(outs, 2);
            if (layer < NumLayers - 1 && Dropout > 0 && IsTraining)
                layerInput = Functional.Dropout(layerInput, Dropout, training: true);
        }
        Tensor output = batched ? (BatchFirst ? layerInput.Transpose(0, 1) : layerInput) : layerInput.Squeeze(1);
        return (output, Gather(hn, batched), cn is null ? null : Gather(cn, batched));
    }

    private static Tensor Gather(Tensor[] states, bool batched)
    {
        Tensor s = states.Length == 1 ? states[0].Unsqueeze(0) : Tensor.Stack(states, 0);
        return batched ? s : s.Squeeze(1);
    }

    private Tensor? CheckState(Tensor? state, string what, int size, bool batched, int n, int states, DType dtype)
    {
        if (state is null) return null;
        bool ok = batched ? state.Rank == 3 && state.Shape[0] == states && state.Shape[1] == n && state.Shape[2] == size
                          : state.Rank == 2 && state.Shape[0] == states && state.Shape[1] == size;
        string sizeName = size == HiddenSize ? "hidden_size" : "proj_size";
        if (!ok)
            throw new ArgumentException($"{Describe()} expects {what} {(batched ? $"[{states}, {n}, {size}]" : $"[{states}, {size}]")} (num_layers · directions, {(batched ? "batch, " : "")}{sizeName}), got {state.Shape}.", what);
        if (state.DType != dtype)
            throw new ArgumentException($"{_name}: {what} is {state.DType}, the parameters {dtype}.", what);
        return batched ? state : state.Unsqueeze(1);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (input is not System.Runtime.CompilerServices.ITuple t || t.Length == 0) return 0;
        Tensor? x = t[0] as Tensor ?? (t[0] as PackedSequence)?.Data;   // packed: only the real steps
        if (x is null || x.Rank < 2) return 0;
        long rows = InputSize == 0 ? 0 : x.ElementCount / InputSize;   // T·N
        long total = 0;
        for (int layer = 0; layer < NumLayers; layer++)
        {
            total += Directions * 2L * rows * _gates * HiddenSize * ((layer == 0 ? InputSize : Directions * OutputSize) + OutputSize);
            if (ProjSize > 0) total += Directions * 2L * rows * ProjSize * HiddenSize;   // h = W_hr·(o ⊙ tanh c)
        }
        return total;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"{_name}({InputSize}, {HiddenSize}, {(ProjSize > 0 ? $"proj_size: {ProjSize}, " : "")}num_layers: {NumLayers}, bias: {(HasBias ? "true" : "false")}, batch_first: {(BatchFirst ? "true" : "false")}, dropout: {Dropout}, bidirectional: {(Bidirectional ? "true" : "false")})";
}
