"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops normseq`.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_normseq.py [threads] [name-filter ...]
Prints "normseq/name<TAB>us/call<TAB>Melem/s" per case, 1M float32 elements, best of 3 ~50 ms rounds. torch 1.13 has
no RMSNorm and no RoPE: those are the usual formulas in torch ops (what a 1.13 user writes).
"""
import sys
import time

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
torch.manual_seed(7)
n = 1 << 20
rows = torch.randn(1024, 1024)
rows_grad = torch.randn(1024, 1024, requires_grad=True)
gamma = torch.randn(1024, requires_grad=True)
maps = torch.randn(16, 64, 32, 32)
maps_grad = torch.randn(16, 64, 32, 32, requires_grad=True)
v = torch.randn(1024, 1024)
magnitude = torch.rand(1024, 1)
heads = torch.randn(8, 128, 16, 64)
theta = 1.0 / (10000 ** (torch.arange(0, 64, 2).float() / 64))
angles = torch.outer(torch.arange(128).float(), theta)
cos, sin = angles.cos()[:, None, :], angles.sin()[:, None, :]
padded = torch.randn(64, 128, 128)
lengths = torch.tensor([64 - i // 4 for i in range(128)])
packed = pack_padded_sequence(padded, lengths)


def rms_norm(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w


def rope(x):
    pairs = x.reshape(*x.shape[:-1], -1, 2)
    x0, x1 = pairs[..., 0], pairs[..., 1]
    return torch.stack([x0 * cos - x1 * sin, x1 * cos + x0 * sin], -1).flatten(3)


cases = [
    ("rms_norm", lambda: rms_norm(rows, gamma.detach())),
    ("rms_norm_fwd_bwd", lambda: rms_norm(rows_grad, gamma).sum().backward()),
    ("local_response_norm_5", lambda: F.local_response_norm(maps, 5)),
    ("local_response_norm_5_fwd_bwd", lambda: F.local_response_norm(maps_grad, 5).sum().backward()),
    ("weight_norm_dim0", lambda: torch._weight_norm(v, magnitude, 0)),
    ("rope_interleaved", lambda: rope(heads)),
    ("pack_padded_sequence", lambda: pack_padded_sequence(padded, lengths)),
    ("pad_packed_sequence", lambda: pad_packed_sequence(packed)),
]
for name, run in cases:
    if filters and not any(f in name for f in filters):
        continue
    for _ in range(3):
        run()
    best = float("inf")
    for _ in range(3):
        calls, t0 = 0, time.perf_counter()
        while True:
            run()
            calls += 1
            dt = time.perf_counter() - t0
            if dt > 0.05:
                break
        best = min(best, dt / calls)
    print(f"normseq/{name}\t{best * 1e6:.1f}\t{n / (best * 1e6):.1f}")
