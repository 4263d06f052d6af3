using DeepNotes.Ops.Sampling;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>Overwrites every element with a uniform sample in [<paramref name="low"/>, <paramref name="high"/>), like <c>uniform_</c>.</summary>
    /// <returns>This tensor.</returns>
    /// <exception cref="ArgumentException">Not floating point, or <paramref name="low"/> &gt; <paramref name="high"/>.</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor UniformInPlace(double low = 0, double high = 1, Generator? generator = null)
    {
        CheckInPlace("UniformInPlace");
        ParameterChecks.FloatingPoint("UniformInPlace", DType);
        CheckUniformRange("UniformInPlace", low, high);
        return WriteSamples(Sampler.Run(generator, g => Sampler.Uniform(Shape, low, high, DType, g)));
    }

    /// <summary>Overwrites every element with a N(<paramref name="mean"/>, <paramref name="std"/>²) sample, like <c>normal_</c>.</summary>
    /// <inheritdoc cref="UniformInPlace" path="/returns"/>
    /// <exception cref="ArgumentException">Not floating point, or <paramref name="std"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor NormalInPlace(double mean = 0, double std = 1, Generator? generator = null)
    {
        CheckInPlace("NormalInPlace");
        ParameterChecks.FloatingPoint("NormalInPlace", DType);
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, $"NormalInPlace expects std >= 0.0, but found std={std}.");
        return WriteSamples(Sampler.Run(generator, g => Sampler.Normal(Shape, mean, std, DType, g)));
    }

    /// <summary>Overwrites every element with 1 (probability <paramref name="p"/>) or 0, like <c>bernoulli_(p)</c>; any dtype.</summary>
    /// <inheritdoc cref="UniformInPlace" path="/returns"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor BernoulliInPlace(double p = 0.5, Generator? generator = null)
    {
        CheckInPlace("BernoulliInPlace");
        ParameterChecks.Probability("BernoulliInPlace", p);
        return WriteSamples(Bernoulli(p, generator));
    }

    /// <summary>Overwrites every element with 1 (probability <paramref name="p"/>[i], broadcast to this shape) or 0, like <c>bernoulli_(p_tensor)</c>.</summary>
    /// <inheritdoc cref="UniformInPlace" path="/returns"/>
    /// <exception cref="ArgumentException"><paramref name="p"/> is not floating point, does not broadcast to this shape, or has an element outside [0, 1].</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor BernoulliInPlace(Tensor p, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(p);
        CheckInPlace("BernoulliInPlace");
        ParameterChecks.FloatingPoint("BernoulliInPlace", p.DType, "probability tensor");
        if (Ops.ElementwiseBinary.BroadcastShape("BernoulliInPlace", p.Shape, Shape) != Shape)
            throw new ArgumentException($"BernoulliInPlace: probabilities of shape {p.Shape} do not broadcast to {Shape}.", nameof(p));
        double[] probs = Sampler.Doubles(p, Shape);
        ParameterChecks.Probabilities("BernoulliInPlace", probs);
        return WriteSamples(Sampler.Run(generator, g => Sampler.Bernoulli(Shape, probs, DType, g)));
    }

    /// <summary>Overwrites every element with an exponential sample of rate <paramref name="rate"/>, like <c>exponential_(lambd)</c>.</summary>
    /// <inheritdoc cref="UniformInPlace" path="/returns"/>
    /// <exception cref="ArgumentException">Not floating point, or <paramref name="rate"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The tensor requires grad while grad mode is on.</exception>
    public Tensor ExponentialInPlace(double rate = 1, Generator? generator = null)
    {
        CheckInPlace("ExponentialInPlace");
        ParameterChecks.FloatingPoint("ExponentialInPlace", DType);
        CheckExponentialRate("ExponentialInPlace", rate);
        return WriteSamples(Sampler.Run(generator, g => Sampler.Exponential(Shape, rate, DType, g)));
    }

    /// <summary>Copies freshly drawn row-major samples into this tensor (any strides) and bumps the version.</summary>
    private Tensor WriteSamples(Tensor samples)
    {
        samples.CopyTo(this);
        Storage.BumpVersion();
        return this;
    }
}
