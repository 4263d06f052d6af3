"""Fits the coefficients of the Float32 erf/erfc kernel (src/DeepNotes/Kernels/ErfFloat.cs).

Model, for z >= 0: erfc(z) = t * exp(-z^2 + P(t)) with t = 2 / (2 + z) and P a degree-12 polynomial, least-squares
fitted on Chebyshev nodes in t over z in [0, 10.5] (erfc underflows Float32 beyond ~10.05) against mpmath values.
Maximum relative error of the fit, evaluated in double: 1.7e-10 (far below Float32's 6e-8).
Run: /usr/bin/python3 tools/fit_erfc_float32.py  (prints the coefficients, constant term first)
"""
import mpmath
import numpy as np

mpmath.mp.dps = 30
lo, deg, nodes = 2 / (2 + 10.5), 12, 400
k = np.arange(nodes)
t = lo + (1 - lo) * (np.cos(np.pi * (k + 0.5) / nodes) + 1) / 2
z = 2 / t - 2
f = np.array([float(mpmath.log(mpmath.erfc(mpmath.mpf(a)) / mpmath.mpf(b)) + mpmath.mpf(a) ** 2) for a, b in zip(z, t)])
c = np.polynomial.chebyshev.Chebyshev.fit(t, f, deg).convert(kind=np.polynomial.Polynomial).coef
print(", ".join(repr(float(v)) for v in c))
zz = np.linspace(0, 10.5, 3001)
tt = 2 / (2 + zz)
approx = tt * np.exp(-zz * zz + np.polyval(c[::-1], tt))
exact = np.array([float(mpmath.erfc(v)) for v in zz])
print("max relative error", np.max(np.abs(approx / exact - 1)))
