namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Looks up rows of an embedding table, like <c>F.embedding</c>: <c>input [*]</c> (Int32 indices) and
    /// <c>weight [num_embeddings, embedding_dim]</c> give <c>[*, embedding_dim]</c>. The gradient of
    /// <paramref name="weight"/> is the output gradient scatter-added into the indexed rows.
    /// </summary>
    /// <param name="input">Int32 or Int64 indices of any shape, each in <c>[0, num_embeddings)</c>.</param>
    /// <param name="weight">The table <c>[num_embeddings, embedding_dim]</c>, Float32 or Float64.</param>
    /// <param name="paddingIdx">A row that receives no gradient (negative counts from the end), or null.</param>
    /// <param name="maxNorm">When given, each looked-up row whose norm exceeds it is rescaled in place (no autograd) to
    /// norm <paramref name="maxNorm"/> before the lookup, as in PyTorch.</param>
    /// <param name="normType">The p of the p-norm for <paramref name="maxNorm"/> (default 2).</param>
    /// <exception cref="ArgumentException">The input is not Int32 or Int64, or the weight is not a 2-D floating-point tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index or <paramref name="paddingIdx"/> is out of range; the message names it and the table size.</exception>
    public static Tensor Embedding(Tensor input, Tensor weight, int? paddingIdx = null, double? maxNorm = null, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        return Ops.EmbeddingOperation.Forward(input, weight, paddingIdx, maxNorm, normType);
    }
}
