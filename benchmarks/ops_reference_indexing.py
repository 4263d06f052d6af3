"""PyTorch counterpart of benchmarks/DeepNotes.Benchmarks/IndexingOpsBenchmarks.cs (same shapes, float32).

    /usr/bin/python3 benchmarks/ops_reference_indexing.py [threads]
prints name<TAB>ms<TAB>Melem/s, best of 3 rounds of ~0.2 s.
"""
import sys
import time
import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(1)
R, C = 1000, 1000
x = torch.randn(R, C)
src = torch.randn(R, C)
index = torch.randint(0, C, (R, C))
row_index = torch.randint(0, R, (R,))
mask = x > 0
row_mask = torch.randn(R) > 0
flat_index = torch.randint(0, R * C, (R * C,))
boundaries = torch.arange(-3, 3, 0.006)
values = x.reshape(-1)
n = R * C
cases = [
    ("gather", lambda: x.gather(1, index), n),
    ("scatter", lambda: x.scatter(1, index, src), n),
    ("scatter_add", lambda: x.scatter_add(1, index, src), n),
    ("scatter_reduce_amax", lambda: x.scatter_reduce(1, index, src, "amax"), n),
    ("index_add", lambda: x.index_add(0, row_index, src), n),
    ("masked_fill", lambda: x.masked_fill(mask, 0.5), n),
    ("masked_select", lambda: x.masked_select(mask), n),
    ("take", lambda: x.take(flat_index), n),
    ("nonzero", lambda: mask.nonzero(), n),
    ("searchsorted", lambda: torch.searchsorted(boundaries, values), n),
    ("x[row_mask]", lambda: x[row_mask], n // 2),
]
for name, run, elements in cases:
    run()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        reps = 0
        while True:
            run()
            reps += 1
            el = time.perf_counter() - t0
            if el >= 0.2:
                break
        best = min(best, el * 1e3 / reps)
    print(f"{name}\t{best:.3f} ms\t{elements / best / 1e3:.1f} Melem/s")
