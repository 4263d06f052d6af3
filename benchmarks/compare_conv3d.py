#!/usr/bin/python3
"""Conv3D side by side: DeepNotes against PyTorch 1.13 on the video workloads, in alternating rounds.

Usage (from the repository root, after `dotnet build -c Release benchmarks/DeepNotes.Benchmarks`):
  /usr/bin/python3 benchmarks/compare_conv3d.py [--rounds R]
Each of R rounds (default 3) runs, one after the other, the `conv3d` verb of the benchmark project at 1 and 2 threads
and benchmarks/layers_reference_conv3d.py (OPENBLAS_CORETYPE=SkylakeX) at 1 and 2 threads, each process timing 3
steps per workload after a warm-up; every step time is collected and the median over all rounds is reported per
library, thread count and workload, then PyTorch's best thread count against DeepNotes' best."""
import os, statistics, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
bench = os.path.join(root, "benchmarks", "DeepNotes.Benchmarks", "bin", "Release", "net10.0", "DeepNotes.Benchmarks")
reference = os.path.join(root, "benchmarks", "layers_reference_conv3d.py")
env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX")

samples = {}  # (library, threads, workload, kind) -> [ms]
def collect(library, threads, text):
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 5 or "rounds" not in parts[4]: continue
        fwd, step = parts[4].strip("()").split(";")
        for kind, values in (("fwd", fwd), ("fwd+bwd", step)):
            samples.setdefault((library, threads, parts[1], kind), []).extend(float(v) for v in values.split("rounds")[1].split())

for r in range(rounds):
    for threads in (1, 2):
        collect("deepnotes", threads, subprocess.run([bench, "conv3d", "--rounds", "3", "--threads", str(threads)],
                                                     capture_output=True, text=True, check=True).stdout)
        collect("torch", threads, subprocess.run([sys.executable, reference, str(threads), "--rounds", "3"], env=env,
                                                 capture_output=True, text=True, check=True).stdout)

workloads = sorted({k[2] for k in samples})
print(f"{'workload':38} {'kind':8} {'DN 1t':>8} {'DN 2t':>8} {'PT 1t':>8} {'PT 2t':>8} {'PT best/DN best':>16}")
for w in workloads:
    for kind in ("fwd", "fwd+bwd"):
        m = {(lib, t): statistics.median(samples[(lib, t, w, kind)]) for lib in ("deepnotes", "torch") for t in (1, 2)}
        best_dn, best_pt = min(m[("deepnotes", 1)], m[("deepnotes", 2)]), min(m[("torch", 1)], m[("torch", 2)])
        print(f"{w:38} {kind:8} {m[('deepnotes', 1)]:8.1f} {m[('deepnotes', 2)]:8.1f} {m[('torch', 1)]:8.1f} {m[('torch', 2)]:8.1f} {best_pt / best_dn:16.2f}")
