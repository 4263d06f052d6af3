namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Sums, averages or takes the max of bags of embedding rows without materialising them, like
    /// <c>F.embedding_bag</c>: a 2-D <paramref name="input"/> <c>[B, L]</c> is B bags of L indices; a 1-D input
    /// <c>[L]</c> is cut into bags at <paramref name="offsets"/> (bag b is <c>input[offsets[b]..offsets[b+1]]</c>, the last
    /// running to the end; with <paramref name="includeLastOffset"/> the offsets hold B + 1 entries, the last equal to L). The result is
    /// <c>[B, embedding_dim]</c>; an empty bag gives zeros. Indices equal to <paramref name="paddingIdx"/> are left out of
    /// the bag (also from the mean's count) and get no gradient.
    /// </summary>
    /// <param name="input">Int32 indices <c>[B, L]</c> or <c>[L]</c>, each in <c>[0, num_embeddings)</c>.</param>
    /// <param name="weight">The table <c>[num_embeddings, embedding_dim]</c>, Float32 or Float64.</param>
    /// <param name="offsets">For a 1-D input, the Int32 start of each bag <c>[B]</c> (<c>[B + 1]</c> with
    /// <paramref name="includeLastOffset"/>): starting at 0, non-decreasing, at most L. Must be null for a 2-D input.</param>
    /// <param name="mode">Sum, Mean (PyTorch's default) or Max.</param>
    /// <param name="perSampleWeights">A weight per index, the shape of <paramref name="input"/> and the dtype of
    /// <paramref name="weight"/>, multiplying each row before the sum (Sum mode only, as PyTorch); differentiable.</param>
    /// <param name="paddingIdx">An index left out of every bag (negative counts from the end), or null.</param>
    /// <param name="includeLastOffset">The offsets hold B + 1 entries, the last being the input length (the CSR layout).</param>
    /// <returns>A new tensor <c>[B, embedding_dim]</c>.</returns>
    /// <exception cref="ArgumentException">A dtype, shape or offset is wrong, or per-sample weights are given outside Sum mode; the message says which.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index or <paramref name="paddingIdx"/> is out of range; the message names it.</exception>
    public static Tensor EmbeddingBag(Tensor input, Tensor weight, Tensor? offsets = null, EmbeddingBagMode mode = EmbeddingBagMode.Mean,
        Tensor? perSampleWeights = null, int? paddingIdx = null, bool includeLastOffset = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (mode is not (EmbeddingBagMode.Sum or EmbeddingBagMode.Mean or EmbeddingBagMode.Max))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "EmbeddingBag: mode must be Sum, Mean or Max.");
        if (weight.Rank != 2 || !weight.DType.IsFloatingPoint())
            throw new ArgumentException($"EmbeddingBag: weight must be a floating-point [num_embeddings, embedding_dim] tensor, got {weight.DType} {weight.Shape}.", nameof(weight));
        if (input.DType != DType.Int32 || input.Rank is not (1 or 2))
            throw new ArgumentException($"EmbeddingBag expects Int32 indices [B, L] or [L], got {input.DType} {input.Shape}.", nameof(input));
        int num = weight.Shape[0];
        int pad = -1;
        if (paddingIdx is int pi)
        {
            if (pi < -num || pi >= num)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), pi, $"EmbeddingBag: paddingIdx must be within num_embeddings ({num}).");
            pad = pi < 0 ? pi + num : pi;
        }
        if (perSampleWeights is not null)
        {
            if (mode != EmbeddingBagMode.Sum)
                throw new ArgumentException($"EmbeddingBag: perSampleWeights are only supported in Sum mode (as PyTorch), got mode {mode}.", nameof(perSampleWeights));
            if (perSampleWeights.Shape != input.Shape || perSampleWeights.DType != weight.DType)
                throw new ArgumentException(
                    $"EmbeddingBag: perSampleWeights must have the input's shape {input.Shape} and the weight's dtype {weight.DType}, got {perSampleWeights.DType} {perSampleWeights.Shape}.",
                    nameof(perSampleWeights));
        }

        int[] indices = input.ContiguousRaw().Span<int>()[..input.ElementCount].ToArray();
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)num)
                throw new ArgumentOutOfRangeException(nameof(input), indices[i], $"EmbeddingBag: index {indices[i]} at position {i} is outside [0, {num}).");

        int[] starts, ends;
        if (input.Rank == 2)
        {
            if (offsets is not null)
                throw new ArgumentException($"EmbeddingBag: offsets must be null for a 2-D input {input.Shape} (each row is a bag).", nameof(offsets));
            int bags = input.Shape[0], length = input.Shape[1];
            starts = Enumerable.Range(0, bags).Select(b => b * length).ToArray();
            ends = starts.Select(s => s + length).ToArray();
        }
        else
        {
            if (offsets is null || offsets.DType != DType.Int32 || offsets.Rank != 1)
                throw new ArgumentException(
                    $"EmbeddingBag: a 1-D input needs Int32 offsets [B], got {(offsets is null ? "null" : $"{offsets.DType} {offsets.Shape}")}.", nameof(offsets));
            int[] o = offsets.ContiguousRaw().Span<int>()[..offsets.ElementCount].ToArray();
            int length = indices.Length;
            if (includeLastOffset && o.Length == 0)
                throw new ArgumentException("EmbeddingBag: with includeLastOffset the offsets need at least one entry.", nameof(offsets));
            if (o.Length > 0 && o[0] != 0)
                throw new ArgumentException($"EmbeddingBag: offsets[0] must be 0 (the first bag starts at position 0), got {o[0]}.", nameof(offsets));
            for (int b = 1; b < o.Length; b++)
                if (o[b] < o[b - 1])
                    throw new ArgumentException($"EmbeddingBag: offsets must be non-decreasing, got offsets[{b - 1}] = {o[b - 1]} > offsets[{b}] = {o[b]}.", nameof(offsets));
            if (o.Length > 0 && o[^1] > length)
                throw new ArgumentException($"EmbeddingBag: offsets[-1] ({o[^1]}) must not exceed the input length {length}.", nameof(offsets));
            if (includeLastOffset && o[^1] != length)
                throw new ArgumentException(
                    $"EmbeddingBag: with includeLastOffset the last offset must equal the input length {length} (the CSR layout), got {o[^1]}.", nameof(offsets));
            int bags = includeLastOffset ? o.Length - 1 : o.Length;
            starts = o[..bags];
            ends = new int[bags];
            for (int b = 0; b < bags; b++) ends[b] = b + 1 < o.Length ? o[b + 1] : length;
        }
        return Ops.EmbeddingBagReduction.Forward(indices, starts, ends, weight, mode, perSampleWeights, pad);
    }
}
