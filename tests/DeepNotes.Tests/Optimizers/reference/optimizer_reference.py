"""Reference values for tests/DeepNotes.Tests/Optimizers/TorchReferenceTests.cs.

Run with Debian's PyTorch (1.13): /usr/bin/python3 optimizer_reference.py
Prints C# snippets pasted into the test. Inputs are exact expressions evaluated identically in C# (IEEE double):
  p0[i]      = (i - 2) * 0.375 + 0.125                       i = 0..4
  g[t][i]    = ((3*i + 5*t) % 11 - 5) * 0.25 + 0.1 * t       t = 1..4 (the gradient for step t)
NAdam is not here: PyTorch 1.13's NAdam multiplies mu_product by mu twice (fixed in 2.0, pytorch/pytorch#92699),
and DeepNotes follows the fixed rule, so NAdam is checked against a scalar loop of the published formula instead.
"""
import math
import torch

torch.set_default_dtype(torch.float64)
N, STEPS = 5, 4


def p0():
    return torch.tensor([(i - 2) * 0.375 + 0.125 for i in range(N)])


def grad(t):
    return torch.tensor([((3 * i + 5 * t) % 11 - 5) * 0.25 + 0.1 * t for i in range(N)])


def run(make):
    p = p0().requires_grad_(True)
    opt = make([p])
    for t in range(1, STEPS + 1):
        p.grad = grad(t)
        opt.step()
    return p.detach().tolist()


cases = {
    "Sgd_Plain": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "Sgd_Momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    "Sgd_MomentumDampening": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5),
    "Sgd_NesterovWeightDecayMaximize": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1, maximize=True),
    "Adam_Default": lambda ps: torch.optim.Adam(ps, lr=0.1),
    "Adam_AmsgradWeightDecay": lambda ps: torch.optim.Adam(ps, lr=0.1, amsgrad=True, weight_decay=0.1),
    "Adam_MaximizeBetas": lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.9), eps=1e-3, maximize=True),
    "AdamW_Default": lambda ps: torch.optim.AdamW(ps, lr=0.1),
    "AdamW_AmsgradDecay": lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.5, amsgrad=True),
    "AdaGrad_Default": lambda ps: torch.optim.Adagrad(ps, lr=0.1),
    "AdaGrad_Options": lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.2, maximize=True),
    "RmsProp_Default": lambda ps: torch.optim.RMSprop(ps, lr=0.01),
    "RmsProp_CenteredMomentumDecay": lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, centered=True, momentum=0.9, weight_decay=0.1),
    "Adadelta_Default": lambda ps: torch.optim.Adadelta(ps),
    "Adadelta_Options": lambda ps: torch.optim.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1, maximize=True),
    "Adamax_Default": lambda ps: torch.optim.Adamax(ps, lr=0.1),
    "Adamax_WeightDecay": lambda ps: torch.optim.Adamax(ps, lr=0.1, betas=(0.8, 0.95), weight_decay=0.1),
}

print("// optimizers: final parameters after 4 steps")
for name, make in cases.items():
    values = ", ".join(repr(v) for v in run(make))
    print(f'["{name}"] = [{values}],')


def lrs(make_sched, steps, metric=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.5)
    sched = make_sched(opt)
    out = [opt.param_groups[0]["lr"]]
    for e in range(steps):
        opt.step()
        if metric is None:
            sched.step()
        else:
            sched.step(metric[e])
        out.append(opt.param_groups[0]["lr"])
    return out


print("// schedules: learning rate at epochs 0..n (base 0.5)")
S = torch.optim.lr_scheduler
print("StepLR(3, 0.5):", lrs(lambda o: S.StepLR(o, 3, 0.5), 10))
print("ExponentialLR(0.9):", lrs(lambda o: S.ExponentialLR(o, 0.9), 6))
print("CosineAnnealingLR(5, 0.05):", lrs(lambda o: S.CosineAnnealingLR(o, 5, 0.05), 12))
print("LinearLR(0.25, total 4):", lrs(lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4), 6))
print("Sequential(LinearLR(0.25,4), Cosine(6)):",
      lrs(lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.25, total_iters=4), S.CosineAnnealingLR(o, 6)], milestones=[4]), 12))
plateau_metric = [1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
print("Plateau(min, factor 0.5, patience 2, cooldown 1, min_lr 0.1):",
      lrs(lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, cooldown=1, min_lr=0.1), len(plateau_metric), plateau_metric))
plateau_max = [0.5, 0.6, 0.6001, 0.6, 0.7, 0.7, 0.7, 0.7, 0.75]
print("Plateau(max, abs 0.01, factor 0.1, patience 1):",
      lrs(lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.1, patience=1, threshold=0.01, threshold_mode="abs"), len(plateau_max), plateau_max))

print("// clip_grad_norm_: grads a = [3, -4], b = [[1, 2], [-2, 0.5]]")
for norm_type in (2.0, 1.0, math.inf, 3.0):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, 2, requires_grad=True)
    a.grad = torch.tensor([3.0, -4.0])
    b.grad = torch.tensor([[1.0, 2.0], [-2.0, 0.5]])
    total = torch.nn.utils.clip_grad_norm_([a, b], max_norm=2.0, norm_type=norm_type)
    print(f"norm_type {norm_type}: total {total.item()!r} a {a.grad.tolist()} b {b.grad.flatten().tolist()}")
