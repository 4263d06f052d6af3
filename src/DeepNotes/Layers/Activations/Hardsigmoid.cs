namespace DeepNotes.Layers;

/// <summary>Hardsigmoid as a layer (<c>nn.Hardsigmoid</c>): relu6(x + 3)/6; gradient 0 at ±3. No parameters.</summary>
public sealed class Hardsigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Hardsigmoid(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Hardsigmoid";
}
