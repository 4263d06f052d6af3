#!/usr/bin/python3
"""Side-by-side training-step times: DeepNotes against PyTorch, in one run.

Usage (from the repository root): /usr/bin/python3 benchmarks/compare_workloads.py [name ...]
Needs Debian's python3-torch and libopenblas0-pthread. PyTorch runs ../shared/bench/pytorch_workloads.py with
OPENBLAS_CORETYPE=SkylakeX at 1 and 2 threads and the better median counts; DeepNotes runs the `workloads` verb
of the benchmark project with all cores. Prints one row per workload with both medians and the ratio."""
import os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
reference = os.path.join(root, "..", "shared", "bench", "pytorch_workloads.py")
names = sys.argv[1:]

def parse(text):
    rows = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].endswith("ms/step"):
            rows[parts[0]] = float(parts[1].split()[0])
    return rows

env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX")
torch_best = {}
for threads in (1, 2):
    out = subprocess.run([sys.executable, reference, str(threads)], env=env, capture_output=True, text=True, check=True).stdout
    for name, ms in parse(out).items():
        if name not in torch_best or ms < torch_best[name][0]:
            torch_best[name] = (ms, threads)

ours = parse(subprocess.run(["dotnet", "run", "-c", "Release", "--project", os.path.join(root, "benchmarks", "DeepNotes.Benchmarks"),
                             "--", "workloads", *names], capture_output=True, text=True, check=True).stdout)

print(f"{'workload':34} {'DeepNotes ms':>13} {'PyTorch ms':>11} {'(threads)':>9} {'PyTorch/DeepNotes':>18}")
for name, ms in ours.items():
    ref = torch_best.get(name)
    if ref is None:
        print(f"{name:34} {ms:13.2f} {'-':>11}")
    else:
        print(f"{name:34} {ms:13.2f} {ref[0]:11.2f} {ref[1]:9d} {ref[0] / ms:18.2f}")
