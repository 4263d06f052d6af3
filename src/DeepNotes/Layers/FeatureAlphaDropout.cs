using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// FeatureAlphaDropout (<c>nn.FeatureAlphaDropout</c>), the dropout of self-normalising networks (<see cref="Selu"/>): in training mode each feature map (channel) of [N, C, *] is
/// dropped with probability <see cref="P"/> to SELU's negative saturation and the output rescaled so that zero mean and
/// unit variance are kept (one draw per (n, c), on the layer's generator); in evaluation mode it is the identity. No parameters.
/// </summary>
public sealed class FeatureAlphaDropout : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Drop probability in [0, 1] (PyTorch's default 0.5).</param>
    /// <param name="generator">Source of the masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public FeatureAlphaDropout(double p = 0.5, Generator? generator = null)
    {
        Functional.CheckDropoutP("FeatureAlphaDropout", p);
        P = p;
        _generator = generator;
    }

    /// <summary>The drop probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.FeatureAlphaDropout(input, P, IsTraining, _generator);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"FeatureAlphaDropout(p: {P})");
}
