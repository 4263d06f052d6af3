"""Reference values for tests/DeepNotes.Tests/Distributions (torch 1.13, float64).

Run:  /usr/bin/python3 distributions_reference.py
Prints C# `static readonly double[]` literals that DistributionReferenceData.cs holds, so CI needs no Python.
"""
import math
import torch
import torch.distributions as D

torch.set_default_dtype(torch.float64)


def lit(x):
    if isinstance(x, torch.Tensor):
        x = x.detach().reshape(-1).tolist()
    out = []
    for v in x:
        if math.isinf(v):
            out.append("double.PositiveInfinity" if v > 0 else "double.NegativeInfinity")
        elif math.isnan(v):
            out.append("double.NaN")
        else:
            out.append(repr(float(v)))
    return "[" + ", ".join(out) + "]"


def emit(name, x):
    print(f"    public static readonly double[] {name} = {lit(x)};")


def t(v, grad=False):
    return torch.tensor(v, dtype=torch.float64, requires_grad=grad)


print("    // ---- special functions ----")
xs = t([1e-3, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 9.99, 10.0, 25.5, 150.0, -0.5, -2.3, -7.9])
emit("SpecialX", xs)
emit("Lgamma", torch.lgamma(xs))
emit("Digamma", torch.digamma(xs))
emit("Trigamma", torch.polygamma(1, xs))
# torch 1.13's polygamma(1, x) is only good to ~3e-10 relative (e.g. x = 0.5); mpmath gives the exact values.
import mpmath
mpmath.mp.dps = 30
emit("TrigammaExact", [float(mpmath.psi(1, float(x))) for x in xs])

print("    // ---- creation ----")
emit("Linspace_m1_2_7", torch.linspace(-1, 2, 7))
emit("Linspace_0_1_5_f32", torch.linspace(0, 1, 5, dtype=torch.float32).double())
emit("Linspace_3_m4_6", torch.linspace(3, -4, 6))
emit("Logspace_m2_2_5", torch.logspace(-2, 2, 5))
emit("Logspace_0_3_4_b2", torch.logspace(0, 3, 4, base=2))
emit("TrilIndices_4_3_m1", torch.tril_indices(4, 3, -1).double())
emit("TrilIndices_3_4_1", torch.tril_indices(3, 4, 1).double())
emit("TriuIndices_3_5_1", torch.triu_indices(3, 5, 1).double())
emit("TriuIndices_4_3_m2", torch.triu_indices(4, 3, -2).double())

print("    // ---- Normal: loc [2,1], scale [3], value [2,3] ----")
loc, scale = t([[0.5], [-1.2]], True), t([0.7, 1.5, 0.3], True)
value = t([[0.1, -2.0, 2.4], [-1.0, 0.3, -1.25]], True)
n = D.Normal(loc, scale)
lp = n.log_prob(value)
emit("NormalLogProb", lp)
emit("NormalEntropy", n.entropy())
emit("NormalMean", n.mean)
emit("NormalVariance", n.variance)
emit("NormalStddev", n.stddev)
lp.sum().backward()
emit("NormalLogProbGradLoc", loc.grad)
emit("NormalLogProbGradScale", scale.grad)
emit("NormalLogProbGradValue", value.grad)

print("    // ---- Bernoulli ----")
bp = t([0.1, 0.5, 0.9, 0.0, 1.0, 0.3])
bv = t([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
b = D.Bernoulli(probs=bp)
emit("BernoulliProbs", bp)
emit("BernoulliValue", bv)
emit("BernoulliProbsLogProb", b.log_prob(bv))
emit("BernoulliProbsEntropy", b.entropy())
emit("BernoulliProbsLogits", b.logits)
emit("BernoulliProbsVariance", b.variance)
bl = t([-2.0, 0.3, 4.0, -30.0, 25.0, 0.0], True)
b2 = D.Bernoulli(logits=bl)
lp = b2.log_prob(bv)
emit("BernoulliLogits", bl)
emit("BernoulliLogitsLogProb", lp)
emit("BernoulliLogitsEntropy", b2.entropy())
emit("BernoulliLogitsProbs", b2.probs)
lp.sum().backward()
emit("BernoulliLogitsLogProbGrad", bl.grad)

print("    // ---- Categorical: probs [2,3] (unnormalised, a zero), logits [2,3] ----")
cp = t([[0.2, 0.3, 0.5], [1.0, 2.0, 0.0]])
cv = torch.tensor([[0, 2], [1, 0], [2, 1]])  # [3, 2] sample x batch
c = D.Categorical(probs=cp)
emit("CategoricalProbs", cp)
emit("CategoricalValue", cv.double())
emit("CategoricalProbsLogProb", c.log_prob(cv))
emit("CategoricalProbsEntropy", c.entropy())
emit("CategoricalProbsLogits", c.logits)
cl = t([[0.1, -1.0, 2.0], [3.0, 0.0, 0.5]], True)
c2 = D.Categorical(logits=cl)
lp = c2.log_prob(cv)
emit("CategoricalLogits", cl)
emit("CategoricalLogitsLogProb", lp)
emit("CategoricalLogitsEntropy", c2.entropy())
emit("CategoricalLogitsProbs", c2.probs)
lp.sum().backward()
emit("CategoricalLogitsLogProbGrad", cl.grad)

print("    // ---- Uniform ----")
lo, hi = t([0.0, -1.0, 2.0], True), t([1.0, 3.0, 2.5], True)
u = D.Uniform(lo, hi)
uv = t([0.5, 2.0, 2.1])
lp = u.log_prob(uv)
emit("UniformLow", lo)
emit("UniformHigh", hi)
emit("UniformValue", uv)
emit("UniformLogProb", lp)
emit("UniformEntropy", u.entropy())
emit("UniformMean", u.mean)
emit("UniformVariance", u.variance)
emit("UniformStddev", u.stddev)
lp.sum().backward()
emit("UniformLogProbGradLow", lo.grad)
emit("UniformLogProbGradHigh", hi.grad)

print("    // ---- Beta ----")
ba, bb = t([0.5, 2.0, 3.5, 1.0], True), t([0.7, 1.5, 10.0, 3.0], True)
be = D.Beta(ba, bb)
bv = t([0.2, 0.6, 0.05, 0.0], True)
lp = be.log_prob(bv)
emit("BetaA", ba)
emit("BetaB", bb)
emit("BetaValue", bv)
emit("BetaLogProb", lp)
emit("BetaEntropy", be.entropy())
emit("BetaMean", be.mean)
emit("BetaVariance", be.variance)
lp[:3].sum().backward()
emit("BetaLogProbGradA", ba.grad)
emit("BetaLogProbGradB", bb.grad)
emit("BetaLogProbGradValue", bv.grad)
ba.grad = None
bb.grad = None
be.entropy().sum().backward()
emit("BetaEntropyGradA", ba.grad)
emit("BetaEntropyGradB", bb.grad)

print("    // ---- MultivariateNormal ----")
mloc = t([1.0, -1.0, 0.5], True)
cov = t([[2.0, 0.3, 0.1], [0.3, 1.0, 0.2], [0.1, 0.2, 0.5]], True)
mv = D.MultivariateNormal(mloc, covariance_matrix=cov)
mval = t([[0.5, 0.0, 1.0], [2.0, -1.0, 0.0]])
lp = mv.log_prob(mval)
emit("MvnLoc", mloc)
emit("MvnCov", cov)
emit("MvnValue", mval)
emit("MvnLogProb", lp)
emit("MvnEntropy", mv.entropy())
emit("MvnVariance", mv.variance)
emit("MvnScaleTril", mv.scale_tril)
lp.sum().backward()
emit("MvnLogProbGradLoc", mloc.grad)
emit("MvnLogProbGradCov", cov.grad)
L = t([[[1.0, 0, 0], [0.5, 2.0, 0], [-0.3, 0.2, 0.7]], [[0.8, 0, 0], [0.0, 1.1, 0], [0.4, -0.6, 1.3]]], True)
bloc = t([[0.0, 1.0, 2.0], [-1.0, 0.5, 0.0]])
mv2 = D.MultivariateNormal(bloc, scale_tril=L)
lp = mv2.log_prob(mval[:1])
emit("MvnTril", L)
emit("MvnBatchLoc", bloc)
emit("MvnBatchLogProb", lp)
emit("MvnBatchEntropy", mv2.entropy())
lp.sum().backward()
emit("MvnBatchLogProbGradTril", L.grad)

print("    // ---- KL ----")
emit("KlNormal", D.kl_divergence(D.Normal(t([0.0, 1.0]), t([1.0, 0.5])), D.Normal(t([0.5, -1.0]), t([2.0, 0.7]))))
emit("KlBernoulli", D.kl_divergence(D.Bernoulli(probs=t([0.2, 0.0, 1.0, 0.5, 0.3, 0.7])), D.Bernoulli(probs=t([0.6, 0.3, 0.9, 0.0, 1.0, 0.7]))))
emit("KlCategorical", D.kl_divergence(D.Categorical(probs=t([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0], [0.3, 0.3, 0.4]])),
                                      D.Categorical(probs=t([[0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.5, 0.5, 0.0]]))))
emit("KlUniform", D.kl_divergence(D.Uniform(t([0.0, 0.0, -1.0]), t([1.0, 2.0, 1.0])), D.Uniform(t([-1.0, 0.5, -2.0]), t([2.0, 3.0, 0.5]))))
emit("KlBeta", D.kl_divergence(D.Beta(t([0.5, 2.0, 3.5]), t([0.7, 1.5, 10.0])), D.Beta(t([1.0, 3.0, 0.8]), t([2.0, 0.9, 4.0]))))
emit("KlMvn", D.kl_divergence(mv2, D.MultivariateNormal(t([0.5, 0.5, 0.5]), covariance_matrix=cov.detach())))
