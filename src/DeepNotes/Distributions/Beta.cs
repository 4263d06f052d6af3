using DeepNotes.Kernels;
using DeepNotes.Ops;
using DeepNotes.Ops.Sampling;

namespace DeepNotes.Distributions;

/// <summary>
/// The Beta distribution on [0, 1] with concentrations α = <see cref="Concentration1"/> and
/// β = <see cref="Concentration0"/>, like <c>torch.distributions.Beta</c>; batch shape is their broadcast.
/// Samples are X/(X + Y) for X ~ Gamma(α), Y ~ Gamma(β) (Marsaglia–Tsang), computed as sigmoid(log X − log Y) so that
/// tiny concentrations stay finite. Not reparameterisable here (no RSample).
/// </summary>
/// <remarks>
/// LogProb, Entropy and KL use an internal differentiable log-gamma and digamma (digamma's backward is trigamma), so
/// gradients flow to the value and both concentrations.
/// </remarks>
public sealed class Beta : Distribution
{
    /// <summary>A Beta distribution with elementwise concentrations (broadcast, same floating dtype).</summary>
    /// <exception cref="ArgumentException">The dtypes differ or are not floating point, the shapes do not broadcast, or (validated) a concentration is not &gt; 0.</exception>
    public Beta(Tensor concentration1, Tensor concentration0, bool validateArgs = true)
        : base(DistributionMath.BroadcastShape("Beta", concentration1, concentration0), Shape.Scalar, validateArgs)
    {
        Concentration1 = DistributionMath.ExpandTo(concentration1, BatchShape);
        Concentration0 = DistributionMath.ExpandTo(concentration0, BatchShape);
        if (validateArgs)
        {
            DistributionMath.CheckParameter("Beta", "concentration1", concentration1, v => v > 0 && !double.IsPositiveInfinity(v), "GreaterThan(lower_bound=0.0)");
            DistributionMath.CheckParameter("Beta", "concentration0", concentration0, v => v > 0 && !double.IsPositiveInfinity(v), "GreaterThan(lower_bound=0.0)");
        }
    }

    /// <summary>A scalar Beta(<paramref name="concentration1"/>, <paramref name="concentration0"/>) of <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentException">(Validated) a concentration is not &gt; 0.</exception>
    public Beta(double concentration1, double concentration0, DType dtype = DType.Float32, bool validateArgs = true)
        : this(Tensor.Scalar(concentration1, dtype), Tensor.Scalar(concentration0, dtype), validateArgs)
    {
    }

    /// <summary>α, the exponent of x (broadcast to the batch shape).</summary>
    public Tensor Concentration1 { get; }

    /// <summary>β, the exponent of 1 − x (broadcast to the batch shape).</summary>
    public Tensor Concentration0 { get; }

    /// <inheritdoc/>
    public override DType DType => Concentration1.DType;

    /// <summary>α/(α + β).</summary>
    public override Tensor Mean => Concentration1 / (Concentration1 + Concentration0);

    /// <summary>αβ/((α + β)²(α + β + 1)).</summary>
    public override Tensor Variance
    {
        get
        {
            Tensor total = Concentration1 + Concentration0;
            return Concentration1 * Concentration0 / (total.Pow(2) * (total + 1.0));
        }
    }

    /// <summary>Draws of shape <c>sampleShape ++ B</c> in [0, 1] (two Gamma draws per element, in row-major order; no gradient).</summary>
    public override Tensor Sample(Shape sampleShape = default, Generator? generator = null)
    {
        Shape shape = ExtendedShape(sampleShape);
        double[] a = Sampler.Doubles(Concentration1.Detach(), shape), b = Sampler.Doubles(Concentration0.Detach(), shape);
        var values = new double[shape.ElementCount];
        Sampler.Run(generator, g =>
        {
            for (int i = 0; i < values.Length; i++)
            {
                double logX = RandomSampling.LogGammaSample(a[i], g);
                double logY = RandomSampling.LogGammaSample(b[i], g);
                values[i] = 1 / (1 + Math.Exp(logY - logX));
            }
            return 0;
        });
        return Sampler.FromDoubles(values, shape, DType);
    }

    /// <summary>
    /// (α − 1)·log x + (β − 1)·log(1 − x) + lgamma(α + β) − lgamma(α) − lgamma(β). As torch 1.13, 0·log 0 is not
    /// special-cased: at x = 0 or 1 with a concentration of exactly 1 the result is NaN.
    /// </summary>
    /// <inheritdoc cref="Distribution.LogProb" path="/exception"/>
    public override Tensor LogProb(Tensor value)
    {
        DistributionMath.CheckValueDType("Beta", value, DType);
        if (ValidateArgs) DistributionMath.CheckSample("Beta", value, BatchShape, EventShape, "Interval(lower_bound=0.0, upper_bound=1.0)", v => v >= 0 && v <= 1);
        Tensor a = Concentration1, b = Concentration0;
        return (a - 1.0) * value.Log() + (b - 1.0) * (1.0 - value).Log()
            + Lgamma(a + b) - Lgamma(a) - Lgamma(b);
    }

    /// <summary>lnB(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β).</summary>
    public override Tensor Entropy()
    {
        Tensor a = Concentration1, b = Concentration0, total = a + b;
        return Lgamma(a) + Lgamma(b) - Lgamma(total) + (total - 2.0) * Digamma(total)
            - (a - 1.0) * Digamma(a) - (b - 1.0) * Digamma(b);
    }

    internal static Tensor Lgamma(Tensor x) => GammaFunctions.Lgamma(x);

    internal static Tensor Digamma(Tensor x) => GammaFunctions.Digamma(x);
}
