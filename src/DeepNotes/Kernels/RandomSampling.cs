namespace DeepNotes.Kernels;

/// <summary>
/// Scalar samplers built on the library's <see cref="Generator"/> (uniform and normal primitives only): Fisher–Yates
/// permutations, exponential, Poisson (multiplication for small rates, Hörmann's PTRS for large ones) and Gamma
/// (Marsaglia–Tsang). Each consumes a fixed, documented number of draws per accepted proposal, so a seed always
/// gives the same values; they run on one thread in element order, so results never depend on the thread count.
/// </summary>
internal static class RandomSampling
{
    /// <summary>Rates at or above this use the transformed-rejection sampler (PTRS), below it the product of uniforms.</summary>
    public const double PoissonRejectionThreshold = 10;

    /// <summary>0, 1, ..., n−1 shuffled by <see cref="Shuffle"/>.</summary>
    public static int[] Permutation(int n, Generator generator)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Shuffle(order, generator);
        return order;
    }

    /// <summary>Shuffles <paramref name="values"/> in place: for i from the end, swap with a uniform j in [0, i].</summary>
    public static void Shuffle(Span<int> values, Generator generator)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt32(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A standard exponential sample −log(1 − u), u uniform in [0, 1): finite and ≥ 0.</summary>
    public static double StandardExponential(Generator generator) => -Math.Log(1.0 - generator.NextDouble());

    /// <summary>A Poisson(<paramref name="rate"/>) sample; the rate must be finite and ≥ 0 (the caller checks).</summary>
    public static double Poisson(double rate, Generator generator)
    {
        if (rate == 0) return 0;
        if (rate < PoissonRejectionThreshold)
        {
            // count uniforms until their product drops to e^−rate
            double limit = Math.Exp(-rate), product = 1;
            int k = -1;
            do
            {
                product *= generator.NextDouble();
                k++;
            } while (product > limit);
            return k;
        }
        return PoissonRejection(rate, generator);
    }

    // W. Hörmann, "The transformed rejection method for generating Poisson random variables" (1993), algorithm PTRS.
    private static double PoissonRejection(double rate, Generator generator)
    {
        double sqrtRate = Math.Sqrt(rate), logRate = Math.Log(rate);
        double b = 0.931 + 2.53 * sqrtRate;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = generator.NextDouble() - 0.5;
            double v = generator.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + rate + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -rate + k * logRate - SpecialMath.LogGamma(k + 1))
                return k;
        }
    }

    /// <summary>
    /// The natural log of a Gamma(<paramref name="shape"/>, 1) sample (shape &gt; 0). Marsaglia–Tsang squeeze for
    /// shape ≥ 1; for shape &lt; 1 the boost Gamma(shape + 1)·u^(1/shape), kept in log space so that tiny shapes,
    /// whose samples underflow to 0, still give usable ratios (Beta = sigmoid(log X − log Y)).
    /// </summary>
    public static double LogGammaSample(double shape, Generator generator)
    {
        if (shape >= 1) return Math.Log(MarsagliaTsang(shape, generator));
        double boosted = MarsagliaTsang(shape + 1, generator);
        double u = 1.0 - generator.NextDouble(); // (0, 1]
        return Math.Log(boosted) + Math.Log(u) / shape;
    }

    /// <summary>A Gamma(<paramref name="shape"/>, 1) sample (shape &gt; 0).</summary>
    public static double GammaSample(double shape, Generator generator) => Math.Exp(LogGammaSample(shape, generator));

    // G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables" (2000); shape >= 1.
    private static double MarsagliaTsang(double shape, Generator generator)
    {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = generator.NextNormal();
            double t = 1 + c * x;
            if (t <= 0) continue;
            double v = t * t * t;
            double u = generator.NextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }
}
