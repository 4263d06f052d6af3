namespace DeepNotes.Layers;

/// <summary>
/// Layer normalization, PyTorch's <c>nn.LayerNorm</c>: normalises each input over its last dimensions
/// (<see cref="NormalizedShape"/>) with that slice's own mean and biased variance, then applies the element-wise affine
/// map y = x̂·γ + β. <c>[*, normalizedShape] -> same shape</c>. State-dict names <c>weight</c> (γ, init 1) and
/// <c>bias</c> (β, init 0). Training and evaluation behave the same (no running statistics).
/// </summary>
/// <example>
/// <code>
/// var norm = new LayerNorm(256);                 // over the last dimension of [batch, tokens, 256]
/// Tensor y = norm.Call(Tensor.Randn([16, 64, 256]));
/// </code>
/// </example>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly int[] _normalizedShape;

    /// <summary>Layer normalization over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    /// <param name="normalizedSize">Size of the last input dimension.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="elementwiseAffine">Learn γ (and β when <paramref name="bias"/>); false: no parameters.</param>
    /// <param name="bias">Learn β (only with <paramref name="elementwiseAffine"/>).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
        : this([normalizedSize], eps, elementwiseAffine, bias, dtype)
    {
    }

    /// <summary>Layer normalization over the last <c>normalizedShape.Length</c> dimensions.</summary>
    /// <param name="normalizedShape">The trailing input dimensions to normalise over, e.g. <c>[8, 8]</c>.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="elementwiseAffine">Learn γ (and β when <paramref name="bias"/>); false: no parameters.</param>
    /// <param name="bias">Learn β (only with <paramref name="elementwiseAffine"/>).</param>
    /// <param name="dtype">Float32 (default) or Float64 parameters.</param>
    /// <exception cref="ArgumentException">The shape is empty or has a non-positive dimension, or eps is negative.</exception>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalizedShape must be non-empty with positive dimensions, got {new Shape(normalizedShape)}.", nameof(normalizedShape));
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"LayerNorm: eps must be ≥ 0, got {eps}.");
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"LayerNorm: dtype must be Float32 or Float64, got {dtype}.", nameof(dtype));
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        if (elementwiseAffine)
        {
            RegisterParameter("weight", Tensor.Ones(_normalizedShape, dtype));
            if (bias) RegisterParameter("bias", Tensor.Zeros(_normalizedShape, dtype));
            else RegisterAbsentParameter("bias");
        }
        else
        {
            RegisterAbsentParameter("weight");
            RegisterAbsentParameter("bias");
        }
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>Added to the variance for stability.</summary>
    public double Eps { get; }

    /// <summary>Whether γ (and possibly β) are learned.</summary>
    public bool ElementwiseAffine { get; }

    /// <summary>γ, shaped like <see cref="NormalizedShape"/>, or null without affine parameters.</summary>
    public Tensor? Weight => GetParameter("weight");

    /// <summary>β, shaped like <see cref="NormalizedShape"/>, or null.</summary>
    public Tensor? Bias => GetParameter("bias");

    /// <summary>Normalises <c>[*, normalizedShape]</c>; the output has the input's shape.</summary>
    /// <exception cref="ArgumentException">The trailing dimensions are not <see cref="NormalizedShape"/>, or the dtype differs from the parameters'.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int k = _normalizedShape.Length;
        bool fits = input.Rank >= k;
        for (int i = 0; fits && i < k; i++) fits = input.Shape[input.Rank - k + i] == _normalizedShape[i];
        string ns = string.Join(", ", _normalizedShape);
        if (!fits)
            throw new ArgumentException($"LayerNorm([{ns}]) expects input [*, {ns}], got {input.Shape}.", nameof(input));
        if (Weight is { } w && input.DType != w.DType)
            throw new ArgumentException($"LayerNorm([{ns}]) has {w.DType} parameters, got {input.DType.WithArticle()} input.", nameof(input));
        return Functional.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    public override long EstimateForwardFlops(object? input, object? output) =>
        output is Tensor y ? (ElementwiseAffine ? 7L : 5L) * y.ElementCount : 0;

    /// <inheritdoc/>
    public override string Describe() =>
        $"LayerNorm([{string.Join(", ", _normalizedShape)}], eps: {Eps.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
        $"elementwise_affine: {(ElementwiseAffine ? "true" : "false")}{(ElementwiseAffine && Bias is null ? ", bias: false" : "")})";
}
