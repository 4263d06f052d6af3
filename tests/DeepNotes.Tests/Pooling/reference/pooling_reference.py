"""Prints PyTorch reference values for tests/DeepNotes.Tests/Pooling (pasted into PoolingTorchReferenceTests.cs).

Run with Debian's PyTorch: /usr/bin/python3 tests/DeepNotes.Tests/Pooling/reference/pooling_reference.py
Inputs are deterministic: x[i] = 3 sin(1.3 i + 0.2) in float64 over the flattened shape, and the output gradient is
w[j] = cos(0.7 j), so the C# test rebuilds both without random numbers. For each case it prints the output values and
dL/dx for L = sum(y * w).
"""
import math

import torch
import torch.nn.functional as F

torch.set_printoptions(precision=17)


def inp(shape):
    n = math.prod(shape)
    return torch.tensor([3 * math.sin(1.3 * i + 0.2) for i in range(n)], dtype=torch.float64).reshape(shape)


def fmt(t):
    return ", ".join(repr(float(v)) for v in t.flatten().tolist())


def case(name, shape, fn):
    x = inp(shape).requires_grad_(True)
    y = fn(x)
    w = torch.tensor([math.cos(0.7 * j) for j in range(y.numel())], dtype=torch.float64).reshape(y.shape)
    (y * w).sum().backward()
    print(f"// {name}: input {list(shape)} -> {list(y.shape)}")
    print(f'["{name}"] = ([{", ".join(map(str, y.shape))}], [{fmt(y.detach())}],')
    print(f"    [{fmt(x.grad)}]),")


cases = [
    ("max_k2", (1, 2, 4, 6), lambda x: F.max_pool2d(x, 2)),
    ("max_k3_s2_p1", (1, 2, 5, 6), lambda x: F.max_pool2d(x, 3, 2, 1)),
    ("max_k2x3_s1x2_d2", (1, 1, 6, 7), lambda x: F.max_pool2d(x, (2, 3), (1, 2), 0, 2)),
    ("max_k3_s2_ceil", (1, 2, 6, 5), lambda x: F.max_pool2d(x, 3, 2, 0, 1, ceil_mode=True)),
    ("max_unbatched_k2_s1", (2, 3, 4), lambda x: F.max_pool2d(x, 2, 1)),
    ("avg_k2", (1, 2, 4, 6), lambda x: F.avg_pool2d(x, 2)),
    ("avg_k3_s2_p1", (1, 2, 5, 6), lambda x: F.avg_pool2d(x, 3, 2, 1)),
    ("avg_k3_s2_p1_exclude", (1, 2, 5, 6), lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)),
    ("avg_k3_s2_p1_ceil", (1, 1, 6, 6), lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)),
    ("avg_k3_s2_p1_ceil_exclude", (1, 1, 6, 6), lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)),
    ("avg_k2_ceil", (1, 1, 5, 5), lambda x: F.avg_pool2d(x, 2, ceil_mode=True)),
    ("avg_k3_divisor5", (1, 1, 4, 5), lambda x: F.avg_pool2d(x, 3, 1, 1, divisor_override=5)),
    ("adaptive_avg_5x7_to_3x4", (1, 2, 5, 7), lambda x: F.adaptive_avg_pool2d(x, (3, 4))),
    ("adaptive_avg_global", (2, 3, 3, 4), lambda x: F.adaptive_avg_pool2d(x, 1)),
    ("adaptive_max_5x7_to_3x4", (1, 2, 5, 7), lambda x: F.adaptive_max_pool2d(x, (3, 4))),
    ("lp2_k2", (1, 2, 4, 4), lambda x: F.lp_pool2d(x, 2, 2)),
    ("lp2_k3_s2_ceil", (1, 1, 6, 6), lambda x: F.lp_pool2d(x, 2, 3, 2, ceil_mode=True)),
    ("lp1_k2_s1", (1, 1, 3, 4), lambda x: F.lp_pool2d(x, 1, 2, 1)),
    ("lp3_k2x3", (1, 1, 4, 6), lambda x: F.lp_pool2d(x.abs() + 0.5, 3, (2, 3))),
    ("max1d_k3_s2_p1", (2, 2, 9), lambda x: F.max_pool1d(x, 3, 2, 1)),
    ("max1d_k2_d2_ceil", (1, 2, 8), lambda x: F.max_pool1d(x, 2, 3, 0, 2, ceil_mode=True)),
    ("avg1d_k3_s2_p1", (2, 2, 9), lambda x: F.avg_pool1d(x, 3, 2, 1)),
    ("avg1d_k3_s2_p1_ceil_exclude", (1, 2, 8), lambda x: F.avg_pool1d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)),
    ("lp1d_p2_k3_s2", (2, 2, 9), lambda x: F.lp_pool1d(x, 2, 3, 2)),
    ("lp1d_p1.5_k3_s2_ceil", (1, 2, 8), lambda x: F.lp_pool1d(x.abs() + 0.5, 1.5, 3, 2, ceil_mode=True)),
    ("lp1d_p2_unbatched_k2", (3, 7), lambda x: F.lp_pool1d(x, 2, 2)),
    ("adaptive_avg1d_7_to_3", (2, 2, 7), lambda x: F.adaptive_avg_pool1d(x, 3)),
    ("adaptive_avg1d_3_to_5", (1, 2, 3), lambda x: F.adaptive_avg_pool1d(x, 5)),
    ("adaptive_max1d_7_to_3", (2, 2, 7), lambda x: F.adaptive_max_pool1d(x, 3)),
    ("adaptive_max1d_unbatched_5_to_4", (3, 5), lambda x: F.adaptive_max_pool1d(x, 4)),
    ("adaptive_avg_5x7_to_Nonex3", (1, 2, 5, 7), lambda x: F.adaptive_avg_pool2d(x, (None, 3))),
    ("adaptive_avg_unbatched_NonexNone", (2, 3, 4), lambda x: F.adaptive_avg_pool2d(x, (None, None))),
    ("adaptive_max_5x7_to_4xNone", (1, 2, 5, 7), lambda x: F.adaptive_max_pool2d(x, (4, None))),
]

for c in cases:
    case(*c)

# tie convention: indices PyTorch returns for windows with equal maxima
print("// ties (max_pool2d 2x2 / 3x3 with return_indices)")
t = torch.tensor([[[[1., 5., 5., 0.], [5., 2., 3., 3.], [7., 7., 0., 0.], [7., 7., 0., 0.]]]])
print("tie2x2 indices", F.max_pool2d(t, 2, return_indices=True)[1].flatten().tolist())
t = torch.tensor([[[[0., 4., 1.], [4., 4., 2.], [1., 2., 4.]]]])
print("tie3x3 indices", F.max_pool2d(t, 3, return_indices=True)[1].flatten().tolist())
t = torch.tensor([[[[float("nan"), 1.], [2., float("nan")]]]])
y, i = F.max_pool2d(t, 2, return_indices=True)
print("nan2x2", y.flatten().tolist(), i.flatten().tolist())
t = torch.tensor([[[[1., float("nan")], [3., 2.]]]])
y, i = F.max_pool2d(t, 2, return_indices=True)
print("nan2x2b", y.flatten().tolist(), i.flatten().tolist())
print("adaptive_max1d_7_to_3 indices", F.adaptive_max_pool1d(inp((2, 2, 7)), 3, return_indices=True)[1].flatten().tolist())
x = torch.tensor([[[[1., 5., 5., 0.], [5., 2., 3., 3.]]]], requires_grad=True)
F.max_pool2d(x, 2).sum().backward()
print("tie grad", x.grad.flatten().tolist())

# output shapes over a grid (H = W = n), max_pool2d and avg_pool2d
print("// shape grid: n, k, s, p, d, ceil -> out (max_pool2d); avg uses d = 1")
rows = []
for n in (1, 2, 3, 4, 5, 7, 8, 13):
    for k in (1, 2, 3, 4):
        for s in (1, 2, 3):
            for p in range(0, k // 2 + 1):
                for d in (1, 2):
                    for ceil in (False, True):
                        try:
                            o = F.max_pool2d(torch.zeros(1, 1, n, n), k, s, p, d, ceil_mode=ceil).shape[-1]
                        except RuntimeError:
                            o = 0
                        rows.append(f"({n}, {k}, {s}, {p}, {d}, {str(ceil).lower()}, {o})")
print(", ".join(rows))
