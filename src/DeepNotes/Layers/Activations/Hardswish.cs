namespace DeepNotes.Layers;

/// <summary>Hardswish as a layer (<c>nn.Hardswish</c>): x·relu6(x + 3)/6, MobileNetV3's cheap swish; gradient −½ at −3 and 1 at 3, as PyTorch. No parameters.</summary>
public sealed class Hardswish : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Hardswish(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "Hardswish";
}
