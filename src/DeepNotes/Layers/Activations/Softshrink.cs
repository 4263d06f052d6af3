using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>Softshrink as a layer (<c>nn.Softshrink</c>): x − λ above λ, x + λ below −λ, 0 between; gradient 0 at ±λ. No parameters.</summary>
public sealed class Softshrink : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="lambda">λ ≥ 0 (PyTorch's default 0.5).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative or not finite.</exception>
    public Softshrink(double lambda = 0.5)
    {
        if (!(lambda >= 0) || !double.IsFinite(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, $"Softshrink: lambda must be finite and non-negative, got {lambda}.");
        Lambda = lambda;
    }

    /// <summary>λ, the half-width of the zeroed band.</summary>
    public double Lambda { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Softshrink(input, Lambda);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Softshrink(lambda: {Lambda})");
}
