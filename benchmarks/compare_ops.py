"""Issue-13 ops side by side with PyTorch 1.13 (Debian python3-torch) at 1M elements, one thread each.

    /usr/bin/python3 benchmarks/compare_ops.py [group ...]      groups: elementwise reductions indexing shape sampling

Runs each group's PyTorch script (benchmarks/ops_reference_<group>.py, 1 thread), converts its times to µs per call
under the DeepNotes case names ("group/name"), then `dotnet run -- ops --threads 1 --torch FILE` which prints
"op, µs, Melem/s, torch µs, ratio" (ratio = DeepNotes time / PyTorch time; < 1 means DeepNotes is faster).
The two sides run one after the other, so run it on a quiet machine and repeat: single runs swing on a busy one.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = ["elementwise", "reductions", "indexing", "shape", "sampling"]


def torch_times(group):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, os.path.join(HERE, f"ops_reference_{group}.py"), "1"],
                         capture_output=True, text=True, env=env, check=True).stdout
    times = {}
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < 2:
            continue
        name, value = f[0], f[1].strip()
        m = re.match(r"([0-9.eE+-]+)\s*(ms)?$", value)
        if not m:
            continue
        v = float(m.group(1))
        # elementwise and sampling print µs; indexing and reductions print "x ms"; shape prints plain ms
        us = v * 1000 if (m.group(2) or group == "shape") else v
        if not name.startswith(group + "/"):
            name = f"{group}/{name}"
        times[name] = us
    return times


def main():
    groups = [a for a in sys.argv[1:] if a in GROUPS] or GROUPS
    times = {}
    for g in groups:
        times.update(torch_times(g))
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
        for k, v in times.items():
            f.write(f"{k}\t{v}\n")
        path = f.name
    project = os.path.join(HERE, "DeepNotes.Benchmarks")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", project, "--", "ops", *groups, "--threads", "1",
                    "--torch", path], check=True)
    os.unlink(path)


if __name__ == "__main__":
    main()
