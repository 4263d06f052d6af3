#!/usr/bin/python3
"""Training-step times of two revisions of DeepNotes, side by side in one run (interleaved rounds, medians).

Usage (from the repository root):
    /usr/bin/python3 benchmarks/compare_revisions.py BASE_REV [--rounds N] [--threads T] [workload ...]
Builds the benchmark project at BASE_REV (in a temporary git worktree) and at the working tree, then runs the
`workloads` verb of each in alternating order (A B, B A, ...) for N rounds (default 5). Each run reports the median
step time per workload; the table shows the median over rounds for both revisions and after/before."""
import os, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
if not args:
    sys.exit(__doc__)
base, rounds, threads, names = args[0], 5, None, []
i = 1
while i < len(args):
    if args[i] == "--rounds": rounds = int(args[i + 1]); i += 2
    elif args[i] == "--threads": threads = args[i + 1]; i += 2
    else: names.append(args[i]); i += 1

def build(tree):
    project = os.path.join(tree, "benchmarks", "DeepNotes.Benchmarks")
    subprocess.run(["dotnet", "build", "-c", "Release", project], check=True, capture_output=True)
    return os.path.join(project, "bin", "Release", "net10.0", "DeepNotes.Benchmarks.dll")

def run(dll):
    cmd = ["dotnet", dll, "workloads", *names] + (["--threads", threads] if threads else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1].endswith("ms/step"):
            rows[parts[0]] = float(parts[1].split()[0])
    return rows

work = tempfile.mkdtemp(prefix="deepnotes-base-")
subprocess.run(["git", "-C", root, "worktree", "add", "--detach", work, base], check=True, capture_output=True)
try:
    dlls = {"before": build(work), "after": build(root)}
    times = {"before": {}, "after": {}}
    for r in range(rounds):
        for which in (("before", "after") if r % 2 == 0 else ("after", "before")):
            for name, ms in run(dlls[which]).items():
                times[which].setdefault(name, []).append(ms)
    print(f"base {base}, {rounds} interleaved rounds, threads {threads or 'all'}")
    print(f"{'workload':34} {'before ms':>10} {'after ms':>10} {'after/before':>13}")
    for name in times["after"]:
        b, a = statistics.median(times["before"][name]), statistics.median(times["after"][name])
        print(f"{name:34} {b:10.2f} {a:10.2f} {a / b:13.3f}")
finally:
    subprocess.run(["git", "-C", root, "worktree", "remove", "--force", work], capture_output=True)
