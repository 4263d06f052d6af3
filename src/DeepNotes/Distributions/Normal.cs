namespace DeepNotes.Distributions;

/// <summary>
/// The normal (Gaussian) distribution N(loc, scale²), like <c>torch.distributions.Normal</c>; batch shape is the
/// broadcast of <see cref="Loc"/> and <see cref="Scale"/>, event shape <c>[]</c>. Reparameterisable:
/// <see cref="RSample"/> = loc + scale·ε.
/// </summary>
public sealed class Normal : Distribution
{
    /// <summary>A normal distribution with elementwise mean <paramref name="loc"/> and standard deviation <paramref name="scale"/> (broadcast, same floating dtype).</summary>
    /// <exception cref="ArgumentException">The dtypes differ or are not floating point, the shapes do not broadcast, or (validated) a scale is not &gt; 0.</exception>
    public Normal(Tensor loc, Tensor scale, bool validateArgs = true)
        : base(DistributionMath.BroadcastShape("Normal", loc, scale), Shape.Scalar, validateArgs)
    {
        Loc = DistributionMath.ExpandTo(loc, BatchShape);
        Scale = DistributionMath.ExpandTo(scale, BatchShape);
        if (validateArgs)
        {
            DistributionMath.CheckParameter("Normal", "loc", loc, v => !double.IsNaN(v), "Real()");
            DistributionMath.CheckParameter("Normal", "scale", scale, v => v > 0, "GreaterThan(lower_bound=0.0)");
        }
    }

    /// <summary>A scalar normal distribution N(<paramref name="loc"/>, <paramref name="scale"/>²) of <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException">(Validated) <paramref name="scale"/> is not &gt; 0.</exception>
    public Normal(double loc, double scale, DType dtype = DType.Float32, bool validateArgs = true)
        : this(Tensor.Scalar(loc, dtype), Tensor.Scalar(scale, dtype), validateArgs)
    {
    }

    /// <summary>The mean, broadcast to the batch shape.</summary>
    public Tensor Loc { get; }

    /// <summary>The standard deviation, broadcast to the batch shape.</summary>
    public Tensor Scale { get; }

    /// <inheritdoc/>
    public override DType DType => Loc.DType;

    /// <inheritdoc/>
    public override bool HasRSample => true;

    /// <inheritdoc/>
    public override Tensor Mean => Loc;

    /// <inheritdoc/>
    public override Tensor Variance => Scale.Pow(2);

    /// <inheritdoc/>
    public override Tensor Stddev => Scale;

    /// <inheritdoc/>
    public override Tensor RSample(Shape sampleShape = default, Generator? generator = null)
    {
        Tensor eps = Tensor.Randn(ExtendedShape(sampleShape), DType, generator);
        return Loc + eps * Scale;
    }

    /// <summary>−(x − loc)²/(2·scale²) − log scale − ½·log 2π, differentiable in the value, loc and scale.</summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        DistributionMath.CheckValueDType("Normal", value, DType);
        if (ValidateArgs) DistributionMath.CheckSample("Normal", value, BatchShape, EventShape, "Real()", v => !double.IsNaN(v));
        Tensor diff = value - Loc;
        return -(diff * diff) / (2.0 * Scale.Pow(2)) - Scale.Log() - 0.5 * DistributionMath.LogTwoPi;
    }

    /// <summary>½ + ½·log 2π + log scale.</summary>
    public override Tensor Entropy() => 0.5 + 0.5 * DistributionMath.LogTwoPi + Scale.Log();
}
