using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// The one vector vocabulary of our hand-written kernels: the operations a kernel body needs, for one vector width, as
/// static members. A body is written once, generic over <typeparamref name="TV"/> (Vector512, Vector256, Vector128 of
/// <typeparamref name="T"/>, or a one-lane scalar "vector"), and the JIT compiles one specialised loop per width with
/// every call inlined (.NET's own <c>ISimdVector</c> is not public). The optimizer updates use the arithmetic; the
/// Winograd transforms also use the pointer loads, <see cref="Fma"/> and the even/odd split of input columns (tile x
/// reads columns 2x … 2x + 3) and the interleave of the two output columns of a tile.
/// </summary>
internal unsafe interface ISimdVector<TV, T>
    where TV : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TV Load(ref T source);

    static abstract void Store(TV value, ref T destination);

    static abstract TV Load(T* source);

    static abstract void Store(T* destination, TV value);

    static abstract TV Splat(T value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Negate(TV a);

    static abstract TV Sqrt(TV a);

    /// <summary>Lane-wise maximum; NaN in either lane gives NaN (IEEE 754:2019 maximum), like <c>torch.maximum</c>.</summary>
    static abstract TV Max(TV a, TV b);

    static abstract TV Abs(TV a);

    /// <summary>a·b + c in one rounding.</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    /// <summary>For the 2·Count elements [a, b]: <paramref name="even"/> = elements 0, 2, 4, …; <paramref name="odd"/> = 1, 3, 5, ….</summary>
    static abstract void Deinterleave(TV a, TV b, out TV even, out TV odd);

    /// <summary>The inverse of <see cref="Deinterleave"/>: [first, second] = a₀ b₀ a₁ b₁ … .</summary>
    static abstract void Interleave(TV a, TV b, out TV first, out TV second);
}

/// <summary>
/// The fused multiply-add of float or double lanes (a·b + c in one rounding) for every width, used by all our vector
/// kernels (GEMM, direct and Winograd convolution, normalization, math): one vfmadd where the hardware has it (the type
/// and ISA tests fold away in the JIT), the portable fused operation otherwise — the same bits either way.
/// </summary>
internal static class SimdVector
{
    /// <summary>a·b + c in one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>a·b + c in one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return System.Runtime.Intrinsics.X86.Fma.IsSupported
                ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                : Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return System.Runtime.Intrinsics.X86.Fma.IsSupported
            ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
            : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    /// <summary>a·b + c in one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
}

/// <summary><see cref="ISimdVector{TV, T}"/> over <see cref="Vector512{T}"/> (AVX-512F two-source permutes for the interleaves).</summary>
internal readonly unsafe struct Vector512Ops<T> : ISimdVector<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether this width runs in hardware.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(T* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector512<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Negate(Vector512<T> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) => SimdVector.Fma(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector512<T> a, Vector512<T> b, out Vector512<T> even, out Vector512<T> odd)
    {
        if (typeof(T) == typeof(float))
        {
            Vector512<float> fa = a.AsSingle(), fb = b.AsSingle();
            even = Avx512F.PermuteVar16x32x2(fa, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), fb).As<float, T>();
            odd = Avx512F.PermuteVar16x32x2(fa, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), fb).As<float, T>();
        }
        else
        {
            Vector512<double> da = a.AsDouble(), db = b.AsDouble();
            even = Avx512F.PermuteVar8x64x2(da, Vector512.Create(0L, 2, 4, 6, 8, 10, 12, 14), db).As<double, T>();
            odd = Avx512F.PermuteVar8x64x2(da, Vector512.Create(1L, 3, 5, 7, 9, 11, 13, 15), db).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(Vector512<T> a, Vector512<T> b, out Vector512<T> first, out Vector512<T> second)
    {
        if (typeof(T) == typeof(float))
        {
            Vector512<float> fa = a.AsSingle(), fb = b.AsSingle();
            first = Avx512F.PermuteVar16x32x2(fa, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), fb).As<float, T>();
            second = Avx512F.PermuteVar16x32x2(fa, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), fb).As<float, T>();
        }
        else
        {
            Vector512<double> da = a.AsDouble(), db = b.AsDouble();
            first = Avx512F.PermuteVar8x64x2(da, Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11), db).As<double, T>();
            second = Avx512F.PermuteVar8x64x2(da, Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15), db).As<double, T>();
        }
    }
}

/// <summary><see cref="ISimdVector{TV, T}"/> over <see cref="Vector256{T}"/> (AVX2 in-lane shuffles + cross-lane permutes for the interleaves).</summary>
internal readonly unsafe struct Vector256Ops<T> : ISimdVector<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether this width runs in hardware.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(T* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector256<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Negate(Vector256<T> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) => SimdVector.Fma(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector256<T> a, Vector256<T> b, out Vector256<T> even, out Vector256<T> odd)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> fa = a.AsSingle(), fb = b.AsSingle();
            // In-lane [a0 a2 b0 b2 | a4 a6 b4 b6], then the 64-bit pairs reordered 0, 2, 1, 3.
            even = Avx2.Permute4x64(Avx.Shuffle(fa, fb, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).As<double, T>();
            odd = Avx2.Permute4x64(Avx.Shuffle(fa, fb, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).As<double, T>();
        }
        else
        {
            Vector256<double> da = a.AsDouble(), db = b.AsDouble();
            even = Avx2.Permute4x64(Avx.UnpackLow(da, db), 0b11_01_10_00).As<double, T>();
            odd = Avx2.Permute4x64(Avx.UnpackHigh(da, db), 0b11_01_10_00).As<double, T>();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(Vector256<T> a, Vector256<T> b, out Vector256<T> first, out Vector256<T> second)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> lo = Avx.UnpackLow(a.AsSingle(), b.AsSingle()), hi = Avx.UnpackHigh(a.AsSingle(), b.AsSingle());
            first = Avx.Permute2x128(lo, hi, 0x20).As<float, T>();
            second = Avx.Permute2x128(lo, hi, 0x31).As<float, T>();
        }
        else
        {
            Vector256<double> lo = Avx.UnpackLow(a.AsDouble(), b.AsDouble()), hi = Avx.UnpackHigh(a.AsDouble(), b.AsDouble());
            first = Avx.Permute2x128(lo, hi, 0x20).As<double, T>();
            second = Avx.Permute2x128(lo, hi, 0x31).As<double, T>();
        }
    }
}

/// <summary><see cref="ISimdVector{TV, T}"/> over <see cref="Vector128{T}"/> (also the portable fallback: it works, in software, where it is not accelerated).</summary>
internal readonly unsafe struct Vector128Ops<T> : ISimdVector<Vector128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether this width runs in hardware.</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(T* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, Vector128<T> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Negate(Vector128<T> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> a) => Vector128.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma(Vector128<T> a, Vector128<T> b, Vector128<T> c) => SimdVector.Fma(a, b, c);

    /// <summary>Portable (element by element): no kernel takes this width for the Winograd transforms.</summary>
    public static void Deinterleave(Vector128<T> a, Vector128<T> b, out Vector128<T> even, out Vector128<T> odd)
    {
        int n = Vector128<T>.Count;
        Span<T> all = stackalloc T[2 * n], e = stackalloc T[n], o = stackalloc T[n];
        a.CopyTo(all);
        b.CopyTo(all[n..]);
        for (int i = 0; i < n; i++)
        {
            e[i] = all[2 * i];
            o[i] = all[2 * i + 1];
        }
        even = Vector128.Create<T>(e);
        odd = Vector128.Create<T>(o);
    }

    /// <summary>Portable (element by element): no kernel takes this width for the Winograd transforms.</summary>
    public static void Interleave(Vector128<T> a, Vector128<T> b, out Vector128<T> first, out Vector128<T> second)
    {
        int n = Vector128<T>.Count;
        Span<T> all = stackalloc T[2 * n];
        for (int i = 0; i < n; i++)
        {
            all[2 * i] = a[i];
            all[2 * i + 1] = b[i];
        }
        first = Vector128.Create<T>(all[..n]);
        second = Vector128.Create<T>(all[n..]);
    }
}

/// <summary><see cref="ISimdVector{TV, T}"/> with one lane: the portable scalar fallback.</summary>
internal readonly unsafe struct ScalarOps<T> : ISimdVector<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(T* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T* destination, T value) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Splat(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T a, T b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Negate(T a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T a) => T.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T a, T b) => T.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Abs(T a) => T.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Fma(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(T a, T b, out T even, out T odd)
    {
        even = a;
        odd = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave(T a, T b, out T first, out T second)
    {
        first = a;
        second = b;
    }
}
