namespace DeepNotes.Layers;

/// <summary>SELU as a layer (<c>nn.SELU</c>): λ·x for x &gt; 0, λα(eˣ − 1) otherwise, with PyTorch's α ≈ 1.6733 and λ ≈ 1.0507. Pair it with <see cref="AlphaDropout"/> and LeCun-normal weights for a self-normalising network. No parameters.</summary>
public sealed class Selu : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Selu(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Selu";
}
