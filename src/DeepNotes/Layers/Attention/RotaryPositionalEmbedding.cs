using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Rotary position embedding (RoPE, Su et al. 2021, "RoFormer"), as torchtune's <c>RotaryPositionalEmbeddings</c> and
/// Meta's LLaMA: each pair of features (x_{2i}, x_{2i+1}) of a head at position m is rotated by the angle m·θ_i,
/// θ_i = base^(−2i/d), so that the dot product of a rotated query and key depends only on their relative position.
/// Applied to queries and keys (not values) before attention. <c>[B, S, heads, d] -> [B, S, heads, d]</c>.
/// </summary>
/// <remarks>
/// <para>With <c>interleaved: false</c> the pairs are (x_i, x_{i+d/2}) instead — the "rotate half" layout of GPT-NeoX and
/// Hugging Face's LLaMA, whose checkpoints permute the projection rows accordingly.</para>
/// <para>The cos/sin table <c>[maxSeqLen, d/2]</c> is computed in double precision and kept as non-persistent buffers
/// (not in the state dict, as torchtune's <c>cache</c>); the layer has no parameters. Differentiable (a linear map of
/// the input).</para>
/// </remarks>
/// <example>
/// <code>
/// var rope = new RotaryPositionalEmbedding(64);            // head dimension 64
/// q = rope.Call(q); k = rope.Call(k);                      // [B, S, heads, 64], then transpose to [B, heads, S, 64]
/// </code>
/// </example>
public sealed class RotaryPositionalEmbedding : Module<Tensor, Tensor>
{
    /// <summary>Builds the table.</summary>
    /// <param name="dim">Head dimension d (even).</param>
    /// <param name="maxSeqLen">Longest sequence (largest position + 1).</param>
    /// <param name="theta">The base of the angles (10000 in RoFormer and LLaMA 2; 500000 in LLaMA 3).</param>
    /// <param name="interleaved">Rotate adjacent pairs (x_{2i}, x_{2i+1}) (torchtune, Meta); false: the halves (x_i, x_{i+d/2}) (GPT-NeoX, Hugging Face).</param>
    /// <param name="dtype">Float32 (default) or Float64 table.</param>
    /// <exception cref="ArgumentException"><paramref name="dim"/> is not a positive even number, <paramref name="maxSeqLen"/> is not positive, or theta is not positive.</exception>
    public RotaryPositionalEmbedding(int dim, int maxSeqLen = 4096, double theta = 10000, bool interleaved = true, DType dtype = DType.Float32)
    {
        if (dim <= 0 || dim % 2 != 0)
            throw new ArgumentException($"RotaryPositionalEmbedding: dim must be a positive even number, got {dim}.", nameof(dim));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeqLen, 1);
        if (!(theta > 0)) throw new ArgumentOutOfRangeException(nameof(theta), theta, "RotaryPositionalEmbedding: theta must be positive.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"RotaryPositionalEmbedding: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        Dim = dim;
        MaxSeqLen = maxSeqLen;
        Theta = theta;
        Interleaved = interleaved;
        int half = dim / 2;
        var cos = new double[maxSeqLen * half];
        var sin = new double[maxSeqLen * half];
        for (int i = 0; i < half; i++)
        {
            double frequency = 1.0 / Math.Pow(theta, 2.0 * i / dim);
            for (int m = 0; m < maxSeqLen; m++)
            {
                cos[m * half + i] = Math.Cos(m * frequency);
                sin[m * half + i] = Math.Sin(m * frequency);
            }
        }
        RegisterBuffer("cos", Tensor.FromArray(cos, [maxSeqLen, half]).To(dtype), persistent: false);
        RegisterBuffer("sin", Tensor.FromArray(sin, [maxSeqLen, half]).To(dtype), persistent: false);
    }

    /// <summary>Head dimension d.</summary>
    public int Dim { get; }

    /// <summary>Longest sequence supported.</summary>
    public int MaxSeqLen { get; }

    /// <summary>Base of the angles.</summary>
    public double Theta { get; }

    /// <summary>Whether adjacent features form the rotated pairs (else the two halves).</summary>
    public bool Interleaved { get; }

    /// <summary>Rotates positions 0..S−1.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Rotates each head's features by its position's angles.</summary>
    /// <param name="input">Queries or keys <c>[B, S, heads, d]</c>.</param>
    /// <param name="inputPos">Optional Int32 positions <c>[S]</c> or <c>[B, S]</c> (e.g. with a KV cache); default 0..S−1.</param>
    /// <returns>The rotated tensor, shaped like <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentException">The input is not <c>[B, S, heads, d]</c> of the table's dtype, S exceeds <see cref="MaxSeqLen"/>, or the positions do not fit.</exception>
    public Tensor Forward(Tensor input, Tensor? inputPos)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Shape[3] != Dim)
            throw new ArgumentException($"RotaryPositionalEmbedding(dim {Dim}) expects input [B, S, heads, {Dim}], got {input.Shape}.", nameof(input));
        Tensor cosTable = GetBuffer("cos"), sinTable = GetBuffer("sin");
        if (input.DType != cosTable.DType)
            throw new ArgumentException($"RotaryPositionalEmbedding holds {cosTable.DType.WithArticle()} table, got {input.DType.WithArticle()} input.", nameof(input));
        int batch = input.Shape[0], length = input.Shape[1], half = Dim / 2;
        Tensor cos, sin;   // [S, 1, d/2] or [B, S, 1, d/2]
        if (inputPos is null)
        {
            if (length > MaxSeqLen)
                throw new ArgumentException($"RotaryPositionalEmbedding: sequence length {length} exceeds max_seq_len {MaxSeqLen} (input {input.Shape}).", nameof(input));
            cos = cosTable.Narrow(0, 0, length).Unsqueeze(1);
            sin = sinTable.Narrow(0, 0, length).Unsqueeze(1);
        }
        else
        {
            bool perBatch = inputPos.Rank == 2;
            if (inputPos.DType != DType.Int32 || !(inputPos.Rank == 1 && inputPos.Shape[0] == length || perBatch && inputPos.Shape[0] == batch && inputPos.Shape[1] == length))
                throw new ArgumentException($"RotaryPositionalEmbedding: inputPos must be Int32 [{length}] or [{batch}, {length}], got {inputPos.DType.WithArticle()} {inputPos.Shape}.", nameof(inputPos));
            foreach (int p in inputPos.Contiguous().ToArray<int>())
                if ((uint)p >= (uint)MaxSeqLen)
                    throw new ArgumentException($"RotaryPositionalEmbedding: position {p} is outside 0..{MaxSeqLen - 1}.", nameof(inputPos));
            Tensor flat = inputPos.Contiguous().Reshape(-1);
            cos = cosTable.IndexSelect(0, flat);
            sin = sinTable.IndexSelect(0, flat);
            cos = perBatch ? cos.Reshape(batch, length, 1, half) : cos.Unsqueeze(1);
            sin = perBatch ? sin.Reshape(batch, length, 1, half) : sin.Unsqueeze(1);
        }
        Tensor x0, x1;
        if (Interleaved)
        {
            Tensor pairs = input.Reshape(batch, length, input.Shape[2], half, 2);
            x0 = pairs.Select(-1, 0);
            x1 = pairs.Select(-1, 1);
        }
        else
        {
            x0 = input.Narrow(-1, 0, half);
            x1 = input.Narrow(-1, half, half);
        }
        Tensor y0 = x0 * cos - x1 * sin, y1 = x1 * cos + x0 * sin;
        return Interleaved ? Tensor.Stack([y0, y1], -1).Reshape(input.Shape.ToArray()) : Tensor.Concat([y0, y1], -1);
    }

    /// <summary><see cref="Forward(Tensor, Tensor?)"/> between the forward hooks.</summary>
    /// <param name="input">Queries or keys <c>[B, S, heads, d]</c>.</param>
    /// <param name="inputPos">Optional Int32 positions <c>[S]</c> or <c>[B, S]</c>.</param>
    /// <returns>The rotated tensor.</returns>
    public Tensor Call(Tensor input, Tensor? inputPos)
    {
        RunForwardPreHooks(input);
        Tensor output = Forward(input, inputPos);
        RunForwardHooks(input, output);
        return output;
    }

    /// <inheritdoc/>
    /// <remarks>Per element: two multiplications and one addition.</remarks>
    public override long EstimateForwardFlops(object? input, object? output) => output is Tensor y ? 3L * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"RotaryPositionalEmbedding(dim: {Dim}, max_seq_len: {MaxSeqLen}, base: {Theta}, interleaved: {(Interleaved ? "true" : "false")})");
}
