using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static DeepNotes.Kernels.SimdMath;

namespace DeepNotes.Kernels;

/// <summary>
/// The accurate log1p, expm1, exp2, sinh, cosh and nan_to_num of <see cref="ElementwiseMath"/>, run in cache-sized
/// chunks with their fix-up passes vectorised. Each chunk performs exactly the scalar formulas' IEEE operations (no
/// fused multiply-add) on the same TensorPrimitives exp/log values, so the results are those of
/// <see cref="ElementwiseMath"/> (within the ulp by which TensorPrimitives' exp/log were once seen to differ between
/// two calls across a JIT tier change); chunks are at least <see cref="Chunk"/> long (the last absorbs the
/// remainder), so TensorPrimitives sees whole vectors as before.
/// </summary>
internal static class ExpLogKernels
{
    private const int Chunk = 2048;

    /// <summary>ln(1 + x): log(u)·x/(u − 1) with u = 1 + x, x where u rounds to 1.</summary>
    public static void Log1p<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsAccelerated) { ElementwiseMath.Log1p(x, d); return; }
        Span<T> u = stackalloc T[2 * Chunk];
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ReadOnlySpan<T> xs = x.Slice(start, len);
            Span<T> ds = d.Slice(start, len), us = u[..len];
            TensorPrimitives.Add(xs, T.One, us);
            TensorPrimitives.Log(us, ds);
            Fix<T, Log1pFix<T>>(xs, us, ds);
            start += len;
        }
    }

    /// <summary>eˣ − 1: (u − 1)·x/ln(u) with u = eˣ, x where u rounds to 1.</summary>
    public static void Expm1<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsAccelerated) { ElementwiseMath.Expm1(x, d); return; }
        Span<T> u = stackalloc T[2 * Chunk];
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ExpM1Chunk(x.Slice(start, len), d.Slice(start, len), u[..len]);
            start += len;
        }
    }

    /// <summary>sinh x from eˣ − 1 of |x| below 20, (½e^(x/2))·e^(x/2) above (scalar, rare).</summary>
    public static void Sinh<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsAccelerated) { ElementwiseMath.Sinh(x, d); return; }
        Span<T> a = stackalloc T[2 * Chunk], u = stackalloc T[2 * Chunk];
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ReadOnlySpan<T> xs = x.Slice(start, len);
            Span<T> ds = d.Slice(start, len), abs = a[..len];
            TensorPrimitives.Abs(xs, abs);
            ExpM1Chunk(abs, ds, u[..len]);
            Fix<T, SinhFix<T>>(xs, abs, ds);
            start += len;
        }
    }

    /// <summary>cosh x = (eˣ + e⁻ˣ)/2 of |x| below 20, (½e^(x/2))·e^(x/2) above (scalar, rare).</summary>
    public static void Cosh<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsAccelerated) { ElementwiseMath.Cosh(x, d); return; }
        Span<T> a = stackalloc T[2 * Chunk];
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            Span<T> ds = d.Slice(start, len), abs = a[..len];
            TensorPrimitives.Abs(x.Slice(start, len), abs);
            TensorPrimitives.Exp(abs, ds);
            Fix<T, CoshFix<T>>(abs, abs, ds);
            start += len;
        }
    }

    /// <summary>2ˣ = 2ⁿ·e^(f ln 2), n = round(x), f = x − n; the scaling by 2ⁿ vectorised where the result is normal.</summary>
    public static void Exp2<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsAccelerated) { ElementwiseMath.Exp2(x, d); return; }
        Span<T> n = stackalloc T[2 * Chunk];
        T ln2 = T.CreateChecked(0.69314718055994530942);
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ReadOnlySpan<T> xs = x.Slice(start, len);
            Span<T> ds = d.Slice(start, len), ns = n[..len];
            TensorPrimitives.Round(xs, ns);
            TensorPrimitives.Subtract(xs, ns, ds);
            TensorPrimitives.Multiply(ds, ln2, ds);
            TensorPrimitives.Exp(ds, ds);
            Fix<T, Exp2Fix<T>>(ns, ns, ds);
            start += len;
        }
    }

    /// <summary>NaN, +∞ and −∞ replaced by the given values, as <c>torch.nan_to_num</c>.</summary>
    public static void NanToNum<T>(ReadOnlySpan<T> x, Span<T> d, T nan, T posInf, T negInf) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, lanes = Vector512<T>.Count;
        if (IsAccelerated)
        {
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T ds = ref MemoryMarshal.GetReference(d);
            Vector512<T> vn = Vector512.Create(nan), vp = Vector512.Create(posInf), vm = Vector512.Create(negInf);
            Vector512<T> inf = Vector512.Create(T.PositiveInfinity), minusInf = Vector512.Create(T.NegativeInfinity);
            for (; i <= x.Length - lanes; i += lanes)
            {
                var v = Vector512.LoadUnsafe(ref xs, (nuint)i);
                var r = Vector512.ConditionalSelect(Vector512.Equals(v, inf), vp, v);
                r = Vector512.ConditionalSelect(Vector512.Equals(v, minusInf), vm, r);
                Vector512.ConditionalSelect(Vector512.IsNaN(v), vn, r).StoreUnsafe(ref ds, (nuint)i);
            }
        }
        ElementwiseMath.NanToNum(x[i..], d[i..], nan, posInf, negInf);
    }

    private static int Length(int start, int n) => n - start < 2 * Chunk ? n - start : Chunk;

    private static void ExpM1Chunk<T>(ReadOnlySpan<T> x, Span<T> d, Span<T> u) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Exp(x, u);
        TensorPrimitives.Log(u, d);
        Fix<T, Expm1Fix<T>>(x, u, d);
    }

    /// <summary>d[i] = F(x[i], u[i], d[i]) for every i, vector by vector, the tail by the scalar form.</summary>
    private static void Fix<T, TFix>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, Span<T> d) where T : unmanaged where TFix : IFix<T>
    {
        int i = 0, lanes = Vector512<T>.Count;
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T us = ref MemoryMarshal.GetReference(u);
        ref T ds = ref MemoryMarshal.GetReference(d);
        for (; i <= x.Length - lanes; i += lanes)
            TFix.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref us, (nuint)i), Vector512.LoadUnsafe(ref ds, (nuint)i))
                .StoreUnsafe(ref ds, (nuint)i);
        for (; i < x.Length; i++) d[i] = TFix.Invoke(x[i], u[i], d[i]);
    }

    private interface IFix<T> where T : unmanaged
    {
        static abstract Vector512<T> Invoke(Vector512<T> x, Vector512<T> u, Vector512<T> d);
        static abstract T Invoke(T x, T u, T d);
    }

    private readonly struct Log1pFix<T> : IFix<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T x, T u, T d) => u == T.One ? x : T.IsFinite(u) && u > T.Zero ? d * x / (u - T.One) : d;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> u, Vector512<T> d)
        {
            var one = Vector512<T>.One;
            var corrected = Vector512.ConditionalSelect(IsFinite(u) & Vector512.GreaterThan(u, Vector512<T>.Zero), d * x / (u - one), d);
            return Vector512.ConditionalSelect(Vector512.Equals(u, one), x, corrected);
        }
    }

    private readonly struct Expm1Fix<T> : IFix<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static T Invoke(T x, T u, T d)
        {
            T um1 = u - T.One;
            return u == T.One ? x : um1 == -T.One || !T.IsFinite(u) ? um1 : um1 * x / d;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> u, Vector512<T> d)
        {
            var one = Vector512<T>.One;
            var um1 = u - one;
            var plain = Vector512.Equals(um1, -one) | ~IsFinite(u);
            var r = Vector512.ConditionalSelect(plain, um1, um1 * x / d);
            return Vector512.ConditionalSelect(Vector512.Equals(u, one), x, r);
        }
    }

    /// <summary>Here x is the argument, u = |x| and d = e^|x| − 1.</summary>
    private readonly struct SinhFix<T> : IFix<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Half = T.CreateChecked(0.5), Twenty = T.CreateChecked(20);

        public static T Invoke(T x, T a, T t)
        {
            T r;
            if (a < Twenty) r = Half * (t + t / (t + T.One));
            else { T h = T.Exp(Half * a); r = Half * h * h; }
            return T.IsNegative(x) ? -r : r;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> x, Vector512<T> a, Vector512<T> t)
        {
            var half = Vector512.Create(Half);
            var r = half * (t + t / (t + Vector512<T>.One));
            r = Vector512.ConditionalSelect(IsNegativeBits(x), -r, r);
            var far = ~Vector512.LessThan(a, Vector512.Create(Twenty));
            return far == Vector512<T>.Zero ? r : PatchLanes(r, far, x, a, static (xi, ai) => Invoke(xi, ai, T.Zero));
        }
    }

    /// <summary>
    /// Here x and u are both n = round(x) and d = e^(f ln 2). ScaleB(d, n) as <see cref="ElementwiseMath.Exp2{T}"/>; in
    /// vectors as a product with 2ⁿ built from its exponent bits, which is the same exact scaling while d·2ⁿ stays
    /// normal (n within the exponent range less two); other lanes (NaN, ±∞, overflow, subnormal results) are scalar.
    /// </summary>
    private readonly struct Exp2Fix<T> : IFix<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Limit = T.CreateChecked(4000);

        public static T Invoke(T n, T u, T d) =>
            T.IsNaN(n) ? n : T.IsInfinity(n) ? (n > T.Zero ? n : T.Zero) : T.ScaleB(d, int.CreateTruncating(T.Clamp(n, -Limit, Limit)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> n, Vector512<T> u, Vector512<T> d)
        {
            bool f = typeof(T) == typeof(float);
            var inRange = Vector512.GreaterThanOrEqual(n, K<T>(f ? -124 : -1020)) & Vector512.LessThanOrEqual(n, K<T>(f ? 126 : 1022));
            var nc = Vector512.ConditionalSelect(inRange, n, Vector512<T>.Zero);
            Vector512<T> scale = f
                ? Vector512.ShiftLeft(Vector512.ConvertToInt32(nc.As<T, float>()) + Vector512.Create(127), 23).As<int, T>()
                : Vector512.ShiftLeft(Vector512.ConvertToInt64(nc.As<T, double>()) + Vector512.Create(1023L), 52).As<long, T>();
            var r = d * scale;
            return inRange == Vector512<T>.AllBitsSet ? r : PatchLanes(r, ~inRange, n, d, static (ni, di) => Invoke(ni, ni, di));
        }
    }

    /// <summary>Here x and u are both |x| and d = e^|x|.</summary>
    private readonly struct CoshFix<T> : IFix<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly T Half = T.CreateChecked(0.5), Twenty = T.CreateChecked(20);

        public static T Invoke(T a, T u, T e)
        {
            if (a < Twenty) return Half * (e + T.One / e);
            T h = T.Exp(Half * a);
            return Half * h * h;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> Invoke(Vector512<T> a, Vector512<T> u, Vector512<T> e)
        {
            var r = Vector512.Create(Half) * (e + Vector512<T>.One / e);
            var far = ~Vector512.LessThan(a, Vector512.Create(Twenty));
            return far == Vector512<T>.Zero ? r : PatchLanes(r, far, a, a, static (ai, _) => Invoke(ai, ai, T.Zero));
        }
    }
}
