namespace DeepNotes.Layers;

/// <summary>
/// A stack of <see cref="TransformerDecoderLayer"/>s with an optional final layer norm, PyTorch's
/// <c>nn.TransformerDecoder</c>: <see cref="NumLayers"/> copies of the prototype layer (same options, same initial
/// weights, as PyTorch's deep copies), named <c>layers.0</c>, ... and <c>norm</c>.
/// </summary>
public sealed class TransformerDecoder : Module<(Tensor Tgt, Tensor Memory), Tensor>
{
    private readonly LayerList<TransformerDecoderLayer> _layers;

    /// <summary>Stacks <paramref name="numLayers"/> copies of <paramref name="decoderLayer"/>.</summary>
    /// <param name="decoderLayer">The prototype layer (copied, not used itself).</param>
    /// <param name="numLayers">Number of layers (≥ 1).</param>
    /// <param name="norm">Optional layer norm applied to the output.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numLayers"/> is less than 1.</exception>
    public TransformerDecoder(TransformerDecoderLayer decoderLayer, int numLayers, LayerNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(decoderLayer);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLayers, 1);
        _layers = RegisterModule("layers", new LayerList<TransformerDecoderLayer>(
            Enumerable.Range(0, numLayers).Select(_ => decoderLayer.Clone())));
        if (norm is not null) Norm = RegisterModule("norm", norm);
    }

    /// <summary>Number of layers.</summary>
    public int NumLayers => _layers.Count;

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<TransformerDecoderLayer> Layers => _layers.Items;

    /// <summary>The final layer norm, or null.</summary>
    public LayerNorm? Norm { get; }

    /// <summary>Decodes without masks.</summary>
    public override Tensor Forward((Tensor Tgt, Tensor Memory) input) => Forward(input.Tgt, input.Memory);

    /// <summary>Runs every layer with the same memory and masks, then the final norm.</summary>
    /// <param name="tgt">The target sequence <c>[B, T, d]</c> / <c>[T, B, d]</c>.</param>
    /// <param name="memory">The encoder output <c>[B, S, d]</c> / <c>[S, B, d]</c>.</param>
    /// <param name="tgtMask">Self-attention mask <c>[T, T]</c>.</param>
    /// <param name="memoryMask">Cross-attention mask <c>[T, S]</c>.</param>
    /// <param name="tgtKeyPaddingMask">Target padding <c>[B, T]</c>.</param>
    /// <param name="memoryKeyPaddingMask">Memory padding <c>[B, S]</c>.</param>
    /// <param name="tgtIsCausal">Causal self-attention in every layer.</param>
    /// <param name="memoryIsCausal">Causal cross-attention in every layer.</param>
    /// <returns>The decoded sequence.</returns>
    public Tensor Forward(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        Tensor x = tgt;
        foreach (var layer in _layers.Items)
            x = layer.Call(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        return Norm is null ? x : Norm.Call(x);
    }

    /// <summary><see cref="Forward(Tensor, Tensor, Tensor?, Tensor?, Tensor?, Tensor?, bool, bool)"/> between the forward hooks.</summary>
    /// <param name="tgt">The target sequence.</param>
    /// <param name="memory">The encoder output.</param>
    /// <param name="tgtMask">Self-attention mask.</param>
    /// <param name="memoryMask">Cross-attention mask.</param>
    /// <param name="tgtKeyPaddingMask">Target padding.</param>
    /// <param name="memoryKeyPaddingMask">Memory padding.</param>
    /// <param name="tgtIsCausal">Causal self-attention.</param>
    /// <param name="memoryIsCausal">Causal cross-attention (target position i attends memory positions ≤ i).</param>
    /// <returns>The decoded sequence.</returns>
    public Tensor Call(Tensor tgt, Tensor memory, Tensor? tgtMask = null, Tensor? memoryMask = null,
        Tensor? tgtKeyPaddingMask = null, Tensor? memoryKeyPaddingMask = null, bool tgtIsCausal = false, bool memoryIsCausal = false)
    {
        var input = (tgt, memory);
        RunForwardPreHooks(input);
        Tensor output = Forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal, memoryIsCausal);
        RunForwardHooks(input, output);
        return output;
    }

    /// <inheritdoc/>
    public override string Describe() => $"TransformerDecoder(layers: {NumLayers}, norm: {(Norm is null ? "false" : "true")})";
}
