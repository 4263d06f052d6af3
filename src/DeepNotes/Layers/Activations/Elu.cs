using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>ELU as a layer (<c>nn.ELU</c>): x where x &gt; 0, else α·(eˣ − 1). No parameters.</summary>
public sealed class Elu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="alpha">The scale of the negative part (PyTorch's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not finite.</exception>
    public Elu(double alpha = 1.0)
    {
        if (!double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Elu: alpha must be finite.");
        Alpha = alpha;
    }

    /// <summary>The scale α of the negative part.</summary>
    public double Alpha { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Elu(Alpha);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Elu(alpha: {Alpha})");
}
