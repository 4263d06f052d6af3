namespace DeepNotes.Layers;

/// <summary>Sign (−1, 0 or 1) as a layer, with a zero gradient; see <see cref="Tensor.Sign"/>. No parameters.</summary>
public sealed class Sign : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sign();
    }

    /// <inheritdoc/>
    public override string Describe() => "Sign";
}
