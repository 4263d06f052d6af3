using DeepNotes;
using DeepNotes.Distributions;

namespace DeepNotes.Tests.Distributions;

/// <summary>Sample/RSample shapes, statistics and reproducibility, argument validation and the KL registry's errors.</summary>
public class DistributionSamplingTests
{
    private static Tensor T(params double[] v) => Tensor.FromArray(v);

    private static (double Mean, double Var) Moments(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double m = v.Average();
        return (m, v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    private static double[] Column(Tensor samples, int j)
    {
        int k = samples.Shape[^1];
        double[] all = samples.ToArray<double>();
        return Enumerable.Range(0, all.Length / k).Select(i => all[i * k + j]).ToArray();
    }

    [Fact]
    public void Sample_Shapes_AreSampleBatchEvent()
    {
        var n = new Normal(Tensor.Zeros([2, 3]), Tensor.Ones([3]));
        Assert.Equal(new Shape(5, 4, 2, 3), n.Sample([5, 4], new Generator(1)).Shape);
        Assert.Equal(new Shape(2, 3), n.Sample().Shape);
        var mvn = new MultivariateNormal(Tensor.Zeros([4, 3]), scaleTril: Tensor.Eye(3));
        Assert.Equal(new Shape(7, 4, 3), mvn.Sample([7]).Shape);
        var c = new Categorical(probs: Tensor.Ones([2, 5]));
        var cs = c.Sample([6]);
        Assert.Equal(new Shape(6, 2), cs.Shape);
        Assert.Equal(DType.Int32, cs.DType);
        Assert.Equal(new Shape(3, 2), new Bernoulli(probs: Tensor.Full([2], 0.5)).Sample([3]).Shape);
        Assert.Equal(new Shape(3, 4), new Beta(Tensor.Ones([4]), Tensor.Ones([4])).Sample([3]).Shape);
        Assert.Equal(new Shape(0, 2), new Uniform(Tensor.Zeros([2]), Tensor.Ones([2])).Sample([0]).Shape);
    }

    [Fact]
    public void Normal_And_Uniform_Samples_HaveTheirMoments_AndRSampleCarriesGradient()
    {
        var loc = Tensor.FromArray(new[] { -1.0, 4.0 }, requiresGrad: true);
        var scale = Tensor.FromArray(new[] { 0.5, 2.0 }, requiresGrad: true);
        var n = new Normal(loc, scale);
        var s = n.Sample([20000], new Generator(2));
        Assert.False(s.RequiresGrad);
        for (int j = 0; j < 2; j++)
        {
            var (m, v) = Moments(Column(s, j));
            double sd = j == 0 ? 0.5 : 2.0;
            Assert.InRange(m, loc.ToArray<double>()[j] - 5 * sd / Math.Sqrt(20000), loc.ToArray<double>()[j] + 5 * sd / Math.Sqrt(20000));
            Assert.InRange(v, sd * sd * 0.93, sd * sd * 1.07);
        }
        var r = n.RSample([3], new Generator(3));
        Assert.True(r.RequiresGrad);
        r.Sum().Backward();
        Assert.Equal([3.0, 3.0], loc.Grad!.ToArray<double>());
        // same seed, same bits; Sample and RSample draw the same noise
        Assert.Equal(n.Sample([3], new Generator(3)).ToArray<double>(), r.Detach().ToArray<double>());

        var u = new Uniform(T(-2.0), T(6.0));
        var us = u.Sample([30000], new Generator(4)).ToArray<double>();
        Assert.All(us, x => Assert.True(x >= -2 && x < 6));
        var (um, uv) = Moments(us);
        Assert.InRange(um, 1.95, 2.05);
        Assert.InRange(uv, 64 / 12.0 * 0.95, 64 / 12.0 * 1.05);
    }

    [Fact]
    public void Bernoulli_And_Categorical_Samples_FollowTheirProbabilities()
    {
        var b = new Bernoulli(logits: T(-1.0, 2.0));
        var bs = b.Sample([20000], new Generator(5));
        double[] p = b.Probs.ToArray<double>();
        for (int j = 0; j < 2; j++) Assert.InRange(Column(bs, j).Average(), p[j] - 0.015, p[j] + 0.015);

        var weights = new[] { 0.1, 0.0, 0.4, 0.2, 0.3 };
        var c = new Categorical(probs: Tensor.FromArray(weights).Reshape(1, 5).Expand(2, 5));
        var cs = c.Sample([20000], new Generator(6)).ToArray<int>();
        for (int row = 0; row < 2; row++)
        {
            var counts = new double[5];
            for (int i = row; i < cs.Length; i += 2) counts[cs[i]]++;
            Assert.Equal(0, counts[1]);
            double chi2 = 0;
            foreach (int k in new[] { 0, 2, 3, 4 })
            {
                double e = 20000 * weights[k];
                chi2 += (counts[k] - e) * (counts[k] - e) / e;
            }
            Assert.True(chi2 < 20, $"row {row}: chi2 = {chi2} with 3 degrees of freedom");
        }
        Assert.Equal(c.Sample([10], new Generator(7)).ToArray<int>(), c.Sample([10], new Generator(7)).ToArray<int>());
    }

    [Theory]
    [InlineData(0.5, 0.7)]
    [InlineData(2.0, 5.0)]
    [InlineData(0.02, 0.03)] // tiny shapes: Gamma draws underflow, the log-space ratio stays finite
    public void Beta_Samples_HaveTheirMoments(double a, double b)
    {
        var beta = new Beta(a, b, DType.Float64);
        double[] s = beta.Sample([30000], new Generator(8)).ToArray<double>();
        Assert.All(s, x => Assert.True(x >= 0 && x <= 1));
        var (m, v) = Moments(s);
        double mean = a / (a + b), variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        Assert.InRange(m, mean - 5 * Math.Sqrt(variance / 30000), mean + 5 * Math.Sqrt(variance / 30000));
        Assert.InRange(v, variance * 0.93, variance * 1.07);
    }

    [Fact]
    public void MultivariateNormal_Samples_HaveItsCovariance()
    {
        var cov = Tensor.FromArray(new double[,] { { 2.0, 0.6 }, { 0.6, 1.0 } });
        var mvn = new MultivariateNormal(T(1.0, -2.0), covarianceMatrix: cov);
        var s = mvn.Sample([40000], new Generator(9));
        double[] x = Column(s, 0), y = Column(s, 1);
        var (mx, vx) = Moments(x);
        var (my, vy) = Moments(y);
        double cxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / (x.Length - 1);
        Assert.InRange(mx, 0.97, 1.03);
        Assert.InRange(my, -2.03, -1.97);
        Assert.InRange(vx, 1.9, 2.1);
        Assert.InRange(vy, 0.95, 1.05);
        Assert.InRange(cxy, 0.55, 0.65);
    }

    [Fact]
    public void Validation_RejectsBadParameters_WithTorchLikeMessages()
    {
        var e = Assert.Throws<ArgumentException>(() => new Normal(T(0, 1), T(1, -1)));
        Assert.Contains("scale", e.Message);
        Assert.Contains("GreaterThan(lower_bound=0.0)", e.Message);
        Assert.Contains("element 1: -1", e.Message);
        _ = new Normal(T(0, 1), T(1, -1), validateArgs: false); // no check when asked
        e = Assert.Throws<ArgumentException>(() => new Bernoulli(probs: T(0.5, 1.2)));
        Assert.Contains("probs", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Bernoulli(probs: T(0.5), logits: T(0.0)));
        Assert.Contains("not both", e.Message);
        Assert.Throws<ArgumentException>(() => new Categorical());
        Assert.Throws<ArgumentException>(() => new Categorical(probs: T(0.5, -0.1)));
        Assert.Throws<ArgumentException>(() => new Categorical(probs: Tensor.Scalar(1.0)));
        e = Assert.Throws<ArgumentException>(() => new Uniform(T(0, 2), T(1, 2)));
        Assert.Contains("low >= high", e.Message);
        Assert.Throws<ArgumentException>(() => new Beta(T(1.0), T(0.0)));
        Assert.Throws<ArgumentException>(() => new Normal(T(0.0), Tensor.Ones([1], DType.Float32)));
        Assert.Throws<ArgumentException>(() => new Normal(Tensor.Zeros([2]), Tensor.Ones([3])));

        var notPd = Tensor.FromArray(new double[,] { { 1, 2 }, { 2, 1 } });
        e = Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0), covarianceMatrix: notPd));
        Assert.Contains("not positive definite", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0), covarianceMatrix: Tensor.FromArray(new double[,] { { 1, 0.5 }, { 0, 1 } })));
        Assert.Contains("not symmetric", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0), scaleTril: Tensor.FromArray(new double[,] { { 1, 0.5 }, { 0, 1 } })));
        Assert.Contains("LowerCholesky", e.Message);
        Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0), scaleTril: Tensor.FromArray(new double[,] { { 1, 0 }, { 0, -1 } })));
        Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0, 0), scaleTril: Tensor.Eye(2, dtype: DType.Float64)));
        Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0)));
    }

    [Fact]
    public void Validation_RejectsValuesOutsideTheSupport()
    {
        var e = Assert.Throws<ArgumentException>(() => new Bernoulli(probs: T(0.5)).LogProb(T(0.5)));
        Assert.Contains("support (Boolean())", e.Message);
        Assert.Throws<ArgumentException>(() => new Categorical(probs: T(0.5, 0.5)).LogProb(Tensor.FromArray(new[] { 2 })));
        Assert.Throws<ArgumentException>(() => new Categorical(probs: T(0.5, 0.5)).LogProb(T(0.5)));
        Assert.Throws<ArgumentException>(() => new Uniform(T(0.0), T(1.0)).LogProb(T(1.5)));
        Assert.Throws<ArgumentException>(() => new Beta(T(1.0), T(1.0)).LogProb(T(-0.1)));
        e = Assert.Throws<ArgumentException>(() => new Normal(T(0.0), T(1.0)).LogProb(Tensor.Zeros([1])));
        Assert.Contains("dtype", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Normal(Tensor.Zeros([3], DType.Float64), Tensor.Ones([3], DType.Float64)).LogProb(Tensor.Zeros([2], DType.Float64)));
        Assert.Contains("not broadcastable", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MultivariateNormal(T(0, 0), scaleTril: Tensor.Eye(2, dtype: DType.Float64)).LogProb(Tensor.Zeros([3], DType.Float64)));
        Assert.Contains("event shape", e.Message);
    }

    [Fact]
    public void KlDivergence_UnregisteredPair_AndMismatches_Throw()
    {
        var e = Assert.Throws<NotSupportedException>(() => Distribution.KlDivergence(new Normal(T(0.0), T(1.0)), new Uniform(T(0.0), T(1.0))));
        Assert.Contains("Normal", e.Message);
        Assert.Contains("Uniform", e.Message);
        Assert.Contains("(Beta, Beta)", e.Message);
        var mvn2 = new MultivariateNormal(T(0, 0), scaleTril: Tensor.Eye(2, dtype: DType.Float64));
        var mvn3 = new MultivariateNormal(T(0, 0, 0), scaleTril: Tensor.Eye(3, dtype: DType.Float64));
        Assert.Throws<ArgumentException>(() => Distribution.KlDivergence(mvn2, mvn3));
        Assert.Throws<ArgumentException>(() => Distribution.KlDivergence(new Normal(0, 1), new Normal(0, 1, DType.Float64)));
        Assert.Throws<NotSupportedException>(() => new Categorical(probs: T(0.5, 0.5)).RSample());
        Assert.False(new Beta(1, 1).HasRSample);
    }

    [Fact]
    public void Float32_Distributions_AgreeWithFloat64()
    {
        var n64 = new Normal(T(0.5, -1.0), T(0.7, 2.0));
        var n32 = new Normal(T(0.5, -1.0).To(DType.Float32), T(0.7, 2.0).To(DType.Float32));
        Ops.OpTestHelpers.AssertFloat32Agrees(n64.LogProb(T(0.1, 0.2)), n32.LogProb(T(0.1, 0.2).To(DType.Float32)));
        var b64 = new Beta(T(0.5, 3.0), T(2.0, 0.8));
        var b32 = new Beta(T(0.5, 3.0).To(DType.Float32), T(2.0, 0.8).To(DType.Float32));
        Ops.OpTestHelpers.AssertFloat32Agrees(b64.Entropy(), b32.Entropy());
        Ops.OpTestHelpers.AssertFloat32Agrees(b64.LogProb(T(0.3, 0.9)), b32.LogProb(T(0.3, 0.9).To(DType.Float32)), 1e-5, 1e-5);
        Assert.Equal(DType.Float32, new Categorical(logits: Tensor.Zeros([3])).Sample([2]).To(DType.Float32).DType);
    }
}
