namespace DeepNotes.Layers;

/// <summary>
/// Adaptive average pooling over the last dimension to a fixed length, like <c>nn.AdaptiveAvgPool1d</c>:
/// <c>[N, C, L] -> [N, C, L']</c> (or <c>[C, L] -> [C, L']</c>) whatever L; output i averages [⌊i·L/L'⌋, ⌈(i+1)·L/L'⌉)
/// (windows overlap when the sizes do not divide). No parameters.
/// </summary>
/// <example><code>var pool = new AdaptiveAvgPool1D(1); // [N, 128, frames] -> [N, 128, 1], the mean over time</code></example>
public sealed class AdaptiveAvgPool1D : Module<Tensor, Tensor>
{
    private readonly AdaptiveOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output length L' ≥ 1.</param>
    /// <exception cref="ArgumentException">The size is not positive.</exception>
    public AdaptiveAvgPool1D(int outputSize)
    {
        _options = AdaptiveOptions.Create1D("AdaptiveAvgPool1D", outputSize);
    }

    /// <summary>Output length L'.</summary>
    public int OutputSize => _options.Width!.Value;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2D(input, _options);

    /// <summary>The layer and its output length, e.g. <c>AdaptiveAvgPool1D(output 5)</c>.</summary>
    public override string Describe() => _options.Describe();
}
