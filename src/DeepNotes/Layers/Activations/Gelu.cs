namespace DeepNotes.Layers;

/// <summary>GELU as a layer (<c>nn.GELU</c>): x·Φ(x), exact or with the tanh approximation. No parameters.</summary>
public sealed class Gelu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="approximate"><see cref="GeluApproximation.None"/> (exact, the default) or <see cref="GeluApproximation.Tanh"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximate"/> is not a defined value.</exception>
    public Gelu(GeluApproximation approximate = GeluApproximation.None)
    {
        if (!Enum.IsDefined(approximate))
            throw new ArgumentOutOfRangeException(nameof(approximate), approximate, "Gelu: approximate must be None or Tanh.");
        Approximate = approximate;
    }

    /// <summary>How Φ is evaluated.</summary>
    public GeluApproximation Approximate { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Gelu(Approximate);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Gelu(approximate: {Approximate})";
}
