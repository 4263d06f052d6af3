namespace DeepNotes.Layers;

/// <summary>
/// Adaptive max pooling over the last dimension to a fixed length, like <c>nn.AdaptiveMaxPool1d</c>: the windows of
/// <see cref="AdaptiveAvgPool1D"/>, the maximum of each (the first on a tie; NaN propagates). No parameters.
/// </summary>
/// <example><code>var pool = new AdaptiveMaxPool1D(1); // [N, 128, tokens] -> [N, 128, 1], max over time</code></example>
public sealed class AdaptiveMaxPool1D : Module<Tensor, Tensor>
{
    private readonly AdaptiveOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output length L' ≥ 1.</param>
    /// <exception cref="ArgumentException">The size is not positive.</exception>
    public AdaptiveMaxPool1D(int outputSize)
    {
        _options = AdaptiveOptions.Create1D("AdaptiveMaxPool1D", outputSize);
    }

    /// <summary>Output length L'.</summary>
    public int OutputSize => _options.Width!.Value;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveMaxPool2DWithIndices(input, _options).Output;

    /// <summary>The layer and its output length, e.g. <c>AdaptiveMaxPool1D(output 5)</c>.</summary>
    public override string Describe() => _options.Describe();
}
