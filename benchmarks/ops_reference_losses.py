"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops losses`.

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_losses.py [threads] [name-filter ...]
Prints "losses/name<TAB>us/call<TAB>Melem/s" per case: forward + backward of each loss at 1M float32 input elements,
best of 3 ~50 ms rounds (the same cases as benchmarks/DeepNotes.Benchmarks/LossOpsCases.cs).
"""
import sys
import time

import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(11)
R = C = 1024
n = R * C
x = torch.randn(R, C, generator=g, requires_grad=True)
y = torch.randn(R, C, generator=g)
signs = torch.randn(R, C, generator=g).sign()
counts = torch.rand(R, C, generator=g) * 4
labels = torch.rand(R, C, generator=g).round()
var = torch.rand(R, C, generator=g) + 0.5
x1 = torch.randn(n, generator=g, requires_grad=True)
x2 = torch.randn(n, generator=g)
rank = torch.randn(n, generator=g).sign()
emb = torch.randn(R, C, generator=g, requires_grad=True)
pos = torch.randn(R, C, generator=g)
neg = torch.randn(R, C, generator=g)
row_signs = torch.randn(R, generator=g).sign()
c1 = torch.randn(1024, 32, generator=g, requires_grad=True)
c2 = torch.randn(1024, 32, generator=g)
logits = torch.randn(200, 32, 40, generator=g, requires_grad=True)
targets = torch.randint(1, 40, (32, 50), generator=g)
il = torch.full((32,), 200, dtype=torch.long)
tl = torch.full((32,), 50, dtype=torch.long)


def step(fn, *leaves):
    def run():
        for l in leaves:
            l.grad = None
        fn().backward()
    return run


cases = [
    ("smooth_l1", step(lambda: F.smooth_l1_loss(x, y), x), n),
    ("soft_margin", step(lambda: F.soft_margin_loss(x, signs), x), n),
    ("poisson_nll", step(lambda: F.poisson_nll_loss(x, counts), x), n),
    ("gaussian_nll", step(lambda: F.gaussian_nll_loss(x, y, var), x), n),
    ("multilabel_soft_margin", step(lambda: F.multilabel_soft_margin_loss(x, labels), x), n),
    ("margin_ranking", step(lambda: F.margin_ranking_loss(x1, x2, rank), x1), n),
    ("hinge_embedding", step(lambda: F.hinge_embedding_loss(x1, rank), x1), n),
    ("cosine_embedding", step(lambda: F.cosine_embedding_loss(emb, pos, row_signs), emb), n),
    ("triplet_margin", step(lambda: F.triplet_margin_loss(emb, pos, neg), emb), n),
    ("cdist_p2_1024x1024x32", step(lambda: torch.cdist(c1, c2).sum(), c1), 1024 * 1024),
    ("cdist_p1_1024x1024x32", step(lambda: torch.cdist(c1, c2, p=1).sum(), c1), 1024 * 1024),
    ("ctc_T200_N32_C40_S50", step(lambda: F.ctc_loss(logits.log_softmax(2), targets, il, tl), logits), 200 * 32 * 40),
]

for name, run, elements in cases:
    if filters and not any(f in name for f in filters):
        continue
    t_end = time.perf_counter() + 0.1
    while time.perf_counter() < t_end:
        run()
    best = float("inf")
    for _ in range(3):
        calls = 0
        t0 = time.perf_counter()
        while True:
            run()
            calls += 1
            dt = time.perf_counter() - t0
            if dt > 0.05:
                break
        best = min(best, dt / calls * 1e6)
    print(f"losses/{name}\t{best:.1f}\t{elements / best:.1f}")
