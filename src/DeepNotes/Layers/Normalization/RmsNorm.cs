using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// Root-mean-square layer normalization (Zhang &amp; Sennrich, 2019), PyTorch's <c>nn.RMSNorm</c> (2.4+): each input is
/// divided by its root mean square over the last dimensions (<see cref="NormalizedShape"/>) and scaled element-wise,
/// y = x / √(mean(x²) + eps) · γ. Unlike <see cref="LayerNorm"/> there is no centring and no bias (LLaMA, T5).
/// <c>[*, normalizedShape] -> same shape</c>. State-dict name <c>weight</c> (γ, init 1). Training and evaluation behave
/// the same.
/// </summary>
/// <example>
/// <code>
/// var norm = new RmsNorm(4096, eps: 1e-6);   // LLaMA's
/// Tensor y = norm.Call(h);                    // h [B, L, 4096]
/// </code>
/// </example>
public sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly int[] _normalizedShape;

    /// <summary>RMS normalization over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    /// <param name="normalizedSize">Size of the last input dimension.</param>
    /// <param name="eps">Added to the mean square; null (PyTorch's default) = the machine epsilon of the input's dtype.</param>
    /// <param name="elementwiseAffine">Learn γ (<c>weight</c>); false: no parameters.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <exception cref="ArgumentException">A non-positive size, a negative eps, or an integer dtype.</exception>
    public RmsNorm(int normalizedSize, double? eps = null, bool elementwiseAffine = true, DType dtype = DType.Float32)
        : this([normalizedSize], eps, elementwiseAffine, dtype)
    {
    }

    /// <summary>RMS normalization over the last <c>normalizedShape.Length</c> dimensions.</summary>
    /// <param name="normalizedShape">The trailing input dimensions to normalise over, e.g. <c>[8, 8]</c>.</param>
    /// <param name="eps">Added to the mean square; null (PyTorch's default) = the machine epsilon of the input's dtype.</param>
    /// <param name="elementwiseAffine">Learn γ (<c>weight</c>, shaped like <paramref name="normalizedShape"/>); false: no parameters.</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive dimension, eps is negative, or the dtype is not floating point.</exception>
    public RmsNorm(int[] normalizedShape, double? eps = null, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"RmsNorm: normalizedShape must be non-empty with positive dimensions, got {new Shape(normalizedShape)}.", nameof(normalizedShape));
        if (eps is { } e && !(e >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"RmsNorm: eps must be ≥ 0 or null, got {e}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"RmsNorm: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) RegisterParameter("weight", Tensor.Ones(_normalizedShape, dtype));
        else RegisterAbsentParameter("weight");
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>Added to the mean square; null means the machine epsilon of the input's dtype (PyTorch's <c>eps=None</c>).</summary>
    public double? Eps { get; }

    /// <summary>Whether γ is learned.</summary>
    public bool ElementwiseAffine { get; }

    /// <summary>γ, shaped like <see cref="NormalizedShape"/>, or null without affine parameters.</summary>
    public Tensor? Weight => GetParameter("weight");

    /// <summary>Normalises <c>[*, normalizedShape]</c>; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">The trailing dimensions are not <see cref="NormalizedShape"/>, or the dtype differs from the parameters'.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Weight is { } w && input.DType != w.DType)
            throw new ArgumentException($"{Name} has {w.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        return Functional.RmsNorm(input, _normalizedShape, Weight, Eps);
    }

    private string Name => $"RmsNorm([{string.Join(", ", _normalizedShape)}])";

    /// <inheritdoc/>
    /// <remarks>Per element: square, sum, scale by the reciprocal root (and by γ): 3, or 4 with affine.</remarks>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? (ElementwiseAffine ? 4L : 3L) * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() =>
        $"RmsNorm([{string.Join(", ", _normalizedShape)}], eps: {(Eps is { } e ? e.ToString(CultureInfo.InvariantCulture) : "null")}, " +
        $"elementwise_affine: {(ElementwiseAffine ? "true" : "false")})";
}
