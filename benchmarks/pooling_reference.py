"""Times torch.nn.functional.max_pool2d (2x2, stride 2) forward and forward+backward on the two pooling shapes of
the cnn_fmnist_b64 workload, for comparison with `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks --
pooling`. Usage: /usr/bin/python3 benchmarks/pooling_reference.py [threads...]  (default: 1 2)."""
import sys
import time

import torch
import torch.nn.functional as F

SHAPES = [(64, 32, 28, 28), (64, 64, 14, 14)]


def median_us(fn, reps=200, warmup=20):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1e6


def main():
    threads = [int(a) for a in sys.argv[1:]] or [1, 2]
    for t in threads:
        torch.set_num_threads(t)
        for shape in SHAPES:
            x = torch.randn(*shape, requires_grad=True)
            y = F.max_pool2d(x, 2, 2)
            g = torch.randn_like(y)

            def fwd():
                with torch.no_grad():
                    F.max_pool2d(x, 2, 2)

            def fwd_train():  # what a training step runs: the indices are kept for backward
                F.max_pool2d(x, 2, 2)

            def fwd_bwd():
                x.grad = None
                F.max_pool2d(x, 2, 2).backward(g)

            print(f"torch threads={t} {list(shape)}: forward(no_grad) {median_us(fwd):8.1f} us, "
                  f"forward(grad) {median_us(fwd_train):8.1f} us, forward+backward {median_us(fwd_bwd):8.1f} us")


if __name__ == "__main__":
    main()
