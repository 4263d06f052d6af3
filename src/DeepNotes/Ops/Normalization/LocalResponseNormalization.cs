namespace DeepNotes.Ops.Normalization;

/// <summary>
/// Local response normalization across channels (<c>F.local_response_norm</c>, AlexNet's LRN) of <c>[N, C, *]</c>:
/// b_c = a_c / (k + α/n · Σ_{c'} a_{c'}²)^β, the sum over the window c' ∈ [c − ⌊n/2⌋, c + ⌊(n−1)/2⌋] clipped to the
/// channels (PyTorch's zero-padded average pool, which always divides by n). Composed of differentiable ops (square,
/// narrow, add, pow, divide); the caller (<see cref="Functional.LocalResponseNorm"/>) has validated the arguments.
/// </summary>
internal static class LocalResponseNormalization
{
    public static Tensor Forward(Tensor x, int size, double alpha, double beta, double k)
    {
        if (x.ElementCount == 0) return x.CloneRaw();
        int channels = x.Shape[1], before = size / 2, after = (size - 1) / 2;
        Tensor squares = x.Square();
        var parts = new List<Tensor>(3);
        int[] dims = x.Shape.ToArray();
        if (before > 0) { dims[1] = before; parts.Add(Tensor.Zeros(dims, x.DType)); }
        parts.Add(squares);
        if (after > 0) { dims[1] = after; parts.Add(Tensor.Zeros(dims, x.DType)); }
        Tensor padded = parts.Count == 1 ? squares : Tensor.Concat(parts, 1);
        Tensor window = padded.Narrow(1, 0, channels);
        for (int j = 1; j < size; j++) window = window + padded.Narrow(1, j, channels);
        Tensor div = (window * (alpha / size) + k).Pow(beta);
        return x / div;
    }
}
