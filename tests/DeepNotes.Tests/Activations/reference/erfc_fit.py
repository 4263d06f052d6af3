"""Fits the polynomial P used by the float32 (double-lane) erfc in src/DeepNotes/Kernels/ActivationsVectorMath.cs.

erfc(z) = t * exp(-z^2 + P(t)),  t = 1 / (1 + z/2),  z >= 0, t in (0, 1]

P(t) = log(erfc(z)) + z^2 - log(t) is smooth on [0, 1] (P(0) = -log(2 sqrt(pi)), the z -> inf limit), so a
least-squares Chebyshev fit at many Chebyshev nodes gives a near-minimax polynomial. The absolute error of P is the
relative error of erfc. Run with Debian's python3 (numpy, mpmath): /usr/bin/python3 erfc_fit.py
"""
import numpy as np
import mpmath

mpmath.mp.dps = 50
DEGREE = 13


def target(t):
    if t == 0:
        return float(-mpmath.log(2 * mpmath.sqrt(mpmath.pi)))
    t = mpmath.mpf(t)
    z = 2 * (1 / t - 1)
    return float(mpmath.log(mpmath.erfc(z)) + z * z - mpmath.log(t))


nodes = 0.5 + 0.5 * np.cos(np.pi * (np.arange(600) + 0.5) / 600)
values = np.array([target(t) for t in nodes])
fit = np.polynomial.chebyshev.Chebyshev.fit(nodes, values, DEGREE, domain=[0, 1])
coef = fit.convert(kind=np.polynomial.Polynomial, domain=[0, 1], window=[0, 1]).coef

# Check the complete formula, evaluated in double with the printed coefficients, against mpmath.
def erfc_approx(z):
    t = 1 / (1 + z / 2)
    p = 0.0
    for c in coef[::-1]:
        p = p * t + c
    return t * np.exp(-z * z + p)

worst = 0.0
for z in np.concatenate([np.linspace(0, 6, 6001), np.linspace(6, 26, 2001)]):
    exact = float(mpmath.erfc(z))
    worst = max(worst, abs(erfc_approx(z) - exact) / exact)
print(f"degree {DEGREE}: max relative error of erfc on [0, 26] = {worst:.3g}")
print("coefficients c0..c%d (P(t) = sum c_k t^k):" % DEGREE)
for c in coef:
    print(f"    {c!r},")
