namespace DeepNotes;

/// <summary>How an embedding bag reduces the vectors of its indices, like the <c>mode</c> of <c>nn.EmbeddingBag</c>.</summary>
public enum EmbeddingBagMode
{
    /// <summary>The sum of the vectors (optionally weighted by per-sample weights).</summary>
    Sum,

    /// <summary>Their mean over the bag's non-padding indices (PyTorch's default).</summary>
    Mean,

    /// <summary>Their elementwise maximum; the gradient goes to the first row holding each maximum.</summary>
    Max,
}
