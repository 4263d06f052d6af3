using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>Leaky ReLU as a layer (<c>nn.LeakyReLU</c>): x where x &gt; 0, else <see cref="NegativeSlope"/>·x. No parameters.</summary>
public sealed class LeakyRelu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">The slope for x ≤ 0 (PyTorch's default 0.01).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is not finite.</exception>
    public LeakyRelu(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "LeakyRelu: negativeSlope must be finite.");
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for x ≤ 0.</summary>
    public double NegativeSlope { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LeakyRelu(NegativeSlope);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"LeakyRelu(negativeSlope: {NegativeSlope})");
}
