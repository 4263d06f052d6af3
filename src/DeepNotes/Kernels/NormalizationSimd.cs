using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The span loops every normalization kernel is made of: sums, centred sums of squares, the normalise-and-scale map
/// and the backward maps, each one pass over contiguous memory with two <see cref="Vector512{T}"/> accumulators
/// (used whenever 256-bit vectors are accelerated: the JIT splits a 512-bit vector into two 256-bit halves on AVX2)
/// and a scalar tail. The order of operations depends only on the span length, never on where the span sits in memory
/// or on the thread running it, so results are reproducible bit for bit. Deviations are always formed as x − mean
/// before squaring or multiplying, so large offsets do not cancel catastrophically.
/// </summary>
internal static class NormalizationSimd
{
    private static bool UseVectors => Vector256.IsHardwareAccelerated;

    /// <summary>Σ x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        T s = T.Zero;
        if (UseVectors && n >= w)
        {
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, (nuint)i);
                a1 += Vector512.LoadUnsafe(ref xr, (nuint)(i + w));
            }
            if (i <= n - w)
            {
                a0 += Vector512.LoadUnsafe(ref xr, (nuint)i);
                i += w;
            }
            s = Vector512.Sum(a0 + a1);
        }
        for (; i < n; i++) s += Unsafe.Add(ref xr, i);
        return s;
    }

    /// <summary>Σ (x − mean)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SumSquaredDeviations<T>(ReadOnlySpan<T> x, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        T s = T.Zero;
        if (UseVectors && n >= w)
        {
            Vector512<T> m = Vector512.Create(mean), a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Vector512<T> d0 = Vector512.LoadUnsafe(ref xr, (nuint)i) - m;
                Vector512<T> d1 = Vector512.LoadUnsafe(ref xr, (nuint)(i + w)) - m;
                a0 = SimdVector.Fma(d0, d0, a0);
                a1 = SimdVector.Fma(d1, d1, a1);
            }
            if (i <= n - w)
            {
                Vector512<T> d0 = Vector512.LoadUnsafe(ref xr, (nuint)i) - m;
                a0 = SimdVector.Fma(d0, d0, a0);
                i += w;
            }
            s = Vector512.Sum(a0 + a1);
        }
        for (; i < n; i++)
        {
            T d = Unsafe.Add(ref xr, i) - mean;
            s += d * d;
        }
        return s;
    }

    /// <summary>y = (x − mean)·scale + shift with scalar mean, scale and shift (x and y may be the same span).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CenterScaleShift<T>(ReadOnlySpan<T> x, T mean, T scale, T shift, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (UseVectors)
        {
            Vector512<T> m = Vector512.Create(mean), a = Vector512.Create(scale), b = Vector512.Create(shift);
            for (; i <= n - w; i += w)
                SimdVector.Fma(Vector512.LoadUnsafe(ref xr, (nuint)i) - m, a, b).StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = T.FusedMultiplyAdd(Unsafe.Add(ref xr, i) - mean, scale, shift);
    }

    /// <summary>y = (x − mean)·rstd·γ + β with per-element γ and β (LayerNorm's forward map).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeAffine<T>(ReadOnlySpan<T> x, T mean, T rstd, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T gr = ref MemoryMarshal.GetReference(gamma);
        ref T br = ref MemoryMarshal.GetReference(beta);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (UseVectors)
        {
            Vector512<T> m = Vector512.Create(mean), r = Vector512.Create(rstd);
            for (; i <= n - w; i += w)
            {
                Vector512<T> h = (Vector512.LoadUnsafe(ref xr, (nuint)i) - m) * r;
                SimdVector.Fma(h, Vector512.LoadUnsafe(ref gr, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i))
                    .StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref yr, i) = T.FusedMultiplyAdd((Unsafe.Add(ref xr, i) - mean) * rstd, Unsafe.Add(ref gr, i), Unsafe.Add(ref br, i));
    }

    /// <summary>(Σ dy, Σ dy·(x − mean)): the two sums of a per-channel backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (T SumDy, T SumDyCentered) SumAndCenteredDot<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, T mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T gr = ref MemoryMarshal.GetReference(dy);
        ref T xr = ref MemoryMarshal.GetReference(x);
        T s1 = T.Zero, s2 = T.Zero;
        if (UseVectors && n >= w)
        {
            Vector512<T> m = Vector512.Create(mean);
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, b0 = Vector512<T>.Zero, b1 = Vector512<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Vector512<T> g0 = Vector512.LoadUnsafe(ref gr, (nuint)i), g1 = Vector512.LoadUnsafe(ref gr, (nuint)(i + w));
                a0 += g0;
                a1 += g1;
                b0 = SimdVector.Fma(g0, Vector512.LoadUnsafe(ref xr, (nuint)i) - m, b0);
                b1 = SimdVector.Fma(g1, Vector512.LoadUnsafe(ref xr, (nuint)(i + w)) - m, b1);
            }
            if (i <= n - w)
            {
                Vector512<T> g0 = Vector512.LoadUnsafe(ref gr, (nuint)i);
                a0 += g0;
                b0 = SimdVector.Fma(g0, Vector512.LoadUnsafe(ref xr, (nuint)i) - m, b0);
                i += w;
            }
            s1 = Vector512.Sum(a0 + a1);
            s2 = Vector512.Sum(b0 + b1);
        }
        for (; i < n; i++)
        {
            T g = Unsafe.Add(ref gr, i);
            s1 += g;
            s2 += g * (Unsafe.Add(ref xr, i) - mean);
        }
        return (s1, s2);
    }

    /// <summary>(Σ dy·γ, Σ dy·γ·(x − mean)) with per-element γ (LayerNorm's backward sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (T SumA, T SumACentered) GammaSums<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> gamma, ReadOnlySpan<T> x, T mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T dr = ref MemoryMarshal.GetReference(dy);
        ref T gr = ref MemoryMarshal.GetReference(gamma);
        ref T xr = ref MemoryMarshal.GetReference(x);
        T s1 = T.Zero, s2 = T.Zero;
        if (UseVectors && n >= w)
        {
            Vector512<T> m = Vector512.Create(mean);
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, b0 = Vector512<T>.Zero, b1 = Vector512<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                Vector512<T> g0 = Vector512.LoadUnsafe(ref dr, (nuint)i) * Vector512.LoadUnsafe(ref gr, (nuint)i);
                Vector512<T> g1 = Vector512.LoadUnsafe(ref dr, (nuint)(i + w)) * Vector512.LoadUnsafe(ref gr, (nuint)(i + w));
                a0 += g0;
                a1 += g1;
                b0 = SimdVector.Fma(g0, Vector512.LoadUnsafe(ref xr, (nuint)i) - m, b0);
                b1 = SimdVector.Fma(g1, Vector512.LoadUnsafe(ref xr, (nuint)(i + w)) - m, b1);
            }
            if (i <= n - w)
            {
                Vector512<T> g0 = Vector512.LoadUnsafe(ref dr, (nuint)i) * Vector512.LoadUnsafe(ref gr, (nuint)i);
                a0 += g0;
                b0 = SimdVector.Fma(g0, Vector512.LoadUnsafe(ref xr, (nuint)i) - m, b0);
                i += w;
            }
            s1 = Vector512.Sum(a0 + a1);
            s2 = Vector512.Sum(b0 + b1);
        }
        for (; i < n; i++)
        {
            T g = Unsafe.Add(ref dr, i) * Unsafe.Add(ref gr, i);
            s1 += g;
            s2 += g * (Unsafe.Add(ref xr, i) - mean);
        }
        return (s1, s2);
    }

    /// <summary>dx = dy·c1 + (x − mean)·c2 + c3 with scalar coefficients (a per-channel backward map).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardMap<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, T mean, T c1, T c2, T c3, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T gr = ref MemoryMarshal.GetReference(dy);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(dx);
        if (UseVectors)
        {
            Vector512<T> m = Vector512.Create(mean), v1 = Vector512.Create(c1), v2 = Vector512.Create(c2), v3 = Vector512.Create(c3);
            for (; i <= n - w; i += w)
            {
                Vector512<T> t = SimdVector.Fma(Vector512.LoadUnsafe(ref xr, (nuint)i) - m, v2, v3);
                SimdVector.Fma(Vector512.LoadUnsafe(ref gr, (nuint)i), v1, t).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = T.FusedMultiplyAdd(Unsafe.Add(ref gr, i), c1, T.FusedMultiplyAdd(Unsafe.Add(ref xr, i) - mean, c2, c3));
    }

    /// <summary>
    /// LayerNorm's row backward: dx = dy·γ·rstd + (x − mean)·c2 + c3, and, when <paramref name="dgamma"/> is not empty,
    /// dγ += dy·(x − mean)·rstd and dβ += dy (the per-block partial sums of the affine gradients).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LayerNormRowBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> gamma, ReadOnlySpan<T> x, T mean, T rstd, T c2, T c3,
        Span<T> dx, Span<T> dgamma, Span<T> dbeta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        bool affine = !dgamma.IsEmpty;
        ref T gr = ref MemoryMarshal.GetReference(dy);
        ref T wr = ref MemoryMarshal.GetReference(gamma);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(dx);
        ref T dwr = ref MemoryMarshal.GetReference(dgamma);
        ref T dbr = ref MemoryMarshal.GetReference(dbeta);
        if (UseVectors)
        {
            Vector512<T> m = Vector512.Create(mean), r = Vector512.Create(rstd), v2 = Vector512.Create(c2), v3 = Vector512.Create(c3);
            for (; i <= n - w; i += w)
            {
                Vector512<T> g = Vector512.LoadUnsafe(ref gr, (nuint)i);
                Vector512<T> d = Vector512.LoadUnsafe(ref xr, (nuint)i) - m;
                Vector512<T> t = SimdVector.Fma(d, v2, v3);
                SimdVector.Fma(g * Vector512.LoadUnsafe(ref wr, (nuint)i), r, t).StoreUnsafe(ref dr, (nuint)i);
                if (affine)
                {
                    SimdVector.Fma(g, d * r, Vector512.LoadUnsafe(ref dwr, (nuint)i)).StoreUnsafe(ref dwr, (nuint)i);
                    (Vector512.LoadUnsafe(ref dbr, (nuint)i) + g).StoreUnsafe(ref dbr, (nuint)i);
                }
            }
        }
        for (; i < n; i++)
        {
            T g = Unsafe.Add(ref gr, i);
            T d = Unsafe.Add(ref xr, i) - mean;
            Unsafe.Add(ref dr, i) = T.FusedMultiplyAdd(g * Unsafe.Add(ref wr, i), rstd, T.FusedMultiplyAdd(d, c2, c3));
            if (affine)
            {
                Unsafe.Add(ref dwr, i) = T.FusedMultiplyAdd(g, d * rstd, Unsafe.Add(ref dwr, i));
                Unsafe.Add(ref dbr, i) += g;
            }
        }
    }

    /// <summary>acc += x, elementwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto<T>(ReadOnlySpan<T> x, Span<T> acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T ar = ref MemoryMarshal.GetReference(acc);
        if (UseVectors)
            for (; i <= n - w; i += w)
                (Vector512.LoadUnsafe(ref ar, (nuint)i) + Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref ar, i) += Unsafe.Add(ref xr, i);
    }

    /// <summary>acc += (x − mean)² elementwise, with a per-element mean (the batch-norm path over [N, C] rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddSquaredDeviations<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, Span<T> acc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T mr = ref MemoryMarshal.GetReference(mean);
        ref T ar = ref MemoryMarshal.GetReference(acc);
        if (UseVectors)
            for (; i <= n - w; i += w)
            {
                Vector512<T> d = Vector512.LoadUnsafe(ref xr, (nuint)i) - Vector512.LoadUnsafe(ref mr, (nuint)i);
                SimdVector.Fma(d, d, Vector512.LoadUnsafe(ref ar, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
            }
        for (; i < n; i++)
        {
            T d = Unsafe.Add(ref xr, i) - Unsafe.Add(ref mr, i);
            Unsafe.Add(ref ar, i) = T.FusedMultiplyAdd(d, d, Unsafe.Add(ref ar, i));
        }
    }

    /// <summary>sumDy += dy and sumDyCentered += dy·(x − mean) elementwise, with a per-element mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddCenteredProducts<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, Span<T> sumDy, Span<T> sumDyCentered)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T gr = ref MemoryMarshal.GetReference(dy);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T mr = ref MemoryMarshal.GetReference(mean);
        ref T ar = ref MemoryMarshal.GetReference(sumDy);
        ref T br = ref MemoryMarshal.GetReference(sumDyCentered);
        if (UseVectors)
            for (; i <= n - w; i += w)
            {
                Vector512<T> g = Vector512.LoadUnsafe(ref gr, (nuint)i);
                (Vector512.LoadUnsafe(ref ar, (nuint)i) + g).StoreUnsafe(ref ar, (nuint)i);
                Vector512<T> d = Vector512.LoadUnsafe(ref xr, (nuint)i) - Vector512.LoadUnsafe(ref mr, (nuint)i);
                SimdVector.Fma(g, d, Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref br, (nuint)i);
            }
        for (; i < n; i++)
        {
            T g = Unsafe.Add(ref gr, i);
            Unsafe.Add(ref ar, i) += g;
            Unsafe.Add(ref br, i) = T.FusedMultiplyAdd(g, Unsafe.Add(ref xr, i) - Unsafe.Add(ref mr, i), Unsafe.Add(ref br, i));
        }
    }

    /// <summary>y = (x − mean)·scale + shift with per-element mean, scale and shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CenterScaleShift<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> scale, ReadOnlySpan<T> shift, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T mr = ref MemoryMarshal.GetReference(mean);
        ref T ar = ref MemoryMarshal.GetReference(scale);
        ref T br = ref MemoryMarshal.GetReference(shift);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (UseVectors)
            for (; i <= n - w; i += w)
                SimdVector.Fma(Vector512.LoadUnsafe(ref xr, (nuint)i) - Vector512.LoadUnsafe(ref mr, (nuint)i), Vector512.LoadUnsafe(ref ar, (nuint)i),
                    Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++)
            Unsafe.Add(ref yr, i) = T.FusedMultiplyAdd(Unsafe.Add(ref xr, i) - Unsafe.Add(ref mr, i), Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i));
    }

    /// <summary>dx = dy·c1 + (x − mean)·c2 + c3 with per-element mean and coefficients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardMap<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> c1, ReadOnlySpan<T> c2,
        ReadOnlySpan<T> c3, Span<T> dx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length, w = Vector512<T>.Count, i = 0;
        ref T gr = ref MemoryMarshal.GetReference(dy);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T mr = ref MemoryMarshal.GetReference(mean);
        ref T r1 = ref MemoryMarshal.GetReference(c1);
        ref T r2 = ref MemoryMarshal.GetReference(c2);
        ref T r3 = ref MemoryMarshal.GetReference(c3);
        ref T dr = ref MemoryMarshal.GetReference(dx);
        if (UseVectors)
            for (; i <= n - w; i += w)
            {
                Vector512<T> d = Vector512.LoadUnsafe(ref xr, (nuint)i) - Vector512.LoadUnsafe(ref mr, (nuint)i);
                Vector512<T> t = SimdVector.Fma(d, Vector512.LoadUnsafe(ref r2, (nuint)i), Vector512.LoadUnsafe(ref r3, (nuint)i));
                SimdVector.Fma(Vector512.LoadUnsafe(ref gr, (nuint)i), Vector512.LoadUnsafe(ref r1, (nuint)i), t).StoreUnsafe(ref dr, (nuint)i);
            }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = T.FusedMultiplyAdd(Unsafe.Add(ref gr, i), Unsafe.Add(ref r1, i),
                T.FusedMultiplyAdd(Unsafe.Add(ref xr, i) - Unsafe.Add(ref mr, i), Unsafe.Add(ref r2, i), Unsafe.Add(ref r3, i)));
    }
}
