"""PyTorch reference values for tests/DeepNotes.Tests/Losses/MoreLossesTorchReferenceTests.cs.

Run with Debian's PyTorch 1.13:
    /usr/bin/python3 tests/DeepNotes.Tests/Losses/reference/more_losses_reference.py \
        > tests/DeepNotes.Tests/Losses/MoreLossesReferenceData.cs
It prints a whole C# file: the inputs of every case (rounded so the literals are exact), and for each reduction the
output and the gradient of every differentiable input under the upstream gradient G = linspace(0.5, 1.5, numel) in the
output's shape (for a reduced output that is 0.5). Everything is computed in float64.
"""
import math
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
gen = torch.Generator().manual_seed(1234)


def rnd(*shape, scale=1.0, lo=None, hi=None, decimals=3):
    if lo is not None:
        v = lo + (hi - lo) * torch.rand(*shape, generator=gen)
    else:
        v = scale * torch.randn(*shape, generator=gen)
    return torch.round(v * 10 ** decimals) / 10 ** decimals


def T(x):
    return torch.tensor(x)


def I(x):
    return torch.tensor(x, dtype=torch.int64)


lines = []


def lit(a):
    a = float(a)
    if math.isnan(a):
        return "double.NaN"
    if math.isinf(a):
        return "double.PositiveInfinity" if a > 0 else "double.NegativeInfinity"
    return repr(a)


def arr(name, t):
    flat = t.detach().reshape(-1).tolist()
    if t.dtype in (torch.int64, torch.int32):
        lines.append(f"    public static readonly int[] {name} = [{', '.join(str(int(a)) for a in flat)}];")
    else:
        lines.append(f"    public static readonly double[] {name} = [{', '.join(lit(a) for a in flat)}];")


def case(name, inputs, grads, fn, reductions=("none", "sum", "mean")):
    """inputs: list of tensors; grads: indices of the differentiable ones; fn(list, reduction) -> output."""
    for k, x in enumerate(inputs):
        arr(f"{name}_In{k}", x)
        lines.append(f"    public static readonly int[] {name}_In{k}Shape = [{', '.join(str(d) for d in x.shape)}];")
    for r in reductions:
        xs = [x.clone().requires_grad_(k in grads) for k, x in enumerate(inputs)]
        out = fn(xs, r)
        n = out.numel()
        g = torch.linspace(0.5, 1.5, n).reshape(out.shape) if n > 0 else torch.zeros(out.shape)
        (out * g).sum().backward()
        R = r.capitalize()
        arr(f"{name}_{R}_Out", out)
        lines.append(f"    public static readonly int[] {name}_{R}_OutShape = [{', '.join(str(d) for d in out.shape)}];")
        for k in grads:
            arr(f"{name}_{R}_Grad{k}", xs[k].grad)


# ---------------------------------------------------------------- regression losses
X = rnd(4, 3)
Y = X.clone()
Y[0, 0] = X[0, 0]            # d = 0
Y[0, 1] = X[0, 1] - 1.0      # d = +beta (1)
Y[0, 2] = X[0, 2] + 0.5      # d = -0.5 (= -beta for 0.5)
Y[1:] = rnd(3, 3, scale=1.5)
case("SmoothL1", [X, Y], [0, 1], lambda a, r: F.smooth_l1_loss(a[0], a[1], reduction=r))
case("SmoothL1Beta05", [X, Y], [0, 1], lambda a, r: F.smooth_l1_loss(a[0], a[1], reduction=r, beta=0.5))
case("SmoothL1Beta0", [X, Y], [0, 1], lambda a, r: F.smooth_l1_loss(a[0], a[1], reduction=r, beta=0.0))

SX = rnd(4, 3, scale=3.0)
SX[0, 0] = 30.0
SX[0, 1] = -25.0
SY = torch.where(rnd(4, 3) > 0, 1.0, -1.0)
case("SoftMargin", [SX, SY], [0], lambda a, r: F.soft_margin_loss(a[0], a[1], reduction=r))

PX = rnd(3, 4, lo=0.1, hi=2.0)
PY = T([[0.0, 1.0, 2.0, 5.0], [3.0, 0.0, 1.5, 7.0], [1.0, 4.0, 0.5, 2.0]])
case("PoissonLog", [PX, PY], [0, 1], lambda a, r: F.poisson_nll_loss(a[0], a[1], reduction=r))
case("PoissonLogFull", [PX, PY], [0, 1], lambda a, r: F.poisson_nll_loss(a[0], a[1], full=True, reduction=r))
case("PoissonRate", [PX, PY], [0, 1], lambda a, r: F.poisson_nll_loss(a[0], a[1], log_input=False, reduction=r))
case("PoissonRateFullEps", [PX, PY], [0, 1], lambda a, r: F.poisson_nll_loss(a[0], a[1], log_input=False, full=True, eps=0.1, reduction=r))

GX, GY = rnd(4, 3), rnd(4, 3)
GV = rnd(4, 3, lo=0.2, hi=2.0)
GV[0, 0] = 1e-8                # below eps: clamped, gradient passes straight through
GV1 = rnd(4, 1, lo=0.2, hi=2.0)
GV0 = rnd(4, lo=0.2, hi=2.0)
case("GaussianNll", [GX, GY, GV], [0, 1, 2], lambda a, r: F.gaussian_nll_loss(a[0], a[1], a[2], reduction=r))
case("GaussianNllFull", [GX, GY, GV], [0, 1, 2], lambda a, r: F.gaussian_nll_loss(a[0], a[1], a[2], full=True, eps=1e-3, reduction=r))
case("GaussianNllVarColumn", [GX, GY, GV1], [0, 1, 2], lambda a, r: F.gaussian_nll_loss(a[0], a[1], a[2], reduction=r))
case("GaussianNllVarDropped", [GX, GY, GV0], [0, 1, 2], lambda a, r: F.gaussian_nll_loss(a[0], a[1], a[2], reduction=r))

# ---------------------------------------------------------------- margin losses
MX = rnd(4, 3, scale=2.0)
MX[0, 0] = 40.0
MY = T([[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.3, 0.0, 0.8]])
MW = T([0.5, 2.0, 1.5])
case("MultiLabelSoftMargin", [MX, MY], [0, 1], lambda a, r: F.multilabel_soft_margin_loss(a[0], a[1], reduction=r))
case("MultiLabelSoftMarginWeighted", [MX, MY, MW], [0, 1],
     lambda a, r: F.multilabel_soft_margin_loss(a[0], a[1], weight=a[2], reduction=r))

LX = rnd(3, 5)
LX[0, 1] = LX[0, 3] - 1.0      # z = 0 exactly for target 3 vs class 1: no gradient (strict hinge)
LT = I([[3, 0, -1, 1, 2], [4, 4, 2, -1, -1], [-1, 1, 2, 3, 4]])
case("MultiLabelMargin", [LX, LT], [0], lambda a, r: F.multilabel_margin_loss(a[0], a[1], reduction=r))
case("MultiLabelMarginUnbatched", [LX[1], LT[1]], [0], lambda a, r: F.multilabel_margin_loss(a[0], a[1], reduction=r))

R1, R2 = rnd(6), rnd(6)
R2[0] = R1[0] - 0.5            # margin 0.5, target −1: z = 0 exactly (kink)
RT = T([-1.0, 1.0, -1.0, 1.0, 1.0, -1.0])
case("MarginRanking", [R1, R2, RT], [0, 1, 2], lambda a, r: F.margin_ranking_loss(a[0], a[1], a[2], reduction=r))
case("MarginRankingMargin05", [R1, R2, RT], [0, 1, 2], lambda a, r: F.margin_ranking_loss(a[0], a[1], a[2], margin=0.5, reduction=r))

HX = rnd(2, 4, lo=0.0, hi=2.0)
HX[0, 0] = 1.0                 # kink for margin 1
HT = T([[-1.0, 1.0, -1.0, -1.0], [1.0, -1.0, 1.0, -1.0]])
case("HingeEmbedding", [HX, HT], [0], lambda a, r: F.hinge_embedding_loss(a[0], a[1], reduction=r))
case("HingeEmbeddingMargin15", [HX, HT], [0], lambda a, r: F.hinge_embedding_loss(a[0], a[1], margin=1.5, reduction=r))

C1, C2 = rnd(4, 3), rnd(4, 3)
CT = T([1.0, -1.0, -1.0, 1.0])
case("CosineEmbedding", [C1, C2, CT], [0, 1], lambda a, r: F.cosine_embedding_loss(a[0], a[1], a[2], reduction=r))
case("CosineEmbeddingMargin", [C1, C2, CT], [0, 1], lambda a, r: F.cosine_embedding_loss(a[0], a[1], a[2], margin=-0.2, reduction=r))
case("CosineEmbeddingUnbatched", [C1[1], C2[1], T(-1.0)], [0, 1],
     lambda a, r: F.cosine_embedding_loss(a[0], a[1], a[2], margin=-0.5, reduction=r))

TA, TP, TN = rnd(5, 3), rnd(5, 3), rnd(5, 3)
case("TripletMargin", [TA, TP, TN], [0, 1, 2], lambda a, r: F.triplet_margin_loss(a[0], a[1], a[2], reduction=r))
case("TripletMarginP1Swap", [TA, TP, TN], [0, 1, 2],
     lambda a, r: F.triplet_margin_loss(a[0], a[1], a[2], margin=2.0, p=1, swap=True, reduction=r))
case("TripletMarginP3Eps", [TA, TP, TN], [0, 1, 2],
     lambda a, r: F.triplet_margin_loss(a[0], a[1], a[2], margin=1.5, p=3, eps=0.01, reduction=r))
case("TripletDistanceDefault", [TA, TP, TN], [0, 1, 2],
     lambda a, r: F.triplet_margin_with_distance_loss(a[0], a[1], a[2], swap=True, reduction=r))
case("TripletDistanceCosine", [TA, TP, TN], [0, 1, 2],
     lambda a, r: F.triplet_margin_with_distance_loss(a[0], a[1], a[2], distance_function=lambda u, v: 1 - F.cosine_similarity(u, v),
                                                      margin=0.7, reduction=r))

# ---------------------------------------------------------------- distances
D1, D2 = rnd(4, 3), rnd(4, 3)
D1[0] = 0.0                    # a zero vector: similarity 0 with a finite gradient
D3 = rnd(3)
case("CosineSimilarity", [D1, D2], [0, 1], lambda a, r: F.cosine_similarity(a[0], a[1]), ("none",))
case("CosineSimilarityDim0Eps", [D1, D2], [0, 1], lambda a, r: F.cosine_similarity(a[0], a[1], dim=0, eps=0.5), ("none",))
case("CosineSimilarityBroadcast", [D1, D3], [0, 1], lambda a, r: F.cosine_similarity(a[0], a[1], dim=-1), ("none",))
D2e = D2.clone()
D2e[1] = D1[1]                 # equal rows: distance eps·‖1‖
case("PairwiseDistance", [D1, D2e], [0, 1], lambda a, r: F.pairwise_distance(a[0], a[1]), ("none",))
case("PairwiseDistanceP1Keep", [D1, D2e], [0, 1], lambda a, r: F.pairwise_distance(a[0], a[1], p=1, keepdim=True), ("none",))
case("PairwiseDistancePInf", [D1, D2e], [0, 1], lambda a, r: F.pairwise_distance(a[0], a[1], p=math.inf, eps=0.0), ("none",))
case("PairwiseDistanceBroadcast", [D1, D3], [0, 1], lambda a, r: F.pairwise_distance(a[0], a[1], p=3), ("none",))

K1, K2 = rnd(2, 4, 3), rnd(2, 5, 3)
K2[0, 2] = K1[0, 1]            # coincident points: zero distance, zero subgradient
K2[1, 0, 0] = K1[1, 3, 0]      # one equal coordinate
for p, tag in [(2.0, "P2"), (1.0, "P1"), (0.0, "P0"), (0.5, "P05"), (1.5, "P15"), (3.0, "P3"), (math.inf, "PInf")]:
    case(f"Cdist{tag}", [K1, K2], [0, 1], lambda a, r, p=p: torch.cdist(a[0], a[1], p=p), ("none",))
Q1, Q2 = rnd(2, 30, 3), rnd(2, 6, 3)
case("CdistMmIfNecessary", [Q1, Q2], [0, 1], lambda a, r: torch.cdist(a[0], a[1]), ("none",))
case("CdistMm", [K1[0] + 0.01, K2[0]], [0, 1],
     lambda a, r: torch.cdist(a[0], a[1], compute_mode="use_mm_for_euclid_dist"), ("none",))
case("CdistDirect", [Q1, Q2], [0, 1], lambda a, r: torch.cdist(a[0], a[1], compute_mode="donot_use_mm_for_euclid_dist"), ("none",))
case("CdistBatchBroadcast", [K1[0], K2], [0, 1], lambda a, r: torch.cdist(a[0], a[1], p=1.5), ("none",))

# ---------------------------------------------------------------- CTC (through log_softmax of logits)
CL = rnd(6, 3, 4)              # logits [T, N, C]
CTP = I([[1, 2, 2], [3, 1, 0], [0, 0, 0]])
CIL = I([6, 5, 4])
CTL = I([3, 2, 0])
CTCAT = I([1, 2, 2, 3, 1])


def ctc(a, r, targets, blank=0, zero_infinity=False, il=CIL, tl=CTL):
    return F.ctc_loss(a[0].log_softmax(2), targets, il, tl, blank=blank, reduction=r, zero_infinity=zero_infinity)


case("CtcPadded", [CL, CTP, CIL, CTL], [0], lambda a, r: ctc(a, r, a[1]))
case("CtcConcatenated", [CL, CTCAT, CIL, CTL], [0], lambda a, r: ctc(a, r, a[1]))
CTPB = I([[1, 2, 2], [0, 1, 2], [2, 2, 2]])
CILB = I([6, 5, 2])
CTLB = I([3, 3, 2])
case("CtcBlank3", [CL, CTPB, CILB, CTLB], [0], lambda a, r: ctc(a, r, a[1], blank=3, il=CILB, tl=CTLB))
case("CtcZeroInfinity", [CL, CTPB, CILB, CTLB], [0], lambda a, r: ctc(a, r, a[1], blank=3, zero_infinity=True, il=CILB, tl=CTLB))
case("CtcUnbatched", [CL[:, 0], I([1, 2, 2]), I(5), I(3)], [0],
     lambda a, r: F.ctc_loss(a[0].log_softmax(1), a[1], a[2], a[3], reduction=r))
# PyTorch's own gradient with respect to the log-probabilities (softmax(lp) minus the posteriors)
LP = CL.log_softmax(2)
case("CtcRawLogProbs", [LP, CTP, CIL, CTL], [0], lambda a, r: F.ctc_loss(a[0], a[1], a[2], a[3], reduction=r), ("sum",))

# ---------------------------------------------------------------- existing losses with extra dims and gradients
SL = rnd(2, 3, 2, 3)
ST = I([[[0, 2, -100], [1, 1, 2]], [[2, -100, 0], [0, 1, 1]]])
SW = T([1.0, 2.0, 0.5])
case("NllSpatial2D", [SL, ST, SW], [0], lambda a, r: F.nll_loss(a[0], a[1], weight=a[2], reduction=r))
case("NllSpatial2DIgnore1", [SL, ST.clamp(min=0), SW], [0], lambda a, r: F.nll_loss(a[0], a[1], weight=a[2], ignore_index=1, reduction=r))
case("CeSpatial2D", [SL, ST, SW], [0], lambda a, r: F.cross_entropy(a[0], a[1], weight=a[2], reduction=r))
case("CeSpatial2DSmoothed", [SL, ST, SW], [0], lambda a, r: F.cross_entropy(a[0], a[1], weight=a[2], label_smoothing=0.2, reduction=r))
SP = rnd(2, 3, 2, 3, lo=0.0, hi=1.0).softmax(1)
case("CeProbsSpatial2DSmoothed", [SL, SP, SW], [0, 1],
     lambda a, r: F.cross_entropy(a[0], a[1], weight=a[2], label_smoothing=0.3, reduction=r))
BX, BY = rnd(3, 4, scale=3.0), rnd(3, 4, lo=0.0, hi=1.0)
BPW = T([2.0, 0.5, 1.0, 3.0])
case("BceLogitsPosWeight", [BX, BY, BPW], [0, 1],
     lambda a, r: F.binary_cross_entropy_with_logits(a[0], a[1], pos_weight=a[2], reduction=r))

print("// <auto-generated>")
print("// Generated by tests/DeepNotes.Tests/Losses/reference/more_losses_reference.py with PyTorch " + torch.__version__ + "; do not edit.")
print("// </auto-generated>")
print("namespace DeepNotes.Tests.Losses;")
print()
print("/// <summary>Inputs, outputs and gradients printed by PyTorch for <see cref=\"MoreLossesTorchReferenceTests\"/>.</summary>")
print("internal static class MoreLossesReferenceData")
print("{")
print("\n".join(lines))
print("}")
