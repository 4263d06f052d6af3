namespace DeepNotes.Layers;

/// <summary>ReLU6, min(max(x, 0), 6), as a layer (<c>nn.ReLU6</c>); see <see cref="Tensor.Relu6"/>. No parameters.</summary>
public sealed class Relu6 : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu6();
    }

    /// <inheritdoc/>
    public override string Describe() => "Relu6";
}
