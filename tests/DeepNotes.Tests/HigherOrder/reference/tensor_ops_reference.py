"""Reference values for TensorOpsReferenceTests (torch 1.13): polygamma (by mpmath), and Hessian-vector products (gradients of
<grad f, v>) of the ops whose backward became differentiable: cumprod with zeros, logcumsumexp, scatter_reduce prod and
amax, prod with zeros (not logcumsumexp: torch 1.13's double backward gives NaN where x has zeros). Run with /usr/bin/python3; paste the printed C# literals into TensorOpsReferenceTests.cs."""
import torch

torch.set_default_dtype(torch.float64)


def lit(t):
    return "new double[] { " + ", ".join(repr(float(v)) for v in t.flatten().tolist()) + " }"


import mpmath

mpmath.mp.dps = 30
xs = [0.7, 2.5, 12.0, -0.5, -2.3]
for n in (1, 2, 3, 4):
    # mpmath at 30 digits: torch 1.13's trigamma (n = 1) is accurate to ~1e-9 only (2.834049157861975 at 0.7)
    print(f"// polygamma({n}, {xs})")
    print(lit(torch.tensor([float(mpmath.polygamma(n, x)) for x in xs])) + ",")


def hvp(f, x, v):
    x = x.clone().requires_grad_(True)
    y = f(x)
    g = torch.autograd.grad(y, x, torch.ones_like(y), create_graph=True)[0]
    return torch.autograd.grad((g * v).sum(), x)[0]


x = torch.tensor([[0.0, 2.0, 0.0, 3.0], [0.5, 0.0, 0.0, 1.5], [-1.5, 0.5, 2.0, 1.0]])
v = torch.tensor([[0.3, -0.2, 0.5, 1.0], [0.7, 0.1, -0.4, 0.2], [-0.6, 0.9, 0.8, -0.1]])
print("// cumprod(x, 1) * x")
print(lit(hvp(lambda t: t.cumprod(1) * t, x, v)) + ",")
print("// prod(x, 1) * x.sum(1)")
print(lit(hvp(lambda t: t.prod(1) * t.sum(1), x, v)) + ",")
index = torch.tensor([[1, 3, 0], [1, 0, 0], [2, 2, 3]])
src = torch.tensor([[0.0, 0.8, 1.4], [-0.9, 0.0, 0.6], [1.3, -0.7, 2.2]])
print("// scatter_reduce(x, 1, index, src, prod) * x, with respect to x")
print(lit(hvp(lambda t: t.scatter_reduce(1, index, src, "prod") * t, x, v)) + ",")
print("// scatter_reduce(x, 1, index, s, prod) * x, with respect to s")
vs = torch.tensor([[0.2, -0.5, 0.4], [0.9, 0.3, -0.8], [0.1, 0.6, -0.2]])
print(lit(hvp(lambda s: x.scatter_reduce(1, index, s, "prod", include_self=False) * s.sum(), src, vs)) + ",")
print("// scatter_reduce(x, 1, index, src, amax) * x, with respect to x")
print(lit(hvp(lambda t: t.scatter_reduce(1, index, src * 0.5, "amax") * t, x + 0.01, v)) + ",")
