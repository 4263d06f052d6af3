"""PyTorch 1.13 side of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- pool3d [--threads N]`:
MaxUnpool2D of a 2x2 max pool ([32, 64, 28, 28] -> [32, 64, 56, 56]) forward and forward+backward, and MaxPool3D /
AvgPool3D (2x2x2) forward+backward on [8, 64, 8, 28, 28], float32. Each line: "name<TAB>ms" (best of five ~0.3 s
rounds after a warm-up), for each thread count.

Usage: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/layers_reference_unpool.py [threads...] [--cpu]  (default: 1 2)
"""
import sys
import time

import torch
import torch.nn.functional as F


CPU = "--cpu" in sys.argv  # process CPU time per call instead of wall time (steadier on a loaded machine)


def best_ms(fn, rounds=5, budget=0.3):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 0.2:
        fn()
    best = float("inf")
    for _ in range(rounds):
        calls = 0
        t0 = time.perf_counter()
        c0 = time.process_time()
        while True:
            fn()
            calls += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= budget:
                break
        if CPU:
            elapsed = time.process_time() - c0
        best = min(best, elapsed / calls)
    return best * 1e3


def cases():
    torch.manual_seed(0)
    big = torch.randn(32, 64, 56, 56)
    pooled, idx = F.max_pool2d(big, 2, return_indices=True)
    x = pooled.clone().requires_grad_(True)
    g = torch.randn(32, 64, 56, 56)

    def unpool_fwd():
        with torch.no_grad():
            F.max_unpool2d(x, idx, 2)

    def unpool_fwd_bwd():
        x.grad = None
        F.max_unpool2d(x, idx, 2).backward(g)

    v = torch.randn(8, 64, 8, 28, 28, requires_grad=True)
    gv = torch.randn(8, 64, 4, 14, 14)

    def max3d_fwd():
        with torch.no_grad():
            F.max_pool3d(v, 2)

    def avg3d_fwd():
        with torch.no_grad():
            F.avg_pool3d(v, 2)

    def max3d_fwd_bwd():
        v.grad = None
        F.max_pool3d(v, 2).backward(gv)

    def avg3d_fwd_bwd():
        v.grad = None
        F.avg_pool3d(v, 2).backward(gv)

    return [
        ("unpool2d [32,64,28,28]->56x56 fwd", unpool_fwd),
        ("unpool2d [32,64,28,28]->56x56 fwd+bwd", unpool_fwd_bwd),
        ("maxpool3d k2 [8,64,8,28,28] fwd", max3d_fwd),
        ("avgpool3d k2 [8,64,8,28,28] fwd", avg3d_fwd),
        ("maxpool3d k2 [8,64,8,28,28] fwd+bwd", max3d_fwd_bwd),
        ("avgpool3d k2 [8,64,8,28,28] fwd+bwd", avg3d_fwd_bwd),
    ]


def main():
    threads = [int(a) for a in sys.argv[1:] if a != "--cpu"] or [1, 2]
    for t in threads:
        torch.set_num_threads(t)
        for name, fn in cases():
            print(f"torch threads={t}\t{name}\t{best_ms(fn):.3f}")


if __name__ == "__main__":
    main()
