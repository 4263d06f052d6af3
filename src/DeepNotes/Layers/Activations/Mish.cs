namespace DeepNotes.Layers;

/// <summary>Mish as a layer (<c>nn.Mish</c>): x·tanh(softplus(x)). No parameters.</summary>
public sealed class Mish : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Mish(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Mish";
}
