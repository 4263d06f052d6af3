using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// 3-D channel dropout, like <c>nn.Dropout3d</c>: in training mode each whole channel (a <c>D × H × W</c> volume) of an
/// <c>[N, C, D, H, W]</c> (or <c>[C, D, H, W]</c>) input is zeroed with probability <see cref="P"/> and the kept
/// channels are scaled by 1/(1 − p); in evaluation mode it is the identity. For 3-D convolutional features (video,
/// volumes). No parameters.
/// </summary>
public sealed class Dropout3D : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing a channel, in [0, 1].</param>
    /// <param name="generator">Source of the masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout3D(double p = 0.5, Generator? generator = null)
    {
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout3D probability must be in [0, 1].");
        P = p;
        _generator = generator;
    }

    /// <summary>The probability of zeroing a channel.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout3D(input, P, IsTraining, _generator);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Dropout3D(p: {P})");
}
