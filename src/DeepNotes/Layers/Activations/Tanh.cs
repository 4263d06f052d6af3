namespace DeepNotes.Layers;

/// <summary>Hyperbolic tangent as a layer (<c>nn.Tanh</c>); see <see cref="Tensor.Tanh"/>. No parameters.</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Tanh();
    }

    /// <inheritdoc/>
    public override string Describe() => "Tanh";
}
