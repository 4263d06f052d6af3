"""PyTorch 1.13 counterpart of benchmarks/DeepNotes.Benchmarks/ReductionOpsBenchmarks.cs (same names, shapes, format).

    /usr/bin/python3 benchmarks/ops_reference_reductions.py [threads] [name filter ...]
Prints "name<TAB>ms<TAB>M/s" (best of 10 after a warm-up), Float32 inputs of 1M elements.
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else torch.get_num_threads()
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
torch.manual_seed(1)
m = torch.randn(1000, 1000)
v = torch.randn(1_000_000)
pos = torch.rand(1000, 1000) + 0.5
ints = torch.randint(0, 1000, (1_000_000,))
small = torch.randint(0, 100, (1_000_000,)).float()
N = 1_000_000
cases = [
    ("sort_rows_1000x1000", lambda: m.sort(stable=True, dim=-1)),
    ("sort_1M", lambda: v.sort(stable=True)),
    ("sort_dim0_1000x1000", lambda: m.sort(stable=True, dim=0)),
    ("argsort_rows", lambda: m.argsort(-1, descending=True)),
    ("topk10_rows", lambda: m.topk(10, -1)),
    ("kthvalue_rows", lambda: m.kthvalue(500, -1)),
    ("median_rows", lambda: m.median(-1)),
    ("quantile_rows", lambda: m.quantile(0.3, -1)),
    ("mode_rows", lambda: small.reshape(1000, 1000).mode(-1)),
    ("unique_1M", lambda: ints.unique(return_counts=True)),
    ("cumsum_rows", lambda: m.cumsum(-1)),
    ("cumsum_dim0", lambda: m.cumsum(0)),
    ("cumprod_rows", lambda: pos.cumprod(-1)),
    ("cummax_rows", lambda: m.cummax(-1)),
    ("logcumsumexp_rows", lambda: m.logcumsumexp(-1)),
    ("prod_rows", lambda: pos.prod(-1)),
    ("norm2_all", lambda: m.norm()),
    ("norm2_rows", lambda: m.norm(2, -1)),
    ("norm3_rows", lambda: m.norm(3, -1)),
    ("amax_rows", lambda: m.amax(-1)),
    ("max_indices_rows", lambda: m.max(-1)),
    ("nansum_all", lambda: m.nansum()),
    ("count_nonzero", lambda: m.count_nonzero()),
    ("all_rows", lambda: pos.all(-1)),
    ("histc_1M", lambda: v.histc(100, -3, 3)),
    ("bincount_1M", lambda: ints.bincount()),
]
for name, fn in cases:
    if filters and not any(f in name for f in filters):
        continue
    fn()
    best = float("inf")
    for _ in range(10):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    print(f"{name}\t{best * 1e3:.2f} ms\t{N / best / 1e6:.1f} M/s")
