"""PyTorch 1.13 reference values for tests/DeepNotes.Tests/Indexing (IndexingReferenceData.cs).

Run with Debian's PyTorch:
    /usr/bin/python3 tests/DeepNotes.Tests/Indexing/reference/indexing_reference.py > tests/DeepNotes.Tests/Indexing/IndexingReferenceData.cs
It prints the whole C# file: the inputs (so tests and script share them by construction) and torch's outputs.
Gradients are those of L = sum(out * W) with W[i] = 0.5 + 0.1 * (i % 7) over the output in row-major order
(IndexingTestHelpers.Weight computes the same W). Everything is float64 unless noted.
"""
import warnings
import torch

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)
T = torch.tensor
L = torch.long
out = []


def flat(v):
    return v.detach().reshape(-1).tolist()


def lit(v):
    if isinstance(v, float):
        if v != v:
            return "double.NaN"
        if v == float("inf"):
            return "double.PositiveInfinity"
        if v == float("-inf"):
            return "double.NegativeInfinity"
        return repr(v)
    return str(v)


def emit(name, value, kind=None):
    if isinstance(value, torch.Tensor):
        shape = list(value.shape)
        is_int = kind == "int" or not value.is_floating_point()
        vals = [int(a) for a in flat(value)] if is_int else [float(a) for a in flat(value)]
    else:
        vals, shape, is_int = value, None, kind == "int"
    ctype = "int" if is_int else "double"
    comment = f" // {shape}" if shape is not None else ""
    out.append(f"    public static readonly {ctype}[] {name} = [{', '.join(lit(a) for a in vals)}];{comment}")


def shape(name, t):
    out.append(f"    public static readonly int[] {name} = [{', '.join(str(s) for s in t.shape)}];")


def weight(o):
    n = o.numel()
    return T([0.5 + 0.1 * (i % 7) for i in range(n)]).reshape(o.shape)


def grads(o, *inputs):
    return torch.autograd.grad((o * weight(o)).sum(), inputs, allow_unused=True)


def inp(name, t):
    emit(name, t)
    return t.clone().requires_grad_(t.is_floating_point())


# ---------------- inputs ----------------
X = inp("X", T([[1.5, -2.0, 0.0, 3.0], [0.5, 2.0, -1.0, 4.0], [2.0, 1.0, 3.0, -0.5]]))  # [3, 4]
G0 = T([[0, 2, 1, 0], [2, 2, 0, 1]]); emit("G0", G0)                                    # gather dim 0 -> [2, 4]
G1 = T([[3, 0], [1, 1], [2, 3]]); emit("G1", G1)                                         # gather dim 1 -> [3, 2]

o = X.gather(0, G0); emit("Gather0", o); gx, = grads(o, X); emit("Gather0GradX", gx)
o = X.gather(1, G1); emit("Gather1", o); gx, = grads(o, X); emit("Gather1GradX", gx)

S = inp("S", T([[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]]))  # [2, 4]
SC = T([[0, 1, 2, 0], [1, 2, 0, 2]]); emit("SC", SC)  # distinct targets per column
o = X.scatter(0, SC, S); emit("Scatter", o); gx, gs = grads(o, X, S); emit("ScatterGradX", gx); emit("ScatterGradS", gs)
o = X.scatter(1, T([[3], [0], [1]]), 7.5); emit("ScatterValue", o); gx, = grads(o, X); emit("ScatterValueGradX", gx)

SD = T([[0, 1, 0, 0], [0, 1, 2, 0], [2, 1, 2, 0]]); emit("SD", SD)  # repeats
S3 = inp("S3", T([[1.0, 2.0, 3.0, 4.0], [0.5, -1.0, 1.5, 2.5], [-3.0, 0.25, 2.0, 1.0]]))  # [3, 4]
o = X.scatter_add(0, SD, S3); emit("ScatterAdd", o); gx, gs = grads(o, X, S3); emit("ScatterAddGradX", gx); emit("ScatterAddGradS", gs)

# scatter_reduce: repeats, ties with self and among src, zeros for prod
RX = inp("RX", T([[1.5, -2.0, 0.0, 3.0], [0.5, 2.0, -1.0, 4.0], [2.0, 1.0, 3.0, -0.5]]))
RI = T([[0, 1, 2, 0], [0, 1, 2, 2], [1, 1, 0, 0], [0, 2, 2, 0]]); emit("RI", RI)  # [4, 4], dim 0
RS = inp("RS", T([[1.5, 2.0, 0.0, 2.0], [-1.0, 0.5, 3.0, -0.5], [2.0, 2.0, 1.0, 3.0], [1.5, 1.5, 0.5, 2.0]]))
for red in ["sum", "prod", "mean", "amax", "amin"]:
    for inc in [True, False]:
        nm = f"Reduce{red.capitalize()}{'Incl' if inc else 'Excl'}"
        o = RX.scatter_reduce(0, RI, RS, red, include_self=inc)
        emit(nm, o)
        gx, gs = grads(o, RX, RS)
        emit(nm + "GradX", gx)
        emit(nm + "GradS", gs)
o = T([1, 2, 3, -1]).scatter_reduce(0, T([0, 0, 3, 3]), T([4, 4, -4, 0]), "mean"); emit("ReduceMeanInt", o)
o = T([1, 2, 3, -1]).scatter_reduce(0, T([0, 0, 3, 3]), T([4, 4, -4, 0]), "mean", include_self=False); emit("ReduceMeanIntExcl", o)
nanx = T([1.0, float("nan"), 3.0]); o = nanx.scatter_reduce(0, T([0, 0, 1, 2]), T([float("nan"), 2.0, 5.0, 4.0]), "amax"); emit("ReduceAmaxNan", o)

# index_add / index_copy / index_fill along dim 1 of X [3, 4]
IA = T([3, 0, 3]); emit("IA", IA)
SA = inp("SA", T([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [-1.0, -2.0, -3.0]]))  # [3, 3]
o = X.index_add(1, IA, SA, alpha=2.0); emit("IndexAdd", o); gx, gs = grads(o, X, SA); emit("IndexAddGradX", gx); emit("IndexAddGradS", gs)
IC = T([2, 0]); emit("IC", IC)
SCP = inp("SCP", T([[9.0, 8.0, 7.0, 6.0], [5.0, 4.0, 3.0, 2.0]]))  # [2, 4], dim 0
o = X.index_copy(0, IC, SCP); emit("IndexCopy", o); gx, gs = grads(o, X, SCP); emit("IndexCopyGradX", gx); emit("IndexCopyGradS", gs)
IF = T([-1, 1, 1]); emit("IF", IF)
V = T(2.5, requires_grad=True)
o = X.index_fill(1, IF, 2.5); emit("IndexFill", o); gx, = grads(o, X); emit("IndexFillGradX", gx)
# torch 1.13's value gradient fails on negative indices, so the tensor-value case uses non-negative ones
IFP = T([3, 1, 1]); emit("IFP", IFP)
o = X.index_fill(1, IFP, V); emit("IndexFillTensor", o); gx, gv = grads(o, X, V); emit("IndexFillTensorGradX", gx); emit("IndexFillTensorGradV", gv.reshape(1))

# masks (broadcast)
M = T([[True, False, True, False]]); emit("M", M.int(), "int")  # [1, 4]
MB = T([[True], [False], [True]]); emit("MB", MB.int(), "int")  # [3, 1]
o = X.masked_fill(M, -7.0); emit("MaskedFill", o); gx, = grads(o, X); emit("MaskedFillGradX", gx)
o = X.masked_fill(M, V); emit("MaskedFillTensor", o); gx, gv = grads(o, X, V); emit("MaskedFillTensorGradX", gx); emit("MaskedFillTensorGradV", gv.reshape(1))
X4 = inp("X4", T([1.0, -2.0, 3.0, 0.5]))  # [4], broadcast with MB -> [3, 4]
MS = inp("MS", T([10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0]))  # [10]
o = X4.masked_scatter(MB, MS); emit("MaskedScatter", o); gx, gs = grads(o, X4, MS); emit("MaskedScatterGradX", gx); emit("MaskedScatterGradS", gs)
o = X4.masked_select(MB); emit("MaskedSelectB", o); gx, = grads(o, X4); emit("MaskedSelectBGradX", gx)
MX = T([[True, False, False, True], [False, False, True, False], [True, True, False, False]]); emit("MX", MX.int(), "int")
o = X.masked_select(MX); emit("MaskedSelect", o); gx, = grads(o, X); emit("MaskedSelectGradX", gx)

# take / take_along_dim / put
TI = T([[-1, 0, 5], [5, 11, 2]]); emit("TI", TI)
o = X.take(TI); emit("Take", o); gx, = grads(o, X); emit("TakeGradX", gx)
TA = T([[0, 3], [1, 1], [2, 0]]); emit("TA", TA)
o = torch.take_along_dim(X, TA, 1); emit("TakeAlongDim1", o); gx, = grads(o, X); emit("TakeAlongDim1GradX", gx)
TB = T([[2, 0, 1, 1]]); emit("TB", TB)  # [1, 4] broadcast over dim 1 with dim 0
o = torch.take_along_dim(X, TB, 0); emit("TakeAlongDim0", o); gx, = grads(o, X); emit("TakeAlongDim0GradX", gx)
TN = T([11, 0, 4]); emit("TN", TN)
o = torch.take_along_dim(X, TN); emit("TakeAlongDimNone", o)
PI = T([[1, -1], [1, 6]]); emit("PI", PI)
PS = inp("PS", T([[4.0, 5.0], [6.0, 7.0]]))
o = X.put(PI, PS, accumulate=True); emit("PutAcc", o); gx, gs = grads(o, X, PS); emit("PutAccGradX", gx); emit("PutAccGradS", gs)
PJ = T([[1, -1], [2, 6]]); emit("PJ", PJ)
o = X.put(PJ, PS); emit("Put", o); gx, gs = grads(o, X, PS); emit("PutGradX", gx); emit("PutGradS", gs)

# nonzero / argwhere / where(cond)
NZ = T([[0.0, float("nan"), -0.0], [2.0, 0.0, -1.0]]); emit("NZ", NZ)
emit("Nonzero", NZ.nonzero())
emit("NonzeroTuple1", NZ.nonzero(as_tuple=True)[1])
emit("Argwhere", torch.argwhere(NZ))
emit("WhereRows", torch.where(NZ != 0)[0])

# bucketize / searchsorted
BND = T([1.0, 2.0, 2.0, 3.0, 5.0]); emit("BND", BND)
BV = T([[0.5, 1.0, 2.0], [2.5, 5.0, 9.0], [float("nan"), 3.0, -1.0]]); emit("BV", BV)
emit("BucketLeft", torch.bucketize(BV, BND))
emit("BucketRight", torch.bucketize(BV, BND, right=True))
SEQ = T([[1.0, 3.0, 5.0, 7.0], [2.0, 2.0, 4.0, 8.0]]); emit("SEQ", SEQ)
SV = T([[3.0, 6.0, 0.0], [2.0, 9.0, 4.0]]); emit("SV", SV)
emit("SearchNd", torch.searchsorted(SEQ, SV))
emit("SearchNdRight", torch.searchsorted(SEQ, SV, side="right"))
UNS = T([5.0, 1.0, 3.0, 3.0, 9.0]); emit("UNS", UNS)
SORTER = torch.argsort(UNS, stable=True); emit("SORTER", SORTER)
emit("SearchSorter", torch.searchsorted(UNS, T([3.0, 0.0, 10.0, 4.0]), sorter=SORTER))
emit("SearchSorterRight", torch.searchsorted(UNS, T([3.0, 0.0, 10.0, 4.0]), right=True, sorter=SORTER))
BNAN = T([1.0, 2.0, 3.0, float("nan")]); emit("BNAN", BNAN)
emit("BucketNan", torch.bucketize(T([float("nan"), 1.0, 2.0, 3.5]), BNAN))
emit("SearchInt", torch.searchsorted(T([1, 3, 3, 7]), T([3, 0, 8, 4])))

# tensor indexer
Y = inp("Y", T([[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]]))  # [2, 3, 2]
YM = T([[True, False, True], [False, True, True]]); emit("YM", YM.int(), "int")
o = Y[YM]; emit("IndexMask", o); gy, = grads(o, Y); emit("IndexMaskGradY", gy)
YI = T([[1, -2], [1, 1]]); emit("YI", YI)
o = Y[YI]; emit("IndexInt", o); gy, = grads(o, Y); emit("IndexIntGradY", gy)
z = Y.detach().clone(); z[YM] = T([-1.0, -2.0]); emit("SetMask", z)
z = Y.detach().clone(); z[T([1, 0])] = T([[100.0, 200.0], [300.0, 400.0], [500.0, 600.0]]); emit("SetInt", z)
z = Y.detach().clone(); z[T([True, False])] = 0.0; emit("SetMaskLead", z)

print("// <auto-generated> by reference/indexing_reference.py (PyTorch " + torch.__version__ + "); do not edit by hand. </auto-generated>")
print("namespace DeepNotes.Tests.Indexing;")
print()
print("/// <summary>Inputs and torch 1.13 outputs for the indexing tests (see reference/indexing_reference.py).</summary>")
print("internal static class IndexingReferenceData")
print("{")
print("\n".join(out))
print("}")
