namespace DeepNotes.Distributions;

/// <summary>
/// The closed-form KL(p ‖ q) formulas torch registers for these distributions, keyed by the exact pair of types;
/// each is composed of differentiable tensor ops and broadcasts the two batch shapes.
/// </summary>
internal static class KullbackLeibler
{
    private static readonly Dictionary<(Type, Type), Func<Distribution, Distribution, Tensor>> Registry = new()
    {
        [(typeof(Normal), typeof(Normal))] = (p, q) => NormalNormal((Normal)p, (Normal)q),
        [(typeof(Bernoulli), typeof(Bernoulli))] = (p, q) => BernoulliBernoulli((Bernoulli)p, (Bernoulli)q),
        [(typeof(Categorical), typeof(Categorical))] = (p, q) => CategoricalCategorical((Categorical)p, (Categorical)q),
        [(typeof(Uniform), typeof(Uniform))] = (p, q) => UniformUniform((Uniform)p, (Uniform)q),
        [(typeof(Beta), typeof(Beta))] = (p, q) => BetaBeta((Beta)p, (Beta)q),
        [(typeof(MultivariateNormal), typeof(MultivariateNormal))] = (p, q) => MvnMvn((MultivariateNormal)p, (MultivariateNormal)q),
    };

    public static Tensor Compute(Distribution p, Distribution q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (!Registry.TryGetValue((p.GetType(), q.GetType()), out var kl))
            throw new NotSupportedException(
                $"KlDivergence: no formula is registered for p = {p.GetType().Name} and q = {q.GetType().Name}; registered pairs: " +
                string.Join(", ", Registry.Keys.Select(k => $"({k.Item1.Name}, {k.Item2.Name})")) + ".");
        if (p.DType != q.DType)
            throw new ArgumentException($"KlDivergence: p is {p.DType} and q is {q.DType}; build both with the same dtype.");
        return kl(p, q);
    }

    private static Tensor Inf(DType dtype) => Tensor.Scalar(double.PositiveInfinity, dtype);

    private static Tensor Zero(DType dtype) => Tensor.Zeros(Shape.Scalar, dtype);

    // ½(σp²/σq² + (μp − μq)²/σq² − 1 − log(σp²/σq²))
    private static Tensor NormalNormal(Normal p, Normal q)
    {
        Tensor varRatio = (p.Scale / q.Scale).Pow(2);
        Tensor t1 = ((p.Loc - q.Loc) / q.Scale).Pow(2);
        return 0.5 * (varRatio + t1 - 1.0 - varRatio.Log());
    }

    private static Tensor BernoulliBernoulli(Bernoulli p, Bernoulli q)
    {
        DType dt = p.DType;
        Tensor t1 = p.Probs * (Bernoulli.Softplus(-q.Logits) - Bernoulli.Softplus(-p.Logits));
        t1 = Tensor.Where(q.Probs.ElementEquals(0.0), Inf(dt), t1);
        t1 = Tensor.Where(p.Probs.ElementEquals(0.0), Zero(dt), t1);
        Tensor t2 = (1.0 - p.Probs) * (Bernoulli.Softplus(q.Logits) - Bernoulli.Softplus(p.Logits));
        t2 = Tensor.Where(q.Probs.ElementEquals(1.0), Inf(dt), t2);
        t2 = Tensor.Where(p.Probs.ElementEquals(1.0), Zero(dt), t2);
        return t1 + t2;
    }

    private static Tensor CategoricalCategorical(Categorical p, Categorical q)
    {
        if (p.NumEvents != q.NumEvents)
            throw new ArgumentException($"KlDivergence: the categoricals have {p.NumEvents} and {q.NumEvents} categories.");
        DType dt = p.DType;
        Tensor t = p.Probs * (p.Logits - q.Logits);
        t = Tensor.Where(q.Probs.ElementEquals(0.0), Inf(dt), t);
        t = Tensor.Where(p.Probs.ElementEquals(0.0), Zero(dt), t);
        return t.Sum(-1);
    }

    // log((hq − lq)/(hp − lp)), +∞ where p's support is not inside q's
    private static Tensor UniformUniform(Uniform p, Uniform q)
    {
        Tensor result = ((q.High - q.Low) / (p.High - p.Low)).Log();
        Tensor outside = q.Low.Greater(p.Low).To(DType.Int32).Add(q.High.Less(p.High).To(DType.Int32)).Greater(0.0);
        return Tensor.Where(outside, Inf(p.DType), result);
    }

    private static Tensor BetaBeta(Beta p, Beta q)
    {
        Tensor sp = p.Concentration1 + p.Concentration0, sq = q.Concentration1 + q.Concentration0;
        Tensor t1 = Beta.Lgamma(q.Concentration1) + Beta.Lgamma(q.Concentration0) + Beta.Lgamma(sp);
        Tensor t2 = Beta.Lgamma(p.Concentration1) + Beta.Lgamma(p.Concentration0) + Beta.Lgamma(sq);
        Tensor t3 = (p.Concentration1 - q.Concentration1) * Beta.Digamma(p.Concentration1);
        Tensor t4 = (p.Concentration0 - q.Concentration0) * Beta.Digamma(p.Concentration0);
        Tensor t5 = (sq - sp) * Beta.Digamma(sp);
        return t1 - t2 + t3 + t4 + t5;
    }

    // Σ log Lq,ii − Σ log Lp,ii + ½(‖Lq⁻¹Lp‖²_F + |Lq⁻¹(μq − μp)|² − k)
    private static Tensor MvnMvn(MultivariateNormal p, MultivariateNormal q)
    {
        if (p.EventSize != q.EventSize)
            throw new ArgumentException(
                $"KlDivergence between two MultivariateNormals with different event shapes ([{p.EventSize}] and [{q.EventSize}]) cannot be computed.");
        int k = p.EventSize;
        Tensor halfTerm1 = q.HalfLogDet() - p.HalfLogDet();
        Tensor term2 = Tensor.Zeros(Shape.Scalar, p.DType);
        for (int c = 0; c < k; c++)
            term2 = term2 + DistributionMath.Mahalanobis(q.ScaleTril, p.ScaleTril.Select(-1, c));
        Tensor term3 = DistributionMath.Mahalanobis(q.ScaleTril, q.Loc - p.Loc);
        Tensor kl = halfTerm1 + 0.5 * (term2 + term3 - k);
        Shape batch = Ops.ElementwiseBinary.BroadcastShape("KlDivergence", p.BatchShape, q.BatchShape);
        return DistributionMath.ExpandTo(kl, batch);
    }
}
