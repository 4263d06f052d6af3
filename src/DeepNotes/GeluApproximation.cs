namespace DeepNotes;

/// <summary>How <see cref="Tensor.Gelu"/> evaluates the Gaussian CDF, like the <c>approximate</c> argument of <c>torch.nn.functional.gelu</c>.</summary>
public enum GeluApproximation
{
    /// <summary>Exact: x·Φ(x) with Φ(x) = ½(1 + erf(x/√2)) (PyTorch's <c>approximate='none'</c>, the default).</summary>
    None,

    /// <summary>½x·(1 + tanh(√(2/π)·(x + 0.044715x³))) (PyTorch's <c>approximate='tanh'</c>, as in the original BERT and GPT-2 code).</summary>
    Tanh,
}
