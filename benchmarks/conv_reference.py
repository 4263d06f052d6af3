"""PyTorch's convolution throughput on the shapes of `dotnet run ... -- conv` (DeepNotes' ConvThroughput.cs).
Run: OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 benchmarks/conv_reference.py [threads ...]   (default: 1 2)
For each shape: forward (F.conv2d with bias) and backward (aten.convolution_backward: input, weight and bias
gradients) GFLOP/s, best of 5 batches of max(3, 1e9 / flops) calls, like the DeepNotes verb. Backward counts 2x the
forward's multiply-adds (input gradient + weight gradient)."""
import sys, time, torch, torch.nn.functional as F

SHAPES = [  # name, N, C, H, W, K, k, stride, padding
    ("conv2 32->64 3x3 p1 b64 28x28", 64, 32, 28, 28, 64, 3, 1, 1),
    ("cnn c1 1->32 3x3 p1 b64 28x28", 64, 1, 28, 28, 32, 3, 1, 1),
    ("cnn c2 32->64 3x3 p1 b64 14x14", 64, 32, 14, 14, 64, 3, 1, 1),
    ("wide 256->256 3x3 p1 b8 14x14", 8, 256, 14, 14, 256, 3, 1, 1),
]

def best(fn, flops):
    fn()
    calls = max(3, int(1e9 / flops))
    times = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(calls): fn()
        times.append((time.perf_counter() - t) / calls)
    return flops / min(times) / 1e9

threads = [int(a) for a in sys.argv[1:]] or [1, 2]
torch.manual_seed(0)
for t in threads:
    torch.set_num_threads(t)
    for name, n, c, h, w, k, ks, s, p in SHAPES:
        x = torch.randn(n, c, h, w); wt = torch.randn(k, c, ks, ks); b = torch.randn(k)
        y = F.conv2d(x, wt, b, s, p)
        g = torch.randn_like(y)
        flops = 2 * y.numel() * c * ks * ks
        fwd = best(lambda: F.conv2d(x, wt, b, s, p), flops)
        bwd = best(lambda: torch.ops.aten.convolution_backward(g, x, wt, [k], [s, s], [p, p], [1, 1], False, [0, 0], 1, [True, True, True]), 2 * flops)
        print(f"torch threads={t}\t{name}\tfwd {fwd:.1f} GFLOP/s\tbwd {bwd:.1f} GFLOP/s")
