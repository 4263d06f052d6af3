using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Cosine similarity of two tensors along an axis, like <c>torch.nn.CosineSimilarity</c>; see
/// <see cref="Functional.CosineSimilarity"/>. No parameters. <c>[N, D], [N, D] → [N]</c> with the default dim 1.
/// </summary>
public sealed class CosineSimilarity : Module<(Tensor X1, Tensor X2), Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="dim">The axis of the vectors (default 1).</param>
    /// <param name="eps">The smallest norm (default 1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative or not finite.</exception>
    public CosineSimilarity(int dim = 1, double eps = 1e-8)
    {
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps,
                string.Create(CultureInfo.InvariantCulture, $"CosineSimilarity: eps must be non-negative and finite, got {eps}."));
        Dim = dim;
        Eps = eps;
    }

    /// <summary>The axis of the vectors.</summary>
    public int Dim { get; }

    /// <summary>The smallest norm.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    public override Tensor Forward((Tensor X1, Tensor X2) input) => Functional.CosineSimilarity(input.X1, input.X2, Dim, Eps);

    /// <summary>The similarity of <paramref name="x1"/> and <paramref name="x2"/> (broadcastable).</summary>
    /// <param name="x1">First tensor.</param>
    /// <param name="x2">Second tensor.</param>
    /// <returns>The broadcast shape without <see cref="Dim"/>.</returns>
    public Tensor Forward(Tensor x1, Tensor x2) => Call((x1, x2));

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"CosineSimilarity(dim: {Dim}, eps: {Eps})");
}
