using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// AVX-512 microkernel for float and double: a 12 × (2 × Vector512) register tile (12×32 floats, 12×16 doubles),
/// 24 zmm accumulators, explicit FMA. Row variants 12/8/4 and column variants 2/1 vectors cover ragged edges.
/// </summary>
internal readonly unsafe struct GemmKernelAvx512<T> : IGemmKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Rows = 12;

    /// <summary>Rows of the register tile.</summary>
    public static int MR => Rows;

    /// <summary>Columns of the register tile: two vectors.</summary>
    public static int NR => 2 * Vector512<T>.Count;

    /// <summary>Default cache blocking (see docs/gemm.md).</summary>
    public static GemmBlockSizes Blocking { get; } = typeof(T) == typeof(float) ? new GemmBlockSizes(MC: 48, KC: 1024, NC: 1024) : new GemmBlockSizes(MC: 48, KC: 512, NC: 1024);

    /// <summary>The Avx512F path.</summary>
    public static GemmPath Path => GemmPath.Avx512;

    /// <summary>Computes one tile; ragged tiles use the smallest row/column variant that covers them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias, T* tile)
    {
        if (rows == Rows && cols == 2 * Vector512<T>.Count)
        {
            Kernel<GemmConst.N12, GemmConst.N2>(kc, a, b, c, ldc, in u, bias);
            return;
        }

        TileEdge(rows, cols, kc, a, b, c, ldc, in u, bias, tile);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TileEdge(int rows, int cols, int kc, T* a, T* b, T* c, nint ldc, in GemmUpdate<T> u, T* bias, T* tile)
    {
        int rowsV = rows > 8 ? 12 : rows > 4 ? 8 : 4;
        bool wide = cols > Vector512<T>.Count;
        if (rows == rowsV && cols == (wide ? 2 : 1) * Vector512<T>.Count)
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
            case (12, true): Kernel<GemmConst.N12, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (12, false): Kernel<GemmConst.N12, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
            case (8, true): Kernel<GemmConst.N8, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (8, false): Kernel<GemmConst.N8, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
            case (4, true): Kernel<GemmConst.N4, GemmConst.N2>(kc, a, b, c, ldc, in u, bias); break;
            case (4, false): Kernel<GemmConst.N4, GemmConst.N1>(kc, a, b, c, ldc, in u, bias); break;
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
        Vector512<T> c00 = default, c01 = default;
        Vector512<T> c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default;
        Vector512<T> c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default;
        Vector512<T> c70 = default, c71 = default;
        Vector512<T> c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default;
        Vector512<T> c100 = default, c101 = default;
        Vector512<T> c110 = default, c111 = default;
        int nr = 2 * Vector512<T>.Count;
        // Start fetching the C tile now: its rows are far apart in memory and are needed only after the loop.
        PrefetchRow<TC>(c + 0 * ldc);
        if (TR.Value > 1) PrefetchRow<TC>(c + 1 * ldc);
        if (TR.Value > 2) PrefetchRow<TC>(c + 2 * ldc);
        if (TR.Value > 3) PrefetchRow<TC>(c + 3 * ldc);
        if (TR.Value > 4) PrefetchRow<TC>(c + 4 * ldc);
        if (TR.Value > 5) PrefetchRow<TC>(c + 5 * ldc);
        if (TR.Value > 6) PrefetchRow<TC>(c + 6 * ldc);
        if (TR.Value > 7) PrefetchRow<TC>(c + 7 * ldc);
        if (TR.Value > 8) PrefetchRow<TC>(c + 8 * ldc);
        if (TR.Value > 9) PrefetchRow<TC>(c + 9 * ldc);
        if (TR.Value > 10) PrefetchRow<TC>(c + 10 * ldc);
        if (TR.Value > 11) PrefetchRow<TC>(c + 11 * ldc);
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = TC.Value > 1 ? Vector512.Load(b + Vector512<T>.Count) : default;
            Vector512<T> ai;
            ai = Vector512.Create(a[0]);
            c00 = SimdVector.Fma(ai, b0, c00);
            if (TC.Value > 1) c01 = SimdVector.Fma(ai, b1, c01);

            if (TR.Value > 1)
            {
                ai = Vector512.Create(a[1]);
                c10 = SimdVector.Fma(ai, b0, c10);
                if (TC.Value > 1) c11 = SimdVector.Fma(ai, b1, c11);
            }

            if (TR.Value > 2)
            {
                ai = Vector512.Create(a[2]);
                c20 = SimdVector.Fma(ai, b0, c20);
                if (TC.Value > 1) c21 = SimdVector.Fma(ai, b1, c21);
            }

            if (TR.Value > 3)
            {
                ai = Vector512.Create(a[3]);
                c30 = SimdVector.Fma(ai, b0, c30);
                if (TC.Value > 1) c31 = SimdVector.Fma(ai, b1, c31);
            }

            if (TR.Value > 4)
            {
                ai = Vector512.Create(a[4]);
                c40 = SimdVector.Fma(ai, b0, c40);
                if (TC.Value > 1) c41 = SimdVector.Fma(ai, b1, c41);
            }

            if (TR.Value > 5)
            {
                ai = Vector512.Create(a[5]);
                c50 = SimdVector.Fma(ai, b0, c50);
                if (TC.Value > 1) c51 = SimdVector.Fma(ai, b1, c51);
            }

            if (TR.Value > 6)
            {
                ai = Vector512.Create(a[6]);
                c60 = SimdVector.Fma(ai, b0, c60);
                if (TC.Value > 1) c61 = SimdVector.Fma(ai, b1, c61);
            }

            if (TR.Value > 7)
            {
                ai = Vector512.Create(a[7]);
                c70 = SimdVector.Fma(ai, b0, c70);
                if (TC.Value > 1) c71 = SimdVector.Fma(ai, b1, c71);
            }

            if (TR.Value > 8)
            {
                ai = Vector512.Create(a[8]);
                c80 = SimdVector.Fma(ai, b0, c80);
                if (TC.Value > 1) c81 = SimdVector.Fma(ai, b1, c81);
            }

            if (TR.Value > 9)
            {
                ai = Vector512.Create(a[9]);
                c90 = SimdVector.Fma(ai, b0, c90);
                if (TC.Value > 1) c91 = SimdVector.Fma(ai, b1, c91);
            }

            if (TR.Value > 10)
            {
                ai = Vector512.Create(a[10]);
                c100 = SimdVector.Fma(ai, b0, c100);
                if (TC.Value > 1) c101 = SimdVector.Fma(ai, b1, c101);
            }

            if (TR.Value > 11)
            {
                ai = Vector512.Create(a[11]);
                c110 = SimdVector.Fma(ai, b0, c110);
                if (TC.Value > 1) c111 = SimdVector.Fma(ai, b1, c111);
            }

            a += Rows;
            b += nr;
        }

        Vector512<T> alpha = Vector512.Create(u.Alpha), beta = Vector512.Create(u.Beta);
        Vector512<T> bias0 = default, bias1 = default;
        if (bias != null)
        {
            bias0 = Vector512.Load(bias);
            if (TC.Value > 1) bias1 = Vector512.Load(bias + Vector512<T>.Count);
        }

        StoreRow<TC>(c, c00, c01, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 1) StoreRow<TC>(c + 1 * ldc, c10, c11, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 2) StoreRow<TC>(c + 2 * ldc, c20, c21, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 3) StoreRow<TC>(c + 3 * ldc, c30, c31, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 4) StoreRow<TC>(c + 4 * ldc, c40, c41, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 5) StoreRow<TC>(c + 5 * ldc, c50, c51, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 6) StoreRow<TC>(c + 6 * ldc, c60, c61, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 7) StoreRow<TC>(c + 7 * ldc, c70, c71, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 8) StoreRow<TC>(c + 8 * ldc, c80, c81, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 9) StoreRow<TC>(c + 9 * ldc, c90, c91, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 10) StoreRow<TC>(c + 10 * ldc, c100, c101, in u, alpha, beta, bias, bias0, bias1);
        if (TR.Value > 11) StoreRow<TC>(c + 11 * ldc, c110, c111, in u, alpha, beta, bias, bias0, bias1);
    }

    /// <summary>c = act(alpha·x + beta·c + bias) for one row of the tile, with the exact operation order of
    /// <see cref="GemmEpilogue.Update"/> so full and ragged tiles round identically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TC>(T* c, Vector512<T> x0, Vector512<T> x1, in GemmUpdate<T> u, Vector512<T> alpha, Vector512<T> beta, T* bias, Vector512<T> bias0, Vector512<T> bias1)
        where TC : struct, IGemmConst
    {
        x0 *= alpha;
        if (!u.Overwrite) x0 = SimdVector.Fma(beta, Vector512.Load(c), x0);
        if (bias != null) x0 += bias0;
        if (u.Relu) x0 = Vector512.ConditionalSelect(Vector512.LessThan(x0, Vector512<T>.Zero), Vector512<T>.Zero, x0);
        Vector512.Store(x0, c);
        if (TC.Value > 1)
        {
            x1 *= alpha;
            if (!u.Overwrite) x1 = SimdVector.Fma(beta, Vector512.Load(c + Vector512<T>.Count), x1);
            if (bias != null) x1 += bias1;
            if (u.Relu) x1 = Vector512.ConditionalSelect(Vector512.LessThan(x1, Vector512<T>.Zero), Vector512<T>.Zero, x1);
            Vector512.Store(x1, c + Vector512<T>.Count);
        }
    }

    /// <summary>Prefetches the cache lines of one row of the C tile (first and last element).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRow<TC>(T* row)
        where TC : struct, IGemmConst
    {
        Sse.Prefetch0(row);
        Sse.Prefetch0(row + TC.Value * Vector512<T>.Count - 1);
    }
}
