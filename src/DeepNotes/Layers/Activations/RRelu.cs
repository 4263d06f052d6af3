using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Randomized leaky ReLU as a layer (<c>nn.RReLU</c>): in training mode each x ≤ 0 is multiplied by its own slope drawn
/// from U(lower, upper) on the layer's generator; in evaluation mode the slope is fixed at (lower + upper)/2. No parameters.
/// </summary>
public sealed class RRelu : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="lower">The lower bound of the slopes (PyTorch's default 1/8).</param>
    /// <param name="upper">The upper bound of the slopes (PyTorch's default 1/3).</param>
    /// <param name="generator">Source of the slopes (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite or <paramref name="lower"/> exceeds <paramref name="upper"/>.</exception>
    public RRelu(double lower = 1.0 / 8, double upper = 1.0 / 3, Generator? generator = null)
    {
        Functional.CheckRReluBounds(lower, upper);
        Lower = lower;
        Upper = upper;
        _generator = generator;
    }

    /// <summary>The lower bound of the random slopes.</summary>
    public double Lower { get; }

    /// <summary>The upper bound of the random slopes.</summary>
    public double Upper { get; }

    /// <summary>Applies the activation elementwise (random slopes in training mode): any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.RRelu(input, Lower, Upper, IsTraining, _generator);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"RRelu(lower: {Lower}, upper: {Upper})");
}
