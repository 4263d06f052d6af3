using DeepNotes.Kernels;
using DeepNotes.Ops;
using DeepNotes.Ops.Sampling;

namespace DeepNotes;

public sealed partial class Tensor
{
    /// <summary>
    /// 0/1 draws with this tensor's elements as probabilities, like <c>torch.bernoulli(p)</c>: result[i] = 1 with
    /// probability p[i]. Same shape and dtype as this tensor; not differentiable.
    /// </summary>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">The tensor is not floating point, or an element is outside [0, 1].</exception>
    public Tensor Bernoulli(Generator? generator = null)
    {
        ParameterChecks.FloatingPoint("Bernoulli", DType);
        double[] p = ToArray<double>();
        ParameterChecks.Probabilities("Bernoulli", p);
        return Sampler.Run(generator, g => Sampler.Bernoulli(Shape, p, DType, g));
    }

    /// <summary>
    /// 0/1 draws of this tensor's shape and dtype, each 1 with probability <paramref name="p"/>, like
    /// <c>tensor.bernoulli(p)</c> (any dtype; Bool gives true/false).
    /// </summary>
    /// <param name="p">Probability of a 1, in [0, 1].</param>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Tensor Bernoulli(double p, Generator? generator = null)
    {
        ParameterChecks.Probability("Bernoulli", p);
        var probs = new double[ElementCount];
        Array.Fill(probs, p);
        return Sampler.Run(generator, g => Sampler.Bernoulli(Shape, probs, DType, g));
    }

    /// <summary>
    /// Category indices drawn from this 1-D <c>[C]</c> or 2-D <c>[N, C]</c> tensor of non-negative weights (need not
    /// sum to 1), like <c>torch.multinomial</c>: Int32 <c>[numSamples]</c> or <c>[N, numSamples]</c>. Without
    /// replacement no index repeats within a row, in the order drawn.
    /// </summary>
    /// <param name="numSamples">Samples per row (≥ 1; at most the non-zero categories without replacement).</param>
    /// <param name="replacement">Draw with replacement.</param>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentException">Wrong rank or dtype, a negative/NaN/infinite weight, a zero row, or too few non-zero categories without replacement.</exception>
    public Tensor Multinomial(int numSamples, bool replacement = false, Generator? generator = null) =>
        Ops.Sampling.Multinomial.Forward(this, numSamples, replacement, generator);

    /// <summary>A uniformly random permutation of 0..n−1 (Fisher–Yates), like <c>torch.randperm</c>: <c>[n]</c>.</summary>
    /// <param name="n">Length (≥ 0).</param>
    /// <param name="generator">Source of randomness (default: <see cref="Generator.Default"/>).</param>
    /// <param name="dtype">Result dtype (Int32 by default; Float32/Float64 allowed).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Tensor RandPerm(int n, Generator? generator = null, DType dtype = DType.Int32)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, $"RandPerm expects n >= 0, got n={n}.");
        if (dtype == DType.Bool) throw new ArgumentException("RandPerm expects a numeric dtype, got Bool.", nameof(dtype));
        int[] order = Sampler.Run(generator, g => RandomSampling.Permutation(n, g));
        var t = FromArray(order);
        return dtype == DType.Int32 ? t : t.ConvertRaw(dtype);
    }

    /// <summary>
    /// Normal samples with elementwise <paramref name="mean"/> and <paramref name="std"/> (broadcast together, same
    /// floating dtype), like <c>torch.normal(mean, std)</c>. Not differentiable (use
    /// <c>DeepNotes.Distributions.Normal.RSample</c> for a reparameterised sample).
    /// </summary>
    /// <exception cref="ArgumentException">The dtypes differ or are not floating point, the shapes do not broadcast, or a std is negative.</exception>
    public static Tensor Normal(Tensor mean, Tensor std, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        ParameterChecks.FloatingPoint("Normal", mean.DType, "mean");
        CheckSameDType("Normal", mean, std);
        Shape shape = ElementwiseBinary.BroadcastShape("Normal", mean.Shape, std.Shape);
        double[] m = Sampler.Doubles(mean, shape), s = Sampler.Doubles(std, shape);
        for (int i = 0; i < s.Length; i++)
            if (!(s[i] >= 0)) throw new ArgumentException($"Normal expects all elements of std >= 0.0, but element {i} is {s[i]}.", nameof(std));
        var values = new double[shape.ElementCount];
        Sampler.Run(generator, g =>
        {
            NormalSampling.Fill(g, values);
            for (int i = 0; i < values.Length; i++) values[i] = m[i] + s[i] * values[i];
            return 0;
        });
        return Sampler.FromDoubles(values, shape, mean.DType);
    }

    /// <summary>Normal samples with elementwise <paramref name="mean"/> and a shared <paramref name="std"/>: shape of <paramref name="mean"/>.</summary>
    /// <inheritdoc cref="Normal(Tensor, Tensor, Generator)" path="/exception"/>
    public static Tensor Normal(Tensor mean, double std = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        return Normal(mean, Scalar(std, mean.DType), generator);
    }

    /// <summary>Normal samples with a shared <paramref name="mean"/> and elementwise <paramref name="std"/>: shape of <paramref name="std"/>.</summary>
    /// <inheritdoc cref="Normal(Tensor, Tensor, Generator)" path="/exception"/>
    public static Tensor Normal(double mean, Tensor std, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(std);
        return Normal(Scalar(mean, std.DType), std, generator);
    }

    /// <summary>Normal samples N(<paramref name="mean"/>, <paramref name="std"/>²) of <paramref name="shape"/>, like <c>torch.normal(mean, std, size)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="std"/> is negative or the dtype is not floating point.</exception>
    public static Tensor Normal(double mean, double std, Shape shape, DType dtype = DType.Float32, Generator? generator = null)
    {
        ParameterChecks.FloatingPoint("Normal", dtype, "dtype");
        if (!(std >= 0)) throw new ArgumentOutOfRangeException(nameof(std), std, $"Normal expects std >= 0.0, but found std={std}.");
        return Sampler.Run(generator, g => Sampler.Normal(shape, mean, std, dtype, g));
    }

    /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>) of <paramref name="shape"/> (as <c>torch.empty(shape).uniform_(low, high)</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="low"/> &gt; <paramref name="high"/>, a bound is not finite, or the dtype is not floating point.</exception>
    public static Tensor Uniform(Shape shape, double low = 0, double high = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        CheckUniformRange("Uniform", low, high);
        ParameterChecks.FloatingPoint("Uniform", dtype, "dtype");
        return Sampler.Run(generator, g => Sampler.Uniform(shape, low, high, dtype, g));
    }

    /// <summary>
    /// Poisson counts with elementwise <paramref name="rates"/> (≥ 0), like <c>torch.poisson</c>: same shape and dtype.
    /// Exact by multiplication of uniforms below rate 10, Hörmann's transformed rejection (PTRS) above.
    /// </summary>
    /// <exception cref="ArgumentException">The rates are not floating point, or one is negative, infinite or NaN.</exception>
    public static Tensor Poisson(Tensor rates, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(rates);
        ParameterChecks.FloatingPoint("Poisson", rates.DType, "rates tensor");
        double[] r = rates.ToArray<double>();
        for (int i = 0; i < r.Length; i++)
            if (!(r[i] >= 0) || double.IsInfinity(r[i]))
                throw new ArgumentException($"Poisson expects finite non-negative rates, but element {i} is {r[i]}.", nameof(rates));
        var values = new double[r.Length];
        Sampler.Run(generator, g =>
        {
            for (int i = 0; i < values.Length; i++) values[i] = RandomSampling.Poisson(r[i], g);
            return 0;
        });
        return Sampler.FromDoubles(values, rates.Shape, rates.DType);
    }

    /// <summary>Exponential samples with rate <paramref name="rate"/> (mean 1/rate) of <paramref name="shape"/> (as <c>torch.empty(shape).exponential_(rate)</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is not positive and finite, or the dtype is not floating point.</exception>
    public static Tensor Exponential(Shape shape, double rate = 1, DType dtype = DType.Float32, Generator? generator = null)
    {
        CheckExponentialRate("Exponential", rate);
        ParameterChecks.FloatingPoint("Exponential", dtype, "dtype");
        return Sampler.Run(generator, g => Sampler.Exponential(shape, rate, dtype, g));
    }

    private static void CheckUniformRange(string op, double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"{op} expects finite bounds, got from={low}, to={high}.");
        if (low > high)
            throw new ArgumentException($"{op} expects to return a [from, to) range, but found from={low} > to={high}.");
    }

    private static void CheckExponentialRate(string op, double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{op} expects lambda > 0.0 and finite, but found lambda={rate}.");
    }
}
