"""Reference values for tests/DeepNotes.Tests/Layers/{ContainerTests,BilinearTests,EmbeddingBagTests}.cs, from PyTorch 1.13.

Run with Debian's PyTorch: /usr/bin/python3 structure_reference.py
It prints C# literals that are pasted into the tests unchanged: the state_dict names of the containers, Bilinear's
output and gradients for fixed float64 inputs and weights (with and without bias, with extra leading dimensions), and
EmbeddingBag's output and gradients in every mode with offsets, per-sample weights, padding and include_last_offset.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


def cs(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def names(module):
    return "[" + ", ".join('"' + k + '"' for k in module.state_dict().keys()) + "]"


def det(shape, scale, phase):
    """Deterministic values: sin of a scaled range, so C# can rebuild them exactly."""
    n = math.prod(shape)
    return (torch.arange(n, dtype=torch.float64) * scale + phase).sin().reshape(shape)


# ---- containers: state_dict names
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1, bias=False)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(3, 2), "box": nn.Bilinear(2, 3, 4)})
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.ones(3))])
        self.extra = nn.ParameterDict({"alpha": nn.Parameter(torch.ones(1)), "beta": nn.Parameter(torch.ones(2, 2))})
        self.bag = nn.EmbeddingBag(5, 3, mode="sum")


print(f"    private static readonly string[] NetNames = {names(Net())};")
print(f"    private static readonly string[] ModuleListNames = {names(nn.ModuleList([nn.Linear(2, 3), nn.Linear(3, 1)]))};")
print(f"    private static readonly string[] ParameterListNames = {names(nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.ones(3))]))};")
# pairs, not a dict: PyTorch 1.13 sorts the keys of a plain dict but keeps the order of pairs (our constructor takes pairs)
print(f"    private static readonly string[] ParameterDictNames = {names(nn.ParameterDict([('w', nn.Parameter(torch.ones(2))), ('b', nn.Parameter(torch.ones(1)))]))};")

# ---- Bilinear: x1 [*, 3], x2 [*, 4], weight [5, 3, 4]
for tag, lead, bias in (("", (2,), True), ("NoBias", (2,), False), ("Batched", (2, 3), True)):
    x1 = det(lead + (3,), 0.37, 0.1).requires_grad_(True)
    x2 = det(lead + (4,), 0.53, -0.4).requires_grad_(True)
    w = det((5, 3, 4), 0.29, 0.7).requires_grad_(True)
    b = det((5,), 1.1, 0.2).requires_grad_(True) if bias else None
    y = F.bilinear(x1, x2, w, b)
    g = det(tuple(y.shape), 0.41, 0.3)
    (y * g).sum().backward()
    print(f"    private static readonly double[] Bilinear{tag}Y = {cs(y.detach().flatten().tolist())};")
    print(f"    private static readonly double[] Bilinear{tag}GradX1 = {cs(x1.grad.flatten().tolist())};")
    print(f"    private static readonly double[] Bilinear{tag}GradX2 = {cs(x2.grad.flatten().tolist())};")
    print(f"    private static readonly double[] Bilinear{tag}GradW = {cs(w.grad.flatten().tolist())};")
    if bias:
        print(f"    private static readonly double[] Bilinear{tag}GradB = {cs(b.grad.flatten().tolist())};")

# ---- EmbeddingBag: weight [7, 3]; a 1-D input cut at offsets (with an empty bag and repeated indices).
IDX = [1, 3, 3, 6, 0, 2, 5, 5, 4]
OFFSETS = [0, 3, 3, 5]
PSW = [0.5, -1.0, 2.0, 0.25, 1.5, -0.75, 1.0, 0.3, -2.0]
print(f"    private static readonly int[] BagIndices = [{', '.join(map(str, IDX))}];")
print(f"    private static readonly int[] BagOffsets = [{', '.join(map(str, OFFSETS))}];")
print(f"    private static readonly double[] BagPsw = {cs(PSW)};")
cases = [
    ("Sum", dict(mode="sum"), OFFSETS, False, None),
    ("Mean", dict(mode="mean"), OFFSETS, False, None),
    ("Max", dict(mode="max"), OFFSETS, False, None),
    ("SumPsw", dict(mode="sum"), OFFSETS, True, None),
    ("MeanPad", dict(mode="mean", padding_idx=5), OFFSETS, False, None),
    ("MaxPad", dict(mode="max", padding_idx=3), OFFSETS, False, None),
    ("SumPswPad", dict(mode="sum", padding_idx=-2), OFFSETS, True, None),
]
for tag, kw, offsets, use_psw, _ in cases:
    w = det((7, 3), 0.77, 0.2).requires_grad_(True)
    psw = torch.tensor(PSW, dtype=torch.float64, requires_grad=True) if use_psw else None
    y = F.embedding_bag(torch.tensor(IDX), w, torch.tensor(offsets), per_sample_weights=psw, **kw)
    g = det(tuple(y.shape), 0.61, -0.2)
    (y * g).sum().backward()
    print(f"    // {tag}: {kw}, offsets {offsets}")
    print(f"    private static readonly double[] Bag{tag}Y = {cs(y.detach().flatten().tolist())};")
    print(f"    private static readonly double[] Bag{tag}GradW = {cs(w.grad.flatten().tolist())};")
    if use_psw:
        print(f"    private static readonly double[] Bag{tag}GradPsw = {cs(psw.grad.flatten().tolist())};")
# a 2-D input: 3 bags of 3
w = det((7, 3), 0.77, 0.2).requires_grad_(True)
y = F.embedding_bag(torch.tensor(IDX).reshape(3, 3), w, mode="mean")
g = det(tuple(y.shape), 0.61, -0.2)
(y * g).sum().backward()
print(f"    private static readonly double[] Bag2DMeanY = {cs(y.detach().flatten().tolist())};")
print(f"    private static readonly double[] Bag2DMeanGradW = {cs(w.grad.flatten().tolist())};")

# include_last_offset: the last offset must be the number of indices (the CSR layout; PyTorch 1.13 corrupts its heap
# when it is smaller, DeepNotes throws).
w = det((7, 3), 0.77, 0.2).requires_grad_(True)
y = F.embedding_bag(torch.tensor(IDX), w, torch.tensor([0, 2, 6, 9]), mode="sum", include_last_offset=True)
g = det(tuple(y.shape), 0.61, -0.2)
(y * g).sum().backward()
print(f"    // SumLast: include_last_offset, offsets [0, 2, 6, 9]")
print(f"    private static readonly double[] BagSumLastY = {cs(y.detach().flatten().tolist())};")
print(f"    private static readonly double[] BagSumLastGradW = {cs(w.grad.flatten().tolist())};", flush=True)
