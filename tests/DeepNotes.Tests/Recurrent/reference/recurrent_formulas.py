"""Closed-formula parameters, inputs and states shared by the recurrent reference scripts, so no random numbers cross
the language boundary (the C# tests use the same formulas). Parameter p (in state_dict order), flat element k:
    w = 0.3 * sin(0.7 * k + p + 1)
Input element k: x = 0.8 * cos(0.45 * k); h0: 0.2 * sin(0.3 * k + 0.5); c0: 0.3 * cos(0.2 * k)."""
import math
import torch

torch.set_default_dtype(torch.float64)

def fill(model):
    with torch.no_grad():
        for p, (name, t) in enumerate(model.state_dict().items()):
            flat = torch.tensor([0.3 * math.sin(0.7 * k + p + 1) for k in range(t.numel())])
            t.copy_(flat.view_as(t))

def formula(shape, f):
    n = math.prod(shape)
    return torch.tensor([f(k) for k in range(n)]).view(*shape)

def x_of(shape): return formula(shape, lambda k: 0.8 * math.cos(0.45 * k))
def h_of(shape): return formula(shape, lambda k: 0.2 * math.sin(0.3 * k + 0.5))
def c_of(shape): return formula(shape, lambda k: 0.3 * math.cos(0.2 * k))

def show(label, t):
    print(f"// {label} {list(t.shape)}")
    print("[" + ", ".join(f"{v:.15g}" for v in t.flatten().tolist()) + "]")
