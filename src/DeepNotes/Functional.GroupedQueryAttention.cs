namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Grouped-query attention's head sharing (<c>enable_gqa</c>): key and value <c>[..., Hkv, S, *]</c> repeated along
    /// the head dimension (−3) to the query's H heads, each kv head serving H / Hkv consecutive query heads
    /// (<c>repeat_interleave</c>); differentiable, so the shared heads receive the sum of their groups' gradients.
    /// </summary>
    private static (Tensor Key, Tensor Value) RepeatKeyValueHeads(string op, Tensor query, Tensor key, Tensor value)
    {
        if (query.Rank < 3 || key.Rank != query.Rank || value.Rank != query.Rank)
            throw new ArgumentException($"{op}: enableGqa needs query, key and value of the same rank ≥ 3 ([..., heads, L, E]), got {query.Shape}, {key.Shape} and {value.Shape}.");
        int heads = query.Shape[-3], kvHeads = key.Shape[-3];
        if (value.Shape[-3] != kvHeads || kvHeads == 0 || heads % kvHeads != 0)
            throw new ArgumentException($"{op}: with enableGqa the query heads ({heads}) must be a multiple of the key and value heads ({kvHeads} and {value.Shape[-3]}), got query {query.Shape}, key {key.Shape} and value {value.Shape}.");
        if (heads == kvHeads) return (key, value);
        int groups = heads / kvHeads, dim = query.Rank - 3;
        return (key.RepeatInterleave(groups, dim), value.RepeatInterleave(groups, dim));
    }
}
