"""PyTorch 1.13 counterpart of `dotnet run -c Release --project benchmarks/DeepNotes.Benchmarks -- ops` (elementwise group).

Usage: OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/ops_reference_elementwise.py [threads] [name-filter ...]
Prints "elementwise/name<TAB>us/call<TAB>Melem/s" per case, 1M float32 elements, forward, best of 5 ~50 ms rounds.
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2
filters = [a for a in sys.argv[1:] if not a.isdigit()]
torch.set_num_threads(threads)
torch.manual_seed(7)
n = 1 << 20
x, y = torch.randn(n), torch.randn(n)
pos = torch.rand(n) + 0.5
unit = torch.rand(n) * 1.8 - 0.9
prob = torch.rand(n) * 0.9 + 0.05
mask = x > 0
ints = torch.randint(-1000, 1000, (n,), dtype=torch.int32)
ints2 = torch.randint(1, 1000, (n,), dtype=torch.int32)
lo, hi = torch.full((n,), -0.5), torch.full((n,), 0.5)
cases = [
    ("baseline_exp", lambda: x.exp()), ("baseline_add", lambda: x + y), ("baseline_zeros", lambda: torch.zeros(n)),
    ("sin", lambda: x.sin()), ("cos", lambda: x.cos()), ("tan", lambda: unit.tan()), ("asin", lambda: unit.asin()),
    ("atan", lambda: x.atan()), ("sinh", lambda: x.sinh()), ("cosh", lambda: x.cosh()), ("atanh", lambda: unit.atanh()),
    ("erf", lambda: x.erf()), ("erfc", lambda: x.erfc()), ("erfinv", lambda: unit.erfinv()),
    ("log1p", lambda: pos.log1p()), ("expm1", lambda: x.expm1()), ("log2", lambda: pos.log2()), ("log10", lambda: pos.log10()),
    ("exp2", lambda: x.exp2()), ("reciprocal", lambda: pos.reciprocal()), ("rsqrt", lambda: pos.rsqrt()), ("square", lambda: x.square()),
    ("floor", lambda: x.floor()), ("round", lambda: x.round()), ("round_dec2", lambda: x.round(decimals=2)), ("trunc", lambda: x.trunc()),
    ("frac", lambda: x.frac()), ("logit", lambda: prob.logit()), ("sinc", lambda: x.sinc()), ("deg2rad", lambda: x.deg2rad()),
    ("atan2", lambda: x.atan2(y)), ("hypot", lambda: x.hypot(y)), ("remainder", lambda: x.remainder(pos)), ("fmod", lambda: x.fmod(pos)),
    ("xlogy", lambda: x.xlogy(pos)), ("lerp", lambda: x.lerp(y, 0.3)), ("lerp_tensor", lambda: x.lerp(y, prob)),
    ("pow_scalar_base", lambda: torch.pow(2.5, x)), ("maximum", lambda: torch.maximum(x, y)), ("fmax", lambda: torch.fmax(x, y)),
    ("clamp_tensor", lambda: x.clamp(lo, hi)),
    ("isnan", lambda: x.isnan()), ("isfinite", lambda: x.isfinite()), ("nan_to_num", lambda: x.nan_to_num()), ("signbit", lambda: x.signbit()),
    ("logical_and", lambda: mask.logical_and(mask)), ("bool_and", lambda: mask & mask), ("bitwise_and_int", lambda: ints & ints2),
    ("isclose", lambda: x.isclose(y)), ("mask_mul_float", lambda: mask * x), ("int_add_scalar", lambda: ints + 1),
    ("int_div_int", lambda: ints / ints2), ("int_remainder", lambda: ints.remainder(ints2)),
]
for name, f in cases:
    if filters and not any(a.lower() in name for a in filters):
        continue
    f(); f()
    # the best of short rounds (>= 1 call and >= 2 ms each, >= 250 ms and >= 5 rounds in all), as the DeepNotes side
    best, total, rounds = float("inf"), time.perf_counter(), 0
    while rounds < 5 or time.perf_counter() - total < 0.25:
        calls, t0 = 0, time.perf_counter()
        while True:
            f(); calls += 1
            el = time.perf_counter() - t0
            if el > 0.002:
                break
        best = min(best, el / calls * 1e6)
        rounds += 1
    print(f"elementwise/{name}\t{best:.1f}\t{n / best:.1f}")
