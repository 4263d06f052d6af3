using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>Softplus as a layer (<c>nn.Softplus</c>): (1/β)·log(1 + e^(βx)), linear where βx &gt; threshold. No parameters.</summary>
public sealed class Softplus : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="beta">β (PyTorch's default 1); must be non-zero.</param>
    /// <param name="threshold">Above this value of βx the result is x (PyTorch's default 20).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is 0 or not finite, or <paramref name="threshold"/> is NaN.</exception>
    public Softplus(double beta = 1, double threshold = 20)
    {
        if (beta == 0 || !double.IsFinite(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Softplus: beta must be finite and non-zero.");
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Softplus: threshold must not be NaN.");
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>β.</summary>
    public double Beta { get; }

    /// <summary>The value of βx above which the function is taken as linear.</summary>
    public double Threshold { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Softplus(Beta, Threshold);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Softplus(beta: {Beta}, threshold: {Threshold})");
}
