namespace DeepNotes.Layers;

/// <summary>SiLU, also called swish, as a layer (<c>nn.SiLU</c>): x·sigmoid(x). No parameters.</summary>
public sealed class Silu : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Silu(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Silu";
}
