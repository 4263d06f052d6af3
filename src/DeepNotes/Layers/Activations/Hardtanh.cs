using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>Hardtanh as a layer (<c>nn.Hardtanh</c>): min(max(x, minVal), maxVal); gradient 0 at both kinks. No parameters.</summary>
public sealed class Hardtanh : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="minVal">The lower bound (PyTorch's default −1).</param>
    /// <param name="maxVal">The upper bound (PyTorch's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minVal"/> is not less than <paramref name="maxVal"/>.</exception>
    public Hardtanh(double minVal = -1, double maxVal = 1)
    {
        if (double.IsNaN(minVal) || double.IsNaN(maxVal) || !(minVal < maxVal))
            throw new ArgumentOutOfRangeException(nameof(maxVal), maxVal, $"Hardtanh: minVal ({minVal}) must be less than maxVal ({maxVal}).");
        MinVal = minVal;
        MaxVal = maxVal;
    }

    /// <summary>The lower bound.</summary>
    public double MinVal { get; }

    /// <summary>The upper bound.</summary>
    public double MaxVal { get; }

    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Hardtanh(input, MinVal, MaxVal);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Hardtanh(minVal: {MinVal}, maxVal: {MaxVal})");
}
