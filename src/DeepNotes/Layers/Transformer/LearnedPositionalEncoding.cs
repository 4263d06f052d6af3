using System.Globalization;
using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// A learned positional encoding (as in BERT and GPT-2): a trainable table <c>weight [maxLen, d]</c> whose first L rows
/// are added to every sequence, followed by dropout. <c>[L, B, d]</c> (or <c>[B, L, d]</c> with batch first) -> the same.
/// </summary>
/// <remarks>
/// Initialised N(0, 1) like <c>nn.Embedding</c> (the table is an embedding of the positions 0..L−1); BERT-style models
/// re-initialise it with <c>Init.Normal(layer.Weight, 0, 0.02)</c>.
/// </remarks>
public sealed class LearnedPositionalEncoding : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the table.</summary>
    /// <param name="maxLen">Longest sequence supported.</param>
    /// <param name="dModel">d, the embedding width.</param>
    /// <param name="dropout">Dropout probability after the addition (training mode only).</param>
    /// <param name="batchFirst">Inputs are <c>[B, L, d]</c> (else <c>[L, B, d]</c>).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values and dropout masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout probability is outside [0, 1].</exception>
    public LearnedPositionalEncoding(int maxLen, int dModel, double dropout = 0.1, bool batchFirst = false,
        DType dtype = DType.Float32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dModel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLen, 1);
        if (!(dropout is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must be in [0, 1].");
        DModel = dModel;
        MaxLen = maxLen;
        DropoutP = dropout;
        BatchFirst = batchFirst;
        _generator = generator;
        Init.Normal(RegisterParameter("weight", Tensor.Zeros([maxLen, dModel], dtype)), 0, 1, generator);
    }

    /// <summary>d, the embedding width.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence supported.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout probability.</summary>
    public double DropoutP { get; }

    /// <summary>Whether inputs are <c>[B, L, d]</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>The table <c>[maxLen, d]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>x + weight[:L], then dropout; the rows used receive gradients.</summary>
    /// <exception cref="ArgumentException">The input is not 3-D with last dimension d, or is longer than <see cref="MaxLen"/>.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int length = PositionalInput.Check(nameof(LearnedPositionalEncoding), input, DModel, MaxLen, BatchFirst);
        if (input.DType != Weight.DType)
            throw new ArgumentException($"LearnedPositionalEncoding has {Weight.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        Tensor pe = Weight.Narrow(0, 0, length);
        Tensor y = input + (BatchFirst ? pe : pe.Unsqueeze(1));
        return Functional.Dropout(y, DropoutP, IsTraining, _generator);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"LearnedPositionalEncoding(max_len: {MaxLen}, d_model: {DModel}, dropout: {DropoutP})");
}
