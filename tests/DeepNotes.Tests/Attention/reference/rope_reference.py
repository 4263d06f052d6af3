"""Reference values for the RotaryPositionalEmbedding tests (torch 1.13 has no RoPE module; this is torchtune's
RotaryPositionalEmbeddings algorithm written out in float64): /usr/bin/python3 rope_reference.py

theta_i = 1 / base^(2i/d); cache[m, i] = (cos(m theta_i), sin(m theta_i)); x viewed as [..., d/2, 2] pairs
(x0, x1) -> (x0 cos - x1 sin, x1 cos + x0 sin). Input x = fill([2, 3, 2, 4], 130) as in attention_reference.py;
loss sum(y * fill(y, 131)); positions [[2, 0, 5], [1, 1, 3]] for the input_pos case.
"""
import math
import torch

torch.set_default_dtype(torch.float64)


def fill(shape, idx):
    n = math.prod(shape)
    return torch.tensor([0.5 * math.sin(0.37 * k + 1.1 * idx + 0.2) for k in range(n)]).reshape(shape)


def show(title, t):
    print(f"// {title} {list(t.shape)}")
    print(", ".join(f"{x:.15g}" for x in t.detach().flatten().tolist()))


def rope(x, base=10000.0, input_pos=None):
    b, s, h, d = x.shape
    theta = 1.0 / (base ** (torch.arange(0, d, 2)[: d // 2].double() / d))
    seq = torch.arange(16).double()
    idx_theta = torch.einsum("i,j->ij", seq, theta)
    cache = torch.stack([torch.cos(idx_theta), torch.sin(idx_theta)], dim=-1)
    rope_cache = cache[:s] if input_pos is None else cache[input_pos]
    xshaped = x.reshape(*x.shape[:-1], -1, 2)
    rope_cache = rope_cache.view(-1, xshaped.size(1), 1, xshaped.size(3), 2)
    out = torch.stack([xshaped[..., 0] * rope_cache[..., 0] - xshaped[..., 1] * rope_cache[..., 1],
                       xshaped[..., 1] * rope_cache[..., 0] + xshaped[..., 0] * rope_cache[..., 1]], -1)
    return out.flatten(3)


x = fill([2, 3, 2, 4], 130).requires_grad_()
y = rope(x)
(y * fill([2, 3, 2, 4], 131)).sum().backward()
show("rope out", y)
show("rope dx", x.grad)
show("rope base 500000 positions out", rope(x.detach(), 500000.0, torch.tensor([[2, 0, 5], [1, 1, 3]])))
