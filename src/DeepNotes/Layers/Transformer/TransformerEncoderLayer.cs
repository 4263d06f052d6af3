using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A transformer encoder layer, PyTorch's <c>nn.TransformerEncoderLayer</c>: self-attention and a feed-forward block
/// (linear1 → activation → dropout → linear2), each with dropout, a residual connection and layer normalisation —
/// after the residual (post-norm, the default and the original transformer) or before the sublayer
/// (<see cref="NormFirst"/>, pre-norm). <c>[B, L, d]</c> (batch first) or <c>[L, B, d]</c> -> the same.
/// </summary>
/// <remarks>
/// Children and state-dict names are PyTorch's: <c>self_attn</c> (<see cref="MultiHeadAttention"/>), <c>linear1</c>,
/// <c>linear2</c>, <c>norm1</c>, <c>norm2</c> (and the parameter-free <c>dropout</c>, <c>dropout1</c>,
/// <c>dropout2</c>). With dim_feedforward = 4d it has 12d² + 13d parameters, as PyTorch counts them:
/// self_attn 4d² + 4d, linear1 4d² + 4d, linear2 4d² + d, two layer norms 4d. Masks follow
/// nn.MultiheadAttention (bool true = masked out; float added).
/// </remarks>
public sealed class TransformerEncoderLayer : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer, initialised like PyTorch's.</summary>
    /// <param name="dModel">d, the model width.</param>
    /// <param name="nhead">Number of attention heads; must divide <paramref name="dModel"/>.</param>
    /// <param name="dimFeedforward">Hidden width of the feed-forward block.</param>
    /// <param name="dropout">Dropout probability (attention weights, feed-forward and both residual branches).</param>
    /// <param name="activation">ReLU (default) or GELU.</param>
    /// <param name="layerNormEps">The layer norms' eps.</param>
    /// <param name="batchFirst">Inputs are <c>[B, L, d]</c> (else <c>[L, B, d]</c>, PyTorch's default).</param>
    /// <param name="normFirst">Pre-norm: normalise before each sublayer instead of after the residual.</param>
    /// <param name="bias">Biases in the linear layers, the attention and the layer norms.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values and dropout masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="dModel"/> is not divisible by <paramref name="nhead"/>, or a size is not positive.</exception>
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1,
        TransformerActivation activation = TransformerActivation.Relu, double layerNormEps = 1e-5, bool batchFirst = false,
        bool normFirst = false, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dimFeedforward <= 0)
            throw new ArgumentException($"TransformerEncoderLayer: dimFeedforward must be positive, got {dimFeedforward}.", nameof(dimFeedforward));
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "TransformerEncoderLayer: activation must be Relu or Gelu.");
        DModel = dModel;
        NHead = nhead;
        DimFeedforward = dimFeedforward;
        DropoutP = dropout;
        Activation = activation;
        LayerNormEps = layerNormEps;
        BatchFirst = batchFirst;
        NormFirst = normFirst;
        HasBias = bias;
        _generator = generator;
        SelfAttn = RegisterModule("self_attn", new MultiHeadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, dtype: dtype, generator: generator));
        Linear1 = RegisterModule("linear1", new Dense(dModel, dimFeedforward, bias, dtype, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator: generator));
        Linear2 = RegisterModule("linear2", new Dense(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator: generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator: generator));
    }

    /// <summary>d, the model width.</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }

    /// <summary>Hidden width of the feed-forward block.</summary>
    public int DimFeedforward { get; }

    /// <summary>Dropout probability.</summary>
    public double DropoutP { get; }

    /// <summary>The feed-forward activation.</summary>
    public TransformerActivation Activation { get; }

    /// <summary>The layer norms' eps.</summary>
    public double LayerNormEps { get; }

    /// <summary>Whether inputs are <c>[B, L, d]</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>Whether the sublayers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>The self-attention <c>self_attn</c>.</summary>
    public MultiHeadAttention SelfAttn { get; }

    /// <summary>The first feed-forward layer <c>linear1</c> (d -> dim_feedforward).</summary>
    public Dense Linear1 { get; }

    /// <summary>The second feed-forward layer <c>linear2</c> (dim_feedforward -> d).</summary>
    public Dense Linear2 { get; }

    /// <summary>The layer norm of the attention sublayer <c>norm1</c>.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The layer norm of the feed-forward sublayer <c>norm2</c>.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Dropout inside the feed-forward block.</summary>
    public Dropout Dropout { get; }

    /// <summary>Dropout on the attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Encodes without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Encodes <paramref name="src"/>, like PyTorch's <c>forward(src, src_mask, src_key_padding_mask, is_causal)</c>.</summary>
    /// <param name="src">The sequence <c>[B, L, d]</c> / <c>[L, B, d]</c> (or unbatched <c>[L, d]</c>).</param>
    /// <param name="srcMask">Optional attention mask <c>[L, L]</c> or <c>[B·heads, L, L]</c>: bool true = masked, or additive float.</param>
    /// <param name="srcKeyPaddingMask">Optional <c>[B, L]</c>: bool true = padding, or additive float.</param>
    /// <param name="isCausal">Apply a causal mask (position j &gt; i is not attended from i).</param>
    /// <returns>The encoded sequence, same shape.</returns>
    public Tensor Forward(Tensor src, Tensor? srcMask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        ArgumentNullException.ThrowIfNull(src);
        if (src.Rank == 0 || src.Shape[-1] != DModel)
            throw new ArgumentException($"TransformerEncoderLayer(d_model {DModel}) expects src [..., {DModel}], got {src.Shape}.", nameof(src));
        Tensor x = src;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Call(x), srcMask, srcKeyPaddingMask, isCausal);
            x = x + FeedForwardBlock(Norm2.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, srcMask, srcKeyPaddingMask, isCausal));
            x = Norm2.Call(x + FeedForwardBlock(x));
        }
        return x;
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor?, Tensor?, bool)"/> between the forward hooks (PyTorch's
    /// <c>layer(src, src_mask, ...)</c>); the hooks see <paramref name="src"/> as the input.
    /// </summary>
    /// <param name="src">The sequence.</param>
    /// <param name="srcMask">Optional attention mask.</param>
    /// <param name="srcKeyPaddingMask">Optional key padding mask.</param>
    /// <param name="isCausal">Apply a causal mask.</param>
    /// <returns>The encoded sequence.</returns>
    public Tensor Call(Tensor src, Tensor? srcMask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        RunForwardPreHooks(src);
        Tensor output = Forward(src, srcMask, srcKeyPaddingMask, isCausal);
        RunForwardHooks(src, output);
        return output;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout1.Call(SelfAttn.Call(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor FeedForwardBlock(Tensor x)
    {
        Tensor h = Linear1.Call(x);
        h = Activation == TransformerActivation.Relu ? Functional.Relu(h) : Functional.Gelu(h);
        return Dropout2.Call(Linear2.Call(Dropout.Call(h)));
    }

    /// <summary>A new layer with the same options and a copy of this one's parameters (PyTorch's deepcopy in the stacks).</summary>
    internal TransformerEncoderLayer Clone()
    {
        var copy = new TransformerEncoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst,
            NormFirst, HasBias, Linear1.Weight.DType, _generator);
        copy.LoadStateDict(StateDict());
        copy.Train(IsTraining);
        return copy;
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"TransformerEncoderLayer(d_model: {DModel}, nhead: {NHead}, dim_feedforward: {DimFeedforward}, dropout: {DropoutP}, activation: {Activation}, norm_first: {(NormFirst ? "true" : "false")})");
}
