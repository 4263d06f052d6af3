"""Reference values for tests/DeepNotes.Tests/Normalization/TorchReferenceTests.cs.

Run with Debian's PyTorch:  /usr/bin/python3 tests/DeepNotes.Tests/Normalization/reference/torch_normalization.py
Inputs are closed-form (Wave below, recomputed identically in C#) so only the outputs need pasting. All in float64.
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
    print(f"    // {name} {list(t.shape)}")
    print(f"    internal static readonly double[] {name} = [{vals}];")


# BatchNorm2d: two training steps (momentum 0.1), then eval; gradient of sum(y * up)
bn = torch.nn.BatchNorm2d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([0.5, 1.5, -1.0]))
    bn.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
x1 = wave([4, 3, 2, 3], 0.0, 1.0, 0.5).requires_grad_()
x2 = wave([4, 3, 2, 3], 1.0, 2.0, -1.0)
up = wave([4, 3, 2, 3], 2.0, 0.5, 0.0)
bn.train()
y1 = bn(x1)
(y1 * up).sum().backward()
show("Bn2dTrainY1", y1)
show("Bn2dTrainDx", x1.grad)
show("Bn2dTrainDw", bn.weight.grad)
show("Bn2dTrainDb", bn.bias.grad)
bn(x2)
show("Bn2dRunningMean", bn.running_mean)
show("Bn2dRunningVar", bn.running_var)
print(f"    // num_batches_tracked = {int(bn.num_batches_tracked)}")
bn.eval()
show("Bn2dEvalY", bn(x1.detach()))

# momentum=None: cumulative average over three batches
bnc = torch.nn.BatchNorm2d(3, momentum=None)
for k in range(3):
    bnc(wave([4, 3, 2, 3], float(k), 1.0 + k, 0.5 * k))
show("Bn2dCumulativeMean", bnc.running_mean)
show("Bn2dCumulativeVar", bnc.running_var)

# BatchNorm1d on [N, C] and [N, C, L]
b1 = torch.nn.BatchNorm1d(3)
show("Bn1dTrainY", b1(wave([5, 3], 0.3, 1.0, 2.0)))
show("Bn1dRunningVar", b1.running_var)
b1l = torch.nn.BatchNorm1d(2, affine=False)
show("Bn1dLTrainY", b1l(wave([3, 2, 4], 0.6)))
show("Bn1dLRunningMean", b1l.running_mean)

# LayerNorm over two trailing dims
ln = torch.nn.LayerNorm([3, 4])
with torch.no_grad():
    ln.weight.copy_(wave([3, 4], 0.2, 0.5, 1.0))
    ln.bias.copy_(wave([3, 4], 0.4, 0.1))
show("LnY", ln(wave([2, 3, 4], 0.9, 3.0, 5.0)))

# GroupNorm(2 groups, 4 channels)
gn = torch.nn.GroupNorm(2, 4)
with torch.no_grad():
    gn.weight.copy_(torch.tensor([1.0, -0.5, 2.0, 0.25]))
    gn.bias.copy_(torch.tensor([0.0, 0.1, -0.1, 0.2]))
show("GnY", gn(wave([2, 4, 3, 2], 0.5, 1.0, 1.0)))

# InstanceNorm2d: default (no affine, no running stats); tracked with affine: train step, then eval
show("InY", torch.nn.InstanceNorm2d(3)(wave([2, 3, 2, 3], 0.1, 1.0, -0.5)))
inn = torch.nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
with torch.no_grad():
    inn.weight.copy_(torch.tensor([1.5, 0.5, -1.0]))
    inn.bias.copy_(torch.tensor([0.2, 0.0, -0.3]))
show("InTrackedTrainY", inn(wave([2, 3, 2, 3], 0.1, 1.0, -0.5)))
show("InRunningMean", inn.running_mean)
show("InRunningVar", inn.running_var)
inn.eval()
show("InTrackedEvalY", inn(wave([2, 3, 2, 3], 0.7, 2.0, 0.5)))

# InstanceNorm1d: default on [N, C, L]; tracked with affine and momentum 0.2: two training steps with the gradient of
# sum(y * up), then eval; unbatched [C, L] in training (running stats from a batch of one) and eval
show("In1dY", torch.nn.InstanceNorm1d(3)(wave([2, 3, 5], 0.2, 1.0, 0.3)))
in1 = torch.nn.InstanceNorm1d(3, momentum=0.2, affine=True, track_running_stats=True)
with torch.no_grad():
    in1.weight.copy_(torch.tensor([0.8, -1.2, 2.0]))
    in1.bias.copy_(torch.tensor([0.1, 0.4, -0.5]))
x1 = wave([4, 3, 6], 0.3, 1.5, 0.2).requires_grad_()
y1 = in1(x1)
(y1 * wave([4, 3, 6], 1.7, 0.5)).sum().backward()
show("In1dTrainY", y1)
show("In1dTrainDx", x1.grad)
show("In1dTrainDw", in1.weight.grad)
show("In1dTrainDb", in1.bias.grad)
in1(wave([4, 3, 6], 2.1, 0.7, -0.4))
show("In1dRunningMean", in1.running_mean)
show("In1dRunningVar", in1.running_var)
print(f"    // num_batches_tracked = {int(in1.num_batches_tracked)}")
in1.eval()
xe = wave([2, 3, 6], 0.9, 1.2, 0.6).requires_grad_()
ye = in1(xe)
(ye * wave([2, 3, 6], 0.4)).sum().backward()
show("In1dEvalY", ye)
show("In1dEvalDx", xe.grad)
inu = torch.nn.InstanceNorm1d(2, affine=True, track_running_stats=True)
show("In1dUnbatchedTrainY", inu(wave([2, 7], 0.5, 2.0, 1.0)))
show("In1dUnbatchedRunningMean", inu.running_mean)
show("In1dUnbatchedRunningVar", inu.running_var)
inu.eval()
show("In1dUnbatchedEvalY", inu(wave([2, 7], 1.5)))

# the single-value-per-channel message
try:
    torch.nn.BatchNorm1d(3)(torch.zeros(1, 3))
except ValueError as e:
    print(f"    // {e}")
