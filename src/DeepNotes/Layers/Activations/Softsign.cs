namespace DeepNotes.Layers;

/// <summary>Softsign as a layer (<c>nn.Softsign</c>): x/(1 + |x|). No parameters.</summary>
public sealed class Softsign : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Softsign(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Softsign";
}
