namespace DeepNotes.Distributions;

/// <summary>
/// The categorical distribution over {0, ..., K−1}, parameterised by <see cref="Probs"/> (non-negative weights,
/// normalised over the last dimension) or by <see cref="Logits"/> (unnormalised log-probabilities), like
/// <c>torch.distributions.Categorical</c>: parameters <c>[B..., K]</c>, batch shape <c>B</c>, event shape <c>[]</c>.
/// Samples are Int32 category indices. Not reparameterisable.
/// </summary>
public sealed class Categorical : Distribution
{
    private Tensor? _probs, _logits;

    /// <summary>A categorical distribution from exactly one of <paramref name="probs"/> or <paramref name="logits"/>, each <c>[B..., K]</c> (at least 1-D).</summary>
    /// <exception cref="ArgumentException">Both or neither given, 0-dim, not floating point, or (validated) a negative/NaN/infinite weight, a zero row, or a NaN logit.</exception>
    public Categorical(Tensor? probs = null, Tensor? logits = null, bool validateArgs = true)
        : base(BatchOf(Bernoulli.Pick("Categorical", probs, logits)), Shape.Scalar, validateArgs)
    {
        Tensor param = probs ?? logits!;
        NumEvents = param.Shape[^1];
        if (validateArgs)
        {
            if (probs is not null)
            {
                DistributionMath.CheckParameter("Categorical", "probs", probs, v => v >= 0 && double.IsFinite(v), "Simplex() (non-negative finite weights)");
                DistributionMath.CheckParameter("Categorical", "probs", probs.Sum(-1), v => v > 0, "Simplex() (weights summing to > 0)");
            }
            else DistributionMath.CheckParameter("Categorical", "logits", logits!, v => !double.IsNaN(v), "IndependentConstraint(Real(), 1)");
        }
        if (probs is not null) _probs = probs / probs.Sum(-1, keepDim: true);
        else _logits = logits! - logits!.LogSumExp(-1, keepDim: true);
    }

    private static Shape BatchOf(Tensor param)
    {
        if (param.Rank < 1)
            throw new ArgumentException($"Categorical expects probs or logits with at least one dimension [..., K], got shape {param.Shape}.");
        return new Shape(param.Shape.ToArray()[..^1]);
    }

    /// <summary>The number of categories K.</summary>
    public int NumEvents { get; }

    /// <summary>Normalised probabilities <c>[B..., K]</c>: the weights over their sum, or softmax(logits).</summary>
    public Tensor Probs => _probs ??= _logits!.Softmax(-1);

    /// <summary>Normalised log-probabilities <c>[B..., K]</c>: logits − logsumexp(logits), or log of the probs clamped to [eps, 1 − eps] (torch's probs_to_logits).</summary>
    public Tensor Logits
    {
        get
        {
            if (_logits is not null) return _logits;
            double eps = DType == DType.Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16;
            return _logits = _probs!.Clamp(eps, 1 - eps).Log();
        }
    }

    /// <inheritdoc/>
    public override DType DType => (_probs ?? _logits)!.DType;

    /// <summary>Undefined for categories: NaN of the batch shape (as torch).</summary>
    public override Tensor Mean => Tensor.Full(BatchShape, double.NaN, DType);

    /// <summary>Undefined for categories: NaN of the batch shape (as torch).</summary>
    public override Tensor Variance => Tensor.Full(BatchShape, double.NaN, DType);

    /// <summary>Int32 category indices of shape <c>sampleShape ++ B</c> (multinomial draws with replacement; no gradient).</summary>
    public override Tensor Sample(Shape sampleShape = default, Generator? generator = null)
    {
        Shape shape = ExtendedShape(sampleShape);
        int n = sampleShape.ElementCount;
        if (n == 0 || BatchShape.ElementCount == 0) return Tensor.Zeros(shape, DType.Int32);
        Tensor p2 = Probs.Detach().Reshape(-1, NumEvents);
        Tensor draws = p2.Multinomial(n, replacement: true, generator); // [batch, n]
        return draws.T.Contiguous().Reshape(shape.ToArray());
    }

    /// <summary>
    /// The log-probability of the Int32 category <paramref name="value"/> <c>[S ++ B]</c> (a float value holding whole
    /// numbers is accepted too): the matching entry of <see cref="Logits"/>. Differentiable in the parameters.
    /// </summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.DType == DType.Bool)
            throw new ArgumentException("Categorical.LogProb expects Int32 category indices, got Bool.", nameof(value));
        if (ValidateArgs)
            DistributionMath.CheckSample("Categorical", value, BatchShape, EventShape, $"IntegerInterval(lower_bound=0, upper_bound={NumEvents - 1})",
                v => v >= 0 && v < NumEvents && v == Math.Floor(v));
        Tensor index = value.DType == DType.Int32 ? value : value.Detach().To(DType.Int32);
        Tensor categories = Tensor.Arange(NumEvents, DType.Int32);
        Tensor oneHot = index.Unsqueeze(-1).ElementEquals(categories); // [S..., B..., K]
        return Tensor.Where(oneHot, Logits, Tensor.Zeros(Shape.Scalar, DType)).Sum(-1);
    }

    /// <summary>−Σ p·logits over the categories (logits clamped to the dtype's lowest finite value so that p = 0 adds 0).</summary>
    public override Tensor Entropy()
    {
        double min = DType == DType.Float32 ? float.MinValue : double.MinValue;
        return -(Logits.Clamp(min) * Probs).Sum(-1);
    }
}
