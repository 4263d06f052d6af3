using DeepNotes.Kernels;

namespace DeepNotes.Ops.Sampling;

/// <summary>
/// Shared plumbing of the sampling ops: the generator (the caller's, or <see cref="Generator.Default"/> under its
/// lock), parameters read as doubles in row-major order, and results written in the requested dtype. Every sampler
/// draws in logical row-major element order on one thread, so a seed gives the same bits at any thread count.
/// </summary>
internal static class Sampler
{
    /// <summary>Runs <paramref name="draw"/> on <paramref name="generator"/>, or on the default generator under its lock.</summary>
    public static T Run<T>(Generator? generator, Func<Generator, T> draw)
    {
        CheckpointCapture.NoteGenerator(generator ?? Generator.Default); // an Autograd.Checkpoint forward replays these draws in backward
        if (generator is not null) return draw(generator);
        lock (Generator.Default) return draw(Generator.Default);
    }

    /// <summary>The elements of <paramref name="t"/> broadcast to <paramref name="shape"/>, as doubles in row-major order.</summary>
    public static double[] Doubles(Tensor t, Shape shape)
    {
        Tensor e = Expand.Raw(t, shape);
        return e.ToArray<double>();
    }

    /// <summary>A new contiguous tensor of <paramref name="dtype"/> holding <paramref name="values"/>.</summary>
    public static Tensor FromDoubles(double[] values, Shape shape, DType dtype)
    {
        var t = new Tensor(shape, dtype);
        switch (dtype)
        {
            case DType.Float64: values.AsSpan().CopyTo(t.Span<double>()); break;
            case DType.Float32:
            {
                var d = t.Span<float>();
                for (int i = 0; i < d.Length; i++) d[i] = (float)values[i];
                break;
            }
            case DType.Int32:
            {
                var d = t.Span<int>();
                for (int i = 0; i < d.Length; i++) d[i] = (int)values[i];
                break;
            }
            case DType.Int64:
            {
                var d = t.Span<long>();
                for (int i = 0; i < d.Length; i++) d[i] = (long)values[i];
                break;
            }
            default:
            {
                var d = t.Span<bool>();
                for (int i = 0; i < d.Length; i++) d[i] = values[i] != 0;
                break;
            }
        }
        return t;
    }

    /// <summary>
    /// Uniform samples in [<paramref name="low"/>, <paramref name="high"/>): Float32 from 24-bit draws
    /// (as <see cref="Tensor.Rand"/>), Float64 from 53-bit draws.
    /// </summary>
    public static Tensor Uniform(Shape shape, double low, double high, DType dtype, Generator g)
    {
        var t = new Tensor(shape, dtype);
        if (dtype == DType.Float32)
        {
            float lo = (float)low, range = (float)(high - low);
            foreach (ref float v in t.Span<float>()) v = lo + range * g.NextSingle();
        }
        else
        {
            double range = high - low;
            foreach (ref double v in t.Span<double>()) v = low + range * g.NextDouble();
        }
        return t;
    }

    /// <summary>mean + std·N(0, 1) per element (Box–Muller draws from <see cref="Generator.NextNormal"/>).</summary>
    public static Tensor Normal(Shape shape, double mean, double std, DType dtype, Generator g)
    {
        var t = ShapeMoves.Empty(shape, dtype); // every element is drawn
        if (dtype == DType.Float32)
            NormalSampling.Fill(g, t.Span<float>(), mean, std);
        else
        {
            var d = t.Span<double>();
            NormalSampling.Fill(g, d);
            for (int i = 0; i < d.Length; i++) d[i] = mean + std * d[i];
        }
        return t;
    }

    /// <summary>Exponential samples with rate <paramref name="rate"/>: −log(1 − u)/rate.</summary>
    public static Tensor Exponential(Shape shape, double rate, DType dtype, Generator g)
    {
        var t = new Tensor(shape, dtype);
        if (dtype == DType.Float32)
            foreach (ref float v in t.Span<float>()) v = (float)(RandomSampling.StandardExponential(g) / rate);
        else
            foreach (ref double v in t.Span<double>()) v = RandomSampling.StandardExponential(g) / rate;
        return t;
    }

    /// <summary>1 where a uniform draw u &lt; p (one draw per element), else 0, in <paramref name="dtype"/>.</summary>
    public static Tensor Bernoulli(Shape shape, ReadOnlySpan<double> p, DType dtype, Generator g)
    {
        var values = new double[shape.ElementCount];
        for (int i = 0; i < values.Length; i++) values[i] = g.NextDouble() < p[i] ? 1 : 0;
        return FromDoubles(values, shape, dtype);
    }
}
