using DeepNotes;
using DeepNotes.Distributions;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Distributions;

/// <summary>LogProb, Entropy, Mean, Variance, KL and their gradients against torch 1.13 (float64).</summary>
public class DistributionValueTests
{
    private static Tensor T(double[] v, params int[] shape) => Tensor.FromArray(v, shape.Length == 0 ? new Shape(v.Length) : new Shape(shape));

    private static Tensor Leaf(double[] v, params int[] shape)
    {
        var t = T(v, shape);
        t.RequiresGrad = true;
        return t;
    }

    private const double Tol = 1e-12;

    [Fact]
    public void Normal_MatchesTorch_ValuesAndGradients()
    {
        var loc = Leaf([0.5, -1.2], 2, 1);
        var scale = Leaf([0.7, 1.5, 0.3]);
        var value = Leaf([0.1, -2.0, 2.4, -1.0, 0.3, -1.25], 2, 3);
        var n = new Normal(loc, scale);
        Assert.Equal(new Shape(2, 3), n.BatchShape);
        Assert.Equal(Shape.Scalar, n.EventShape);
        var lp = n.LogProb(value);
        AssertClose(Ref.NormalLogProb, lp, Tol, Tol, shape: [2, 3]);
        AssertClose(Ref.NormalEntropy, n.Entropy(), Tol, Tol);
        AssertClose(Ref.NormalMean, n.Mean, Tol, Tol);
        AssertClose(Ref.NormalVariance, n.Variance, Tol, Tol);
        AssertClose(Ref.NormalStddev, n.Stddev, Tol, Tol);
        lp.Sum().Backward();
        AssertClose(Ref.NormalLogProbGradLoc, loc.Grad!, 1e-11, 1e-12);
        AssertClose(Ref.NormalLogProbGradScale, scale.Grad!, 1e-11, 1e-12);
        AssertClose(Ref.NormalLogProbGradValue, value.Grad!, 1e-11, 1e-12);
    }

    [Fact]
    public void Bernoulli_FromProbsAndLogits_MatchTorch()
    {
        var b = new Bernoulli(probs: T(Ref.BernoulliProbs));
        var value = T(Ref.BernoulliValue);
        AssertClose(Ref.BernoulliProbsLogProb, b.LogProb(value), Tol, 1e-10);
        AssertClose(Ref.BernoulliProbsEntropy, b.Entropy(), Tol, 1e-10);
        AssertClose(Ref.BernoulliProbsLogits, b.Logits, Tol, 1e-12);
        AssertClose(Ref.BernoulliProbsVariance, b.Variance, Tol, Tol);
        AssertClose(Ref.BernoulliProbs, b.Mean, 0, 0);

        var logits = Leaf(Ref.BernoulliLogits);
        var b2 = new Bernoulli(logits: logits);
        var lp = b2.LogProb(value);
        AssertClose(Ref.BernoulliLogitsLogProb, lp, 1e-15, 1e-10);
        AssertClose(Ref.BernoulliLogitsEntropy, b2.Entropy(), 1e-15, 1e-9);
        AssertClose(Ref.BernoulliLogitsProbs, b2.Probs, 1e-15, 1e-12);
        lp.Sum().Backward();
        AssertClose(Ref.BernoulliLogitsLogProbGrad, logits.Grad!, 1e-15, 1e-10);
    }

    [Fact]
    public void Categorical_FromProbsAndLogits_MatchTorch()
    {
        var value = Tensor.FromArray(Ref.CategoricalValue.Select(v => (int)v).ToArray(), new Shape(3, 2));
        var c = new Categorical(probs: T(Ref.CategoricalProbs, 2, 3));
        Assert.Equal(new Shape(2), c.BatchShape);
        Assert.Equal(3, c.NumEvents);
        AssertClose(Ref.CategoricalProbsLogProb, c.LogProb(value), Tol, Tol, shape: [3, 2]);
        AssertClose(Ref.CategoricalProbsEntropy, c.Entropy(), Tol, Tol, shape: [2]);
        AssertClose(Ref.CategoricalProbsLogits, c.Logits, Tol, Tol);
        Assert.All(c.Mean.ToArray<double>(), v => Assert.True(double.IsNaN(v)));

        var logits = Leaf(Ref.CategoricalLogits, 2, 3);
        var c2 = new Categorical(logits: logits);
        var lp = c2.LogProb(value);
        AssertClose(Ref.CategoricalLogitsLogProb, lp, Tol, Tol);
        AssertClose(Ref.CategoricalLogitsEntropy, c2.Entropy(), Tol, Tol);
        AssertClose(Ref.CategoricalLogitsProbs, c2.Probs, Tol, Tol);
        lp.Sum().Backward();
        AssertClose(Ref.CategoricalLogitsLogProbGrad, logits.Grad!, Tol, Tol);
        // a float value holding whole numbers is accepted
        AssertClose(Ref.CategoricalLogitsLogProb, c2.LogProb(value.To(DType.Float64)), Tol, Tol);
    }

    [Fact]
    public void Uniform_MatchesTorch_AndIsMinusInfinityOutsideWithoutValidation()
    {
        var low = Leaf(Ref.UniformLow);
        var high = Leaf(Ref.UniformHigh);
        var u = new Uniform(low, high);
        var lp = u.LogProb(T(Ref.UniformValue));
        AssertClose(Ref.UniformLogProb, lp, Tol, Tol);
        AssertClose(Ref.UniformEntropy, u.Entropy(), Tol, Tol);
        AssertClose(Ref.UniformMean, u.Mean, Tol, Tol);
        AssertClose(Ref.UniformVariance, u.Variance, Tol, Tol);
        AssertClose(Ref.UniformStddev, u.Stddev, Tol, Tol);
        lp.Sum().Backward();
        AssertClose(Ref.UniformLogProbGradLow, low.Grad!, Tol, Tol);
        AssertClose(Ref.UniformLogProbGradHigh, high.Grad!, Tol, Tol);
        var loose = new Uniform(0.0, 1.0, DType.Float64, validateArgs: false);
        Assert.Equal([double.NegativeInfinity, 0, double.NegativeInfinity], loose.LogProb(T([-0.5, 0.5, 1.0])).ToArray<double>());
    }

    [Fact]
    public void Beta_MatchesTorch_ValuesAndGradients()
    {
        var a = Leaf(Ref.BetaA);
        var b = Leaf(Ref.BetaB);
        var value = Leaf(Ref.BetaValue);
        var beta = new Beta(a, b);
        var lp = beta.LogProb(value);
        AssertClose(Ref.BetaLogProb, lp, 1e-13, 1e-12);
        Assert.True(double.IsNaN(lp.ToArray<double>()[3])); // 0·log 0 at value 0 with α = 1, as torch 1.13
        AssertClose(Ref.BetaEntropy, beta.Entropy(), 1e-13, 1e-12);
        AssertClose(Ref.BetaMean, beta.Mean, Tol, Tol);
        AssertClose(Ref.BetaVariance, beta.Variance, Tol, Tol);
        lp.Narrow(0, 0, 3).Sum().Backward();
        AssertClose(Ref.BetaLogProbGradA[..3], a.Grad!.Narrow(0, 0, 3), 1e-12, 1e-11);
        AssertClose(Ref.BetaLogProbGradB[..3], b.Grad!.Narrow(0, 0, 3), 1e-12, 1e-11);
        AssertClose(Ref.BetaLogProbGradValue[..3], value.Grad!.Narrow(0, 0, 3), 1e-12, 1e-11);
        a.Grad = null;
        b.Grad = null;
        beta.Entropy().Sum().Backward();
        // the entropy's gradient goes through trigamma, where torch 1.13 itself is only good to ~3e-10 relative
        AssertClose(Ref.BetaEntropyGradA, a.Grad!, 1e-9, 1e-8);
        AssertClose(Ref.BetaEntropyGradB, b.Grad!, 1e-9, 1e-8);
    }

    [Fact]
    public void MultivariateNormal_FromCovariance_MatchesTorch()
    {
        var loc = Leaf(Ref.MvnLoc);
        var cov = Leaf(Ref.MvnCov, 3, 3);
        var mvn = new MultivariateNormal(loc, covarianceMatrix: cov);
        Assert.Equal(new Shape(3), mvn.EventShape);
        Assert.Equal(Shape.Scalar, mvn.BatchShape);
        AssertClose(Ref.MvnScaleTril, mvn.ScaleTril, 1e-15, 1e-14);
        var lp = mvn.LogProb(T(Ref.MvnValue, 2, 3));
        AssertClose(Ref.MvnLogProb, lp, Tol, Tol, shape: [2]);
        AssertClose(Ref.MvnEntropy, mvn.Entropy(), Tol, Tol, shape: []);
        AssertClose(Ref.MvnVariance, mvn.Variance, Tol, Tol, shape: [3]);
        AssertClose(Ref.MvnCov, mvn.CovarianceMatrix, 1e-15, 1e-14);
        lp.Sum().Backward();
        AssertClose(Ref.MvnLogProbGradLoc, loc.Grad!, Tol, 1e-11);
        // Linalg.Cholesky's backward is torch's (symmetric), so the covariance gradient matches element by element
        AssertClose(Ref.MvnLogProbGradCov, cov.Grad!, 1e-12, 1e-11);
    }

    [Fact]
    public void MultivariateNormal_BatchedScaleTril_MatchesTorch()
    {
        var tril = Leaf(Ref.MvnTril, 2, 3, 3);
        var mvn = new MultivariateNormal(T(Ref.MvnBatchLoc, 2, 3), scaleTril: tril);
        Assert.Equal(new Shape(2), mvn.BatchShape);
        var lp = mvn.LogProb(T(Ref.MvnValue[..3], 1, 3));
        AssertClose(Ref.MvnBatchLogProb, lp, Tol, Tol, shape: [2]);
        AssertClose(Ref.MvnBatchEntropy, mvn.Entropy(), Tol, Tol, shape: [2]);
        lp.Sum().Backward();
        AssertClose(Ref.MvnBatchLogProbGradTril, tril.Grad!, 1e-12, 1e-11);
    }

    [Fact]
    public void KlDivergence_EveryRegisteredPair_MatchesTorch()
    {
        AssertClose(Ref.KlNormal, Distribution.KlDivergence(new Normal(T([0.0, 1.0]), T([1.0, 0.5])), new Normal(T([0.5, -1.0]), T([2.0, 0.7]))), Tol, Tol);
        AssertClose(Ref.KlBernoulli, Distribution.KlDivergence(
            new Bernoulli(probs: T([0.2, 0.0, 1.0, 0.5, 0.3, 0.7])), new Bernoulli(probs: T([0.6, 0.3, 0.9, 0.0, 1.0, 0.7]))), Tol, 1e-12);
        AssertClose(Ref.KlCategorical, Distribution.KlDivergence(
            new Categorical(probs: T([0.2, 0.3, 0.5, 0.5, 0.5, 0.0, 0.3, 0.3, 0.4], 3, 3)),
            new Categorical(probs: T([0.1, 0.6, 0.3, 0.2, 0.2, 0.6, 0.5, 0.5, 0.0], 3, 3))), Tol, Tol);
        AssertClose(Ref.KlUniform, Distribution.KlDivergence(
            new Uniform(T([0.0, 0.0, -1.0]), T([1.0, 2.0, 1.0])), new Uniform(T([-1.0, 0.5, -2.0]), T([2.0, 3.0, 0.5]))), Tol, Tol);
        AssertClose(Ref.KlBeta, Distribution.KlDivergence(
            new Beta(T([0.5, 2.0, 3.5]), T([0.7, 1.5, 10.0])), new Beta(T([1.0, 3.0, 0.8]), T([2.0, 0.9, 4.0]))), 1e-13, 1e-12);
        var p = new MultivariateNormal(T(Ref.MvnBatchLoc, 2, 3), scaleTril: T(Ref.MvnTril, 2, 3, 3));
        var q = new MultivariateNormal(T([0.5, 0.5, 0.5]), covarianceMatrix: T(Ref.MvnCov, 3, 3));
        AssertClose(Ref.KlMvn, Distribution.KlDivergence(p, q), Tol, Tol, shape: [2]);
        // KL(p ‖ p) = 0
        Assert.All(Distribution.KlDivergence(p, p).ToArray<double>(), v => Assert.Equal(0, v, 1e-13));
    }

    [Fact]
    public void SpecialFunctions_MatchTorch()
    {
        for (int i = 0; i < Ref.SpecialX.Length; i++)
        {
            double x = Ref.SpecialX[i];
            Assert.True(Math.Abs(DeepNotes.Kernels.SpecialMath.LogGamma(x) - Ref.Lgamma[i]) <= 1e-14 + 1e-14 * Math.Abs(Ref.Lgamma[i]), $"lgamma({x})");
            Assert.True(Math.Abs(DeepNotes.Kernels.SpecialMath.Digamma(x) - Ref.Digamma[i]) <= 1e-13 + 1e-13 * Math.Abs(Ref.Digamma[i]), $"digamma({x})");
            Assert.True(Math.Abs(DeepNotes.Kernels.SpecialMath.Trigamma(x) - Ref.TrigammaExact[i]) <= 1e-14 + 1e-13 * Math.Abs(Ref.TrigammaExact[i]), $"trigamma({x})");
            // torch's own trigamma is within 1e-9 of the exact value
            Assert.True(Math.Abs(DeepNotes.Kernels.SpecialMath.Trigamma(x) - Ref.Trigamma[i]) <= 1e-9 * Math.Abs(Ref.Trigamma[i]), $"trigamma({x}) vs torch");
        }
        Assert.Equal(double.PositiveInfinity, DeepNotes.Kernels.SpecialMath.LogGamma(0));
        Assert.Equal(double.PositiveInfinity, DeepNotes.Kernels.SpecialMath.LogGamma(-3));
        Assert.Equal(double.NegativeInfinity, DeepNotes.Kernels.SpecialMath.Digamma(0));
        Assert.True(double.IsNaN(DeepNotes.Kernels.SpecialMath.Digamma(-2)));
    }
}
