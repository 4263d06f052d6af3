using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// AVX2+FMA microkernel for float and double (machines without AVX-512): a 6 × (2 × Vector256) register tile
/// (6×16 floats, 6×8 doubles), 12 ymm accumulators of the 16 registers. Row variants 6/4/2 and column variants
/// 2/1 vectors cover ragged edges.
/// </summary>
internal readonly unsafe struct GemmKernelAvx2<T> : IGemmKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 6;

    /// <summary>Rows of the register tile.</summary>
    public static int MR => Rows;

    /// <summary>Columns of the register tile: two vectors.</summary>
    public static int NR => 2 * Vector256<T>.Count;

    /// <summary>Default cache blocking (see docs/gemm.md).</summary>
    public static GemmBlockSizes Blocking { get; } = typeof(T) == typeof(float) ? new GemmBlockSizes(MC: 48, KC: 1024, NC: 1024) : new GemmBlockSizes(MC: 48, KC: 512, NC: 1024);

    /// <summary>The Avx2 path.</summary>
    public static GemmPath Path => GemmPath.Avx2;

    /// <summary>Computes one tile; ragged tiles use the smallest row/column variant that covers them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias, T* tile)
    {
        if (rows == Rows && cols == 2 * Vector256<T>.Count)
        {
            Kernel<GemmConst.N6, GemmConst.N2>(kc, a, b, c, ldc, in u, bias);
            return;
        }

        TileEdge(rows, cols, kc, a, b, c, ldc, in u, bias, tile);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TileEdge(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias, T* tile)
    {
        int rowsV = rows > 4 ? 6 : rows > 2 ? 4 : 2;
        bool wide = cols > Vector256<T>.Count;
        if (rows == rowsV && cols == (wide ? 2 : 1) * Vector256<T>.Count)
        {
            Variant(rowsV, wide, kc, a, b, c, ldc, in u, bias);
            return;
        }

        var raw = GemmUpdate<T>.Raw;
        Variant(rowsV, wide, kc, a, b, tile, NR, in raw, null);
        GemmEpilogue.Update(rows, cols, tile, NR, c, ldc, in u, bias);
    }

    private static void Variant(int rowsV, bool wide, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias)
    {
        switch (rowsV, wide)
        {
            case (6, true): Kernel<GemmConst.N6, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (6, false): Kernel<GemmConst.N6, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
            case (4, true): Kernel<GemmConst.N4, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (4, false): Kernel<GemmConst.N4, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
            case (2, true): Kernel<GemmConst.N2, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (2, false): Kernel<GemmConst.N2, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
        }
    }

    /// <summary>
    /// The register-tiled loop: TR rows × TC vectors of accumulators stay in registers for the whole depth; per k step
    /// it loads TC vectors of the B panel, broadcasts TR elements of the A panel and issues TR·TC FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<TR, TC>(int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias)
        where TR : struct, IGemmConst
        where TC : struct, IGemmConst
    {
        Vector256<T> c00 = default, c01 = default;
        Vector256<T> c10 = default, c11 = default;
        Vector256<T> c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default;
        Vector256<T> c40 = default, c41 = default;
        Vector256<T> c50 = default, c51 = default;
        int nr = 2 * Vector256<T>.Count;
        // Start fetching the C tile now: its rows are far apart in memory and are needed only after the loop.
        PrefetchRow<TC>(c + 0 * ldc);
        if (TR.Value > 1) PrefetchRow<TC>(c + 1 * ldc);
        if (TR.Value > 2) PrefetchRow<TC>(c + 2 * ldc);
        if (TR.Value > 3) PrefetchRow<TC>(c + 3 * ldc);
        if (TR.Value > 4) PrefetchRow<TC>(c + 4 * ldc);
        if (TR.Value > 5) PrefetchRow<TC>(c + 5 * ldc);
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = TC.Value > 1 ? Vector256.Load(b + Vector256<T>.Count) : default;
            Vector256<T> ai;
            ai = Vector256.Create(a[0]);
            c00 = SimdVector.Fma(ai, b0, c00);
            if (TC.Value > 1) c01 = SimdVector.Fma(ai, b1, c01);

            if (TR.Value > 1)
            {
                ai = Vector256.Create(a[1]);
                c10 = SimdVector.Fma(ai, b0, c10);
                if (TC.Value > 1) c11 = SimdVector.Fma(ai, b1, c11);
            }

            if (TR.Value > 2)
            {
                ai = Vector256.Create(a[2]);
                c20 = SimdVector.Fma(ai, b0, c20);
                if (TC.Value > 1) c21 = SimdVector.Fma(ai, b1, c21);
            }

            if (TR.Value > 3)
            {
                ai = Vector256.Create(a[3]);
                c30 = SimdVector.Fma(ai, b0, c30);
                if (TC.Value > 1) c31 = SimdVector.Fma(ai, b1, c31);
            }

            if (TR.Value > 4)
            {
                ai = Vector256.Create(a[4]);
                c40 = SimdVector.Fma(ai, b0, c40);
                if (TC.Value > 1) c41 = SimdVector.Fma(ai, b1, c41);
            }

            if (TR.Value > 5)
            {
                ai = Vector256.Create(a[5]);
                c50 = SimdVector.Fma(ai, b0, c50);
                if (TC.Value > 1) c51 = SimdVector.Fma(ai, b1, c51);
            }

            a += Rows;
            b += nr;
        }

        Vector256<T> alpha = Vector256.Create(u.Alpha), beta = Vector256.Create(u.Beta);
        Vector256<T> bias0 = default, bias1 = default;
        if (bias != null)
        {
            bias0 = Vector256.Load(bias);
            if (TC.Value > 1) bias1 = Vector256.Load(bias + Vector256<T>.Count);
        }

        StoreRow<TC>(c, c00, c01, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 1) StoreRow<TC>(c + 1 * ldc, c10, c11, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 2) StoreRow<TC>(c + 2 * ldc, c20, c21, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 3) StoreRow<TC>(c + 3 * ldc, c30, c31, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 4) StoreRow<TC>(c + 4 * ldc, c40, c41, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 5) StoreRow<TC>(c + 5 * ldc, c50, c51, in u, alpha, beta, bias, bias0, bias1);
    }

    /// <summary>c = act(alpha·x + beta·c + bias) for one row of the tile, with the exact operation order of
    /// <see cref="GemmEpilogue.Update"/> so full and ragged tiles round identically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TC>(T* c, Vector256<T> x0, Vector256<T> x1, in GemmUpdate<T> u, Vector256<T> alpha, Vector256<T> beta, T* bias, Vector256<T> bias0, Vector256<T> bias1)
        where TC : struct, IGemmConst
    {
        x0 *= alpha;
        if (!u.Overwrite) x0 = SimdVector.Fma(beta, Vector256.Load(c), x0);
        if (bias != null) x0 += bias0;
        if (u.Relu) x0 = Vector256.ConditionalSelect(Vector256.LessThan(x0, Vector256<T>.Zero), Vector256<T>.Zero, x0);
        Vector256.Store(x0, c);
        if (TC.Value > 1)
        {
            x1 *= alpha;
            if (!u.Overwrite) x1 = SimdVector.Fma(beta, Vector256.Load(c + Vector256<T>.Count), x1);
            if (bias != null) x1 += bias1;
            if (u.Relu) x1 = Vector256.ConditionalSelect(Vector256.LessThan(x1, Vector256<T>.Zero), Vector256<T>.Zero, x1);
            Vector256.Store(x1, c + Vector256<T>.Count);
        }
    }

    /// <summary>Prefetches the cache lines of one row of the C tile (first and last element).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRow<TC>(T* row)
        where TC : struct, IGemmConst
    {
        Sse.Prefetch0(row);
        Sse.Prefetch0(row + TC.Value * Vector256<T>.Count - 1);
    }
}
