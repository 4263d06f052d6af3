"""Prints torch 1.13 reference values for tests/DeepNotes.Tests/Linalg as a C# file (LinalgReference.cs).

Run:  /usr/bin/python3 linalg_reference.py > ../LinalgReference.cs
Inputs are fixed formulas printed with the outputs, so the C# tests need no Python. Eigenvectors and singular
vectors are compared through sign-invariant quantities (|V|, V*V), as their signs differ between libraries.
"""
import math
import torch

torch.set_default_dtype(torch.float64)
out = []


def lit(x):
    if math.isinf(x):
        return "double.PositiveInfinity" if x > 0 else "double.NegativeInfinity"
    if math.isnan(x):
        return "double.NaN"
    return repr(float(x))


def emit(name, t):
    t = torch.as_tensor(t, dtype=torch.float64).detach()
    vals = ", ".join(lit(v) for v in t.reshape(-1).tolist())
    shape = ", ".join(str(s) for s in t.shape)
    out.append(f"    public static readonly int[] {name}Shape = [{shape}];")
    out.append(f"    public static readonly double[] {name} = [{vals}];")


def mat(shape, seed, boost=0.0):
    """A deterministic well-spread matrix: sin-based values plus boost on the diagonal of the last two dims."""
    n = 1
    for s in shape:
        n *= s
    v = torch.tensor([math.sin(0.37 * i * i + 1.3 * i + seed) for i in range(n)]).reshape(shape)
    if boost:
        m, k = shape[-2], shape[-1]
        v = v + boost * torch.eye(m, k)
    return v


def weights(shape, seed):
    return mat(shape, seed + 100) + 0.5


la = torch.linalg
A3 = mat([3, 3], 1, 2.0); emit("A3", A3)
Sing3 = torch.tensor([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.5, -1.0]]); emit("Sing3", Sing3)
Ab = mat([2, 3, 3], 2, 2.0); Ab[1] = -Ab[1]; emit("Ab", Ab)
emit("InvA3", la.inv(A3)); emit("InvAb", la.inv(Ab))
emit("DetA3", la.det(A3)); emit("DetAb", la.det(Ab))
s, l = la.slogdet(Ab); emit("SlogdetSignAb", s); emit("SlogdetLogAb", l)
b3 = mat([3], 3); emit("b3", b3); emit("SolveA3b3", la.solve(A3, b3))
B32 = mat([3, 2], 4); emit("B32", B32); emit("SolveAbB32", la.solve(Ab, B32))
Bb = mat([2, 3], 5); emit("Bb", Bb); emit("SolveAbBb", la.solve(Ab, Bb))  # batch of vectors
B23 = mat([2, 3], 6); emit("B23", B23); emit("SolveRightA3B23", la.solve(A3, B23, left=False))
X4 = mat([4, 4], 7); Spd4 = X4 @ X4.T + 0.5 * torch.eye(4); emit("Spd4", Spd4)
emit("CholSpd4", la.cholesky(Spd4)); emit("CholUpperSpd4", la.cholesky(Spd4, upper=True))
A43 = mat([4, 3], 8); emit("A43", A43)
q, r = la.qr(A43); emit("QrQ43", q); emit("QrR43", r)
q, r = la.qr(A43, mode="complete"); emit("QrQ43c", q); emit("QrR43c", r)
A35 = mat([3, 5], 9); emit("A35", A35)
q, r = la.qr(A35); emit("QrQ35", q); emit("QrR35", r)
Sym4 = mat([4, 4], 10); Sym4 = Sym4 + Sym4.T; emit("Sym4", Sym4)
w, v = la.eigh(Sym4); emit("EighL", w); emit("EighAbsV", v.abs())
emit("EigvalshSymU", la.eigvalsh(torch.triu(Sym4) + 5 * torch.tril(torch.ones(4, 4), -1), UPLO="U"))
u, s, vh = la.svd(A43, full_matrices=False); emit("SvdS43", s); emit("SvdAbsU43", u.abs()); emit("SvdAbsVh43", vh.abs())
u, s, vh = la.svd(A35, full_matrices=False); emit("SvdS35", s); emit("SvdAbsU35", u.abs()); emit("SvdAbsVh35", vh.abs())
Ab234 = mat([2, 3, 4], 11); emit("Ab234", Ab234); emit("SvdvalsAb234", la.svdvals(Ab234))
emit("PinvA43", la.pinv(A43)); emit("PinvA35", la.pinv(A35))
R2 = mat([3, 2], 12) @ mat([2, 3], 13); emit("Rank2", R2); emit("PinvRank2", la.pinv(R2))
emit("PinvSym4Herm", la.pinv(Sym4, hermitian=True))
emit("RankRank2", la.matrix_rank(R2).double()); emit("RankA43", la.matrix_rank(A43).double())
A53 = mat([5, 3], 14); B52 = mat([5, 2], 15); emit("A53", A53); emit("B52", B52)
emit("LstsqA53B52", la.lstsq(A53, B52).solution)
A24 = mat([2, 4], 16); b2 = mat([2], 17); emit("A24", A24); emit("b2", b2)
emit("LstsqA24b2", la.lstsq(A24, b2.unsqueeze(-1)).solution.squeeze(-1))
# rank-deficient systems (CPU default driver gelsy: the minimum-norm solution of the numerical rank)
Bq = mat([3, 2], 19); emit("Bq32", Bq); emit("LstsqRank2", la.lstsq(R2, Bq).solution)
Tall = torch.cat([A53[:, :2], A53[:, :1] + A53[:, 1:2]], 1); emit("Tall53Rank2", Tall)
emit("LstsqTallRank2", la.lstsq(Tall, B52).solution)
Wide = torch.cat([A24[:1], 2 * A24[:1]], 0); emit("Wide24Rank1", Wide)
emit("LstsqWideRank1", la.lstsq(Wide, b2.unsqueeze(-1)).solution.squeeze(-1))
A34 = mat([3, 4], 18); emit("A34", A34)
for name, o in [("Fro", "fro"), ("Nuc", "nuc"), ("One", 1), ("MinusOne", -1), ("Two", 2), ("MinusTwo", -2),
                ("Inf", float("inf")), ("MinusInf", float("-inf"))]:
    emit("MatrixNorm" + name, la.matrix_norm(A34, ord=o))
Ab234 = Ab234
emit("MatrixNormFroDims02", la.matrix_norm(Ab234, ord="fro", dim=(0, 2)))
emit("MatrixNormOneDims20Keep", la.matrix_norm(Ab234, ord=1, dim=(2, 0), keepdim=True))
emit("MatrixNormNucKeep", la.matrix_norm(Ab234, ord="nuc", keepdim=True))
x234 = mat([2, 3, 4], 19); emit("X234", x234)
for name, o in [("Two", 2), ("One", 1), ("Inf", float("inf")), ("MinusInf", float("-inf")), ("Zero", 0), ("Three", 3),
                ("Half", 0.5)]:
    emit("VectorNorm" + name, la.vector_norm(x234, ord=o, dim=(0, 2)))
emit("VectorNormAll", la.vector_norm(x234))
emit("VectorNormKeep", la.vector_norm(x234, ord=3, dim=-1, keepdim=True))
emit("PowA3_3", la.matrix_power(A3, 3)); emit("PowA3_m2", la.matrix_power(A3, -2))
emit("CondA43", la.cond(A43)); emit("CondA3Fro", la.cond(A3, "fro")); emit("CondA3One", la.cond(A3, 1))
emit("CondA3MinusTwo", la.cond(A3, -2)); emit("CondSing3Fro", la.cond(Sing3, "fro"))
emit("CondA3Nuc", la.cond(A3, "nuc")); emit("CondA3Inf", la.cond(A3, float("inf")))
v4 = mat([4], 20); M34 = mat([3, 4], 21); emit("V4", v4); emit("M34", M34); emit("MvM34V4", torch.mv(M34, v4))
b1 = mat([2, 3, 4], 22); b2_ = mat([2, 4, 5], 23); emit("Bmm1", b1); emit("Bmm2", b2_); emit("BmmOut", torch.bmm(b1, b2_))
inp = mat([5], 24); m1 = mat([3, 4], 25); m2 = mat([4, 5], 26)
emit("AddmmIn", inp); emit("AddmmM1", m1); emit("AddmmM2", m2)
emit("AddmmOut", torch.addmm(inp, m1, m2, beta=0.5, alpha=2.0))
binp = mat([3, 5], 27); emit("BaddbmmIn", binp); emit("BaddbmmOut", torch.baddbmm(binp, b1, b2_, beta=-1.0, alpha=0.25))
emit("DotOut", torch.dot(v4, mat([4], 28))); emit("V4b", mat([4], 28))

# ---------- gradients of fixed scalar losses L = sum(W * f(A)) ----------
def grad_of(f, *inputs):
    xs = [x.clone().requires_grad_(True) for x in inputs]
    loss = f(*xs)
    gs = torch.autograd.grad(loss, xs)
    return gs

W3 = weights([3, 3], 1); emit("W3", W3)
emit("GradInvA3", grad_of(lambda a: (W3 * la.inv(a)).sum(), A3)[0])
emit("GradDetAb", grad_of(lambda a: (la.det(a) * torch.tensor([1.5, -0.5])).sum(), Ab)[0])
emit("GradLogdetAb", grad_of(lambda a: (la.slogdet(a)[1] * torch.tensor([1.5, -0.5])).sum(), Ab)[0])
# torch's first-order det backward returns 0 at an exactly singular matrix (det·A⁻ᵀ with det = 0); with
# create_graph it uses the SVD adjugate, the true derivative, which is what DeepNotes computes.
_s = Sing3.clone().requires_grad_(True)
emit("GradDetSing3", torch.autograd.grad(la.det(_s), _s, create_graph=True)[0])
ga, gb = grad_of(lambda a, b: (W3[:, :2] * la.solve(a, b)).sum(), A3, B32); emit("GradSolveA", ga); emit("GradSolveB", gb)
W4 = weights([4, 4], 2); emit("W4", W4)
emit("GradCholSpd4", grad_of(lambda a: (W4 * la.cholesky(0.5 * (a + a.T))).sum(), Spd4)[0])
W43 = weights([4, 3], 3); W33 = weights([3, 3], 4); emit("W43", W43); emit("W33", W33)
emit("GradQrA43", grad_of(lambda a: (W43 * la.qr(a)[0]).sum() + (W33 * la.qr(a)[1]).sum(), A43)[0])
W35 = weights([3, 5], 5); emit("W35", W35)
emit("GradQrA35", grad_of(lambda a: (W33 * la.qr(a)[0]).sum() + (W35 * la.qr(a)[1]).sum(), A35)[0])
emit("GradEighSym4", grad_of(lambda a: (torch.arange(4.0) * la.eigh(0.5 * (a + a.T))[0]).sum()
                          + (W4 * la.eigh(0.5 * (a + a.T))[1] ** 2).sum(), Sym4)[0])
emit("GradSvdA43", grad_of(lambda a: (torch.arange(1.0, 4.0) * la.svd(a, full_matrices=False)[1]).sum()
                        + (W43 * la.svd(a, full_matrices=False)[0] ** 2).sum()
                        + (W33 * la.svd(a, full_matrices=False)[2] ** 2).sum(), A43)[0])
emit("GradSvdA35", grad_of(lambda a: (W33 * la.svd(a, full_matrices=False)[0] ** 2).sum()
                        + (W35 * la.svd(a, full_matrices=False)[2] ** 2).sum(), A35)[0])
W34 = weights([3, 4], 6); emit("W34", W34)
emit("GradPinvA43", grad_of(lambda a: (W34 * la.pinv(a)).sum(), A43)[0])
W32 = weights([3, 2], 7); emit("W32", W32)
ga, gb = grad_of(lambda a, b: (W32 * la.lstsq(a, b).solution).sum(), A53, B52); emit("GradLstsqA", ga); emit("GradLstsqB", gb)
for name, o in [("Two", 2), ("Inf", float("inf")), ("Three", 3), ("Half", 0.5), ("One", 1)]:
    emit("GradVectorNorm" + name, grad_of(lambda x: (la.vector_norm(x, ord=o, dim=(0, 2)) * torch.tensor([1.0, -2.0, 0.5])).sum(), x234)[0])
for name, o in [("Nuc", "nuc"), ("Two", 2), ("One", 1), ("Inf", float("inf"))]:
    emit("GradMatrixNorm" + name, grad_of(lambda a: la.matrix_norm(a, ord=o), A34)[0])

print("// <auto-generated> by reference/linalg_reference.py with torch " + torch.__version__ + "; do not edit. </auto-generated>")
print("namespace DeepNotes.Tests.LinearAlgebra; // not .Linalg: that would hide the DeepNotes.Linalg class")
print()
print("/// <summary>torch.linalg reference inputs and outputs (float64) printed by reference/linalg_reference.py.</summary>")
print("internal static class LinalgReference")
print("{")
print("\n".join(out))
print("}")
