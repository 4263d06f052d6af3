namespace DeepNotes.Layers;

/// <summary>The activation of an Elman <see cref="Rnn"/> or <see cref="RnnCell"/>, PyTorch's <c>nonlinearity</c>.</summary>
public enum RnnNonlinearity
{
    /// <summary>h' = tanh(…), the default.</summary>
    Tanh,

    /// <summary>h' = max(0, …).</summary>
    Relu,
}
