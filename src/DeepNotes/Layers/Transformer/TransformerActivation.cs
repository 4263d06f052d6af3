namespace DeepNotes.Layers;

/// <summary>The activation of a transformer layer's feed-forward block (PyTorch's <c>activation="relu"</c> or <c>"gelu"</c>).</summary>
public enum TransformerActivation
{
    /// <summary>max(x, 0), PyTorch's default.</summary>
    Relu,

    /// <summary>The exact (erf) GELU.</summary>
    Gelu,
}
