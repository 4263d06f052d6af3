namespace DeepNotes.Layers;

/// <summary>
/// A stack of <see cref="TransformerEncoderLayer"/>s with an optional final layer norm, PyTorch's
/// <c>nn.TransformerEncoder</c>. Like PyTorch, the given layer is a prototype: the stack holds
/// <see cref="NumLayers"/> copies of it (same options, same initial weights), named <c>layers.0</c>, <c>layers.1</c>,
/// ... and <c>norm</c>.
/// </summary>
/// <example>
/// <code>
/// var encoder = new TransformerEncoder(new TransformerEncoderLayer(256, 8, 1024, batchFirst: true, normFirst: true), 6,
///     new LayerNorm(256));
/// Tensor h = encoder.Call(x, Functional.GenerateSquareSubsequentMask(x.Shape[1])); // [B, L, 256]
/// </code>
/// </example>
public sealed class TransformerEncoder : Module<Tensor, Tensor>
{
    private readonly LayerList<TransformerEncoderLayer> _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="encoderLayer"/>.</summary>
    /// <param name="encoderLayer">The prototype layer (copied, not used itself).</param>
    /// <param name="numLayers">Number of layers (≥ 1).</param>
    /// <param name="norm">Optional layer norm applied to the output (<c>norm</c>; usual with pre-norm layers).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numLayers"/> is less than 1.</exception>
    public TransformerEncoder(TransformerEncoderLayer encoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(encoderLayer);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        _layers = RegisterModule("layers", new LayerList<TransformerEncoderLayer>(
            Enumerable.Range(0, numLayers).Select(_ => encoderLayer.Clone())));
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>Number of layers.</summary>
    public int NumLayers => _layers.Count;

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerEncoderLayer> Layers => _layers.Items;

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Encodes without masks.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>Runs every layer with the same masks, then the final norm; PyTorch's <c>forward(src, mask, src_key_padding_mask)</c>.</summary>
    /// <param name="src">The sequence <c>[B, L, d]</c> / <c>[L, B, d]</c>.</param>
    /// <param name="mask">Optional attention mask <c>[L, L]</c> or <c>[B·heads, L, L]</c> (bool true = masked, or float).</param>
    /// <param name="srcKeyPaddingMask">Optional <c>[B, L]</c> padding mask (bool true = padding).</param>
    /// <param name="isCausal">Causal self-attention in every layer.</param>
    /// <returns>The encoded sequence.</returns>
    public Tensor Forward(Tensor src, Tensor? mask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        Tensor x = src;
        foreach (var layer in _layers.Items) x = layer.Call(x, mask, srcKeyPaddingMask, isCausal);
        return Norm is null ? x : Norm.Call(x);
    }

    /// <summary><see cref="Forward(Tensor, Tensor?, Tensor?, bool)"/> between the forward hooks.</summary>
    /// <param name="src">The sequence.</param>
    /// <param name="mask">Optional attention mask.</param>
    /// <param name="srcKeyPaddingMask">Optional padding mask.</param>
    /// <param name="isCausal">Causal self-attention.</param>
    /// <returns>The encoded sequence.</returns>
    public Tensor Call(Tensor src, Tensor? mask = null, Tensor? srcKeyPaddingMask = null, bool isCausal = false)
    {
        RunForwardPreHooks(src);
        Tensor output = Forward(src, mask, srcKeyPaddingMask, isCausal);
        RunForwardHooks(src, output);
        return output;
    }

    /// <inheritdoc/>
    public override string Describe() => $"TransformerEncoder(layers: {NumLayers}, norm: {(Norm is null ? "false" : "true")})";
}
