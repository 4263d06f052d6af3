"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops dtypes`.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_dtypes.py [threads] [name-filter ...]
Prints "dtypes/name<TAB>us/call<TAB>Melem/s" per case, 1M elements, best of 3 ~50 ms rounds.
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(11)
n = 1 << 20
a = torch.randint(-1000, 1000, (n,), generator=g)
b = torch.randint(1, 1000, (n,), generator=g)
x = torch.randn(n, generator=g)
idx = torch.randint(0, n, (n,), generator=g)
half, bf16 = x.to(torch.float16), x.to(torch.bfloat16)
cases = [
    ("int64_add", lambda: a + b),
    ("int64_mul", lambda: a * b),
    ("int64_remainder", lambda: torch.remainder(a, b)),
    ("int64_sum", lambda: a.sum()),
    ("int64_max", lambda: a.max()),
    ("int64_sort", lambda: a.sort()),
    ("int64_to_float32", lambda: a.to(torch.float32)),
    ("gather_int64_index", lambda: x.gather(0, idx)),
    ("float32_to_float16", lambda: x.to(torch.float16)),
    ("float16_to_float32", lambda: half.to(torch.float32)),
    ("float32_to_bfloat16", lambda: x.to(torch.bfloat16)),
    ("bfloat16_to_float32", lambda: bf16.to(torch.float32)),
]
for name, f in cases:
    if filters and not any(s.lower() in name for s in filters):
        continue
    f()
    best = float("inf")
    for _ in range(3):
        calls, t0 = 0, time.perf_counter()
        while True:
            f(); calls += 1
            el = time.perf_counter() - t0
            if el > 0.05:
                break
        best = min(best, el / calls * 1e6)
    print(f"dtypes/{name}\t{best:.1f}\t{n / best:.1f}")
