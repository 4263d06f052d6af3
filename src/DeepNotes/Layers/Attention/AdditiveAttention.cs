using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Additive (Bahdanau) attention: score(q, k) = w_vᵀ·tanh(W_q·q + W_k·k), weights = softmax over the keys, output =
/// weights·V. <c>(query [B, L, qdim], key [B, S, kdim], value [B, S, vdim])</c> -> <c>([B, L, vdim], weights [B, L, S])</c>.
/// </summary>
/// <remarks>
/// Parameters follow d2l.ai's <c>AdditiveAttention</c> (PyTorch has no built-in): bias-free Dense layers <c>W_q</c>
/// (qdim -> hidden), <c>W_k</c> (kdim -> hidden) and <c>w_v</c> (hidden -> 1), with Linear's default initialisation;
/// dropout on the weights. The optional key padding mask <c>[B, S]</c> follows nn.MultiheadAttention: bool
/// <b>true = ignore that key</b> (it gets exactly zero weight); a query with every key masked gets zeros.
/// The [B, L, S, hidden] features are materialised, so memory grows with L·S·hidden.
/// </remarks>
public sealed class AdditiveAttention : Module<(Tensor Query, Tensor Key, Tensor Value), (Tensor Output, Tensor Weights)>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="querySize">qdim.</param>
    /// <param name="keySize">kdim.</param>
    /// <param name="hiddenSize">Width of the tanh features.</param>
    /// <param name="dropout">Dropout probability on the attention weights (training mode only).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values and dropout masks.</param>
    public AdditiveAttention(int querySize, int keySize, int hiddenSize, double dropout = 0, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (!(dropout is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must be in [0, 1].");
        DropoutP = dropout;
        _generator = generator;
        WQ = RegisterModule("W_q", new Dense(querySize, hiddenSize, bias: false, dtype, generator));
        WK = RegisterModule("W_k", new Dense(keySize, hiddenSize, bias: false, dtype, generator));
        WV = RegisterModule("w_v", new Dense(hiddenSize, 1, bias: false, dtype, generator));
    }

    /// <summary>Query projection <c>W_q</c>.</summary>
    public Dense WQ { get; }

    /// <summary>Key projection <c>W_k</c>.</summary>
    public Dense WK { get; }

    /// <summary>Score vector <c>w_v</c>.</summary>
    public Dense WV { get; }

    /// <summary>Dropout probability on the weights.</summary>
    public double DropoutP { get; }

    /// <inheritdoc/>
    public override (Tensor Output, Tensor Weights) Forward((Tensor Query, Tensor Key, Tensor Value) input) =>
        Forward(input.Query, input.Key, input.Value, null);

    /// <summary>Attends with an optional key padding mask.</summary>
    /// <param name="query">Queries <c>[B, L, qdim]</c>.</param>
    /// <param name="key">Keys <c>[B, S, kdim]</c>.</param>
    /// <param name="value">Values <c>[B, S, vdim]</c>.</param>
    /// <param name="keyPaddingMask">Optional <c>[B, S]</c>: bool true = ignore the key; float = added to the scores.</param>
    /// <returns>The output <c>[B, L, vdim]</c> and the weights <c>[B, L, S]</c> (after dropout).</returns>
    /// <exception cref="ArgumentException">Shapes or dtypes do not fit; the message names them.</exception>
    public (Tensor Output, Tensor Weights) Forward(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (query.Rank != 3 || key.Rank != 3 || value.Rank != 3 || query.Shape[2] != WQ.InFeatures || key.Shape[2] != WK.InFeatures
            || key.Shape[0] != query.Shape[0] || value.Shape[0] != query.Shape[0] || value.Shape[1] != key.Shape[1])
            throw new ArgumentException(
                $"AdditiveAttention(query {WQ.InFeatures}, key {WK.InFeatures}) expects query [B, L, {WQ.InFeatures}], key [B, S, {WK.InFeatures}], value [B, S, vdim], got {query.Shape}, {key.Shape} and {value.Shape}.");
        int B = query.Shape[0], S = key.Shape[1];
        Tensor features = (WQ.Call(query).Unsqueeze(2) + WK.Call(key).Unsqueeze(1)).Tanh(); // [B, L, S, h]
        Tensor scores = WV.Call(features).Squeeze(-1);                                         // [B, L, S]
        if (keyPaddingMask is not null)
        {
            if (keyPaddingMask.Rank != 2 || keyPaddingMask.Shape[0] != B || keyPaddingMask.Shape[1] != S)
                throw new ArgumentException($"AdditiveAttention: expecting keyPaddingMask of shape [{B}, {S}], got {keyPaddingMask.Shape}.", nameof(keyPaddingMask));
            Tensor additive = keyPaddingMask.DType == DType.Bool
                ? Functional.AttentionMaskData("AdditiveAttention", keyPaddingMask, scores.DType, trueMeansMasked: true, nameof(keyPaddingMask))
                : keyPaddingMask;
            scores = scores + additive.Unsqueeze(1);
        }
        Tensor weights = Functional.Dropout(Functional.SafeSoftmaxLastDim(scores), DropoutP, IsTraining, _generator);
        return (weights.MatMul(value), weights);
    }

    /// <summary><see cref="Forward(Tensor, Tensor, Tensor, Tensor?)"/> between the forward hooks.</summary>
    /// <param name="query">Queries <c>[B, L, qdim]</c>.</param>
    /// <param name="key">Keys <c>[B, S, kdim]</c>.</param>
    /// <param name="value">Values <c>[B, S, vdim]</c>.</param>
    /// <param name="keyPaddingMask">Optional <c>[B, S]</c> mask (bool true = ignore).</param>
    /// <returns>The output and the weights.</returns>
    public (Tensor Output, Tensor Weights) Call(Tensor query, Tensor key, Tensor value, Tensor? keyPaddingMask)
    {
        var input = (query, key, value);
        RunForwardPreHooks(input);
        var output = Forward(query, key, value, keyPaddingMask);
        RunForwardHooks(input, output);
        return output;
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output)
    {
        if (output is not ValueTuple<Tensor, Tensor> o || o.Item2.Rank != 3) return 0;
        long bls = o.Item2.ElementCount, vdim = o.Item1.Shape[-1];
        return bls * WQ.OutFeatures * 2 + 2 * bls * vdim; // feature sum + tanh, weighted sum of the values
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"AdditiveAttention(query: {WQ.InFeatures}, key: {WK.InFeatures}, hidden: {WQ.OutFeatures}, dropout: {DropoutP})");
}
