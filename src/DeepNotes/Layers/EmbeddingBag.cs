using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// Bags of embedding vectors reduced to one vector each, PyTorch's <c>nn.EmbeddingBag</c>: the sum, mean (default) or
/// max of the rows of <see cref="Weight"/> <c>[num_embeddings, embedding_dim]</c> (state-dict name <c>weight</c>)
/// named by each bag's indices, without materialising them — e.g. a bag-of-words text classifier. A 2-D input
/// <c>[B, L]</c> is B bags of L indices; a 1-D input with offsets goes through
/// <see cref="Forward(Tensor, Tensor?, Tensor?)"/>.
/// </summary>
/// <remarks>
/// Initialised like PyTorch: W ~ N(0, 1), with the <see cref="PaddingIdx"/> row (when given) set to zero; that index is
/// left out of every bag. PyTorch's <c>max_norm</c>, <c>scale_grad_by_freq</c> and <c>sparse</c> are not offered.
/// </remarks>
/// <example>
/// <code>
/// var bag = new EmbeddingBag(10_000, 64, EmbeddingBagMode.Sum);
/// Tensor tokens = Tensor.FromArray(new[] { 4, 17, 9, 3, 3 });
/// Tensor offsets = Tensor.FromArray(new[] { 0, 3 });   // bags [4, 17, 9] and [3, 3]
/// Tensor vectors = bag.Forward(tokens, offsets);        // [2, 64]
/// </code>
/// </example>
public sealed class EmbeddingBag : Module<Tensor, Tensor>
{
    /// <summary>Creates the table and initialises it like PyTorch.</summary>
    /// <param name="numEmbeddings">Number of rows (the vocabulary size).</param>
    /// <param name="embeddingDim">Length of each vector.</param>
    /// <param name="mode">Sum, Mean (PyTorch's default) or Max.</param>
    /// <param name="paddingIdx">An index left out of every bag, whose row is zero-initialised and gets no gradient (negative counts from the end), or null.</param>
    /// <param name="includeLastOffset">Offsets hold B + 1 entries, the last closing the last bag (the CSR layout).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, <paramref name="paddingIdx"/> is out of range, or <paramref name="mode"/> is undefined.</exception>
    public EmbeddingBag(int numEmbeddings, int embeddingDim, EmbeddingBagMode mode = EmbeddingBagMode.Mean, int? paddingIdx = null,
        bool includeLastOffset = false, DType dtype = DType.Float32, Generator? generator = null)
        : this(Tensor.Zeros([Math.Max(numEmbeddings, 0), Math.Max(embeddingDim, 0)], dtype), mode, paddingIdx, includeLastOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
        Init.Normal(Weight, 0, 1, generator);
        if (PaddingIdx is int p)
            using (Autograd.NoGrad()) Weight.Select(0, p).Zero();
    }

    private EmbeddingBag(Tensor weight, EmbeddingBagMode mode, int? paddingIdx, bool includeLastOffset)
    {
        if (mode is not (EmbeddingBagMode.Sum or EmbeddingBagMode.Mean or EmbeddingBagMode.Max))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "EmbeddingBag: mode must be Sum, Mean or Max.");
        NumEmbeddings = weight.Shape[0];
        EmbeddingDim = weight.Shape[1];
        if (paddingIdx is int p)
        {
            if (p < -NumEmbeddings || p >= NumEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"EmbeddingBag: paddingIdx must be within num_embeddings ({NumEmbeddings}).");
            PaddingIdx = p < 0 ? p + NumEmbeddings : p;
        }
        Mode = mode;
        IncludeLastOffset = includeLastOffset;
        RegisterParameter("weight", weight);
    }

    /// <summary>
    /// Wraps an existing table <c>[num_embeddings, embedding_dim]</c> (PyTorch's <c>EmbeddingBag.from_pretrained</c>): the
    /// weight is a copy of <paramref name="embeddings"/>, frozen by default.
    /// </summary>
    /// <param name="embeddings">The vectors, one per row, Float32 or Float64.</param>
    /// <param name="freeze">When true (default) the weight gets no gradient and optimizers skip it.</param>
    /// <param name="mode">Sum, Mean (default) or Max.</param>
    /// <param name="paddingIdx">An index left out of every bag, or null.</param>
    /// <param name="includeLastOffset">Offsets hold B + 1 entries.</param>
    /// <exception cref="ArgumentException"><paramref name="embeddings"/> is not a 2-D floating-point tensor.</exception>
    public static EmbeddingBag FromPretrained(Tensor embeddings, bool freeze = true, EmbeddingBagMode mode = EmbeddingBagMode.Mean,
        int? paddingIdx = null, bool includeLastOffset = false)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Rank != 2 || !embeddings.DType.IsFloatingPoint())
            throw new ArgumentException($"EmbeddingBag.FromPretrained expects a floating-point [num_embeddings, embedding_dim] tensor, got {embeddings.DType} {embeddings.Shape}.", nameof(embeddings));
        Tensor weight;
        using (Autograd.NoGrad()) weight = embeddings.Detach().Clone();
        var layer = new EmbeddingBag(weight, mode, paddingIdx, includeLastOffset);
        layer.Weight.RequiresGrad = !freeze;
        return layer;
    }

    /// <summary>Number of rows of the table.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Length of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>How a bag is reduced.</summary>
    public EmbeddingBagMode Mode { get; }

    /// <summary>The index left out of every bag (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>Whether offsets hold B + 1 entries.</summary>
    public bool IncludeLastOffset { get; }

    /// <summary>The table <c>[num_embeddings, embedding_dim]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>Reduces each row of a 2-D input: Int32 <c>[B, L] -> [B, embedding_dim]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not a 2-D Int32 tensor (1-D inputs need offsets).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range; the message names it.</exception>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>
    /// Reduces bags: a 2-D input <c>[B, L]</c> without offsets, or a 1-D input <c>[L]</c> cut at
    /// <paramref name="offsets"/> <c>[B]</c> (<c>[B + 1]</c> with <see cref="IncludeLastOffset"/>); <c>-> [B, embedding_dim]</c>.
    /// Called directly, this overload runs no forward hooks.
    /// </summary>
    /// <param name="input">Int32 indices.</param>
    /// <param name="offsets">Int32 bag starts for a 1-D input, or null for a 2-D one.</param>
    /// <param name="perSampleWeights">Weights of each index, the input's shape (Sum mode only), or null.</param>
    /// <exception cref="ArgumentException">A dtype, shape or offset is wrong; the message says which.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range; the message names it.</exception>
    public Tensor Forward(Tensor input, Tensor? offsets, Tensor? perSampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 1 && offsets is null)
            throw new ArgumentException($"EmbeddingBag({NumEmbeddings}, {EmbeddingDim}): a 1-D input {input.Shape} needs offsets; pass them to Forward(input, offsets).", nameof(input));
        return Functional.EmbeddingBag(input, Weight, offsets, Mode, perSampleWeights, PaddingIdx, IncludeLastOffset);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        input is Tensor x ? (long)x.ElementCount * EmbeddingDim : 0;

    /// <inheritdoc/>
    public override string Describe() =>
        $"EmbeddingBag({NumEmbeddings}, {EmbeddingDim}, mode: {Mode}{(PaddingIdx is int p ? $", padding_idx: {p}" : "")})";
}
