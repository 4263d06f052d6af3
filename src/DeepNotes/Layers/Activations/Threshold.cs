using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>Threshold as a layer (<c>nn.Threshold</c>): value where x ≤ threshold, x elsewhere; gradient 0 at the threshold. No parameters.</summary>
public sealed class Threshold : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="threshold">The threshold.</param>
    /// <param name="value">The value that replaces every x ≤ <paramref name="threshold"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is NaN.</exception>
    public Threshold(double threshold, double value)
    {
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "Threshold: threshold must not be NaN.");
        ThresholdValue = threshold;
        Value = value;
    }

    /// <summary>The threshold.</summary>
    public double ThresholdValue { get; }

    /// <summary>The replacement value.</summary>
    public double Value { get; }

    /// <summary>Applies the function elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Threshold(input, ThresholdValue, Value);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Threshold(threshold: {ThresholdValue}, value: {Value})");
}
