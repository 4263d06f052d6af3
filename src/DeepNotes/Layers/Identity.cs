namespace DeepNotes.Layers;

/// <summary>
/// The identity as a layer (<c>nn.Identity</c>): returns its input unchanged (the same tensor object). A placeholder
/// where an architecture has an optional block, e.g. replacing a classifier head. No parameters.
/// </summary>
public sealed class Identity : Module<Tensor, Tensor>
{
    /// <summary>Returns <paramref name="input"/>: any shape in, the same tensor out.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }

    /// <inheritdoc/>
    public override string Describe() => "Identity";
}
