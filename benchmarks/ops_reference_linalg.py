"""PyTorch counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- linalg`.

Run:  OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/ops_reference_linalg.py [--threads N]
Prints "name<TAB>best ms/call" for inv, solve, cholesky, svd (reduced) and eigh on 64x64 and 256x256, float32 and float64.
"""
import sys
import time
import torch

if "--threads" in sys.argv:
    torch.set_num_threads(int(sys.argv[sys.argv.index("--threads") + 1]))
la = torch.linalg
for dtype, t in [(torch.float32, "f32"), (torch.float64, "f64")]:
    for n in (64, 256):
        g = torch.Generator().manual_seed(42)
        a = torch.randn(n, n, generator=g, dtype=dtype) + n * torch.eye(n, dtype=dtype)
        b = torch.randn(n, n, generator=g, dtype=dtype)
        spd = a @ a.T
        for name, f in [("inv", lambda: la.inv(a)), ("solve", lambda: la.solve(a, b)),
                        ("cholesky", lambda: la.cholesky(spd)), ("svd", lambda: la.svd(a, full_matrices=False)),
                        ("eigh", lambda: la.eigh(spd))]:
            f()
            best, start, calls = float("inf"), time.perf_counter(), 0
            while time.perf_counter() - start < 0.3 or calls < 3:
                s = time.perf_counter()
                f()
                best = min(best, time.perf_counter() - s)
                calls += 1
            print(f"{name}_{n}_{t}\t{best * 1e3:.3f} ms")
