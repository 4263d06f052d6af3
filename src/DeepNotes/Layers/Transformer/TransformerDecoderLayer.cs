using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// A transformer decoder layer, PyTorch's <c>nn.TransformerDecoderLayer</c>: masked self-attention over the target,
/// cross-attention to the encoder's memory, and a feed-forward block, each with dropout, a residual connection and
/// layer normalisation (post-norm by default, pre-norm with <see cref="NormFirst"/>).
/// <c>(tgt [B, T, d], memory [B, S, d])</c> (batch first) or sequence first -> <c>[B, T, d]</c>.
/// </summary>
/// <remarks>
/// Children and state-dict names are PyTorch's: <c>self_attn</c>, <c>multihead_attn</c>, <c>linear1</c>,
/// <c>linear2</c>, <c>norm1</c>, <c>norm2</c>, <c>norm3</c> (and <c>dropout</c>, <c>dropout1..3</c>): 16d² + 19d
/// parameters for dim_feedforward = 4d. Masks follow nn.MultiheadAttention (bool true = masked out; float added).
/// </remarks>
public sealed class TransformerDecoderLayer : Module<(Tensor Tgt, Tensor Memory), Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer, initialised like PyTorch's.</summary>
    /// <param name="dModel">d, the model width.</param>
    /// <param name="nhead">Number of attention heads; must divide <paramref name="dModel"/>.</param>
    /// <param name="dimFeedforward">Hidden width of the feed-forward block.</param>
    /// <param name="dropout">Dropout probability.</param>
    /// <param name="activation">ReLU (default) or GELU.</param>
    /// <param name="layerNormEps">The layer norms' eps.</param>
    /// <param name="batchFirst">Inputs are <c>[B, T, d]</c> (else <c>[T, B, d]</c>).</param>
    /// <param name="normFirst">Pre-norm instead of post-norm.</param>
    /// <param name="bias">Biases in the linear layers, the attentions and the layer norms.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values and dropout masks.</param>
    /// <exception cref="ArgumentException"><paramref name="dModel"/> is not divisible by <paramref name="nhead"/>, or a size is not positive.</exception>
    public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward = 2048, double dropout = 0.1,
        TransformerActivation activation = TransformerActivation.Relu, double layerNormEps = 1e-5, bool batchFirst = false,
        bool normFirst = false, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (dimFeedforward <= 0)
            throw new ArgumentException($"TransformerDecoderLayer: dimFeedforward must be positive, got {dimFeedforward}.", nameof(dimFeedforward));
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "TransformerDecoderLayer: activation must be Relu or Gelu.");
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
        MultiheadAttn = RegisterModule("multihead_attn", new MultiHeadAttention(dModel, nhead, dropout, bias, batchFirst: batchFirst, dtype: dtype, generator: generator));
        Linear1 = RegisterModule("linear1", new Dense(dModel, dimFeedforward, bias, dtype, generator));
        Dropout = RegisterModule("dropout", new Dropout(dropout, generator: generator));
        Linear2 = RegisterModule("linear2", new Dense(dimFeedforward, dModel, bias, dtype, generator));
        Norm1 = RegisterModule("norm1", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm2 = RegisterModule("norm2", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Norm3 = RegisterModule("norm3", new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype));
        Dropout1 = RegisterModule("dropout1", new Dropout(dropout, generator: generator));
        Dropout2 = RegisterModule("dropout2", new Dropout(dropout, generator: generator));
        Dropout3 = RegisterModule("dropout3", new Dropout(dropout, generator: generator));
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

    /// <summary>Whether inputs are batch first.</summary>
    public bool BatchFirst { get; }

    /// <summary>Pre-norm (true) or post-norm (false).</summary>
    public bool NormFirst { get; }

    /// <summary>Whether the sublayers have biases.</summary>
    public bool HasBias { get; }

    /// <summary>The masked self-attention <c>self_attn</c>.</summary>
    public MultiHeadAttention SelfAttn { get; }

    /// <summary>The cross-attention to the memory, <c>multihead_attn</c>.</summary>
    public MultiHeadAttention MultiheadAttn { get; }

    /// <summary><c>linear1</c> (d -> dim_feedforward).</summary>
    public Dense Linear1 { get; }

    /// <summary><c>linear2</c> (dim_feedforward -> d).</summary>
    public Dense Linear2 { get; }

    /// <summary>Layer norm of the self-attention sublayer.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>Layer norm of the cross-attention sublayer.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Layer norm of the feed-forward sublayer.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>Dropout inside the feed-forward block.</summary>
    public Dropout Dropout { get; }

    /// <summary>Dropout on the self-attention branch.</summary>
    public Dropout Dropout1 { get; }

    /// <summary>Dropout on the cross-attention branch.</summary>
    public Dropout Dropout2 { get; }

    /// <summary>Dropout on the feed-forward branch.</summary>
    public Dropout Dropout3 { get; }

    /// <summary>Decodes without masks.</summary>
    public override Tensor Forward((Tensor Tgt, Tensor Memory) input) => Forward(input.Tgt, input.Memory);

    /// <summary>
    /// Decodes, like PyTorch's <c>forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
    /// memory_key_padding_mask)</c>.
    /// </summary>
    /// <param name="tgt">The target sequence <c>[B, T, d]</c> / <c>[T, B, d]</c>.</param>
    /// <param name="memory">The encoder output <c>[B, S, d]</c> / <c>[S, B, d]</c>.</param>
    /// <param name="tgtMask">Self-attention mask <c>[T, T]</c> (e.g. <see cref="Functional.GenerateSquareSubsequentMask"/>).</param>
    /// <param name="memoryMask">Cross-attention mask <c>[T, S]</c>.</param>
    /// <param name="tgtKeyPaddingMask">Target padding <c>[B, T]</c> (bool true = padding).</param>
    /// <param name="memoryKeyPaddingMask">Memory padding <c>[B, S]</c> (bool true = padding).</param>
    /// <param name="tgtIsCausal">Apply a causal mask in the self-attention.</param>
    /// <param name="memoryIsCausal">Apply a causal mask in the cross-attention (target position i attends memory positions ≤ i).</param>
    /// <returns>The decoded target sequence, shaped like <paramref name="tgt"/>.</returns>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(tgt);
        ArgumentNullException.ThrowIfNull(memory);
        if (tgt.Rank == 0 || tgt.Shape[-1] != DModel || memory.Rank == 0 || memory.Shape[-1] != DModel)
            throw new ArgumentException($"TransformerDecoderLayer(d_model {DModel}) expects tgt and memory [..., {DModel}], got {tgt.Shape} and {memory.Shape}.", nameof(tgt));
        Tensor x = tgt;
        if (NormFirst)
        {
            x = x + SelfAttentionBlock(Norm1.Call(x), tgtMask, tgtKeyPaddingMask, tgtIsCausal);
            x = x + CrossAttentionBlock(Norm2.Call(x), memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal);
            x = x + FeedForwardBlock(Norm3.Call(x));
        }
        else
        {
            x = Norm1.Call(x + SelfAttentionBlock(x, tgtMask, tgtKeyPaddingMask, tgtIsCausal));
            x = Norm2.Call(x + CrossAttentionBlock(x, memory, memoryMask, memoryKeyPaddingMask, memoryIsCausal));
            x = Norm3.Call(x + FeedForwardBlock(x));
        }
        return x;
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/> between the forward hooks, which see
    /// <c>(tgt, memory)</c> as the input.
    /// </summary>
    /// <param name="tgt">The target sequence.</param>
    /// <param name="memory">The encoder output.</param>
    /// <param name="tgtMask">Self-attention mask.</param>
    /// <param name="memoryMask">Cross-attention mask.</param>
    /// <param name="tgtKeyPaddingMask">Target padding.</param>
    /// <param name="memoryKeyPaddingMask">Memory padding.</param>
    /// <param name="tgtIsCausal">Causal self-attention.</param>
    /// <param name="memoryIsCausal">Causal cross-attention (target position i attends memory positions ≤ i).</param>
    /// <returns>The decoded target sequence.</returns>
    public Tensor Call(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var input = (tgt, memory);
        RunForwardPreHooks(input);
        Tensor output = Forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        RunForwardHooks(input, output);
        return output;
    }

    private Tensor SelfAttentionBlock(Tensor x, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout1.Call(SelfAttn.Call(x, x, x, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor CrossAttentionBlock(Tensor x, Tensor memory, Tensor? mask, Tensor? keyPaddingMask, bool isCausal) =>
        Dropout2.Call(MultiheadAttn.Call(x, memory, memory, keyPaddingMask, needWeights: false, attnMask: mask, isCausal: isCausal).Output);

    private Tensor FeedForwardBlock(Tensor x)
    {
        Tensor h = Linear1.Call(x);
        h = Activation == TransformerActivation.Relu ? Functional.Relu(h) : Functional.Gelu(h);
        return Dropout3.Call(Linear2.Call(Dropout.Call(h)));
    }

    /// <summary>A new layer with the same options and a copy of this one's parameters.</summary>
    internal TransformerDecoderLayer Clone()
    {
        var copy = new TransformerDecoderLayer(DModel, NHead, DimFeedforward, DropoutP, Activation, LayerNormEps, BatchFirst,
            NormFirst, HasBias, Linear1.Weight.DType, _generator);
        copy.LoadStateDict(StateDict());
        copy.Train(IsTraining);
        return copy;
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"TransformerDecoderLayer(d_model: {DModel}, nhead: {NHead}, dim_feedforward: {DimFeedforward}, dropout: {DropoutP}, activation: {Activation}, norm_first: {(NormFirst ? "true" : "false")})");
}
