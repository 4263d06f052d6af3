"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops activations`.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_activations.py [threads] [name-filter ...]
Prints "activations/name<TAB>us/call<TAB>Melem/s" per case, 1M float32 elements, best of 5 ~50 ms rounds; the
_fwd_bwd cases run the forward and the backward with a fixed incoming gradient.
"""
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
torch.manual_seed(7)
n = 1 << 20
x = torch.randn(n) * 3
x2 = torch.randn(1024, 1024)
grad = torch.randn(n)
xg = x.clone().requires_grad_(True)


def fwd_bwd(f):
    def run():
        xg.grad = None
        f(xg).backward(grad)
    return run


cases = [
    ("baseline_relu", lambda: x.relu()), ("silu", lambda: F.silu(x)), ("mish", lambda: F.mish(x)), ("hardswish", lambda: F.hardswish(x)),
    ("hardsigmoid", lambda: F.hardsigmoid(x)), ("hardtanh", lambda: F.hardtanh(x)), ("hardshrink", lambda: F.hardshrink(x)),
    ("softshrink", lambda: F.softshrink(x)), ("tanhshrink", lambda: F.tanhshrink(x)), ("softsign", lambda: F.softsign(x)),
    ("logsigmoid", lambda: F.logsigmoid(x)), ("selu", lambda: torch.selu(x)), ("celu", lambda: torch.celu(x, 0.5)),
    ("threshold", lambda: F.threshold(x, 0.1, 20.0)), ("rrelu_eval", lambda: F.rrelu(x)),
    ("softmin_lastdim", lambda: F.softmin(x2, -1)), ("glu_lastdim", lambda: F.glu(x2, -1)),
    ("silu_fwd_bwd", fwd_bwd(F.silu)), ("mish_fwd_bwd", fwd_bwd(F.mish)), ("hardswish_fwd_bwd", fwd_bwd(F.hardswish)),
    ("logsigmoid_fwd_bwd", fwd_bwd(F.logsigmoid)), ("selu_fwd_bwd", fwd_bwd(torch.selu)),
]
for name, f in cases:
    if filters and not any(a.lower() in name for a in filters):
        continue
    f(); f()
    best = float("inf")
    for _ in range(5):
        calls, t0 = 0, time.perf_counter()
        while True:
            f(); calls += 1
            el = time.perf_counter() - t0
            if el > 0.05:
                break
        best = min(best, el / calls * 1e6)
    print(f"activations/{name}\t{best:.1f}\t{n / best:.1f}")
