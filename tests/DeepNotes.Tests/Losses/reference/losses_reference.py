"""PyTorch reference values for tests/DeepNotes.Tests/Losses/TorchReferenceTests.cs.

Run with Debian's PyTorch:  /usr/bin/python3 tests/DeepNotes.Tests/Losses/reference/losses_reference.py
It prints C# fields; the inputs below are the literals of LossReferenceData.cs (keep the two in sync).
Everything is computed in float64.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
T = torch.tensor

# ---- inputs (same literals as LossReferenceData.cs) ----
X = T([[0.5, -1.2, 2.0], [0.3, 0.8, -0.4], [1.5, -2.5, 0.1], [-0.7, 0.2, 3.1]])
Y = T([[0.2, -0.1, 2.6], [0.3, 1.9, -1.0], [-0.4, -2.0, 0.3], [-0.1, 0.9, 0.4]])
P = T([[0.1, 0.7, 0.0], [0.95, 0.5, 0.3], [1.0, 0.2, 0.6], [0.05, 0.85, 0.4]])
PT = T([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5], [0.0, 1.0, 1.0], [0.0, 1.0, 0.25]])
W3 = T([0.5, 2.0, 1.5])
Z = T([[0.0, -120.0, 3.0], [-2.5, 40.0, 0.7], [1.2, -0.3, -8.0], [15.0, -15.0, 0.05]])
ZT = T([[0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.3, 0.0], [1.0, 0.0, 0.6]])
W41 = T([[1.0], [0.5], [2.0], [1.5]])
PW3 = T([3.0, 0.5, 2.0])
L = T([[1.0, 2.0, 0.5, -1.0], [0.3, -0.2, 2.2, 0.0], [-1.5, 0.7, 0.1, 1.1], [2.0, 2.0, -3.0, 0.4], [0.0, 0.9, -0.8, 1.6]])
LT = T([1, 2, -100, 0, 3])
W4 = T([1.0, 0.5, 2.0, 1.5])
L3 = T([[[0.2, -1.0, 0.5, 1.3], [1.1, 0.4, -0.6, 0.0], [-0.3, 0.8, 2.0, -1.2]],
        [[0.9, 0.1, -0.4, 0.6], [-1.1, 1.7, 0.3, 0.2], [0.5, -0.5, 1.0, 0.7]]])
L3T = T([[0, 2, -100, 1], [2, 2, 0, -100]])
W3C = T([1.0, 2.0, 0.5])
LP = T([[0.1, 0.6, 0.3, 0.0], [0.25, 0.25, 0.25, 0.25], [0.0, 0.0, 1.0, 0.0]])
LPL = T([[0.5, -1.0, 2.0, 0.3], [1.2, 0.0, -0.7, 0.9], [-2.0, 1.5, 0.4, 0.1]])
LP3T = T([[[0.2, 0.7], [0.3, 0.1], [0.5, 0.2]], [[1.0, 0.0], [0.0, 0.5], [0.0, 0.5]]])
LP3L = T([[[0.4, -0.2], [1.0, 0.3], [-0.5, 0.8]], [[0.1, 2.0], [-1.0, 0.6], [0.3, -0.4]]])
NX = T([[-1.2, -0.4, -2.3, -3.0], [-0.1, -2.9, -4.0, -3.5], [-1.0, -1.0, -1.6, -2.0], [-0.7, -0.9, -2.2, -2.8], [-3.3, -0.2, -1.9, -2.5]])
MX = T([[0.1, 0.2, 0.4, 0.8, -0.3], [1.0, -0.5, 0.3, 0.9, 0.0], [-0.2, 0.6, 0.55, 0.1, 1.4], [0.3, 0.3, -1.0, 2.0, 0.25]])
MT = T([3, 0, 2, 1])
W5 = T([1.0, 2.0, 0.5, 1.5, 3.0])
KQ = T([[-1.2, -0.9, -1.6, -2.0], [-0.3, -2.1, -2.5, -3.1], [-1.4, -1.4, -1.4, -1.4]])
KT = T([[0.3, 0.4, 0.0, 0.3], [0.7, 0.1, 0.1, 0.1], [0.0, 0.0, 0.5, 0.5]])
KLT = T([[-1.0, -0.5, -3.0, -1.5], [-0.2, -2.0, -2.4, -2.6], [-5.0, -0.1, -1.0, -0.7]])
U = T([0.3, -1.1, 2.4, 0.9, -0.2])

RED = ["none", "sum", "mean"]
out = []


def emit(name, value):
    v = value.detach().reshape(-1).tolist()
    out.append(f"    public static readonly double[] {name} = [{', '.join(repr(float(a)) for a in v)}];")


for r in RED:
    R = r.capitalize()
    emit(f"Mse{R}", F.mse_loss(X, Y, reduction=r))
    emit(f"L1{R}", F.l1_loss(X, Y, reduction=r))
    emit(f"Huber{R}", F.huber_loss(X, Y, reduction=r))
    emit(f"HuberDelta05{R}", F.huber_loss(X, Y, reduction=r, delta=0.5))
    emit(f"Bce{R}", F.binary_cross_entropy(P, PT, reduction=r))
    emit(f"BceWeighted{R}", F.binary_cross_entropy(P, PT, weight=W3, reduction=r))
    emit(f"BceLogits{R}", F.binary_cross_entropy_with_logits(Z, ZT, reduction=r))
    emit(f"BceLogitsWeighted{R}", F.binary_cross_entropy_with_logits(Z, ZT, weight=W41, pos_weight=PW3, reduction=r))
    emit(f"BceLogitsPosWeight{R}", F.binary_cross_entropy_with_logits(Z, ZT, pos_weight=PW3, reduction=r))
    emit(f"Ce{R}", F.cross_entropy(L, LT, reduction=r))
    emit(f"CeWeighted{R}", F.cross_entropy(L, LT, weight=W4, reduction=r))
    emit(f"CeSmoothed{R}", F.cross_entropy(L, LT, reduction=r, label_smoothing=0.2))
    emit(f"CeWeightedSmoothed{R}", F.cross_entropy(L, LT, weight=W4, reduction=r, label_smoothing=0.3))
    emit(f"CeSpatial{R}", F.cross_entropy(L3, L3T, weight=W3C, reduction=r, label_smoothing=0.1))
    emit(f"CeProbs{R}", F.cross_entropy(LPL, LP, reduction=r))
    emit(f"CeProbsWeightedSmoothed{R}", F.cross_entropy(LPL, LP, weight=W4, reduction=r, label_smoothing=0.25))
    emit(f"CeProbsSpatial{R}", F.cross_entropy(LP3L, LP3T, reduction=r, label_smoothing=0.1))
    emit(f"Nll{R}", F.nll_loss(NX, LT, reduction=r))
    emit(f"NllWeighted{R}", F.nll_loss(NX, LT, weight=W4, reduction=r))
    emit(f"NllSpatial{R}", F.nll_loss(L3, L3T, weight=W3C, reduction=r))
    emit(f"MultiMargin{R}", F.multi_margin_loss(MX, MT, reduction=r))
    emit(f"MultiMarginP2Margin05Weighted{R}", F.multi_margin_loss(MX, MT, p=2, margin=0.5, weight=W5, reduction=r))
    emit(f"KLDiv{R}", F.kl_div(KQ, KT, reduction=r))
    emit(f"KLDivLogTarget{R}", F.kl_div(KQ, KLT, reduction=r, log_target=True))
emit("KLDivBatchmean", F.kl_div(KQ, KT, reduction="batchmean"))
emit("KLDivLogTargetBatchmean", F.kl_div(KQ, KLT, reduction="batchmean", log_target=True))
emit("CeUnbatched", F.cross_entropy(U, T(2)))
emit("CeUnbatchedSmoothedNone", F.cross_entropy(U, T(4), label_smoothing=0.4, reduction="none"))
# stability
emit("StableBceLogits", F.binary_cross_entropy_with_logits(T([0.0, -120.0]), T([0.0, 1.0]), reduction="none"))
emit("StableBceClamp", F.binary_cross_entropy(T([0.0, 1.0, 0.0, 1.0]), T([1.0, 0.0, 0.0, 1.0]), reduction="none"))
emit("StableCe", F.cross_entropy(T([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]]), T([1, 1]), reduction="none"))

print("// Generated by tests/DeepNotes.Tests/Losses/reference/losses_reference.py with PyTorch " + torch.__version__)
print("\n".join(out))
