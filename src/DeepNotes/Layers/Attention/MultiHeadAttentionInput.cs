namespace DeepNotes.Layers;

/// <summary>
/// The arguments of one <see cref="MultiHeadAttention"/> call, PyTorch's <c>forward(query, key, value,
/// key_padding_mask, need_weights, attn_mask, average_attn_weights)</c>; a <c>(query, key, value)</c> tuple converts
/// to it with the defaults.
/// </summary>
/// <param name="Query">Queries <c>[B, L, E]</c> (batch first), <c>[L, B, E]</c>, or unbatched <c>[L, E]</c>.</param>
/// <param name="Key">Keys <c>[B, S, kdim]</c>, <c>[S, B, kdim]</c> or <c>[S, kdim]</c>.</param>
/// <param name="Value">Values <c>[B, S, vdim]</c>, <c>[S, B, vdim]</c> or <c>[S, vdim]</c>.</param>
public sealed record MultiHeadAttentionInput(Tensor Query, Tensor Key, Tensor Value)
{
    /// <summary>
    /// Optional <c>[B, S]</c> (or <c>[S]</c> unbatched) mask of keys to ignore. Bool: <b>true means ignore</b> (padding),
    /// PyTorch's nn.MultiheadAttention convention. Float: added to the scores.
    /// </summary>
    public Tensor? KeyPaddingMask { get; init; }

    /// <summary>Return the attention weights (PyTorch's default: true).</summary>
    public bool NeedWeights { get; init; } = true;

    /// <summary>
    /// Optional <c>[L, S]</c> or <c>[B·heads, L, S]</c> mask. Bool: <b>true means not allowed to attend</b> (PyTorch's
    /// nn.MultiheadAttention convention, the opposite of F.scaled_dot_product_attention's). Float: added to the scores.
    /// </summary>
    public Tensor? AttnMask { get; init; }

    /// <summary>
    /// Average the returned weights over the heads (<c>[B, L, S']</c>) rather than per head (<c>[B, heads, L, S']</c>);
    /// S' = S, plus one with <see cref="MultiHeadAttention.AddBiasKV"/> and one with <see cref="MultiHeadAttention.AddZeroAttn"/>.
    /// </summary>
    public bool AverageAttnWeights { get; init; } = true;

    /// <summary>Apply a causal mask (key position s &gt; query position l is masked), in addition to any <see cref="AttnMask"/>.</summary>
    public bool IsCausal { get; init; }

    /// <summary>A call with default options.</summary>
    /// <param name="qkv">Query, key and value.</param>
    public static implicit operator MultiHeadAttentionInput((Tensor Query, Tensor Key, Tensor Value) qkv) =>
        new(qkv.Query, qkv.Key, qkv.Value);
}
