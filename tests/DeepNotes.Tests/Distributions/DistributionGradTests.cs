using DeepNotes;
using DeepNotes.Distributions;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Distributions;

/// <summary>Float64 GradCheck of LogProb, Entropy, KL and RSample over contiguous, transposed and sliced inputs.</summary>
public class DistributionGradTests
{
    public static TheoryData<Layout> Layouts() => new() { Layout.Contiguous, Layout.Transposed, Layout.Sliced };

    /// <summary>A fresh generator per call: RSample's noise is then a fixed function input, as GradCheck needs.</summary>
    private static Generator G() => new(77);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Normal_LogProb_Entropy_RSample(Layout layout)
    {
        var loc = Input([3, 4], 1, Values.Normal, layout);
        var scale = Input([3, 4], 2, Values.Positive, layout);
        var value = Input([3, 4], 3, Values.Normal, layout);
        Check(t => new Normal(t[0], t[1]).LogProb(t[2]), loc, scale, value);
        Check(t => new Normal(t[0], t[1]).Entropy(), loc, scale);
        Check(t => new Normal(t[0], t[1]).RSample([2], G()), loc, scale);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Bernoulli_LogProb_Entropy(Layout layout)
    {
        var p = Input([3, 4], 4, Values.Positive, layout); // scaled to (0.2, 0.8) below
        var logits = Input([3, 4], 5, Values.Normal, layout);
        var value = Tensor.FromArray(new[] { 0.0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0 }, new Shape(3, 4));
        Check(t => new Bernoulli(probs: t[0] * 0.4).LogProb(value), p);
        Check(t => new Bernoulli(probs: t[0] * 0.4).Entropy(), p);
        Check(t => new Bernoulli(logits: t[0]).LogProb(value), logits);
        Check(t => new Bernoulli(logits: t[0]).Entropy(), logits);
        // the value is differentiable too (relaxed Bernoulli use), as in torch
        var soft = Input([3, 4], 6, Values.Positive, layout);
        Check(t => new Bernoulli(logits: t[0], validateArgs: false).LogProb(t[1] * 0.4), logits, soft);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Categorical_LogProb_Entropy(Layout layout)
    {
        var probs = Input([3, 4], 7, Values.Positive, layout);
        var logits = Input([3, 4], 8, Values.Normal, layout);
        var value = Tensor.FromArray(new[] { 0, 3, 2, 1, 1, 0 }, new Shape(2, 3));
        Check(t => new Categorical(probs: t[0]).LogProb(value), probs);
        Check(t => new Categorical(probs: t[0]).Entropy(), probs);
        Check(t => new Categorical(logits: t[0]).LogProb(value), logits);
        Check(t => new Categorical(logits: t[0]).Entropy(), logits);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Uniform_LogProb_Entropy_RSample(Layout layout)
    {
        var low = Input([3, 4], 9, Values.Normal, layout);
        var width = Input([3, 4], 10, Values.Positive, layout);
        var value = low.Detach().Contiguous(); // inside [low − 1, low + width) for any small perturbation
        Check(t => new Uniform(t[0] - 1.0, t[0] + t[1]).LogProb(value), low, width);
        Check(t => new Uniform(t[0], t[0] + t[1]).Entropy(), low, width);
        Check(t => new Uniform(t[0], t[0] + t[1]).RSample([2], G()), low, width);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Beta_LogProb_Entropy(Layout layout)
    {
        var a = Input([3, 4], 11, Values.Positive, layout);
        var b = Input([3, 4], 12, Values.Positive, layout);
        var x = Input([3, 4], 13, Values.Positive, layout); // scaled into (0.2, 0.8)
        Check(t => new Beta(t[0], t[1]).LogProb(t[2] * 0.4), a, b, x);
        Check(t => new Beta(t[0], t[1]).Entropy(), a, b);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void MultivariateNormal_ScaleTril_LogProb_Entropy_RSample(Layout layout)
    {
        var loc = Input([2, 3], 14, Values.Normal, layout);
        var raw = Input([3, 3], 15, Values.Positive, layout);
        var value = Input([2, 3], 16, Values.Normal, layout);
        var mask = Tensor.TrilIndices(3, 3); // lower-triangle mask as a constant tensor
        var lower = Tensor.Zeros([3, 3], DType.Float64);
        int[] m = mask.ToArray<int>();
        for (int i = 0; i < m.Length / 2; i++) lower.SetRaw(m[i] * 3 + m[m.Length / 2 + i], 1);
        Check(t => new MultivariateNormal(t[0], scaleTril: t[1] * lower).LogProb(t[2]), loc, raw, value);
        Check(t => new MultivariateNormal(t[0], scaleTril: t[1] * lower).Entropy(), loc, raw);
        Check(t => new MultivariateNormal(t[0], scaleTril: t[1] * lower).RSample([2], G()), loc, raw);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void MultivariateNormal_Covariance_LogProb(Layout layout)
    {
        var loc = Input([3], 17, Values.Normal, layout == Layout.Transposed ? Layout.Contiguous : layout);
        var b = Input([3, 3], 18, Values.Normal, layout);
        var value = Input([2, 3], 19, Values.Normal, layout);
        var eye = Tensor.Eye(3, dtype: DType.Float64);
        Check(t => new MultivariateNormal(t[0], covarianceMatrix: t[1].MatMul(t[1].T) + eye).LogProb(t[2]), loc, b, value);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void KlDivergence_EveryPair(Layout layout)
    {
        var a = Input([3, 4], 20, Values.Normal, layout);
        var b = Input([3, 4], 21, Values.Positive, layout);
        var c = Input([3, 4], 22, Values.Normal, layout);
        var d = Input([3, 4], 23, Values.Positive, layout);
        Check(t => Distribution.KlDivergence(new Normal(t[0], t[1]), new Normal(t[2], t[3])), a, b, c, d);
        Check(t => Distribution.KlDivergence(new Bernoulli(logits: t[0]), new Bernoulli(logits: t[1])), a, c);
        Check(t => Distribution.KlDivergence(new Bernoulli(probs: t[0] * 0.4), new Bernoulli(probs: t[1] * 0.4)), b, d);
        Check(t => Distribution.KlDivergence(new Categorical(logits: t[0]), new Categorical(logits: t[1])), a, c);
        Check(t => Distribution.KlDivergence(new Categorical(probs: t[0]), new Categorical(probs: t[1])), b, d);
        // q's support strictly contains p's
        Check(t => Distribution.KlDivergence(new Uniform(t[0], t[0] + t[1]), new Uniform(t[0] - t[2].Abs() - 0.1, t[0] + t[1] + t[3])), a, b, c, d);
        var e = Input([3, 4], 30, Values.Positive, layout);
        var f = Input([3, 4], 31, Values.Positive, layout);
        Check(t => Distribution.KlDivergence(new Beta(t[0], t[1]), new Beta(t[2], t[3])), b, d, e, f);
        var lower = Tensor.FromArray(new double[,] { { 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 } });
        var l1 = Input([3, 3], 24, Values.Positive, layout);
        var l2 = Input([3, 3], 25, Values.Positive, layout);
        var m1 = Input([2, 3], 26, Values.Normal, layout);
        var m2 = Input([2, 3], 27, Values.Normal, layout);
        Check(t => Distribution.KlDivergence(new MultivariateNormal(t[0], scaleTril: t[1] * lower), new MultivariateNormal(t[2], scaleTril: t[3] * lower)),
            m1, l1, m2, l2);
    }

    [Fact]
    public void Lgamma_And_Digamma_Ops_PassGradCheck()
    {
        var x = Input([3, 5], 28, Values.Positive, Layout.Transposed);
        Check(t => DeepNotes.Ops.GammaFunctions.Lgamma(t[0] * 3.0), x);
        Check(t => DeepNotes.Ops.GammaFunctions.Digamma(t[0] * 3.0), x);
    }
}
