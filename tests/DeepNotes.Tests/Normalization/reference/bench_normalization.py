"""Side-by-side timing of the normalization layers, DeepNotes vs PyTorch, in one run.

    OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 tests/DeepNotes.Tests/Normalization/reference/bench_normalization.py

Times forward+backward (training mode, float32; gradients of input, weight and bias returned by autograd.grad on both
sides, so neither pays for storing them in .grad) of LayerNorm(256) on [16, 64, 256] (the transformer workload's
shape) and BatchNorm2d(32) on [64, 32, 28, 28], plus forward alone; best of 61 rounds of 5 calls on both sides (the machine is shared: the best round is the unpreempted one).
PyTorch runs with 1 and 2 threads (its better one is the reference); DeepNotes with Parallelism.ThreadCount = 2.
The DeepNotes side is a .NET 10 file-based program written to a temporary folder and run with `dotnet run`.
"""
import os
import subprocess
import tempfile
import time

import torch

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))

CASES = [
    ("LayerNorm [16,64,256]", lambda: torch.nn.LayerNorm(256), [16, 64, 256]),
    ("BatchNorm2D [64,32,28,28]", lambda: torch.nn.BatchNorm2d(32), [64, 32, 28, 28]),
]


def best_ms(fn, reps=5, rounds=61):
    """Best of many short rounds: on a shared, loaded machine the best round is the one nobody preempted."""
    for _ in range(5):
        fn()
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        samples.append((time.perf_counter() - t) / reps * 1e3)
    return min(samples)


def torch_times(threads):
    torch.set_num_threads(threads)
    out = {}
    for name, make, shape in CASES:
        m = make()
        x = torch.randn(*shape, requires_grad=True)
        g = torch.randn(*shape)

        params = [x] + list(m.parameters())

        def fwd_bwd():
            torch.autograd.grad(m(x), params, g)

        def fwd():
            with torch.no_grad():
                m(x)

        out[name] = (best_ms(fwd_bwd), best_ms(fwd))
    return out


CSHARP = r'''#:project __PROJECT__
#:property PublishAot=false
using System.Diagnostics;
using DeepNotes;
using DeepNotes.Layers;

Parallelism.ThreadCount = 2;
static double BestMs(Action f, int reps = 5, int rounds = 61)
{
    for (int i = 0; i < 5; i++) f();
    double best = double.MaxValue;
    for (int r = 0; r < rounds; r++)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) f();
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds / reps);
    }
    return best;
}
void Case(string name, Module<Tensor, Tensor> m, int[] shape)
{
    var x = Tensor.Randn(shape, requiresGrad: true);
    var g = Tensor.Randn(shape);
    Tensor[] wrt = [x, .. m.Parameters()];
    double fb = BestMs(() => Autograd.Grad(m.Call(x), wrt, g));
    double f = BestMs(() => { using (Autograd.NoGrad()) m.Call(x); });
    Console.WriteLine($"{name}|{fb}|{f}");
}
Case("LayerNorm [16,64,256]", new LayerNorm(256), [16, 64, 256]);
Case("BatchNorm2D [64,32,28,28]", new BatchNorm2D(32), [64, 32, 28, 28]);
'''


def deepnotes_times():
    project = os.path.join(REPO, "src", "DeepNotes", "DeepNotes.csproj")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench_normalization.cs")
        with open(path, "w") as f:
            f.write(CSHARP.replace("__PROJECT__", project))
        # the GC settings of benchmarks/DeepNotes.Benchmarks (runtimeconfig.template.json)
        env = dict(os.environ, DOTNET_gcConcurrent="0", DOTNET_GCLOHThreshold="0x1000000")
        res = subprocess.run(["dotnet", "run", "-c", "Release", path], capture_output=True, text=True, cwd=d, env=env)
        if res.returncode != 0:
            raise SystemExit(res.stdout + res.stderr)
    out = {}
    for line in res.stdout.splitlines():
        parts = line.split("|")
        if len(parts) == 3:
            out[parts[0]] = (float(parts[1]), float(parts[2]))
    return out


if __name__ == "__main__":
    dn = deepnotes_times()
    t1 = torch_times(1)
    t2 = torch_times(2)
    dn2 = deepnotes_times()  # again, after PyTorch, to see the noise of the shared machine
    print(f"{'case':28} {'DeepNotes fwd+bwd':>18} {'torch best':>11} {'ratio':>6}   {'DeepNotes fwd':>13} {'torch best':>11} {'ratio':>6}")
    for name, _, _ in CASES:
        fb = min(dn[name][0], dn2[name][0])
        f = min(dn[name][1], dn2[name][1])
        tfb = min(t1[name][0], t2[name][0])
        tf = min(t1[name][1], t2[name][1])
        print(f"{name:28} {fb:15.3f} ms {tfb:8.3f} ms {tfb / fb:6.2f}x  {f:10.3f} ms {tf:8.3f} ms {tf / f:6.2f}x")
    print("(ratio = torch time / DeepNotes time: above 1 means DeepNotes is faster; torch 1 thread / 2 threads fwd+bwd: " +
          ", ".join(f"{n}: {t1[n][0]:.3f} / {t2[n][0]:.3f} ms" for n, _, _ in CASES) + ")")
