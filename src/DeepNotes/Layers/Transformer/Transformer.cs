using System.Globalization;
using DeepNotes.Initializers;

namespace DeepNotes.Layers;

/// <summary>
/// The encoder–decoder transformer of "Attention Is All You Need", PyTorch's <c>nn.Transformer</c>: a
/// <see cref="TransformerEncoder"/> of <c>numEncoderLayers</c> layers with a final layer norm, and a
/// <see cref="TransformerDecoder"/> of <c>numDecoderLayers</c> layers with a final layer norm.
/// <c>(src [B, S, d], tgt [B, T, d])</c> (batch first) or <c>([S, B, d], [T, B, d])</c> -> <c>[B, T, d]</c> /
/// <c>[T, B, d]</c>; unbatched <c>([S, d], [T, d])</c> -> <c>[T, d]</c>.
/// </summary>
/// <remarks>
/// <para>Children and state-dict names are PyTorch's: <c>encoder.layers.{i}.self_attn.in_proj_weight</c>, ...,
/// <c>encoder.norm.weight</c>, <c>decoder.layers.{i}.multihead_attn.in_proj_weight</c>, ..., <c>decoder.norm.bias</c>.
/// Initialisation is PyTorch's <c>_reset_parameters</c>: after the layers are built, every parameter with more than one
/// dimension is re-drawn Xavier-uniform (in state-dict order), biases and norms keep their defaults.</para>
/// <para>Embedding the tokens, adding positions and the final linear projection to the vocabulary are the user's, as in
/// PyTorch (see <see cref="SinusoidalPositionalEncoding"/>).</para>
/// </remarks>
/// <example>
/// <code>
/// var model = new Transformer(dModel: 256, nhead: 8, numEncoderLayers: 3, numDecoderLayers: 3, batchFirst: true);
/// Tensor y = model.Call(src, tgt, tgtMask: Transformer.GenerateSquareSubsequentMask(tgt.Shape[1])); // [B, T, 256]
/// </code>
/// </example>
public sealed class Transformer : Module<(Tensor Src, Tensor Tgt), Tensor>
{
    /// <summary>Creates the model with PyTorch's defaults (d 512, 8 heads, 6 + 6 layers, feed-forward 2048, dropout 0.1, ReLU).</summary>
    /// <param name="dModel">d, the model width.</param>
    /// <param name="nhead">Number of attention heads; must divide <paramref name="dModel"/>.</param>
    /// <param name="numEncoderLayers">Encoder layers (≥ 1).</param>
    /// <param name="numDecoderLayers">Decoder layers (≥ 1).</param>
    /// <param name="dimFeedforward">Hidden width of the feed-forward blocks.</param>
    /// <param name="dropout">Dropout probability everywhere (attention weights, feed-forward, residual branches).</param>
    /// <param name="activation">ReLU (default) or GELU.</param>
    /// <param name="layerNormEps">eps of every layer norm.</param>
    /// <param name="batchFirst">Inputs and output are <c>[B, L, d]</c> (else <c>[L, B, d]</c>, PyTorch's default).</param>
    /// <param name="normFirst">Pre-norm layers instead of post-norm.</param>
    /// <param name="bias">Biases in the linear layers, the attentions and the layer norms.</param>
    /// <param name="customEncoder">Use this encoder instead of building one (PyTorch's <c>custom_encoder</c>; re-initialised like the rest, as in PyTorch).</param>
    /// <param name="customDecoder">Use this decoder instead of building one (<c>custom_decoder</c>; re-initialised like the rest).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <param name="generator">Source of the initial values and dropout masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">A size is not positive, or <paramref name="dModel"/> is not divisible by <paramref name="nhead"/>.</exception>
    public Transformer(int dModel = 512, int nhead = 8, int numEncoderLayers = 6, int numDecoderLayers = 6, int dimFeedforward = 2048,
        double dropout = 0.1, TransformerActivation activation = TransformerActivation.Relu, double layerNormEps = 1e-5,
        bool batchFirst = false, bool normFirst = false, bool bias = true, TransformerEncoder? customEncoder = null,
        TransformerDecoder? customDecoder = null, DType dtype = DType.Float32, Generator? generator = null)
    {
        if (customEncoder is null)
            ArgumentOutOfRangeException.ThrowIfLessThan(numEncoderLayers, 1);
        if (customDecoder is null)
            ArgumentOutOfRangeException.ThrowIfLessThan(numDecoderLayers, 1);
        DModel = dModel;
        NHead = nhead;
        BatchFirst = batchFirst;
        Encoder = RegisterModule("encoder", customEncoder ?? new TransformerEncoder(
            new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator),
            numEncoderLayers, new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype)));
        Decoder = RegisterModule("decoder", customDecoder ?? new TransformerDecoder(
            new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst, bias, dtype, generator),
            numDecoderLayers, new LayerNorm(dModel, layerNormEps, bias: bias, dtype: dtype)));
        // PyTorch's _reset_parameters: Xavier-uniform for every parameter of more than one dimension, in order.
        foreach (var p in Parameters())
            if (p.Rank > 1) Init.XavierUniform(p, generator: generator);
    }

    /// <summary>d, the model width.</summary>
    public int DModel { get; }

    /// <summary>Number of attention heads.</summary>
    public int NHead { get; }

    /// <summary>Whether inputs and output are <c>[B, L, d]</c>.</summary>
    public bool BatchFirst { get; }

    /// <summary>The encoder stack <c>encoder</c> (with its final norm <c>encoder.norm</c>).</summary>
    public TransformerEncoder Encoder { get; }

    /// <summary>The decoder stack <c>decoder</c> (with its final norm <c>decoder.norm</c>).</summary>
    public TransformerDecoder Decoder { get; }

    /// <summary>
    /// PyTorch's <c>nn.Transformer.generate_square_subsequent_mask(size)</c>: a float <c>[size, size]</c> mask with −∞
    /// above the diagonal (position j &gt; i is not attended from i) and 0 elsewhere.
    /// </summary>
    /// <param name="size">Sequence length.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <returns>The additive causal mask.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public static Tensor GenerateSquareSubsequentMask(int size, DType dtype = DType.Float32) =>
        Functional.GenerateSquareSubsequentMask(size, dtype);

    /// <summary>Runs the model without masks.</summary>
    public override Tensor Forward((Tensor Src, Tensor Tgt) input) => Forward(input.Src, input.Tgt);

    /// <summary>
    /// Encodes <paramref name="src"/> and decodes <paramref name="tgt"/> against it, like PyTorch's <c>forward(src, tgt,
    /// src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask)</c>. Every
    /// mask is optional; bool masks: true = not allowed (masked), float masks are added to the scores.
    /// </summary>
    /// <param name="src">Source sequence <c>[B, S, d]</c> / <c>[S, B, d]</c> / unbatched <c>[S, d]</c>.</param>
    /// <param name="tgt">Target sequence <c>[B, T, d]</c> / <c>[T, B, d]</c> / unbatched <c>[T, d]</c>.</param>
    /// <param name="srcMask">Encoder self-attention mask <c>[S, S]</c> or <c>[B·heads, S, S]</c>.</param>
    /// <param name="tgtMask">Decoder self-attention mask <c>[T, T]</c> or <c>[B·heads, T, T]</c>, e.g. <see cref="GenerateSquareSubsequentMask"/>.</param>
    /// <param name="memoryMask">Cross-attention mask <c>[T, S]</c> or <c>[B·heads, T, S]</c>.</param>
    /// <param name="srcKeyPaddingMask">Source padding <c>[B, S]</c> (true = padding) for the encoder's self-attention; as in PyTorch, pass it again as <paramref name="memoryKeyPaddingMask"/> to hide those positions from the decoder.</param>
    /// <param name="tgtKeyPaddingMask">Target padding <c>[B, T]</c>.</param>
    /// <param name="memoryKeyPaddingMask">Memory padding <c>[B, S]</c> for the cross-attention (usually the same as <paramref name="srcKeyPaddingMask"/>).</param>
    /// <param name="srcIsCausal">Causal encoder self-attention (in addition to <paramref name="srcMask"/>).</param>
    /// <param name="tgtIsCausal">Causal decoder self-attention (in addition to <paramref name="tgtMask"/>).</param>
    /// <param name="memoryIsCausal">Causal cross-attention (in addition to <paramref name="memoryMask"/>).</param>
    /// <returns>The decoder output, shaped like <paramref name="tgt"/>.</returns>
    /// <exception cref="ArgumentException">
    /// The ranks differ, the batch sizes of src and tgt differ, or a feature size is not d (PyTorch's messages), or a mask does not fit.
    /// </exception>
    public Tensor Forward(Tensor src, Tensor tgt, Tensor? srcMask = null, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? srcKeyPaddingMask = null, Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null,
        bool srcIsCausal = false, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentNullException.ThrowIfNull(tgt);
        if (src.Rank is not (2 or 3) || tgt.Rank != src.Rank)
            throw new ArgumentException($"Transformer expects src and tgt both 3-D ({(BatchFirst ? "[B, L, d]" : "[L, B, d]")}) or both 2-D (unbatched), got {src.Shape} and {tgt.Shape}.",
                src.Rank is not (2 or 3) ? nameof(src) : nameof(tgt));
        if (src.Rank == 3)
        {
            int bAxis = BatchFirst ? 0 : 1;
            if (src.Shape[bAxis] != tgt.Shape[bAxis])
                throw new ArgumentException($"Transformer: the batch number of src and tgt must be equal, got src {src.Shape} and tgt {tgt.Shape} (batchFirst: {(BatchFirst ? "true" : "false")}).", nameof(tgt));
        }
        if (src.Shape[-1] != DModel || tgt.Shape[-1] != DModel)
            throw new ArgumentException($"Transformer: the feature number of src and tgt must be equal to d_model ({DModel}), got src {src.Shape} and tgt {tgt.Shape}.",
                src.Shape[-1] != DModel ? nameof(src) : nameof(tgt));
        Tensor memory = Encoder.Call(src, srcMask, srcKeyPaddingMask, srcIsCausal);
        return Decoder.Call(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
    }

    /// <summary>
    /// <see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool, bool)"/>
    /// between the forward hooks (PyTorch's <c>model(src, tgt, ...)</c>); the hooks see <c>(src, tgt)</c> as the input.
    /// </summary>
    /// <param name="src">Source sequence.</param>
    /// <param name="tgt">Target sequence.</param>
    /// <param name="srcMask">Encoder self-attention mask.</param>
    /// <param name="tgtMask">Decoder self-attention mask.</param>
    /// <param name="memoryMask">Cross-attention mask.</param>
    /// <param name="srcKeyPaddingMask">Source padding.</param>
    /// <param name="tgtKeyPaddingMask">Target padding.</param>
    /// <param name="memoryKeyPaddingMask">Memory padding.</param>
    /// <param name="srcIsCausal">Causal encoder self-attention.</param>
    /// <param name="tgtIsCausal">Causal decoder self-attention.</param>
    /// <param name="memoryIsCausal">Causal cross-attention.</param>
    /// <returns>The decoder output.</returns>
    public Tensor Call(Tensor src, Tensor tgt, Tensor? srcMask = null, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? srcKeyPaddingMask = null, Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null,
        bool srcIsCausal = false, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var input = (src, tgt);
        RunForwardPreHooks(input);
        Tensor output = Forward(src, tgt, srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask, memoryKeyPaddingMask,
            srcIsCausal, tgtIsCausal, memoryIsCausal);
        RunForwardHooks(input, output);
        return output;
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Transformer(d_model: {DModel}, nhead: {NHead}, encoder_layers: {Encoder.NumLayers}, decoder_layers: {Decoder.NumLayers}, batch_first: {(BatchFirst ? "true" : "false")})");
}
