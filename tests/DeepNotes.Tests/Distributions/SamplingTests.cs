using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Kernels;

namespace DeepNotes.Tests.Distributions;

/// <summary>
/// The Tensor samplers: statistics with fixed seeds and generous bounds (a wrong law fails by far), bitwise
/// reproducibility, independence from the thread count, and argument errors.
/// </summary>
public class SamplingTests
{
    private static (double Mean, double Var) Moments(double[] v)
    {
        double m = v.Average();
        return (m, v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Normal_TensorArguments_BroadcastAndHaveTheRightMoments(DType dtype)
    {
        var mean = Tensor.FromArray(new[] { -2.0, 0.0, 5.0 }).To(dtype);
        var std = Tensor.FromArray(new[] { 0.5, 3.0 }, new Shape(2, 1)).To(dtype);
        var big = Tensor.Normal(mean.Reshape(1, 1, 3).Expand(20000, 1, 3), std, new Generator(1)); // [20000,1,3] with [2,1]
        Assert.Equal(new Shape(20000, 2, 3), big.Shape);
        Assert.Equal(dtype, big.DType);
        double[] all = big.ToArray<double>();
        for (int s = 0; s < 2; s++)
            for (int j = 0; j < 3; j++)
            {
                var col = Enumerable.Range(0, 20000).Select(i => all[i * 6 + s * 3 + j]).ToArray();
                var (m, v) = Moments(col);
                double sd = s == 0 ? 0.5 : 3.0;
                Assert.InRange(m, mean.ToArray<double>()[j] - 5 * sd / Math.Sqrt(20000), mean.ToArray<double>()[j] + 5 * sd / Math.Sqrt(20000));
                Assert.InRange(v, 0.9 * sd * sd, 1.1 * sd * sd);
            }
        Assert.Equal(new Shape(2, 3), Tensor.Normal(mean, std).Shape);
    }

    [Fact]
    public void Normal_ScalarOverloads_AndErrors()
    {
        var a = Tensor.Normal(1.5, 2.0, [40000], DType.Float64, new Generator(2));
        var (m, v) = Moments(a.ToArray<double>());
        Assert.InRange(m, 1.5 - 0.05, 1.5 + 0.05);
        Assert.InRange(v, 3.8, 4.2);
        Assert.Equal(new Shape(4), Tensor.Normal(Tensor.Zeros([4]), 2.0).Shape);
        Assert.Equal(new Shape(4), Tensor.Normal(1.0, Tensor.Ones([4])).Shape);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros([2]), Tensor.FromArray(new[] { 1f, -1f })));
        Assert.Contains("std >= 0.0", e.Message);
        Assert.Contains("-1", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros([2]), Tensor.Ones([2], DType.Float64)));
        Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros([2]), Tensor.Ones([3])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Normal(0, -1, [2]));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Uniform_And_Exponential_HaveTheRightMoments(DType dtype)
    {
        double[] u = Tensor.Uniform([40000], -1, 3, dtype, new Generator(3)).ToArray<double>();
        Assert.All(u, x => Assert.True(x >= -1 && x < 3));
        var (m, v) = Moments(u);
        Assert.InRange(m, 0.97, 1.03);
        Assert.InRange(v, 16 / 12.0 * 0.95, 16 / 12.0 * 1.05);
        double[] e = Tensor.Exponential([40000], 2.5, dtype, new Generator(4)).ToArray<double>();
        Assert.All(e, x => Assert.True(x >= 0 && double.IsFinite(x)));
        (m, v) = Moments(e);
        Assert.InRange(m, 0.4 * 0.97, 0.4 * 1.03);
        Assert.InRange(v, 0.16 * 0.9, 0.16 * 1.1);
        Assert.Throws<ArgumentException>(() => Tensor.Uniform([2], 2, 1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Exponential([2], 0));
        Assert.Contains("lambda > 0.0", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Uniform([2], 0, 1, DType.Int32));
    }

    [Fact]
    public void Bernoulli_TensorAndScalar_FrequenciesMatch()
    {
        var p = Tensor.FromArray(new[] { 0.0, 0.1, 0.5, 0.9, 1.0 }).Reshape(1, 5).Expand(20000, 5);
        var draws = p.Bernoulli(new Generator(5));
        Assert.Equal(DType.Float64, draws.DType);
        Assert.Equal(new Shape(20000, 5), draws.Shape);
        double[] freq = draws.Mean(0).ToArray<double>();
        Assert.Equal(0.0, freq[0]);
        Assert.Equal(1.0, freq[4]);
        Assert.InRange(freq[1], 0.09, 0.11);
        Assert.InRange(freq[2], 0.48, 0.52);
        Assert.InRange(freq[3], 0.89, 0.91);
        Assert.All(draws.ToArray<double>(), v => Assert.True(v is 0 or 1));

        var b = Tensor.Zeros([30000], DType.Int32).Bernoulli(0.25, new Generator(6));
        Assert.Equal(DType.Int32, b.DType);
        Assert.InRange(b.ToArray<int>().Average(), 0.24, 0.26);
        Assert.Equal(DType.Bool, Tensor.Zeros([3], DType.Bool).Bernoulli(0.5).DType);
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 0.5f, 1.5f }).Bernoulli());
        Assert.Contains("element 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2]).Bernoulli(-0.1));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Int32).Bernoulli());
    }

    [Fact]
    public void Poisson_SmallAndLargeRates_MomentsMatch()
    {
        double[] rates = [0.5, 3, 9.9, 10, 37.5, 1000];
        const int n = 20000;
        var r = Tensor.FromArray(rates).Reshape(1, rates.Length).Expand(n, rates.Length);
        double[] draws = Tensor.Poisson(r, new Generator(7)).ToArray<double>();
        for (int j = 0; j < rates.Length; j++)
        {
            var col = Enumerable.Range(0, n).Select(i => draws[i * rates.Length + j]).ToArray();
            Assert.All(col, v => Assert.True(v >= 0 && v == Math.Floor(v)));
            var (m, v) = Moments(col);
            double lam = rates[j];
            Assert.InRange(m, lam - 5 * Math.Sqrt(lam / n), lam + 5 * Math.Sqrt(lam / n));
            Assert.InRange(v, lam * 0.93, lam * 1.07);
        }
        Assert.All(Tensor.Poisson(Tensor.Zeros([5]), new Generator(8)).ToArray<double>(), v => Assert.Equal(0, v));
        Assert.Equal(DType.Float32, Tensor.Poisson(Tensor.Ones([2])).DType);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Poisson(Tensor.FromArray(new[] { 1.0, -2.0 })));
        Assert.Contains("non-negative", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Poisson(Tensor.FromArray(new[] { double.NaN })));
    }

    [Theory]
    [InlineData(4.0)]   // product of uniforms
    [InlineData(15.0)]  // transformed rejection
    public void Poisson_ChiSquare_AgainstThePmf(double lam)
    {
        const int n = 40000;
        double[] draws = Tensor.Poisson(Tensor.Full([n], lam, DType.Float64), new Generator(9)).ToArray<double>();
        int top = (int)(lam + 5 * Math.Sqrt(lam));
        var observed = new double[top + 1];
        foreach (double d in draws) observed[Math.Min((int)d, top)]++;
        var expected = new double[top + 1];
        double cumulative = 0;
        for (int k = 0; k < top; k++)
        {
            expected[k] = n * Math.Exp(-lam + k * Math.Log(lam) - SpecialMath.LogGamma(k + 1));
            cumulative += expected[k];
        }
        expected[top] = n - cumulative;
        double chi2 = 0;
        int bins = 0;
        for (int k = 0; k <= top; k++)
            if (expected[k] >= 5)
            {
                chi2 += (observed[k] - expected[k]) * (observed[k] - expected[k]) / expected[k];
                bins++;
            }
        // the 99.99% quantile of chi-square with ~bins degrees of freedom is below bins + 6·sqrt(2·bins)
        Assert.True(chi2 < bins + 6 * Math.Sqrt(2 * bins), $"chi2 = {chi2} over {bins} bins");
    }

    [Fact]
    public void Multinomial_WithReplacement_ChiSquare()
    {
        var w = Tensor.FromArray(new[] { 1.0, 0.0, 3.0, 2.0, 4.0 }); // unnormalised, a zero
        const int n = 50000;
        int[] s = w.Multinomial(n, replacement: true, new Generator(10)).ToArray<int>();
        var counts = new double[5];
        foreach (int i in s) counts[i]++;
        Assert.Equal(0, counts[1]);
        double chi2 = 0;
        foreach (int c in new[] { 0, 2, 3, 4 })
        {
            double e = n * w.ToArray<double>()[c] / 10;
            chi2 += (counts[c] - e) * (counts[c] - e) / e;
        }
        Assert.True(chi2 < 20, $"chi2 = {chi2} (3 degrees of freedom)");
    }

    [Fact]
    public void Multinomial_WithoutReplacement_NoRepeats_AndFirstDrawFollowsTheWeights()
    {
        var w = Tensor.FromArray(new float[,] { { 1, 0, 3, 2, 4 }, { 5, 5, 0, 0, 0 } });
        var g = new Generator(11);
        var firsts = new double[5];
        const int rounds = 8000;
        for (int r = 0; r < rounds; r++)
        {
            var s = w.Multinomial(2, replacement: false, g);
            Assert.Equal(new Shape(2, 2), s.Shape);
            int[] v = s.ToArray<int>();
            Assert.NotEqual(v[0], v[1]);
            Assert.NotEqual(1, v[0]);
            Assert.NotEqual(1, v[1]);
            Assert.Equal([0, 1], v[2..].Order().ToArray()); // row 2 has exactly two non-zero categories
            firsts[v[0]]++;
        }
        double chi2 = 0;
        foreach (int c in new[] { 0, 2, 3, 4 })
        {
            double e = rounds * new[] { 1.0, 0, 3, 2, 4 }[c] / 10;
            chi2 += (firsts[c] - e) * (firsts[c] - e) / e;
        }
        Assert.True(chi2 < 20, $"chi2 = {chi2}");
        // the full permutation of 4 non-zero categories
        Assert.Equal([0, 2, 3, 4], w.Select(0, 0).Multinomial(4, false, new Generator(12)).ToArray<int>().Order().ToArray());
    }

    [Fact]
    public void Multinomial_WithoutReplacement_FewAndManySamplesDrawTheSameOrder()
    {
        // up to 64 samples select the smallest keys incrementally, more sort all keys: same draws, same order
        var w = Tensor.Rand([3, 200], DType.Float64, new Generator(23)) + Tensor.FromArray(new[] { 0.0, 0.0, 1.0 }).Reshape(3, 1);
        int[] few = w.Multinomial(64, false, new Generator(24)).ToArray<int>();
        int[] many = w.Multinomial(65, false, new Generator(24)).ToArray<int>();
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(many.AsSpan(r * 65, 64).ToArray(), few.AsSpan(r * 64, 64).ToArray());
            Assert.Equal(65, many.AsSpan(r * 65, 65).ToArray().Distinct().Count());
        }
    }

    [Fact]
    public void Multinomial_Errors_AsTorch()
    {
        var w = Tensor.FromArray(new[] { 1.0, 0.0, 2.0 });
        var e = Assert.Throws<ArgumentException>(() => w.Multinomial(3));
        Assert.Contains("not enough non-zero categories", e.Message);
        e = Assert.Throws<ArgumentException>(() => w.Multinomial(4));
        Assert.Contains("numSamples > number of categories", e.Message);
        Assert.Equal(new Shape(7), w.Multinomial(7, replacement: true).Shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Multinomial(0));
        e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { 1.0, -1.0 }).Multinomial(1));
        Assert.Contains("element < 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]).Multinomial(1));
        Assert.Contains("sum to 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Ones([2, 2, 2]).Multinomial(1));
        Assert.Contains("1 or 2 dim", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { double.NaN, 1 }).Multinomial(1));
    }

    [Fact]
    public void RandPerm_IsAPermutation_AndIdenticalToTheDataLoaderSequence()
    {
        for (int n = 0; n < 40; n += 7)
        {
            int[] p = Tensor.RandPerm(n, new Generator(13)).ToArray<int>();
            Assert.Equal(Enumerable.Range(0, n), p.Order());
            Assert.Equal(RandomPermutation.Draw(n, new Generator(13)), p);
        }
        // the Fisher–Yates sequence the DataLoader always used (swap i with a uniform j in [0, i], i from the end)
        var g = new Generator(14);
        int[] expected = Enumerable.Range(0, 25).ToArray();
        for (int i = 24; i > 0; i--)
        {
            int j = g.NextInt32(0, i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        Assert.Equal(expected, Tensor.RandPerm(25, new Generator(14)).ToArray<int>());
        Assert.Equal(DType.Float64, Tensor.RandPerm(3, dtype: DType.Float64).DType);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.RandPerm(-1));
    }

    [Fact]
    public void EverySampler_SameSeed_GivesTheSameBits_AtAnyThreadCount()
    {
        Func<Generator, Tensor>[] samplers =
        [
            g => Tensor.Normal(Tensor.Zeros([300]), Tensor.Ones([300]), g),
            g => Tensor.Uniform([300], -1, 1, DType.Float64, g),
            g => Tensor.Exponential([300], 1.5, DType.Float32, g),
            g => Tensor.Poisson(Tensor.Full([300], 25.0, DType.Float64), g),
            g => Tensor.Full([300], 0.3).Bernoulli(g),
            g => Tensor.Ones([4, 30]).Multinomial(20, false, g),
            g => Tensor.RandPerm(300, g),
            g => Tensor.Zeros([300], DType.Float64).NormalInPlace(0, 1, g),
        ];
        int saved = Parallelism.ThreadCount;
        try
        {
            foreach (var s in samplers)
            {
                Parallelism.ThreadCount = 1;
                double[] a = s(new Generator(15)).ToArray<double>();
                Parallelism.ThreadCount = 2;
                double[] b = s(new Generator(15)).ToArray<double>();
                double[] c = s(new Generator(16)).ToArray<double>();
                Assert.Equal(a, b);
                Assert.NotEqual(a, c);
            }
        }
        finally { Parallelism.ThreadCount = saved; }
    }

    [Fact]
    public void InPlaceSamplers_WriteThroughViews_BumpVersion_AndRefuseGradLeaves()
    {
        var baseT = Tensor.Zeros([4, 6], DType.Float64);
        var view = baseT.Slice(1, 0, 6, 2); // [4, 3] strided
        int v0 = baseT.Storage.Version;
        view.UniformInPlace(2, 3, new Generator(17));
        Assert.True(baseT.Storage.Version > v0);
        double[] all = baseT.ToArray<double>();
        for (int i = 0; i < 24; i++)
            if (i % 2 == 0) Assert.InRange(all[i], 2, 3);
            else Assert.Equal(0, all[i]);
        Assert.Equal(Tensor.Uniform([4, 3], 2, 3, DType.Float64, new Generator(17)).ToArray<double>(), view.ToArray<double>());

        var x = Tensor.Zeros([20000]);
        var (m, v) = Moments(x.NormalInPlace(3, 0.5, new Generator(18)).ToArray<double>());
        Assert.InRange(m, 2.98, 3.02);
        Assert.InRange(v, 0.24, 0.26);
        (m, _) = Moments(x.ExponentialInPlace(4, new Generator(19)).ToArray<double>());
        Assert.InRange(m, 0.24, 0.26);
        Assert.Same(x, x.BernoulliInPlace(0.2, new Generator(20)));
        Assert.InRange(x.ToArray<double>().Average(), 0.19, 0.21);
        x.BernoulliInPlace(Tensor.FromArray(new[] { 0f }), new Generator(21));
        Assert.All(x.ToArray<float>(), f => Assert.Equal(0f, f));
        var pb = Tensor.FromArray(new[] { 0.0, 1.0 });
        var y = Tensor.Zeros([3, 2]).BernoulliInPlace(pb.To(DType.Float32));
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 1f], y.ToArray<float>());

        var leaf = Tensor.Zeros([3], requiresGrad: true);
        var e = Assert.Throws<InvalidOperationException>(() => leaf.NormalInPlace());
        Assert.Contains("NormalInPlace", e.Message);
        using (Autograd.NoGrad()) leaf.UniformInPlace(generator: new Generator(22));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2], DType.Int32).UniformInPlace());
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2]).BernoulliInPlace(Tensor.Ones([3]) * 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2]).ExponentialInPlace(-1));
    }

    [Fact]
    public void EmptyTensors_GiveEmptyResults()
    {
        Assert.Equal(new Shape(0, 3), Tensor.Normal(Tensor.Zeros([0, 3]), Tensor.Ones([3])).Shape);
        Assert.Equal(new Shape(0), Tensor.Poisson(Tensor.Zeros([0])).Shape);
        Assert.Equal(new Shape(2, 0), Tensor.Zeros([2, 0]).Bernoulli().Shape);
        Assert.Equal(new Shape(0, 2), Tensor.Zeros([0, 3]).Multinomial(2).Shape);
        Assert.Equal(new Shape(0), Tensor.RandPerm(0).Shape);
        Assert.Equal(new Shape(0), Tensor.Zeros([0]).NormalInPlace().Shape);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 0]).Multinomial(1));
    }

    [Fact]
    public void Samples_AreNotDifferentiable()
    {
        var mean = Tensor.Zeros([3], requiresGrad: true);
        var s = Tensor.Normal(mean, 1.0);
        Assert.False(s.RequiresGrad);
        Assert.False(Tensor.Poisson(Tensor.Ones([2], requiresGrad: true)).RequiresGrad);
        Assert.False(Tensor.Full([2], 0.5, requiresGrad: true).Bernoulli().RequiresGrad);
    }
}
