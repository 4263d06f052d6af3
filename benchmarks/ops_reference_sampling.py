"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops` (sampling group).

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_sampling.py [threads] [name-filter ...]
Prints "sampling/name<TAB>us/call<TAB>Melem/s" per case, 1M float32 elements, best of 3 ~50 ms rounds.
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(7)
n = 1 << 20
mean = torch.randn(n, generator=g)
std = torch.rand(n, generator=g) + 0.5
prob = torch.rand(n, generator=g)
rates4 = torch.full((n,), 4.0)
rates50 = torch.full((n,), 50.0)
weights = torch.rand(1000, generator=g) + 0.1
rows = torch.rand(1024, 1024, generator=g) + 0.1
buffer = torch.zeros(n)
normal = torch.distributions.Normal(mean, std)
value = torch.randn(n, generator=g)
cases = [
    ("baseline_rand", lambda: torch.rand(n, generator=g)),
    ("baseline_randn", lambda: torch.randn(n, generator=g)),
    ("linspace", lambda: torch.linspace(-1, 1, n)),
    ("normal_tensor", lambda: torch.normal(mean, std, generator=g)),
    ("uniform_", lambda: buffer.uniform_(-1, 1, generator=g)),
    ("normal_", lambda: buffer.normal_(0, 1, generator=g)),
    ("exponential_", lambda: buffer.exponential_(1, generator=g)),
    ("bernoulli_tensor", lambda: torch.bernoulli(prob, generator=g)),
    ("bernoulli_", lambda: buffer.bernoulli_(0.5, generator=g)),
    ("poisson_4", lambda: torch.poisson(rates4, generator=g)),
    ("poisson_50", lambda: torch.poisson(rates50, generator=g)),
    ("multinomial_1000cat_1M_repl", lambda: torch.multinomial(weights, n, True, generator=g)),
    ("multinomial_1024x1024_noreplace_8", lambda: torch.multinomial(rows, 8, False, generator=g)),
    ("randperm", lambda: torch.randperm(n, generator=g)),
    ("dist_normal_log_prob", lambda: normal.log_prob(value)),
    ("dist_normal_rsample", lambda: normal.rsample()),
]
for name, f in cases:
    if filters and not any(a.lower() in name for a in filters):
        continue
    f()
    # the best of short rounds (>= 1 call and >= 2 ms each, >= 250 ms and >= 5 rounds in all), as the DeepNotes side
    best, total, rounds = float("inf"), time.perf_counter(), 0
    while rounds < 5 or time.perf_counter() - total < 0.25:
        calls, t0 = 0, time.perf_counter()
        while True:
            f(); calls += 1
            el = time.perf_counter() - t0
            if el > 0.002:
                break
        best = min(best, el / calls * 1e6)
        rounds += 1
    print(f"sampling/{name}\t{best:.1f}\t{n / best:.1f}")
