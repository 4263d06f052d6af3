using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// A lookup table of learned vectors, PyTorch's <c>nn.Embedding</c>: Int32 indices <c>[*] -> [*, embedding_dim]</c>,
/// with <see cref="Weight"/> <c>[num_embeddings, embedding_dim]</c> (state-dict name <c>weight</c>).
/// </summary>
/// <remarks>
/// Initialised like PyTorch: W ~ N(0, 1), with the <see cref="PaddingIdx"/> row (when given) set to zero. That row
/// never receives a gradient, so it stays what it is (zero, unless changed by hand). Use
/// <see cref="FromPretrained"/> to wrap an existing table.
/// </remarks>
/// <example>
/// <code>
/// var emb = new Embedding(1000, 64, paddingIdx: 0);
/// Tensor tokens = Tensor.FromArray(new[] { 5, 17, 0 }, [1, 3]);   // [N = 1, T = 3]
/// Tensor vectors = emb.Call(tokens);                             // [1, 3, 64]
/// </code>
/// </example>
public sealed class Embedding : Module<Tensor, Tensor>
{
    /// <summary>Creates the table and initialises it like PyTorch.</summary>
    /// <param name="numEmbeddings">Number of rows (the vocabulary size).</param>
    /// <param name="embeddingDim">Length of each vector.</param>
    /// <param name="paddingIdx">A row that is zero-initialised and gets no gradient (negative counts from the end), or null.</param>
    /// <param name="maxNorm">When given, looked-up rows with a larger norm are rescaled in place to this norm.</param>
    /// <param name="normType">The p of the p-norm for <paramref name="maxNorm"/>.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative, or <paramref name="paddingIdx"/> is out of range.</exception>
    public Embedding(int numEmbeddings, int embeddingDim, int? paddingIdx = null, double? maxNorm = null, double normType = 2,
        DType dtype = DType.Float32, Generator? generator = null)
        : this(Tensor.Zeros([Math.Max(numEmbeddings, 0), Math.Max(embeddingDim, 0)], dtype), paddingIdx, maxNorm, normType, init: true, generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embeddingDim);
    }

    private Embedding(Tensor weight, int? paddingIdx, double? maxNorm, double normType, bool init, Generator? generator)
    {
        NumEmbeddings = weight.Shape[0];
        EmbeddingDim = weight.Shape[1];
        if (paddingIdx is int p)
        {
            if (p < -NumEmbeddings || p >= NumEmbeddings)
                throw new ArgumentOutOfRangeException(nameof(paddingIdx), p, $"Embedding: padding_idx must be within num_embeddings ({NumEmbeddings}).");
            PaddingIdx = p < 0 ? p + NumEmbeddings : p;
        }
        MaxNorm = maxNorm;
        NormType = normType;
        RegisterParameter("weight", weight);
        if (init)
        {
            Init.Normal(weight, 0, 1, generator);
            if (PaddingIdx is int q)
                using (Autograd.NoGrad()) weight.Select(0, q).Zero();
        }
    }

    /// <summary>
    /// Wraps an existing table <c>[num_embeddings, embedding_dim]</c> (PyTorch's <c>Embedding.from_pretrained</c>):
    /// the layer's weight is a copy of <paramref name="embeddings"/>, frozen by default. The padding row is kept as given.
    /// </summary>
    /// <param name="embeddings">The vectors, one per row, Float32 or Float64.</param>
    /// <param name="freeze">When true (default) the weight gets no gradient and optimizers skip it.</param>
    /// <param name="paddingIdx">A row that gets no gradient, or null.</param>
    /// <param name="maxNorm">Optional max-norm renormalisation, as in the constructor.</param>
    /// <param name="normType">The p of the p-norm for <paramref name="maxNorm"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="embeddings"/> is not a 2-D floating-point tensor.</exception>
    public static Embedding FromPretrained(Tensor embeddings, bool freeze = true, int? paddingIdx = null, double? maxNorm = null, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Rank != 2 || !embeddings.DType.IsFloatingPoint())
            throw new ArgumentException($"Embedding.FromPretrained expects a floating-point [num_embeddings, embedding_dim] tensor, got {embeddings.DType} {embeddings.Shape}.", nameof(embeddings));
        Tensor weight;
        using (Autograd.NoGrad()) weight = embeddings.Detach().Clone();
        var layer = new Embedding(weight, paddingIdx, maxNorm, normType, init: false, generator: null);
        layer.Weight.RequiresGrad = !freeze;
        return layer;
    }

    /// <summary>Number of rows of the table.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Length of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The row that gets no gradient (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>The max-norm of looked-up rows, or null for none.</summary>
    public double? MaxNorm { get; }

    /// <summary>The p of the p-norm used with <see cref="MaxNorm"/>.</summary>
    public double NormType { get; }

    /// <summary>The table <c>[num_embeddings, embedding_dim]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>Looks up the vectors: Int32 or Int64 <c>[*] -> [*, embedding_dim]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not Int32 or Int64.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, num_embeddings)</c>; the message names it.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.DType.IsInteger())
            throw new ArgumentException($"Embedding({NumEmbeddings}, {EmbeddingDim}) expects Int32 or Int64 indices, got {input.DType} {input.Shape}.", nameof(input));
        return Functional.Embedding(input, Weight, PaddingIdx, MaxNorm, NormType);
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"Embedding({NumEmbeddings}, {EmbeddingDim}{(PaddingIdx is int p ? $", padding_idx: {p}" : "")}{(MaxNorm is double m ? $", max_norm: {m}" : "")})";
}
