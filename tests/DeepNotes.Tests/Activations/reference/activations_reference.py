"""Reference values for tests/DeepNotes.Tests/Activations/TorchReferenceTests.cs, computed by PyTorch in float64.

Run with Debian's PyTorch: /usr/bin/python3 activations_reference.py
It prints C# array literals that are pasted into the test. For every elementwise activation it prints the forward
values at the fixed input vector X and the gradient of sum(f(X)) (which pins PyTorch's conventions at the kinks 0
and 6), then softmax/log-softmax along each axis of a 3-D input, PReLU with per-channel weights, and the stability
cases.
"""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=17)
X = [-1e4, -50.0, -20.0, -5.0, -3.0, -1.0, -0.5, -1e-3, -1e-8, 0.0, 1e-8, 1e-3, 0.5, 1.0, 2.5, 3.0, 5.9, 6.0, 7.0,
     20.0, 50.0, 1e4]


def cs(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def forward_and_grad(name, f):
    x = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    y = f(x)
    y.sum().backward()
    print(f"    // {name}")
    print(f"    private static readonly double[] {name}Forward = {cs(y.detach().tolist())};")
    print(f"    private static readonly double[] {name}Grad = {cs(x.grad.tolist())};")


print(f"    private static readonly double[] X = {cs(X)};")
forward_and_grad("Relu", torch.relu)
forward_and_grad("Sigmoid", torch.sigmoid)
forward_and_grad("Tanh", torch.tanh)
forward_and_grad("LeakyRelu", lambda x: F.leaky_relu(x))
forward_and_grad("LeakyRelu02", lambda x: F.leaky_relu(x, 0.2))
forward_and_grad("Elu", lambda x: F.elu(x))
forward_and_grad("Elu05", lambda x: F.elu(x, 0.5))
forward_and_grad("Gelu", lambda x: F.gelu(x))
forward_and_grad("GeluTanh", lambda x: F.gelu(x, approximate="tanh"))
forward_and_grad("Softplus", lambda x: F.softplus(x))
forward_and_grad("Softplus2", lambda x: F.softplus(x, beta=2, threshold=10))
forward_and_grad("Relu6", F.relu6)
forward_and_grad("Sign", torch.sign)

# Softmax / log-softmax along every axis of a [2, 3, 4] input (values spread over a few units, not sorted).
x3 = (torch.arange(24, dtype=torch.float64).reshape(2, 3, 4) * 0.7).sin() * 3
print(f"    private static readonly double[] X3 = {cs(x3.flatten().tolist())};")
for axis in (0, 1, 2):
    print(f"    private static readonly double[] SoftmaxAxis{axis} = {cs(F.softmax(x3, axis).flatten().tolist())};")
    print(f"    private static readonly double[] LogSoftmaxAxis{axis} = {cs(F.log_softmax(x3, axis).flatten().tolist())};")
# Gradients of sum(w * f(x3)) with a fixed non-uniform w, so the softmax gradient is not trivially 0.
w3 = torch.linspace(-1, 2, 24, dtype=torch.float64).reshape(2, 3, 4)
print(f"    private static readonly double[] W3 = {cs(w3.flatten().tolist())};")
for axis in (0, 2):
    for name, f in (("Softmax", F.softmax), ("LogSoftmax", F.log_softmax)):
        x = x3.clone().requires_grad_(True)
        (f(x, axis) * w3).sum().backward()
        print(f"    private static readonly double[] {name}GradAxis{axis} = {cs(x.grad.flatten().tolist())};")

# PReLU with one weight per channel on [2, 3, 2], and its gradients for sum(w * y).
xp = torch.tensor([[[-2.0, 1.5], [0.5, -0.25]], [[3.0, -1.0], [-4.0, 2.0]], [[-0.5, -0.75], [1.0, -3.0]]],
                  dtype=torch.float64).permute(1, 0, 2).contiguous()  # [2, 3, 2]
wp = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64)
xg = xp.clone().requires_grad_(True)
wg = wp.clone().requires_grad_(True)
yp = F.prelu(xg, wg)
(yp * w3.flatten()[:12].reshape(2, 3, 2)).sum().backward()
print(f"    private static readonly double[] PReluX = {cs(xp.flatten().tolist())};")
print(f"    private static readonly double[] PReluY = {cs(yp.detach().flatten().tolist())};")
print(f"    private static readonly double[] PReluGradX = {cs(xg.grad.flatten().tolist())};")
print(f"    private static readonly double[] PReluGradW = {cs(wg.grad.tolist())};")

# Stability.
print(f"    private static readonly double[] LogSoftmaxLarge = {cs(F.log_softmax(torch.tensor([1.0, 2.0, 3000.0], dtype=torch.float64), 0).tolist())};")
print(f"    private static readonly double[] SoftmaxExtremes = {cs(F.softmax(torch.tensor([-1e4, 0.0, 1e4, 1e4], dtype=torch.float64), 0).tolist())};")
print(f"    private static readonly double[] LogSoftmaxExtremes = {cs(F.log_softmax(torch.tensor([-1e4, 0.0, 1e4, 1e4], dtype=torch.float64), 0).tolist())};")
