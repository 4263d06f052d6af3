using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// The fixed sinusoidal positional encoding of "Attention Is All You Need" (Vaswani et al., 2017), as in PyTorch's
/// transformer tutorial: PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)); the forward
/// pass adds PE[:L] to every sequence and applies dropout. <c>[L, B, d]</c> (or <c>[B, L, d]</c> with batch first) ->
/// the same.
/// </summary>
/// <remarks>
/// The table is a persistent buffer <c>pe</c> of shape <c>[maxLen, d]</c> (the tutorial's is <c>[maxLen, 1, d]</c>),
/// computed in double precision; an odd d is allowed (the last column is a sine).
/// </remarks>
public sealed class SinusoidalPositionalEncoding : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Builds the table.</summary>
    /// <param name="dModel">d, the embedding width.</param>
    /// <param name="maxLen">Longest sequence supported.</param>
    /// <param name="dropout">Dropout probability after the addition (training mode only).</param>
    /// <param name="batchFirst">Inputs are <c>[B, L, d]</c> (else <c>[L, B, d]</c>, the tutorial's layout).</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the dropout masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout probability is outside [0, 1].</exception>
    public SinusoidalPositionalEncoding(int dModel, int maxLen = 5000, double dropout = 0.1, bool batchFirst = false,
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
        RegisterBuffer("pe", Table(maxLen, dModel).To(dtype));
    }

    /// <summary>d, the embedding width.</summary>
    public int DModel { get; }

    /// <summary>Longest sequence supported.</summary>
    public int MaxLen { get; }

    /// <summary>Dropout probability.</summary>
    public double DropoutP { get; }

    /// <summary>Whether inputs are <c>[B, L, d]</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>The encoding table <c>[maxLen, d]</c> (buffer <c>pe</c>).</summary>
    public Tensor Encoding => GetBuffer("pe");

    /// <summary>The table in double precision: PE[pos, 2i] = sin(pos·ω_i), PE[pos, 2i+1] = cos(pos·ω_i), ω_i = 10000^(−2i/d).</summary>
    /// <param name="maxLen">Rows (positions).</param>
    /// <param name="dModel">Columns.</param>
    /// <returns>A Float64 <c>[maxLen, dModel]</c> tensor.</returns>
    public static Tensor Table(int maxLen, int dModel)
    {
        var pe = new double[maxLen * dModel];
        for (int i = 0; 2 * i < dModel; i++)
        {
            double omega = Math.Exp(2 * i * (-Math.Log(10000.0) / dModel));
            for (int pos = 0; pos < maxLen; pos++)
            {
                pe[pos * dModel + 2 * i] = Math.Sin(pos * omega);
                if (2 * i + 1 < dModel) pe[pos * dModel + 2 * i + 1] = Math.Cos(pos * omega);
            }
        }
        return Tensor.FromArray(pe, [maxLen, dModel]);
    }

    /// <summary>x + PE[:L], then dropout.</summary>
    /// <exception cref="ArgumentException">The input is not 3-D with last dimension d, or is longer than <see cref="MaxLen"/>.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int length = PositionalInput.Check(nameof(SinusoidalPositionalEncoding), input, DModel, MaxLen, BatchFirst);
        Tensor pe = Encoding.Narrow(0, 0, length);
        if (pe.DType != input.DType)
            throw new ArgumentException($"SinusoidalPositionalEncoding holds {pe.DType.WithArticle()} table, got {input.DType.WithArticle()} input.", nameof(input));
        Tensor y = input + (BatchFirst ? pe : pe.Unsqueeze(1));
        return Functional.Dropout(y, DropoutP, IsTraining, _generator);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"SinusoidalPositionalEncoding(d_model: {DModel}, max_len: {MaxLen}, dropout: {DropoutP})");
}

/// <summary>Shared input check of the positional encodings.</summary>
internal static class PositionalInput
{
    /// <summary>Returns the sequence length of a <c>[L, B, d]</c> / <c>[B, L, d]</c> input, or throws.</summary>
    public static int Check(string layer, Tensor input, int dModel, int maxLen, bool batchFirst)
    {
        string layout = batchFirst ? "[B, L, " : "[L, B, ";
        if (input.Rank != 3 || input.Shape[2] != dModel)
            throw new ArgumentException($"{layer}(d_model {dModel}) expects input {layout}{dModel}], got {input.Shape}.", nameof(input));
        int length = input.Shape[batchFirst ? 1 : 0];
        if (length > maxLen)
            throw new ArgumentException($"{layer}: sequence length {length} exceeds max_len {maxLen} (input {input.Shape}).", nameof(input));
        return length;
    }
}
