namespace DeepNotes.Layers;

/// <summary>Tanhshrink as a layer (<c>nn.Tanhshrink</c>): x − tanh(x). No parameters.</summary>
public sealed class Tanhshrink : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Tanhshrink(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Tanhshrink";
}
