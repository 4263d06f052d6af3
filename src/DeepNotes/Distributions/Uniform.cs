namespace DeepNotes.Distributions;

/// <summary>
/// The continuous uniform distribution on [low, high), like <c>torch.distributions.Uniform</c>; batch shape is the
/// broadcast of <see cref="Low"/> and <see cref="High"/>. Reparameterisable: <see cref="RSample"/> = low + u·(high − low).
/// </summary>
public sealed class Uniform : Distribution
{
    /// <summary>A uniform distribution with elementwise bounds (broadcast, same floating dtype).</summary>
    /// <exception cref="ArgumentException">The dtypes differ or are not floating point, the shapes do not broadcast, or (validated) low ≥ high somewhere.</exception>
    public Uniform(Tensor low, Tensor high, bool validateArgs = true)
        : base(DistributionMath.BroadcastShape("Uniform", low, high), Shape.Scalar, validateArgs)
    {
        Low = DistributionMath.ExpandTo(low, BatchShape);
        High = DistributionMath.ExpandTo(high, BatchShape);
        if (validateArgs)
        {
            double[] lo = Low.Detach().ToArray<double>(), hi = High.Detach().ToArray<double>();
            for (int i = 0; i < lo.Length; i++)
                if (!(lo[i] < hi[i]))
                    throw new ArgumentException($"Uniform is not defined when low >= high: element {i} has low={lo[i]}, high={hi[i]}.");
        }
    }

    /// <summary>A scalar uniform distribution on [<paramref name="low"/>, <paramref name="high"/>) of <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException">(Validated) <paramref name="low"/> ≥ <paramref name="high"/>.</exception>
    public Uniform(double low, double high, DType dtype = DType.Float32, bool validateArgs = true)
        : this(Tensor.Scalar(low, dtype), Tensor.Scalar(high, dtype), validateArgs)
    {
    }

    /// <summary>The lower bound, broadcast to the batch shape.</summary>
    public Tensor Low { get; }

    /// <summary>The upper bound, broadcast to the batch shape.</summary>
    public Tensor High { get; }

    /// <inheritdoc/>
    public override DType DType => Low.DType;

    /// <inheritdoc/>
    public override bool HasRSample => true;

    /// <summary>(low + high)/2.</summary>
    public override Tensor Mean => (High + Low) / 2.0;

    /// <summary>(high − low)²/12.</summary>
    public override Tensor Variance => (High - Low).Pow(2) / 12.0;

    /// <summary>(high − low)/√12.</summary>
    public override Tensor Stddev => (High - Low) / Math.Sqrt(12);

    /// <inheritdoc/>
    public override Tensor RSample(Shape sampleShape = default, Generator? generator = null)
    {
        Tensor u = Tensor.Rand(ExtendedShape(sampleShape), DType, generator);
        return Low + u * (High - Low);
    }

    /// <summary>
    /// log 1[low ≤ x &lt; high] − log(high − low): −∞ outside [low, high) (with validation a value outside
    /// [low, high] throws, as torch). Gradient to low and high; zero to the value.
    /// </summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        DistributionMath.CheckValueDType("Uniform", value, DType);
        if (ValidateArgs)
        {
            DistributionMath.CheckSample("Uniform", value, BatchShape, EventShape, "Interval(low, high)", null);
            Tensor outside = value.Less(Low).To(DType.Int32).Add(value.Greater(High).To(DType.Int32)).Sum();
            if (outside.Item() > 0)
                throw new ArgumentException(
                    $"Uniform.LogProb: expected value argument (shape {value.Shape}) to be within the support (Interval(low, high)) of the distribution, but found {outside.Item()} invalid value(s).", nameof(value));
        }
        Tensor inside = Low.LessEqual(value).To(DType).Multiply(High.Greater(value).To(DType));
        return inside.Log() - (High - Low).Log();
    }

    /// <summary>log(high − low).</summary>
    public override Tensor Entropy() => (High - Low).Log();
}
