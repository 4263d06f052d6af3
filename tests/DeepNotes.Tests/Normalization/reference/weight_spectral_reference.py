"""Reference values for tests/DeepNotes.Tests/Normalization/WeightAndSpectralNormTests.cs (torch 1.13).

Run: /usr/bin/python3 tests/DeepNotes.Tests/Normalization/reference/weight_spectral_reference.py
Inputs are the closed-form wave() of torch_normalization.py. Weight norm: torch._weight_norm(v, g, dim); spectral norm:
nn.utils.parametrizations.spectral_norm with its _u, _v buffers and weight overwritten, one training-mode evaluation.
"""
import math
import torch
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

torch.set_default_dtype(torch.float64)


def wave(shape, phase=0.0, scale=1.0, offset=0.0):
    n = math.prod(shape)
    v = [offset + scale * (2 * math.sin(0.7 * i + phase) + 0.3 * math.cos(1.3 * i)) for i in range(n)]
    return torch.tensor(v).reshape(shape)


def show(name, t):
    vals = ", ".join(repr(float(x)) for x in t.detach().reshape(-1).tolist())
    print(f"    // {list(t.shape)}")
    print(f"    internal static readonly double[] {name} = [{vals}];")


for name, dim, gshape in (("Wn0", 0, [3, 1, 1]), ("Wn1", 1, [1, 2, 1]), ("WnAll", -1, [])):
    v = wave([3, 2, 2], 0.2).requires_grad_()
    g = (wave(gshape if gshape else [1], 1.0, 0.5, 1.0).reshape(gshape)).requires_grad_()
    w = torch._weight_norm(v, g, dim)
    (w * wave([3, 2, 2], 2.0, 0.5)).sum().backward()
    show(name + "W", w)
    show(name + "Dv", v.grad)
    show(name + "Dg", g.grad)

for name, shape, iters in (("SnLinear", [3, 4], 1), ("SnConv", [2, 3, 2, 2], 3)):
    m = torch.nn.Linear(4, 3) if len(shape) == 2 else torch.nn.Conv2d(3, 2, 2)
    m = spectral_norm(m, n_power_iterations=iters)
    p = m.parametrizations.weight
    rows, cols = shape[0], math.prod(shape[1:])
    with torch.no_grad():
        p.original.copy_(wave(shape, 0.3))
        p[0]._u.copy_(F.normalize(wave([rows], 1.1), dim=0))
        p[0]._v.copy_(F.normalize(wave([cols], 2.1), dim=0))
    m.train()
    w = m.weight
    (w * wave(shape, 2.0, 0.5)).sum().backward()
    show(name + "W", w)
    show(name + "U", p[0]._u)
    show(name + "V", p[0]._v)
    show(name + "Dw", p.original.grad)
