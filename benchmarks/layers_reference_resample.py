"""Times F.interpolate (the cases of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- resample`),
forward (no grad) and forward+backward, in the same line format: "name<TAB>forward ms<TAB>forward+backward ms<TAB>(cpu ...)".
Usage: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/layers_reference_resample.py [threads...] [--filter s]
(default threads: 1 2)."""
import os
import sys
import time

import torch
import torch.nn.functional as F

CASES = [
    ("nearest_x2 [32,64,56,56]", (32, 64, 56, 56), lambda x: F.interpolate(x, scale_factor=2.0)),
    ("bilinear_x2 [32,64,56,56]", (32, 64, 56, 56), lambda x: F.interpolate(x, scale_factor=2.0, mode="bilinear")),
    ("bilinear_x2_align [32,64,56,56]", (32, 64, 56, 56), lambda x: F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=True)),
    ("nearest_down0.5 [32,64,56,56]", (32, 64, 56, 56), lambda x: F.interpolate(x, scale_factor=0.5)),
    ("bicubic_x2 [8,64,56,56]", (8, 64, 56, 56), lambda x: F.interpolate(x, scale_factor=2.0, mode="bicubic")),
    ("trilinear_x2 [4,32,16,28,28]", (4, 32, 16, 28, 28), lambda x: F.interpolate(x, scale_factor=2.0, mode="trilinear")),
]


def median_ms(fn):
    """Median wall time of a call, and user-mode CPU time per call (all threads; without the kernel's page faulting, less sensitive to a busy machine)."""
    fn()
    times = []
    start = time.perf_counter()
    cpu0 = os.times().user
    while len(times) < 5 or (len(times) < 30 and time.perf_counter() - start < 1.5):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    cpu = (os.times().user - cpu0) / len(times) * 1e3
    times.sort()
    return times[len(times) // 2] * 1e3, cpu


def main():
    args = sys.argv[1:]
    filters = []
    if "--filter" in args:
        i = args.index("--filter")
        filters = args[i + 1:]
        args = args[:i]
    threads = [int(a) for a in args] or [1, 2]
    for t in threads:
        torch.set_num_threads(t)
        print(f"# torch {torch.__version__}, threads={t}")
        for name, shape, op in CASES:
            if filters and not any(f.lower() in name.lower() for f in filters):
                continue
            x = torch.randn(*shape)
            with torch.no_grad():
                g = torch.randn_like(op(x))
            xg = x.clone().requires_grad_(True)

            def fwd():
                with torch.no_grad():
                    op(x)

            def both():
                xg.grad = None
                op(xg).backward(g)

            f, fc = median_ms(fwd)
            b, bc = median_ms(both)
            print(f"{name}\t{f:.2f} ms\t{b:.2f} ms\t(user cpu {fc:.2f} / {bc:.2f} ms)", flush=True)


if __name__ == "__main__":
    main()
