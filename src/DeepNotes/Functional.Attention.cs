using DeepNotes.Ops.Attention;

namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Scaled dot-product attention, like <c>F.scaled_dot_product_attention</c>:
    /// softmax(Q·Kᵀ·scale + mask)·V over <c>query [..., L, E]</c>, <c>key [..., S, E]</c>, <c>value [..., S, Ev]</c>
    /// -> <c>[..., L, Ev]</c>, one fused op (batched GEMMs, a stable softmax per row, its own backward).
    /// </summary>
    /// <param name="query">Queries <c>[..., L, E]</c> (Float32 or Float64).</param>
    /// <param name="key">Keys <c>[..., S, E]</c>, the same leading dimensions as the query.</param>
    /// <param name="value">Values <c>[..., S, Ev]</c>, the same leading dimensions.</param>
    /// <param name="attnMask">
    /// Optional mask broadcastable to <c>[..., L, S]</c>. Bool: <b>true means the position takes part</b> (PyTorch's
    /// SDPA convention, the opposite of <c>nn.MultiheadAttention</c>'s); false positions get exactly zero weight.
    /// Float (the query's dtype): added to the scaled scores (−∞ masks); it receives a gradient when it requires one.
    /// </param>
    /// <param name="dropoutP">Dropout probability applied to the attention weights (always, as in the functional PyTorch API; pass 0 in evaluation).</param>
    /// <param name="isCausal">Mask key positions after the query position (s &gt; l), as a lower-triangular mask aligned top-left; not combinable with <paramref name="attnMask"/>.</param>
    /// <param name="scale">Factor applied to Q·Kᵀ; default 1/√E.</param>
    /// <param name="generator">Source of the dropout mask (default: <see cref="Generator.Default"/>).</param>
    /// <param name="enableGqa">Grouped-query attention (PyTorch 2.5's <c>enable_gqa</c>): query <c>[..., H, L, E]</c> with key and value <c>[..., Hkv, S, *]</c>, H a multiple of Hkv; query head h reads key/value head h / (H / Hkv).</param>
    /// <returns>The attention output <c>[..., L, Ev]</c>.</returns>
    /// <remarks>
    /// A query row whose keys are all masked gets zero weights and a zero output (PyTorch 1.13 returns NaN there;
    /// PyTorch ≥ 2.5's SDPA returns zeros, as here). The gradient of such a row is zero.
    /// </remarks>
    /// <exception cref="ArgumentException">Ranks, shapes or dtypes do not fit together; the message names them.</exception>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null,
        double dropoutP = 0, bool isCausal = false, double? scale = null, Generator? generator = null, bool enableGqa = false) =>
        Sdpa(query, key, value, attnMask, dropoutP, isCausal, scale, generator, needWeights: false, enableGqa).Output;

    /// <summary>
    /// <see cref="ScaledDotProductAttention"/> that also returns the attention weights <c>[..., L, S]</c> (after
    /// dropout, as PyTorch returns them); both outputs are differentiable.
    /// </summary>
    /// <param name="query">Queries <c>[..., L, E]</c>.</param>
    /// <param name="key">Keys <c>[..., S, E]</c>.</param>
    /// <param name="value">Values <c>[..., S, Ev]</c>.</param>
    /// <param name="attnMask">Bool (true = take part) or additive float mask broadcastable to <c>[..., L, S]</c>.</param>
    /// <param name="dropoutP">Dropout probability on the weights.</param>
    /// <param name="isCausal">Causal (lower-triangular) masking.</param>
    /// <param name="scale">Factor applied to Q·Kᵀ; default 1/√E.</param>
    /// <param name="generator">Source of the dropout mask.</param>
    /// <param name="enableGqa">Grouped-query attention: key and value may have fewer heads (dimension −3) than the query.</param>
    /// <returns>The output <c>[..., L, Ev]</c> and the weights <c>[..., L, S]</c>.</returns>
    /// <exception cref="ArgumentException">Ranks, shapes or dtypes do not fit together.</exception>
    public static (Tensor Output, Tensor Weights) ScaledDotProductAttentionWithWeights(Tensor query, Tensor key, Tensor value,
        Tensor? attnMask = null, double dropoutP = 0, bool isCausal = false, double? scale = null, Generator? generator = null,
        bool enableGqa = false)
    {
        var (o, w) = Sdpa(query, key, value, attnMask, dropoutP, isCausal, scale, generator, needWeights: true, enableGqa);
        return (o, w!);
    }

    /// <summary>
    /// The causal mask of PyTorch's <c>nn.Transformer.generate_square_subsequent_mask</c>: a float <c>[size, size]</c>
    /// tensor with −∞ above the diagonal (position j &gt; i may not be attended from i) and 0 elsewhere.
    /// </summary>
    /// <param name="size">Sequence length.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static Tensor GenerateSquareSubsequentMask(int size, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var values = new double[size * size];
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++) values[i * size + j] = double.NegativeInfinity;
        return Tensor.FromArray(values, [size, size]).To(dtype);
    }

    private static (Tensor Output, Tensor? Weights) Sdpa(Tensor query, Tensor key, Tensor value, Tensor? attnMask,
        double dropoutP, bool isCausal, double? scale, Generator? generator, bool needWeights, bool enableGqa = false)
    {
        const string op = "ScaledDotProductAttention";
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (enableGqa) (key, value) = RepeatKeyValueHeads(op, query, key, value);
        query.CheckFloatingPoint(op);
        Tensor.CheckSameDType(op, query, key);
        Tensor.CheckSameDType(op, query, value);
        if (query.Rank < 2 || key.Rank < 2 || value.Rank < 2)
            throw new ArgumentException($"{op}: query, key and value must be at least 2-D ([..., L, E], [..., S, E], [..., S, Ev]), got {query.Shape}, {key.Shape} and {value.Shape}.");
        int[] batch = query.Shape.Dims[..^2].ToArray();
        if (!key.Shape.Dims[..^2].SequenceEqual(batch) || !value.Shape.Dims[..^2].SequenceEqual(batch))
            throw new ArgumentException($"{op}: query, key and value must have the same leading dimensions, got {query.Shape}, {key.Shape} and {value.Shape}.");
        int L = query.Shape[-2], E = query.Shape[-1], S = key.Shape[-2], Ev = value.Shape[-1];
        if (key.Shape[-1] != E)
            throw new ArgumentException($"{op}: key [..., S, {E}] expected for query {query.Shape}, got {key.Shape}.", nameof(key));
        if (value.Shape[-2] != S)
            throw new ArgumentException($"{op}: value [..., {S}, Ev] expected for key {key.Shape}, got {value.Shape}.", nameof(value));
        if (!(dropoutP is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropoutP), dropoutP, $"{op}: dropout probability must be in [0, 1].");
        if (isCausal && attnMask is not null)
            throw new ArgumentException($"{op}: pass either attnMask or isCausal, not both (as in PyTorch).", nameof(attnMask));

        int count = 1;
        foreach (int d in batch) count *= d;
        var scoresShape = new Shape([.. batch, L, S]);
        AttentionMask[] masks = [];
        if (attnMask is not null)
        {
            Tensor data = AttentionMask.Additive(op, attnMask, query.DType, trueMeansMasked: false, nameof(attnMask));
            masks = [AttentionMask.Broadcast(op, attnMask.DType == DType.Bool ? null : attnMask, data, data.Shape, scoresShape)];
        }
        var outputShape = new Shape([.. batch, L, Ev]);
        var outOffsets = new int[count];
        for (int i = 0; i < count; i++) outOffsets[i] = i * L * Ev;
        return FusedAttention.Forward(new AttentionRequest
        {
            Q = AttentionView.Contiguous(query, count, L, E),
            K = AttentionView.Contiguous(key, count, S, E),
            V = AttentionView.Contiguous(value, count, S, Ev),
            Count = count, L = L, S = S, E = E, Ev = Ev,
            Scale = scale ?? (E > 0 ? 1 / Math.Sqrt(E) : 1),
            Causal = isCausal, Masks = masks, DropoutP = dropoutP, Generator = generator,
            OutputShape = outputShape, OutputOffsets = outOffsets, OutputLd = Ev,
            WeightsShape = scoresShape, NeedWeights = needWeights,
        });
    }
}
