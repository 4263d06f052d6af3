using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The row operations of <see cref="SeparableResampling"/>: along the last axis a gather (forward) or scatter (backward) through an
/// axis table, along the outer axes whole rows combined with scalar weights (vectorised, Vector512 with Vector256 and
/// scalar fallbacks). Every element is computed by the same code whatever the row length, so results do not depend on
/// alignment or thread count.
/// </summary>
internal static class ResampleRows
{
    /// <summary>dst[o] = Σ<sub>k</sub> w[o, k]·src[idx[o, k]] for every output o of the axis (in tap order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> src, Span<T> dst, ResampleAxis<T> axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T s = ref MemoryMarshal.GetReference(src);
        ref T d = ref MemoryMarshal.GetReference(dst);
        ref int idx = ref MemoryMarshal.GetArrayDataReference(axis.Index);
        ref T w = ref MemoryMarshal.GetArrayDataReference(axis.Weight);
        int n = axis.OutSize;
        if (axis.Unit)
        {
            for (int o = 0; o < n; o++) Unsafe.Add(ref d, o) = Unsafe.Add(ref s, Unsafe.Add(ref idx, o));
        }
        else if (axis.Taps == 2)
        {
            for (int o = 0; o < n; o++)
            {
                int t = 2 * o;
                Unsafe.Add(ref d, o) = Unsafe.Add(ref w, t) * Unsafe.Add(ref s, Unsafe.Add(ref idx, t))
                    + Unsafe.Add(ref w, t + 1) * Unsafe.Add(ref s, Unsafe.Add(ref idx, t + 1));
            }
        }
        else
        {
            int taps = axis.Taps;
            for (int o = 0; o < n; o++)
            {
                int t = o * taps, count = axis.CountOf(o);
                T sum = Unsafe.Add(ref w, t) * Unsafe.Add(ref s, Unsafe.Add(ref idx, t));
                for (int k = 1; k < count; k++) sum += Unsafe.Add(ref w, t + k) * Unsafe.Add(ref s, Unsafe.Add(ref idx, t + k));
                Unsafe.Add(ref d, o) = sum;
            }
        }
    }

    /// <summary>The adjoint of <see cref="Gather{T}"/>: dst[idx[o, k]] += w[o, k]·src[o], outputs in ascending order (dst is not cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scatter<T>(ReadOnlySpan<T> src, Span<T> dst, ResampleAxis<T> axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T s = ref MemoryMarshal.GetReference(src);
        ref T d = ref MemoryMarshal.GetReference(dst);
        ref int idx = ref MemoryMarshal.GetArrayDataReference(axis.Index);
        ref T w = ref MemoryMarshal.GetArrayDataReference(axis.Weight);
        int n = axis.OutSize, taps = axis.Taps;
        if (axis.Unit)
        {
            for (int o = 0; o < n; o++) Unsafe.Add(ref d, Unsafe.Add(ref idx, o)) += Unsafe.Add(ref s, o);
            return;
        }
        for (int o = 0; o < n; o++)
        {
            int t = o * taps, count = axis.CountOf(o);
            T g = Unsafe.Add(ref s, o);
            for (int k = 0; k < count; k++) Unsafe.Add(ref d, Unsafe.Add(ref idx, t + k)) += Unsafe.Add(ref w, t + k) * g;
        }
    }

    /// <summary>
    /// dst = Σ<sub>k</sub> w[o, k]·src[idx[o, k]·len .. +len] for output <paramref name="o"/> of the axis: whole rows (or
    /// slabs) of length <paramref name="len"/> combined.
    /// </summary>
    public static void Combine<T>(ReadOnlySpan<T> src, Span<T> dst, int len, ResampleAxis<T> axis, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int t = o * axis.Taps, count = axis.CountOf(o);
        ReadOnlySpan<T> a = src.Slice(axis.Index[t] * len, len);
        if (axis.Unit)
        {
            a.CopyTo(dst);
            return;
        }
        if (count == 1)
        {
            Scale(a, axis.Weight[t], dst);
            return;
        }
        Lerp(a, axis.Weight[t], src.Slice(axis.Index[t + 1] * len, len), axis.Weight[t + 1], dst);
        for (int k = 2; k < count; k++) AddScaled(src.Slice(axis.Index[t + k] * len, len), axis.Weight[t + k], dst);
    }

    /// <summary>The adjoint of <see cref="Combine{T}"/>: dst[idx[o, k]·len ..] += w[o, k]·src for output <paramref name="o"/>.</summary>
    public static void Spread<T>(ReadOnlySpan<T> src, Span<T> dst, int len, ResampleAxis<T> axis, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int t = o * axis.Taps, count = axis.CountOf(o);
        for (int k = 0; k < count; k++) AddScaled(src, axis.Weight[t + k], dst.Slice(axis.Index[t + k] * len, len));
    }

    /// <summary>dst = w·a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale<T>(ReadOnlySpan<T> a, T w, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T pd = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vw = Vector512.Create(w);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                (vw * Vector512.LoadUnsafe(ref pa, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vw = Vector256.Create(w);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                (vw * Vector256.LoadUnsafe(ref pa, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref pd, i) = w * Unsafe.Add(ref pa, i);
    }

    /// <summary>dst = wa·a + wb·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lerp<T>(ReadOnlySpan<T> a, T wa, ReadOnlySpan<T> b, T wb, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T pb = ref MemoryMarshal.GetReference(b);
        ref T pd = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> va = Vector512.Create(wa), vb = Vector512.Create(wb);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                (va * Vector512.LoadUnsafe(ref pa, (nuint)i) + vb * Vector512.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> va = Vector256.Create(wa), vb = Vector256.Create(wb);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                (va * Vector256.LoadUnsafe(ref pa, (nuint)i) + vb * Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref pd, i) = wa * Unsafe.Add(ref pa, i) + wb * Unsafe.Add(ref pb, i);
    }

    /// <summary>dst += w·a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled<T>(ReadOnlySpan<T> a, T w, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T pd = ref MemoryMarshal.GetReference(dst);
        int n = dst.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vw = Vector512.Create(w);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                (Vector512.LoadUnsafe(ref pd, (nuint)i) + vw * Vector512.LoadUnsafe(ref pa, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vw = Vector256.Create(w);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                (Vector256.LoadUnsafe(ref pd, (nuint)i) + vw * Vector256.LoadUnsafe(ref pa, (nuint)i)).StoreUnsafe(ref pd, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref pd, i) += w * Unsafe.Add(ref pa, i);
    }
}
