#!/usr/bin/python3
"""PyTorch's Conv3D forward and forward+backward times on the video shapes of `dotnet run ... -- conv3d`
(benchmarks/DeepNotes.Benchmarks/Conv3DThroughput.cs), in the same output format.
Run: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/layers_reference_conv3d.py [threads ...] [--rounds R] [--cpu]
(default threads: 1 2). For each thread count and workload: nn.Conv3d(C, 64, 3, padding=1) in float32, one warm-up
step, then R (default 5) timed forwards (no_grad) and R timed forward+backward steps (backward of a ones gradient;
the first layer's input needs no gradient, the second's does); prints every round and the median.
--cpu times by process CPU time (on a busy machine, for 1 thread only)."""
import sys, time, statistics, torch

WORKLOADS = [  # name, N, C, D, H, W, K, input needs grad
    ("video c1 3->64 3x3x3 p1 b8 16x56x56", 8, 3, 16, 56, 56, 64, False),
    ("video c2 64->64 3x3x3 p1 b8 8x28x28", 8, 64, 8, 28, 28, 64, True),
]

args = sys.argv[1:]
rounds = 5
if "--rounds" in args:
    i = args.index("--rounds"); rounds = int(args[i + 1]); del args[i:i + 2]
cpu = "--cpu" in args
if cpu: args.remove("--cpu")
clock = time.process_time if cpu else time.perf_counter
threads = [int(a) for a in args] or [1, 2]

def timed(fn):
    fn()
    times = []
    for _ in range(rounds):
        t = clock(); fn(); times.append((clock() - t) * 1000)
    return times

torch.manual_seed(0)
for t in threads:
    torch.set_num_threads(t)
    for name, n, c, d, h, w, k, input_grad in WORKLOADS:
        conv = torch.nn.Conv3d(c, k, 3, padding=1)
        x = torch.randn(n, c, d, h, w, requires_grad=input_grad)
        with torch.no_grad(): g = torch.ones_like(conv(x))
        def forward():
            with torch.no_grad(): conv(x)
        def step():
            conv(x).backward(g)
        fwd, st = timed(forward), timed(step)
        print(f"torch threads={t}\t{name}\tfwd {statistics.median(fwd):.1f} ms\tfwd+bwd {statistics.median(st):.1f} ms"
              f"\t(fwd rounds {' '.join(f'{v:.1f}' for v in fwd)}; fwd+bwd rounds {' '.join(f'{v:.1f}' for v in st)})", flush=True)
