using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>CELU as a layer (<c>nn.CELU</c>): x for x &gt; 0, α(e^(x/α) − 1) otherwise; gradient 1 at 0. No parameters.</summary>
public sealed class Celu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">α (PyTorch's default 1); must be non-zero.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is 0 or not finite.</exception>
    public Celu(double alpha = 1.0)
    {
        if (alpha == 0 || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Celu: alpha must be finite and non-zero, got {alpha}.");
        Alpha = alpha;
    }

    /// <summary>α, the scale and the saturation value of the negative part.</summary>
    public double Alpha { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Celu(input, Alpha);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Celu(alpha: {Alpha})");
}
