namespace DeepNotes.Layers;

/// <summary>ReLU, max(x, 0), as a layer (<c>nn.ReLU</c>); see <see cref="Tensor.Relu"/>. No parameters.</summary>
public sealed class Relu : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }

    /// <inheritdoc/>
    public override string Describe() => "Relu";
}
