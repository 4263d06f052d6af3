namespace DeepNotes.Distributions;

/// <summary>
/// The Bernoulli distribution over {0, 1}, parameterised by <see cref="Probs"/> or by <see cref="Logits"/>
/// (log-odds), like <c>torch.distributions.Bernoulli</c>; event shape <c>[]</c>. Not reparameterisable.
/// </summary>
public sealed class Bernoulli : Distribution
{
    private readonly bool _fromLogits;
    private Tensor? _probs, _logits;

    /// <summary>
    /// A Bernoulli distribution from exactly one of <paramref name="probs"/> (in [0, 1]) or <paramref name="logits"/>
    /// (log-odds, any real); batch shape is that tensor's shape.
    /// </summary>
    /// <exception cref="ArgumentException">Both or neither given, not floating point, or (validated) a probability outside [0, 1] / a NaN logit.</exception>
    public Bernoulli(Tensor? probs = null, Tensor? logits = null, bool validateArgs = true)
        : base(Pick("Bernoulli", probs, logits).Shape, Shape.Scalar, validateArgs)
    {
        _fromLogits = logits is not null;
        if (_fromLogits) _logits = logits;
        else _probs = probs;
        if (validateArgs)
        {
            if (_fromLogits) DistributionMath.CheckParameter("Bernoulli", "logits", logits!, v => !double.IsNaN(v), "Real()");
            else DistributionMath.CheckParameter("Bernoulli", "probs", probs!, v => v >= 0 && v <= 1, "Interval(lower_bound=0.0, upper_bound=1.0)");
        }
    }

    internal static Tensor Pick(string dist, Tensor? probs, Tensor? logits)
    {
        if ((probs is null) == (logits is null))
            throw new ArgumentException($"{dist}: either probs or logits must be specified, but not both.");
        Tensor t = probs ?? logits!;
        if (!t.DType.IsFloatingPoint())
            throw new ArgumentException($"{dist} expects floating-point {(probs is null ? "logits" : "probs")} (Float32 or Float64), got {t.DType}.");
        return t;
    }

    /// <summary>P(x = 1): the given probs, or sigmoid(logits).</summary>
    public Tensor Probs => _probs ??= _logits!.Sigmoid();

    /// <summary>The log-odds: the given logits, or log p − log(1 − p) with p clamped to [eps, 1 − eps] (torch's probs_to_logits).</summary>
    public Tensor Logits
    {
        get
        {
            if (_logits is not null) return _logits;
            double eps = DType == DType.Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16;
            Tensor p = _probs!.Clamp(eps, 1 - eps);
            return _logits = p.Log() - (1.0 - p).Log();
        }
    }

    /// <inheritdoc/>
    public override DType DType => (_probs ?? _logits)!.DType;

    /// <summary>p.</summary>
    public override Tensor Mean => Probs;

    /// <summary>p(1 − p).</summary>
    public override Tensor Variance => Probs * (1.0 - Probs);

    /// <summary>0/1 draws of shape <c>sampleShape ++ B</c> in this distribution's dtype (no gradient).</summary>
    public override Tensor Sample(Shape sampleShape = default, Generator? generator = null)
    {
        Shape shape = ExtendedShape(sampleShape);
        Tensor p = Probs.Detach();
        return Ops.Expand.Raw(p, shape).Bernoulli(generator);
    }

    /// <summary>x·logits − softplus(logits) (= −BCEWithLogits(logits, x)); differentiable in the value and the parameter.</summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        DistributionMath.CheckValueDType("Bernoulli", value, DType);
        if (ValidateArgs) DistributionMath.CheckSample("Bernoulli", value, BatchShape, EventShape, "Boolean()", v => v == 0 || v == 1);
        Tensor logits = Logits;
        return value * logits - Softplus(logits);
    }

    /// <summary>softplus(logits) − p·logits (= BCEWithLogits(logits, p)).</summary>
    public override Tensor Entropy()
    {
        Tensor logits = Logits;
        return Softplus(logits) - Probs * logits;
    }

    /// <summary>log(1 + eˣ) computed stably for every x (no linear cut-off).</summary>
    internal static Tensor Softplus(Tensor x) => x.Softplus(1, double.PositiveInfinity);
}
