"""Reference values for tests/DeepNotes.Tests/Activations/Issue14TorchReferenceTests.cs, computed by PyTorch in float64.

Run with Debian's PyTorch: /usr/bin/python3 activations14_reference.py
It prints C# array literals that are pasted into the test unchanged. For every elementwise activation of issue 14 it
prints the forward values at the fixed input vector X (which holds the kinks 0, +-0.5, +-1, +-3 and 6, tiny and large
magnitudes and +-1e4) and the gradient of sum(f(X)) there, which pins PyTorch's conventions at the kinks. Then
softmin and GLU along axes of a 3-D input with the gradient of sum(w * f(x)), RReLU in evaluation mode, and the
values of NaN inputs.
"""
import math
import torch
import torch.nn.functional as F

X = [-1e4, -50.0, -20.0, -5.0, -3.0, -2.0, -1.0, -0.75, -0.5, -0.25, -1e-3, -1e-8, 0.0, 1e-8, 1e-3, 0.25, 0.5, 0.75,
     1.0, 2.0, 3.0, 5.0, 6.0, 20.0, 50.0, 1e4]


def cs(values):
    return "[" + ", ".join(cs1(float(v)) for v in values) + "]"


def cs1(v):
    if math.isnan(v):
        return "double.NaN"
    if math.isinf(v):
        return "double.PositiveInfinity" if v > 0 else "double.NegativeInfinity"
    return repr(v)


def forward_and_grad(name, f):
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    y = f(x)
    y.sum().backward()
    print(f"    // {name}")
    print(f"    private static readonly double[] {name}Forward = {cs(y.detach().tolist())};")
    print(f"    private static readonly double[] {name}Grad = {cs(x.grad.tolist())};")


print(f"    private static readonly double[] X = {cs(X)};")
forward_and_grad("Silu", F.silu)
forward_and_grad("Mish", F.mish)
forward_and_grad("Hardswish", F.hardswish)
forward_and_grad("Hardsigmoid", F.hardsigmoid)
forward_and_grad("Hardtanh", F.hardtanh)
forward_and_grad("Hardtanh36", lambda x: F.hardtanh(x, -3.0, 6.0))
forward_and_grad("Hardshrink", F.hardshrink)
forward_and_grad("Hardshrink1", lambda x: F.hardshrink(x, 1.0))
forward_and_grad("Softshrink", F.softshrink)
forward_and_grad("Softshrink1", lambda x: F.softshrink(x, 1.0))
forward_and_grad("Tanhshrink", F.tanhshrink)
forward_and_grad("Softsign", F.softsign)
forward_and_grad("LogSigmoid", F.logsigmoid)
forward_and_grad("Selu", torch.selu)
forward_and_grad("Celu", torch.celu)
forward_and_grad("Celu05", lambda x: torch.celu(x, 0.5))
forward_and_grad("Threshold", lambda x: F.threshold(x, 0.5, -2.0))
forward_and_grad("RReluEval", lambda x: F.rrelu(x, 0.1, 0.3, training=False))

# Softmin and GLU along axes of a [2, 4, 6] input; gradients of sum(w * f(x)).
x3 = (torch.arange(48, dtype=torch.float64).reshape(2, 4, 6) * 0.7).sin() * 3
print(f"    private static readonly double[] X3 = {cs(x3.flatten().tolist())};")
for axis in (0, 1, -1):
    name = f"Axis{axis}".replace("-", "M")
    y = F.softmin(x3, axis)
    w = torch.linspace(-1, 2, y.numel(), dtype=torch.float64).reshape(y.shape)
    x = x3.clone().requires_grad_(True)
    (F.softmin(x, axis) * w).sum().backward()
    print(f"    private static readonly double[] Softmin{name} = {cs(y.flatten().tolist())};")
    print(f"    private static readonly double[] SoftminGrad{name} = {cs(x.grad.flatten().tolist())};")
    y = F.glu(x3, axis)
    w = torch.linspace(-1, 2, y.numel(), dtype=torch.float64).reshape(y.shape)
    x = x3.clone().requires_grad_(True)
    (F.glu(x, axis) * w).sum().backward()
    print(f"    private static readonly double[] Glu{name} = {cs(y.flatten().tolist())};")
    print(f"    private static readonly double[] GluGrad{name} = {cs(x.grad.flatten().tolist())};")

# Softmax2d on [2, 3, 2, 2] and unbatched [3, 2, 2].
x4 = (torch.arange(24, dtype=torch.float64).reshape(2, 3, 2, 2) * 0.9).cos() * 2
print(f"    private static readonly double[] X4 = {cs(x4.flatten().tolist())};")
print(f"    private static readonly double[] Softmax2D = {cs(torch.nn.Softmax2d()(x4).flatten().tolist())};")
print(f"    private static readonly double[] Softmax2DUnbatched = {cs(torch.nn.Softmax2d()(x4[1]).flatten().tolist())};")

# What a NaN input gives, and the large-magnitude stability of log-sigmoid.
nan = torch.tensor([float("nan")], dtype=torch.float64)
for name, f in (("Silu", F.silu), ("Mish", F.mish), ("Hardswish", F.hardswish), ("Hardsigmoid", F.hardsigmoid),
                ("Hardtanh", F.hardtanh), ("Hardshrink", F.hardshrink), ("Softshrink", F.softshrink),
                ("Tanhshrink", F.tanhshrink), ("Softsign", F.softsign), ("LogSigmoid", F.logsigmoid),
                ("Selu", torch.selu), ("Celu", torch.celu), ("Threshold", lambda t: F.threshold(t, 0.5, -2.0))):
    print(f"    // NaN -> {name}: {cs1(f(nan).item())}")
