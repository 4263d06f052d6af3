using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Inverted dropout, like <c>nn.Dropout</c>: in training mode each element is zeroed with probability
/// <see cref="P"/> and the survivors are scaled by 1/(1 − p), so evaluation needs no rescaling; in evaluation mode it is
/// the identity — unless <see cref="KeepActiveInEval"/> is set for Monte-Carlo dropout (Gal and Ghahramani, 2016), where
/// several stochastic forward passes at inference estimate predictive uncertainty.
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1].</param>
    /// <param name="keepActiveInEval">Keep dropping in evaluation mode (Monte-Carlo dropout).</param>
    /// <param name="generator">Source of the masks (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(double p = 0.5, bool keepActiveInEval = false, Generator? generator = null)
    {
        if (!(p is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        P = p;
        KeepActiveInEval = keepActiveInEval;
        _generator = generator;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>When true, the layer drops in evaluation mode too (Monte-Carlo dropout).</summary>
    public bool KeepActiveInEval { get; set; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.Dropout(input, P, IsTraining || KeepActiveInEval, _generator);

    /// <inheritdoc/>
    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"Dropout(p: {P}{(KeepActiveInEval ? ", keepActiveInEval: true" : "")})");
}
