namespace DeepNotes.Distributions;

/// <summary>
/// A probability distribution with batched parameters, like <c>torch.distributions.Distribution</c>. A distribution
/// of <see cref="BatchShape"/> B and <see cref="EventShape"/> E describes B independent (not identically
/// distributed) random variables of shape E; <see cref="Sample"/> with sample shape S returns <c>S ++ B ++ E</c>,
/// <see cref="LogProb"/> of such a value returns <c>S ++ B</c>.
/// </summary>
/// <remarks>
/// LogProb, Entropy, Mean, Variance, <see cref="RSample"/> and <see cref="KlDivergence"/> are built from differentiable
/// tensor ops, so gradients flow to the parameters (and to the value). <see cref="Sample"/> is not differentiable.
/// With <c>validateArgs</c> (the default, as torch's) parameters are checked at construction and values in LogProb.
/// </remarks>
public abstract class Distribution
{
    /// <summary>Initialises the shapes and the validation flag.</summary>
    /// <param name="batchShape">Shape of the batch of independent distributions.</param>
    /// <param name="eventShape">Shape of one draw (<c>[]</c> for scalar distributions).</param>
    /// <param name="validateArgs">Check parameters and LogProb values.</param>
    protected Distribution(Shape batchShape, Shape eventShape, bool validateArgs)
    {
        BatchShape = batchShape;
        EventShape = eventShape;
        ValidateArgs = validateArgs;
    }

    /// <summary>The shape over which parameters are batched.</summary>
    public Shape BatchShape { get; }

    /// <summary>The shape of a single sample (without batching).</summary>
    public Shape EventShape { get; }

    /// <summary>Whether parameters and LogProb values are validated.</summary>
    public bool ValidateArgs { get; }

    /// <summary>The element type of samples, log-probabilities and parameters.</summary>
    public abstract DType DType { get; }

    /// <summary>True when <see cref="RSample"/> is available (a reparameterised, differentiable sample).</summary>
    public virtual bool HasRSample => false;

    /// <summary>The mean, <c>B ++ E</c>.</summary>
    public abstract Tensor Mean { get; }

    /// <summary>The variance, <c>B ++ E</c>.</summary>
    public abstract Tensor Variance { get; }

    /// <summary>The standard deviation √Variance, <c>B ++ E</c>.</summary>
    public virtual Tensor Stddev => Variance.Sqrt();

    /// <summary>sampleShape ++ BatchShape ++ EventShape.</summary>
    public Shape ExtendedShape(Shape sampleShape = default) => DistributionMath.Concat(sampleShape, BatchShape, EventShape);

    /// <summary>
    /// Draws samples of shape <c>sampleShape ++ B ++ E</c> from <paramref name="generator"/> (default:
    /// <see cref="Generator.Default"/>); no gradient flows through them.
    /// </summary>
    public virtual Tensor Sample(Shape sampleShape = default, Generator? generator = null)
    {
        if (!HasRSample) throw new NotSupportedException($"{GetType().Name} does not implement Sample.");
        using (Autograd.NoGrad()) return RSample(sampleShape, generator).Detach();
    }

    /// <summary>
    /// A reparameterised sample of shape <c>sampleShape ++ B ++ E</c>: a differentiable function of the parameters and
    /// of parameter-free noise, so gradients flow to the parameters (the pathwise estimator).
    /// </summary>
    /// <exception cref="NotSupportedException">The distribution is not reparameterisable (see <see cref="HasRSample"/>).</exception>
    public virtual Tensor RSample(Shape sampleShape = default, Generator? generator = null) =>
        throw new NotSupportedException($"{GetType().Name} has no reparameterised sample (HasRSample is false); use Sample, which carries no gradient.");

    /// <summary>The log of the density (or mass) at <paramref name="value"/> <c>[S ++ B ++ E]</c> (broadcast): <c>S ++ B</c>.</summary>
    /// <exception cref="ArgumentException">With validation: the value's shape or dtype does not fit, or it is outside the support.</exception>
    public abstract Tensor LogProb(Tensor value);

    /// <summary>The (differential) entropy in nats, <c>B</c>.</summary>
    public abstract Tensor Entropy();

    /// <summary>
    /// KL(p ‖ q) for the pairs torch registers among these distributions (Normal, Bernoulli, Categorical, Uniform,
    /// Beta, MultivariateNormal — each with its own kind), batched over the broadcast batch shapes: <c>B</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">No formula is registered for the pair.</exception>
    public static Tensor KlDivergence(Distribution p, Distribution q) => KullbackLeibler.Compute(p, q);
}
