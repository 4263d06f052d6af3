"""PyTorch 1.13 counterpart of benchmarks/DeepNotes.Benchmarks/ShapeOpsBenchmarks.cs (same shapes, float32).

Run: /usr/bin/python3 benchmarks/ops_reference_shape.py [threads] > torch_shape.txt
then: dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops --torch torch_shape.txt
Prints "name<TAB>ms" per case, best of 5 repetitions of 10 calls after a warm-up.
"""
import sys
import time

import torch
import torch.nn.functional as F

if len(sys.argv) > 1:
    torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(1)
m = torch.randn(1000, 1000)
half = torch.randn(500, 1000)
img = torch.randn(1, 4, 498, 498)
vec = torch.randn(1000)

raw = m.flatten().clone()
cases = [
    ("alloc_copy_floor", lambda: raw.clone()),
    ("clone", lambda: m.clone()),
    ("flip_dim0", lambda: m.flip(0)),
    ("flip_dim1", lambda: m.flip(1)),
    ("roll_dim1", lambda: m.roll(3, 1)),
    ("roll_flat", lambda: m.roll(12345)),
    ("rot90", lambda: m.rot90().contiguous()),
    ("repeat_2x1", lambda: half.repeat(2, 1)),
    ("repeat_1x2", lambda: half.repeat(1, 2)),
    ("repeat_interleave_dim1", lambda: half.repeat_interleave(2, 1)),
    ("tril", lambda: m.tril()),
    ("triu", lambda: m.triu(1)),
    ("pad_constant", lambda: F.pad(img, (1, 1, 1, 1))),
    ("pad_reflect", lambda: F.pad(img, (1, 1, 1, 1), mode="reflect")),
    ("pad_replicate", lambda: F.pad(img, (1, 1, 1, 1), mode="replicate")),
    ("pad_circular", lambda: F.pad(img, (1, 1, 1, 1), mode="circular")),
    ("cat_dim1", lambda: torch.cat((half, half), 1)),
    ("diag_embed", lambda: torch.diag_embed(vec)),
    ("kron", lambda: torch.kron(m[:100, :100], vec[:100].reshape(10, 10))),
]

for name, run in cases:
    for _ in range(3):
        run()
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        for _ in range(10):
            run()
        best = min(best, (time.perf_counter() - t) / 10 * 1000)
    print(f"{name}\t{best:.3f}")
