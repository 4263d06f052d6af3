using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// The row operations of <see cref="SeparableResampling"/>: along the last axis a gather (forward) or scatter (backward) through an
/// axis table, along the outer axes whole rows combined with scalar weights (vectorised, Vector512 with Vector256 and
/// scalar fallbacks). Every element is computed by the same code whatever the row length, so results do not depend on
/// alignment or thread count.
/// </summary>
internal static unsafe class ResampleRows
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
            int o = 0;
            if (axis.Doubling && typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
                o = 2 * DoubleFloats(ref Unsafe.As<T, float>(ref s), ref Unsafe.As<T, float>(ref d), axis.InSize);
            for (; o < n; o++) Unsafe.Add(ref d, o) = Unsafe.Add(ref s, Unsafe.Add(ref idx, o));
        }
        else if (axis.Taps == 2)
        {
            int first = 0;
            if (typeof(T) == typeof(float) && Avx2.IsSupported && axis.Pairs is { } pairs)
            {
                fixed (T* source = src)
                    first = GatherPairs((float*)source, ref Unsafe.As<T, float>(ref d), pairs.Index0, pairs.Index1,
                        Unsafe.As<float[]>(pairs.Weight0), Unsafe.As<float[]>(pairs.Weight1), n);
            }
            for (int o = first; o < n; o++)
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

    /// <summary>d[2i] = d[2i + 1] = s[i] sixteen inputs at a time (Vector512 permutes); returns the inputs done.</summary>
    private static int DoubleFloats(ref float s, ref float d, int inputs)
    {
        int i = 0;
        for (; i <= inputs - 16; i += 16)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref s, (nuint)i);
            Vector512.Shuffle(v, Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7)).StoreUnsafe(ref d, (nuint)(2 * i));
            Vector512.Shuffle(v, Vector512.Create(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15)).StoreUnsafe(ref d, (nuint)(2 * i + 16));
        }
        return i;
    }

    /// <summary>
    /// Two-tap gather of eight float outputs at a time with AVX2 gathers: d[o] = w0[o]·s[i0[o]] + w1[o]·s[i1[o]], the same
    /// arithmetic as the scalar loop (no fused multiply-add), so results are identical; returns the outputs done.
    /// </summary>
    private static int GatherPairs(float* s, ref float d, int[] index0, int[] index1, float[] weight0, float[] weight1, int n)
    {
        ref int i0 = ref MemoryMarshal.GetArrayDataReference(index0);
        ref int i1 = ref MemoryMarshal.GetArrayDataReference(index1);
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(weight0);
        ref float w1 = ref MemoryMarshal.GetArrayDataReference(weight1);
        int o = 0;
        for (; o <= n - 8; o += 8)
        {
            Vector256<float> a = Avx2.GatherVector256(s, Vector256.LoadUnsafe(ref i0, (nuint)o), 4);
            Vector256<float> b = Avx2.GatherVector256(s, Vector256.LoadUnsafe(ref i1, (nuint)o), 4);
            (Vector256.LoadUnsafe(ref w0, (nuint)o) * a + Vector256.LoadUnsafe(ref w1, (nuint)o) * b).StoreUnsafe(ref d, (nuint)o);
        }
        return o;
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
