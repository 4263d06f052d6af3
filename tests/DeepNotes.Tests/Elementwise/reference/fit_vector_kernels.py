"""Fits the polynomials of the vectorised inverse-trigonometric kernels (src/DeepNotes/Kernels/InverseTrigKernels.cs).

    /usr/bin/python3 tests/DeepNotes.Tests/Elementwise/reference/fit_vector_kernels.py

Each kernel evaluates f(t) = t + t·z·P(z) with z = t² on a reduced range; P is fitted by weighted least squares on
Chebyshev nodes in 60-digit arithmetic (weights make it minimise the relative error of f), then rounded to the target
precision, and its maximum relative error over a dense grid is printed next to the C# literals.
"""
import mpmath as mp

mp.mp.dps = 60


def fit(g, zmax, degree, weight, n=400):
    nodes = [zmax * (1 - mp.cos(mp.pi * (k + 0.5) / n)) / 2 for k in range(n)]
    A = mp.matrix(n, degree + 1)
    b = mp.matrix(n, 1)
    for i, z in enumerate(nodes):
        w = weight(z)
        for j in range(degree + 1):
            A[i, j] = w * z ** j
        b[i] = w * g(z)
    # normal equations are ill-conditioned; solve by QR in high precision
    coeffs = mp.qr_solve(A, b)[0]
    return [coeffs[j] for j in range(degree + 1)]


def report(name, f, zmax, coeffs, ctype):
    rnd = (lambda c: float(mp.mpf(c))) if ctype == "double" else (lambda c: float(__import__("numpy").float32(float(c))))
    rc = [rnd(c) for c in coeffs]
    worst = 0
    for k in range(1, 3001):
        z = zmax * k / 3000
        t = mp.sqrt(z)
        p = 0
        for c in reversed(rc):
            p = p * z + mp.mpf(c)
        approx = t + t * z * p
        worst = max(worst, abs(approx / f(t) - 1))
    suffix = "" if ctype == "double" else "f"
    print(f"// {name} ({ctype}): degree {len(rc) - 1} in z on [0, {float(zmax):.6g}], max relative error {float(worst):.3g}")
    print("[" + ", ".join(repr(c) + suffix for c in rc) + "]")


def atan_g(z):
    t = mp.sqrt(z)
    return (mp.atan(t) - t) / (t * z) if z > 0 else mp.mpf(-1) / 3


def asin_g(z):
    t = mp.sqrt(z)
    return (mp.asin(t) - t) / (t * z) if z > 0 else mp.mpf(1) / 6


TAN_PI_8 = mp.tan(mp.pi / 8)
for ctype, da, ds in (("double", 10, 11), ("float", 4, 5)):
    za = TAN_PI_8 ** 2
    report("atan", mp.atan, za, fit(atan_g, za, da, lambda z: z), ctype)
    report("asin", mp.asin, mp.mpf(1) / 4, fit(asin_g, mp.mpf(1) / 4, ds, lambda z: z), ctype)
