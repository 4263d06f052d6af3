namespace DeepNotes.Layers;

/// <summary>Logistic sigmoid as a layer (<c>nn.Sigmoid</c>); see <see cref="Tensor.Sigmoid"/>. No parameters.</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sigmoid();
    }

    /// <inheritdoc/>
    public override string Describe() => "Sigmoid";
}
