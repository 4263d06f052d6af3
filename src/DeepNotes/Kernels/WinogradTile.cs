using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// The multiply stage of Winograd F(2×2, 3×3): for one ξ of the 16, M[r][t] = Σ<sub>c</sub> U[c][r]·V[c][t] for a
/// block of 8 output channels r and 3 vectors (or 1) of consecutive tiles t, with the 24 (8) accumulators in
/// registers over the whole channel depth — per channel 3 loads, 8 broadcasts and 24 FMAs, like the direct
/// convolution's tile. It reads V in place (no packing) and writes a small block of M that the output transform
/// consumes while it is in L1, so that M for the whole chunk is never stored.
/// </summary>
internal static unsafe class WinogradTile
{
    /// <summary>Output channels per block.</summary>
    public const int Rows = 8;

    /// <summary>m[r·ldm + 0..3·lanes) = Σ_c u[c·8 + r]·v[c·ld + 0..3·lanes) for r &lt; 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Three<T, TV, TOps>(T* v, long ld, T* u, int depth, T* m, int ldm)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        int lanes = TOps.Count;
        TV a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        TV a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        TV a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        TV a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (int c = 0; c < depth; c++)
        {
            T* p = v + c * ld, w = u + c * Rows;
            TV x0 = TOps.Load(p), x1 = TOps.Load(p + lanes), x2 = TOps.Load(p + 2 * lanes);
            TV b = TOps.Splat(w[0]);
            a00 = TOps.Fma(x0, b, a00); a01 = TOps.Fma(x1, b, a01); a02 = TOps.Fma(x2, b, a02);
            b = TOps.Splat(w[1]);
            a10 = TOps.Fma(x0, b, a10); a11 = TOps.Fma(x1, b, a11); a12 = TOps.Fma(x2, b, a12);
            b = TOps.Splat(w[2]);
            a20 = TOps.Fma(x0, b, a20); a21 = TOps.Fma(x1, b, a21); a22 = TOps.Fma(x2, b, a22);
            b = TOps.Splat(w[3]);
            a30 = TOps.Fma(x0, b, a30); a31 = TOps.Fma(x1, b, a31); a32 = TOps.Fma(x2, b, a32);
            b = TOps.Splat(w[4]);
            a40 = TOps.Fma(x0, b, a40); a41 = TOps.Fma(x1, b, a41); a42 = TOps.Fma(x2, b, a42);
            b = TOps.Splat(w[5]);
            a50 = TOps.Fma(x0, b, a50); a51 = TOps.Fma(x1, b, a51); a52 = TOps.Fma(x2, b, a52);
            b = TOps.Splat(w[6]);
            a60 = TOps.Fma(x0, b, a60); a61 = TOps.Fma(x1, b, a61); a62 = TOps.Fma(x2, b, a62);
            b = TOps.Splat(w[7]);
            a70 = TOps.Fma(x0, b, a70); a71 = TOps.Fma(x1, b, a71); a72 = TOps.Fma(x2, b, a72);
        }
        Store3<T, TV, TOps>(m, lanes, a00, a01, a02);
        Store3<T, TV, TOps>(m + ldm, lanes, a10, a11, a12);
        Store3<T, TV, TOps>(m + 2 * ldm, lanes, a20, a21, a22);
        Store3<T, TV, TOps>(m + 3 * ldm, lanes, a30, a31, a32);
        Store3<T, TV, TOps>(m + 4 * ldm, lanes, a40, a41, a42);
        Store3<T, TV, TOps>(m + 5 * ldm, lanes, a50, a51, a52);
        Store3<T, TV, TOps>(m + 6 * ldm, lanes, a60, a61, a62);
        Store3<T, TV, TOps>(m + 7 * ldm, lanes, a70, a71, a72);
    }

    /// <summary>m[r·ldm + 0..lanes) = Σ_c u[c·8 + r]·v[c·ld + 0..lanes) for r &lt; 8 (the last vectors of a chunk).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void One<T, TV, TOps>(T* v, long ld, T* u, int depth, T* m, int ldm)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int c = 0; c < depth; c++)
        {
            TV x = TOps.Load(v + c * ld);
            T* w = u + c * Rows;
            a0 = TOps.Fma(x, TOps.Splat(w[0]), a0);
            a1 = TOps.Fma(x, TOps.Splat(w[1]), a1);
            a2 = TOps.Fma(x, TOps.Splat(w[2]), a2);
            a3 = TOps.Fma(x, TOps.Splat(w[3]), a3);
            a4 = TOps.Fma(x, TOps.Splat(w[4]), a4);
            a5 = TOps.Fma(x, TOps.Splat(w[5]), a5);
            a6 = TOps.Fma(x, TOps.Splat(w[6]), a6);
            a7 = TOps.Fma(x, TOps.Splat(w[7]), a7);
        }
        TOps.Store(m, a0);
        TOps.Store(m + ldm, a1);
        TOps.Store(m + 2 * ldm, a2);
        TOps.Store(m + 3 * ldm, a3);
        TOps.Store(m + 4 * ldm, a4);
        TOps.Store(m + 5 * ldm, a5);
        TOps.Store(m + 6 * ldm, a6);
        TOps.Store(m + 7 * ldm, a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store3<T, TV, TOps>(T* m, int lanes, TV a, TV b, TV c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TOps : struct, ISimdVector<TV, T>
    {
        TOps.Store(m, a);
        TOps.Store(m + lanes, b);
        TOps.Store(m + 2 * lanes, c);
    }
}
