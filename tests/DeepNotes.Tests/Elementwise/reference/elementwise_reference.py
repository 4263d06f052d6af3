"""Prints PyTorch 1.13 reference values for tests/DeepNotes.Tests/Elementwise as a C# source file.

Run with Debian's PyTorch from the repository root:
    /usr/bin/python3 tests/DeepNotes.Tests/Elementwise/reference/elementwise_reference.py \
        > tests/DeepNotes.Tests/Elementwise/ElementwiseTorchReference.cs
Every case is float64 with fixed inputs that include the special points (0, +-1, large, NaN, +-inf where
meaningful). For each case it records the inputs, the output and, for differentiable ops, the gradient of
sum(output) with respect to every input (elementwise ops: that is the derivative at each point).
"""
import math

import torch

NAN, INF = float("nan"), float("inf")


def lit(v):
    v = float(v)
    if math.isnan(v):
        return "double.NaN"
    if math.isinf(v):
        return "double.PositiveInfinity" if v > 0 else "double.NegativeInfinity"
    r = repr(v)
    return r if ("." in r or "e" in r) else r + ".0"


def arr(t):
    return "[" + ", ".join(lit(v) for v in t.flatten().tolist()) + "]"


cases = []


def case(name, fn, *inputs, grad=True):
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=grad) for x in inputs]
    y = fn(*ts)
    grads = []
    if grad:
        gs = torch.autograd.grad(y.sum(), ts, allow_unused=True)
        grads = [g if g is not None else torch.zeros_like(t) for g, t in zip(gs, ts)]
    ins = ", ".join(arr(t.detach()) for t in ts)
    gr = ", ".join(arr(g) for g in grads)
    cases.append(f'        ["{name}"] = new([{ins}], {arr(y.detach())}, [{gr}]),')


trig = [0.0, 1.0, -1.0, 0.5, -2.5, 10.0, 100.0, 1e6, 1e-300, NAN, INF, -INF]
unit = [-1.0, -0.999, -0.5, 0.0, 1e-10, -1e-200, 0.3, 0.5, 0.999, 1.0, 1.5, -1.5, NAN]
hyper = [0.0, 1.0, -1.0, 0.5, -3.0, 20.0, 700.0, -700.0, 1e-200, 1e-10, -3e-5, 0.9, 19.9, 710.0, NAN, INF, -INF]
case("Sin", torch.sin, trig)
case("Cos", torch.cos, trig)
case("Tan", torch.tan, trig)
case("Asin", torch.asin, unit)
case("Acos", torch.acos, unit)
case("Atan", torch.atan, trig + [1e300])
case("Sinh", torch.sinh, hyper)
case("Cosh", torch.cosh, hyper)
case("Asinh", torch.asinh, hyper + [1e300])
case("Acosh", torch.acosh, [1.0, 1.0001, 1.5, 2.0, 10.0, 1e10, 1e300, 0.5, NAN, INF])
case("Atanh", torch.atanh, unit)
erfx = [0.0, 1e-10, -1e-10, 0.1, 0.5, -0.5, 0.9, 1.0, -1.0, 2.0, -2.0, 3.0, 5.0, 6.0, -6.0, 10.0, 26.0, NAN, INF, -INF]
case("Erf", torch.erf, erfx)
case("Erfc", torch.erfc, erfx + [-27.0, 0.46875, 4.0, 27.0])
case("Erfinv", torch.erfinv, [-1.0, -0.999999, -0.9, -0.5, 0.0, 1e-10, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999999, 1.0, 1.5, NAN])
case("Log1p", torch.log1p, [-1.0, -0.999, -0.5, -1e-10, 0.0, 1e-20, 1e-10, 1e-5, 0.5, 1.0, 1e10, INF, -2.0, NAN])
case("Expm1", torch.expm1, [0.0, 1e-20, -1e-10, 1e-5, 0.5, -0.5, 1.0, 10.0, -40.0, 700.0, 710.0, -INF, INF, NAN])
logx = [0.0, 1e-300, 0.5, 1.0, 2.0, 8.0, 10.0, 1000.0, 1e300, INF, -1.0, NAN]
case("Log2", torch.log2, logx)
case("Log10", torch.log10, logx)
case("Exp2", torch.exp2, [-1075.0, -10.0, -1.0, 0.0, 0.5, 1.0, 10.0, 1023.0, 1024.0, INF, -INF, NAN])
case("Reciprocal", torch.reciprocal, [0.0, 1.0, -2.0, 0.5, 3.0, 1e-300, 1e300, INF, -INF, NAN])
case("Rsqrt", torch.rsqrt, [0.0, 0.25, 1.0, 2.0, 4.0, 1e300, INF, -1.0, NAN])
case("Square", torch.square, [0.0, 1.0, -2.0, 1.5, 1e200, -3e-5, NAN, INF])
rnd = [-2.5, -1.5, -0.5, -0.4, 0.0, 0.4, 0.5, 1.5, 2.5, 3.7, -3.7, 1e20, 4503599627370497.0, NAN, INF, -INF]
case("Floor", torch.floor, rnd)
case("Ceil", torch.ceil, rnd)
case("Round", torch.round, rnd)
case("Trunc", torch.trunc, rnd)
case("Frac", torch.frac, [-2.5, -0.5, 0.0, 0.5, 3.75, -3.75, 1e20, NAN, INF])
dec = [0.05, 0.15, 0.25, 1.25, 1.35, -1.25, 2.675, 1234.5, 1250.0, 1350.0, -1350.0, 1e300, NAN, INF]
for d in (1, 2, 3, -1, -2):
    case(f"Round{d}", lambda x, d=d: torch.round(x, decimals=d), dec)
lg = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.5, -0.5, NAN]
case("Logit", torch.logit, lg)
case("Logit0.25", lambda x: torch.logit(x, eps=0.25), lg)
case("Logit0", lambda x: torch.logit(x, eps=0.0), lg)
case("Sinc", torch.sinc, [0.0, 1e-10, 0.5, 1.0, -1.0, 1.5, 2.0, 10.25, -3.3, 1e6 + 0.5, INF, NAN])
case("Deg2Rad", torch.deg2rad, [0.0, 90.0, -180.0, 360.0, 1e10, NAN, INF])
case("Rad2Deg", torch.rad2deg, [0.0, math.pi / 2, -math.pi, 1.0, 1e10, NAN, INF])
case("NanToNum", torch.nan_to_num, [NAN, INF, -INF, 1.0, -2.0, 0.0])
case("NanToNum1,2,-3", lambda x: torch.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-3.0), [NAN, INF, -INF, 1.0, -2.0, 0.0])

case("Atan2", torch.atan2,
     [0.0, 0.0, -0.0, -0.0, 1.0, -1.0, 1.0, -1.0, 0.0, 2.0, INF, INF, -INF, NAN, 1e-300, 3.0],
     [0.0, -0.0, 0.0, -0.0, 1.0, 1.0, -1.0, -1.0, 1.0, 0.0, 1.0, INF, -INF, 1.0, 1e300, -4.0])
case("Hypot", torch.hypot,
     [0.0, 3.0, -3.0, 1e200, 1e-200, INF, NAN, 0.0, 5.0, -1e300],
     [0.0, 4.0, 4.0, 1e200, 1e-200, NAN, INF, -2.0, 12.0, 1e300])
rem_a = [-3.0, 3.0, -3.0, 3.0, 5.0, 5.0, -5.5, 7.5, 1e10, 0.0, -0.0, INF, NAN, 2.0, 1e300, -7.0]
rem_b = [2.0, -2.0, 0.0, INF, -INF, 2.0, 2.0, -2.0, 3.3, 5.0, 5.0, 2.0, 2.0, NAN, 7.0, 0.3]
case("Remainder", torch.remainder, rem_a, rem_b)
case("Fmod", torch.fmod, rem_a, rem_b)
case("Xlogy", torch.xlogy, [0.0, 0.0, 0.0, 1.0, 2.0, -1.0, 0.5, NAN, 3.0, 0.0, 1e-300], [0.0, NAN, INF, 0.0, 3.0, 2.0, 0.25, 1.0, -1.0, 5.0, 1e300])
ls = [0.0, 1.0, -2.0, 10.0, 3.5, 1e10, -1.0]
le = [1.0, 3.0, 2.0, -10.0, 3.5, -1e10, 0.1]
for w in (0.0, 0.3, 0.5, 0.7, 1.0, 1.5, -0.5):
    case(f"Lerp{w}", lambda a, b, w=w: torch.lerp(a, b, w), ls, le)
case("LerpTensor", torch.lerp, ls, le, [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, -0.5])
case("PowBase2", lambda e: torch.pow(2.0, e), [-2.0, 0.0, 0.5, 3.0, -1075.0, 1024.0, NAN, INF, -INF])
case("PowBase0", lambda e: torch.pow(0.0, e), [0.0, 1.0, 2.0, -1.0, 0.5, -0.5])
case("PowBaseMinus2", lambda e: torch.pow(-2.0, e), [2.0, 3.0, 0.5, 0.0, -1.0])
case("PowBase0.5", lambda e: torch.pow(0.5, e), [2.0, -3.0, 0.0, 10.0])
mm_a = [1.0, 2.0, 3.0, NAN, NAN, 1.0, -0.0, INF, -INF, 0.0]
mm_b = [1.0, 0.0, 5.0, 1.0, NAN, NAN, 0.0, INF, 1.0, -0.0]
case("Maximum", torch.maximum, mm_a, mm_b)
case("Minimum", torch.minimum, mm_a, mm_b)
case("Fmax", torch.fmax, mm_a, mm_b)
case("Fmin", torch.fmin, mm_a, mm_b)
cx = [0.0, 1.0, 2.0, 3.0, 4.0, NAN, 2.0, 5.0, 2.0, 0.5, 2.0]
cmin = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0, NAN, 2.0, 1.0, 1.0]
cmax = [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 1.0, 4.0, 2.0, NAN, 2.0]
case("ClampMinMax", lambda x, lo, hi: torch.clamp(x, min=lo, max=hi), cx, cmin, cmax)
case("ClampMin", lambda x, lo: torch.clamp(x, min=lo), cx, cmin)
case("ClampMax", lambda x, hi: torch.clamp(x, max=hi), cx, cmax)

# High-precision values (mpmath, 50 digits, at the exact double inputs) for the functions with our own kernels,
# including the tails where a naive formula loses every digit: our results must be within a few ulp of these.
import mpmath  # noqa: E402

mpmath.mp.dps = 50
accurate = {
    "Erf": (mpmath.erf, [1e-300, 1e-20, 1e-8, 0.1, 0.4, 0.84375, 1.25, 2.5, 3.9, 5.9, -0.7]),
    "Erfc": (mpmath.erfc, [1e-300, 1e-8, 0.1, 0.4, 0.84375, 1.25, 2.5, 3.9, 5.9, 8.0, 12.0, 20.0, 26.5, -0.5, -3.0]),
    "Erfinv": (mpmath.erfinv, [1e-300, 1e-12, 0.1, 0.5, 0.9, 0.99, 0.999999, 1 - 1e-12, -0.7]),
    "Log1p": (mpmath.log1p, [1e-300, 1e-17, -1e-17, 1e-9, -0.3, 3e-5, 0.7, 1e5]),
    "Expm1": (mpmath.expm1, [1e-300, 1e-17, -1e-17, 1e-9, -0.3, 3e-5, 2.0, -30.0, 700.0]),
    "Sinh": (mpmath.sinh, [1e-300, 1e-9, -3e-5, 0.7, 5.0, 19.9, 30.0, 710.0]),
    "Cosh": (mpmath.cosh, [1e-9, -3e-5, 0.7, 5.0, 19.9, 30.0, -710.0]),
    "Exp2": (lambda v: mpmath.mpf(2) ** v, [-1074.0, -1000.3, -3.7, 1e-10, 0.5, 10.25, 1000.3, 1023.9]),
}
acc_lines = []
for name, (f, xs) in accurate.items():
    xs_text = ", ".join(lit(x) for x in xs)
    ys_text = ", ".join(lit(float(f(mpmath.mpf(x)))) for x in xs)
    acc_lines.append(f'        ["{name}"] = ([{xs_text}], [{ys_text}]),')

print("// <auto-generated> by reference/elementwise_reference.py with torch " + torch.__version__ + "; do not edit by hand. </auto-generated>")
print("namespace DeepNotes.Tests.Elementwise;")
print()
print("/// <summary>One torch case: the inputs, the output, and d sum(output) / d input for every input (empty when not differentiable).</summary>")
print("public sealed record TorchCase(double[][] Inputs, double[] Output, double[][] Grads);")
print()
print("/// <summary>PyTorch 1.13 values (float64) for the elementwise ops, printed by reference/elementwise_reference.py.</summary>")
print("public static class ElementwiseTorchReference")
print("{")
print("    public static readonly Dictionary<string, TorchCase> Cases = new()")
print("    {")
for c in cases:
    print(c)
print("    };")
print()
print("    /// <summary>Correctly rounded values from mpmath (50 digits) for the functions computed by our own kernels.</summary>")
print("    public static readonly Dictionary<string, (double[] X, double[] Y)> Accurate = new()")
print("    {")
for line in acc_lines:
    print(line)
print("    };")
print("}")
