using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Local response normalization across channels, PyTorch's <c>nn.LocalResponseNorm</c> (AlexNet): each activation is
/// divided by (k + α/n · Σ a²)^β, the sum over n = <see cref="Size"/> neighbouring channels (see
/// <see cref="Functional.LocalResponseNorm"/>). <c>[N, C, *] -> same shape</c>; no parameters or buffers.
/// </summary>
/// <example>
/// <code>
/// var lrn = new LocalResponseNorm(5, alpha: 1e-4, beta: 0.75, k: 2);   // AlexNet's
/// </code>
/// </example>
public sealed class LocalResponseNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer like <c>nn.LocalResponseNorm(size, alpha, beta, k)</c>.</summary>
    /// <param name="size">Neighbouring channels n in the window (≥ 1).</param>
    /// <param name="alpha">Multiplicative factor α.</param>
    /// <param name="beta">Exponent β.</param>
    /// <param name="k">Additive constant.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public LocalResponseNorm(int size, double alpha = 1e-4, double beta = 0.75, double k = 1.0)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"LocalResponseNorm: size must be at least 1, got {size}.");
        Size = size;
        Alpha = alpha;
        Beta = beta;
        K = k;
    }

    /// <summary>Neighbouring channels in the window.</summary>
    public int Size { get; }

    /// <summary>Multiplicative factor α.</summary>
    public double Alpha { get; }

    /// <summary>Exponent β.</summary>
    public double Beta { get; }

    /// <summary>Additive constant k.</summary>
    public double K { get; }

    /// <summary>Normalises <c>[N, C, *]</c> across channels; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">The input has fewer than 3 dimensions or is not floating point.</exception>
    public override Tensor Forward(Tensor input) => Functional.LocalResponseNorm(input, Size, Alpha, Beta, K);

    /// <inheritdoc/>
    /// <remarks>Per element: the square, n − 1 window additions, scale and shift, the power and the division.</remarks>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? (Size + 4L) * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"LocalResponseNorm({Size}, alpha: {Alpha}, beta: {Beta}, k: {K})");
}
