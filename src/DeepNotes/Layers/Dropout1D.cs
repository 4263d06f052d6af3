using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// 1-D channel dropout, like <c>nn.Dropout1d</c>: in training mode each whole channel of an <c>[N, C, L]</c> (or
/// <c>[C, L]</c>) input is zeroed with probability <see cref="P"/> and the kept channels are scaled by 1/(1 − p); in
/// evaluation mode it is the identity. Use it after <see cref="Conv1D"/>, where neighbouring positions are correlated
/// and element-wise <see cref="Dropout"/> regularises little. No parameters.
/// </summary>
public sealed class Dropout1D : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing a channel, in [0, 1].</param>
    /// <param name="generator">Source of the masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout1D(double p = 0.5, Generator? generator = null)
    {
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout1D probability must be in [0, 1].");
        P = p;
        _generator = generator;
    }

    /// <summary>The probability of zeroing a channel.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Dropout1D(input, P, IsTraining, _generator);

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"Dropout1D(p: {P})");
}
