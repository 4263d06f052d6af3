"""Prints torch 1.13 Hessians of losses and distances for tests/DeepNotes.Tests/HigherOrder as a C# file
(LossHigherOrderReference.cs), for LossGradGradMoreTests.

Run:  /usr/bin/python3 loss_higher_order_reference.py > ../LossHigherOrderReference.cs
Inputs are fixed formulas (mat), rebuilt identically in C#, so the C# tests need no Python. torch has no double
backward for ctc_loss, so the CTC reference is the brute-force definition: the log-sum-exp over every frame labelling
whose collapse (repeats merged, blanks dropped) is the target.
"""
import itertools
import math
import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian

torch.set_default_dtype(torch.float64)
out = []


def emit(name, t):
    t = torch.as_tensor(t, dtype=torch.float64).detach()
    vals = ", ".join(repr(float(v)) for v in t.reshape(-1).tolist())
    shape = ", ".join(str(s) for s in t.shape)
    out.append(f"    public static readonly int[] {name}Shape = [{shape}];")
    out.append(f"    public static readonly double[] {name} = [{vals}];")


def mat(shape, seed):
    """sin(0.37 i² + 1.3 i + seed) in row-major order (the C# tests build the same values)."""
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([math.sin(0.37 * i * i + 1.3 * i + seed) for i in range(n)]).reshape(shape)


W4 = mat([4], 20).abs() + 0.5
W3 = mat([3], 21).abs() + 0.5

# cross-entropy, class indices: weights, ignore_index (row 2 ignored), label smoothing, mean
emit("CeIndex", hessian(lambda x: F.cross_entropy(2 * x, torch.tensor([1, 3, 0]), weight=W4, ignore_index=0, label_smoothing=0.2), mat([3, 4], 1)))
# K-dimensional [N, C, d] = [2, 3, 2], sum
emit("CeKDim", hessian(lambda x: F.cross_entropy(2 * x, torch.tensor([[2, 0], [1, 2]]), weight=W3, reduction="sum", label_smoothing=0.1), mat([2, 3, 2], 2)))
# probability targets: input and target concatenated in one vector z = [x (6), s (6)], target softmax(s)
emit("CeProb", hessian(lambda z: F.cross_entropy(2 * z[:6].reshape(2, 3), torch.softmax(z[6:].reshape(2, 3), 1), weight=W3, label_smoothing=0.1), mat([12], 3)))
# NLL of log-softmax, weights, ignore_index, none reduction summed with fixed weights
emit("Nll", hessian(lambda x: (F.nll_loss(torch.log_softmax(2 * x, 1), torch.tensor([3, 1, 2]), weight=W4, ignore_index=2, reduction="none") * torch.tensor([1.0, 2.0, 3.0])).sum(), mat([3, 4], 4)))
# torch has no double backward for multi_margin_loss / multilabel_margin_loss either: their definitions, written out
# (and checked against torch's value)
def multi_margin(x, y, p, margin, w):
    n, c = x.shape
    total = 0
    for r in range(n):
        for i in range(c):
            if i != y[r]:
                total = total + w[y[r]] * torch.clamp(margin - x[r, y[r]] + x[r, i], min=0) ** p / c
    return total / n


def multilabel_margin(x, y):
    n, c = x.shape
    total = 0
    for r in range(n):
        labels = []
        for k in y[r]:
            if k < 0:
                break
            labels.append(k)
        for j in labels:
            for i in range(c):
                if i not in labels:
                    total = total + torch.clamp(1 - x[r, j] + x[r, i], min=0) / c
    return total


XM = mat([2, 3], 5)
YM = [2, 0]
assert abs(multi_margin(torch.tanh(XM) * 2, YM, 2, 0.9, W3) - F.multi_margin_loss(torch.tanh(XM) * 2, torch.tensor(YM), p=2, margin=0.9, weight=W3)) < 1e-14
emit("MultiMargin", hessian(lambda x: multi_margin(torch.tanh(x) * 2, YM, 2, 0.9, W3), XM))
XL = mat([2, 4], 6)
YL = [[3, 0, -1, 0], [1, -1, 0, 0]]
assert abs(multilabel_margin(torch.tanh(XL) * 2, YL) - F.multilabel_margin_loss(torch.tanh(XL) * 2, torch.tensor(YL), reduction="sum")) < 1e-14
emit("MultiLabelMargin", hessian(lambda x: multilabel_margin(torch.tanh(x) * 2, YL), XL))
# cdist p = 1.5 (direct) and p = 2 through the matrix product, of x1 and x2 concatenated: z = [x1 (6), x2 (9)]
# (torch has no double backward for cdist: the definition, the p-norm of the differences, checked against cdist's value)
def cdist_def(a, b, p):
    return (a[:, None, :] - b[None, :, :]).norm(p=p, dim=-1)


for seed, p in [(7, 1.5), (8, 2.0)]:
    z = mat([15], seed)
    assert torch.allclose(cdist_def(z[:6].reshape(2, 3), z[6:].reshape(3, 3), p), torch.cdist(z[:6].reshape(2, 3), z[6:].reshape(3, 3), p=p), atol=1e-14)
emit("Cdist15", hessian(lambda z: cdist_def(z[:6].reshape(2, 3), z[6:].reshape(3, 3), 1.5).sum(), mat([15], 7)))
emit("CdistMm", hessian(lambda z: (cdist_def(z[:6].reshape(2, 3), z[6:].reshape(3, 3), 2.0) ** 1.5).sum(), mat([15], 8)))
# pointwise losses with input and target concatenated: z = [x (4), y (4)]
emit("PoissonFull", hessian(lambda z: F.poisson_nll_loss(torch.exp(z[:4]), torch.exp(z[4:]) * 2, log_input=False, full=True), mat([8], 9)))
# (torch 1.13 refuses a soft-margin target that requires grad: the definition ln(1 + e^(−yx)), checked against its value)
ZS = mat([8], 10)
assert abs(F.softplus(-torch.tanh(ZS[4:]) * ZS[:4] * 2).sum() - F.soft_margin_loss(ZS[:4] * 2, torch.tanh(ZS[4:]), reduction="sum")) < 1e-14
emit("SoftMargin", hessian(lambda z: F.softplus(-torch.tanh(z[4:]) * z[:4] * 2).sum(), ZS))
emit("Huber", hessian(lambda z: F.huber_loss(torch.sinh(z[:4]), z[4:], delta=0.6), mat([8], 11)))
emit("KlLog", hessian(lambda z: F.kl_div(torch.log_softmax(z[:4], 0), torch.log_softmax(z[4:], 0), reduction="sum", log_target=True), mat([8], 12)))


def ctc_brute(lp, target, frames, blank=0):
    """-log Σ over labellings of the first `frames` frames that collapse to target of Π lp."""
    c = lp.shape[-1]
    terms = []
    for path in itertools.product(range(c), repeat=frames):
        collapsed = [k for i, k in enumerate(path) if k != blank and (i == 0 or path[i - 1] != k)]
        if collapsed == list(target):
            terms.append(sum(lp[t, path[t]] for t in range(frames)))
    return -torch.logsumexp(torch.stack(terms), 0)


def ctc_mean(x):
    # T = 5, N = 2, C = 3; targets [1, 2] (5 frames) and [2, 2] (4 frames); mean: each over its target length, then over N
    lp = torch.log_softmax(x.reshape(5, 2, 3), 2)
    return (ctc_brute(lp[:, 0], [1, 2], 5) / 2 + ctc_brute(lp[:, 1], [2, 2], 4) / 2) / 2


X = mat([30], 13)
# cross-check the brute force against torch's own ctc_loss value
lp = torch.log_softmax(X.reshape(5, 2, 3), 2)
ref = F.ctc_loss(lp, torch.tensor([[1, 2], [2, 2]]), torch.tensor([5, 4]), torch.tensor([2, 2]))
assert abs(ref.item() - ctc_mean(X).item()) < 1e-12, (ref.item(), ctc_mean(X).item())
emit("Ctc", hessian(ctc_mean, X))

print("// <auto-generated> by reference/loss_higher_order_reference.py (torch " + torch.__version__ + ") </auto-generated>")
print("namespace DeepNotes.Tests.HigherOrder;")
print()
print("/// <summary>torch 1.13 Hessians of losses and distances (float64) printed by reference/loss_higher_order_reference.py.</summary>")
print("internal static class LossHigherOrderReference")
print("{")
print("\n".join(out))
print("}")
