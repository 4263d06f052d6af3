"""Fits the polynomial Q used by the float-lane normal tail (exact GELU on Float32) in
src/DeepNotes/Kernels/ActivationsVectorMath.cs:

    Phi(-a) = exp(-a^2/2) * t * Q(t),   t = 1 / (1 + a/4),   a >= 0,

Phi the standard normal CDF. R(a) = Phi(-a) * exp(a^2/2) (Mills' ratio over sqrt(2 pi)) is smooth on [0, inf) and
~ 1/(a sqrt(2 pi)) far out, so Q(t) = R(a)/t is smooth on (0, 1]. Q is fitted for minimal *relative* error on
a in [0, 15] (t in [1/4.75, 1]; float GELU results are 0 beyond a ~ 14) by Lawson-reweighted least squares on
Chebyshev nodes, which converges to the minimax fit. Degree 9: 8.6e-9 relative in double, ~0.15 float ulp.
Run with Debian's python3 (numpy, mpmath): /usr/bin/python3 normal_tail_fit.py
"""
import numpy as np
import mpmath

mpmath.mp.dps = 40
AMAX, C, DEGREE, NODES = 15.0, 0.25, 9, 400


def mills(a):
    a = mpmath.mpf(a)
    return mpmath.ncdf(-a) * mpmath.exp(a * a / 2)


tmin = 1 / (1 + C * AMAX)
k = np.arange(NODES)
nodes = (tmin + 1) / 2 + (1 - tmin) / 2 * np.cos(np.pi * (k + 0.5) / NODES)
q = np.array([float(mills((1 / t - 1) / C)) / t for t in nodes])
u = (2 * nodes - (tmin + 1)) / (1 - tmin)
basis = np.polynomial.chebyshev.chebvander(u, DEGREE) / q[:, None]   # rows: relative error of each coefficient
w = np.full(NODES, 1.0 / NODES)
for _ in range(40):                                                   # Lawson: weights follow the error
    coef, *_ = np.linalg.lstsq(basis * np.sqrt(w)[:, None], np.sqrt(w), rcond=None)
    err = basis @ coef - 1
    w = w * np.abs(err)
    w /= w.sum()
poly = np.polynomial.chebyshev.Chebyshev(coef, domain=[tmin, 1]).convert(
    kind=np.polynomial.Polynomial, domain=[tmin, 1], window=[tmin, 1]).coef

worst = 0.0
for a in np.linspace(0, AMAX, 6001):
    t = 1 / (1 + C * a)
    worst = max(worst, abs(np.polyval(poly[::-1], t) * t / float(mills(a)) - 1))
print(f"degree {DEGREE}: max relative error of Phi(-a) on [0, {AMAX}] (double evaluation) = {worst:.3g}")
print("coefficients c0..c%d (Q(t) = sum c_k t^k), as float32:" % DEGREE)
print(", ".join(f"{np.float32(c)!r}f" for c in poly))
