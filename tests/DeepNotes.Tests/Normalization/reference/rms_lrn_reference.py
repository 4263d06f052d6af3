"""Reference values for tests/DeepNotes.Tests/Normalization/RmsAndLocalResponseNormTests.cs.

Run with Debian's PyTorch 1.13:  /usr/bin/python3 tests/DeepNotes.Tests/Normalization/reference/rms_lrn_reference.py
torch 1.13 has no RMSNorm: its values are computed here by the formula y = x / sqrt(mean(x^2) + eps) * w in float64 with
autograd for the gradients. LocalResponseNorm and BatchNorm(track_running_stats=False) are torch's own modules.
Inputs are the closed-form wave() of torch_normalization.py (TorchReferenceTests.Wave in C#).
"""
import math
import torch

torch.set_default_dtype(torch.float64)


def wave(shape, phase=0.0, scale=1.0, offset=0.0):
    n = math.prod(shape)
    v = [offset + scale * (2 * math.sin(0.7 * i + phase) + 0.3 * math.cos(1.3 * i)) for i in range(n)]
    return torch.tensor(v).reshape(shape)


def show(name, t):
    vals = ", ".join(repr(float(v)) for v in t.detach().reshape(-1).tolist())
    print(f"    // {list(t.shape)}")
    print(f"    internal static readonly double[] {name} = [{vals}];")


def rms_norm(x, dims, w, eps):
    y = x * torch.rsqrt(x.pow(2).mean(dim=dims, keepdim=True) + eps)
    return y if w is None else y * w


# RMSNorm over the last dim [2, 3, 4], weight, eps 1e-6; gradient of sum(y * up)
x = wave([2, 3, 4], 0.3, 1.0, 0.2).requires_grad_()
w = (0.5 + wave([4], 1.0, 0.25)).requires_grad_()
up = wave([2, 3, 4], 2.0, 0.5)
y = rms_norm(x, (-1,), w, 1e-6)
(y * up).sum().backward()
show("RmsY", y)
show("RmsDx", x.grad)
show("RmsDw", w.grad)

# RMSNorm over the last two dims [2, 3, 4], no weight, eps = finfo(float64).eps (the default)
x = wave([2, 3, 4], 0.9, 0.01, 0.0).requires_grad_()
y = rms_norm(x, (-2, -1), None, torch.finfo(torch.float64).eps)
(y * up).sum().backward()
show("Rms2Y", y)
show("Rms2Dx", x.grad)

# LocalResponseNorm: size 3 on [2, 5, 4] (3-D), size 4 (even) alpha 0.5 beta 0.75 k 2 on [2, 5, 2, 3], size 1
for name, size, alpha, beta, k, shape in (("Lrn3", 3, 1e-2, 0.75, 1.0, [2, 5, 4]), ("Lrn4", 4, 0.5, 0.75, 2.0, [2, 5, 2, 3]),
                                          ("Lrn1", 1, 0.3, 0.5, 1.0, [1, 2, 3])):
    x = wave(shape, 0.4, 1.5, 0.1).requires_grad_()
    lrn = torch.nn.LocalResponseNorm(size, alpha, beta, k)
    y = lrn(x)
    (y * wave(shape, 2.0, 0.5)).sum().backward()
    show(name + "Y", y)
    show(name + "Dx", x.grad)

# BatchNorm1d(track_running_stats=False): batch statistics in train and eval, no buffers
bn = torch.nn.BatchNorm1d(3, track_running_stats=False)
print("    // BatchNorm1d(3, track_running_stats=False) state_dict: " + ", ".join(bn.state_dict().keys()))
with torch.no_grad():
    bn.weight.copy_(torch.tensor([0.5, 1.5, -1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
bn.eval()
x = wave([4, 3, 5], 0.6, 1.0, 0.5).requires_grad_()
y = bn(x)
(y * wave([4, 3, 5], 2.0, 0.5)).sum().backward()
show("BnUntrackedEvalY", y)
show("BnUntrackedEvalDx", x.grad)
