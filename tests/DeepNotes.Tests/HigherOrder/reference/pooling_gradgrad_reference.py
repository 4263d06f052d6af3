"""Second derivatives of pooling, padding and embeddings in torch 1.13, for PoolingGradGradReferenceTests.cs.

For each case f(x...) = sum(w * op(x...)^3) (w fixed), prints the Hessian-vector products d/dx_j [sum_i grad_i(f) . v_i]
as C# double literals. Inputs are deterministic formulas (no RNG) that the C# test rebuilds:
  x[i] = 2 sin(0.7 i + s), v[i] = cos(0.3 i + s), w[i] = 0.5 + (i mod 7) / 7, laid out row-major.
torch 1.13 has no double backward for grid_sample and embedding_bag (the C# tests check those with GradGradCheck only).
Run: /usr/bin/python3 pooling_gradgrad_reference.py
"""
import math
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def formula(shape, s, kind, positive=False):
    n = math.prod(shape)
    if kind == "x":
        vals = [2 * math.sin(0.7 * i + s) for i in range(n)]
        if positive:
            vals = [abs(v) + 0.5 for v in vals]
    elif kind == "v":
        vals = [math.cos(0.3 * i + s) for i in range(n)]
    else:
        vals = [0.5 + (i % 7) / 7 for i in range(n)]
    return torch.tensor(vals).reshape(shape)


def hvp(op, shapes, s, positive=False):
    xs = [formula(sh, s + k, "x", positive).requires_grad_() for k, sh in enumerate(shapes)]
    y = op(*xs)
    w = formula(list(y.shape), s, "w")
    f = (w * y ** 3).sum()
    grads = torch.autograd.grad(f, xs, create_graph=True)
    vs = [formula(sh, s + k, "v") for k, sh in enumerate(shapes)]
    total = sum((g * v).sum() for g, v in zip(grads, vs))
    return torch.autograd.grad(total, xs)


def lit(t):
    return "[" + ", ".join(repr(float(v)) for v in t.flatten().tolist()) + "]"


ids = torch.tensor([1, 3, 1, 0, 4, 2, 3, 3]).reshape(2, 4)

cases = [
    ("MaxPool2D", lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True), [[1, 2, 5, 6]], 1, False),
    ("MaxPool3D", lambda x: F.max_pool3d(x, 2, 1, 1), [[1, 1, 3, 4, 4]], 2, False),
    ("AdaptiveMaxPool2D", lambda x: F.adaptive_max_pool2d(x, (3, 2)), [[1, 2, 5, 5]], 3, False),
    ("AvgPool2D", lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), [[1, 2, 5, 6]], 4, False),
    ("AvgPool3D", lambda x: F.avg_pool3d(x, 2, 1, 1, divisor_override=5), [[1, 1, 3, 3, 3]], 5, False),
    ("AdaptiveAvgPool2D", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), [[1, 2, 5, 5]], 6, False),
    ("AdaptiveAvgPool3D", lambda x: F.adaptive_avg_pool3d(x, (2, 2, 3)), [[1, 1, 3, 4, 4]], 7, False),
    ("LPPool2D", lambda x: F.lp_pool2d(x, 2, 2, 1), [[1, 1, 3, 4]], 8, True),
    ("ReflectPad", lambda x: F.pad(x, [2, 1, 1, 2], mode="reflect"), [[1, 2, 3, 4]], 9, False),
    ("ReplicatePad", lambda x: F.pad(x, [2, 1, 1, 2], mode="replicate"), [[1, 2, 3, 4]], 10, False),
    ("CircularPad", lambda x: F.pad(x, [2, 1, 1, 2], mode="circular"), [[1, 2, 3, 4]], 11, False),
    ("Embedding", lambda w: F.embedding(ids, w, padding_idx=3), [[5, 3]], 12, False),
]

print(f"// torch {torch.__version__}")
for name, op, shapes, s, positive in cases:
    results = hvp(op, shapes, s, positive)
    print(f'        ["{name}"] = [{", ".join(lit(r) for r in results)}],')
