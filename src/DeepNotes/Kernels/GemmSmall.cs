using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// The no-pack path for small and skinny products (a few thousand multiply-adds, or at most
/// <see cref="Skinny"/> rows, as in batch-1 inference, or columns, as in a one-output head), where packing costs more
/// than it saves:
/// <list type="bullet">
/// <item>op(B) rows contiguous (B not transposed): four rows of C at a time, the depth loop streaming B rows once
/// into L1-resident accumulator rows, one fused multiply-add chain per C element over the whole depth;</item>
/// <item>B transposed (stored n×k, e.g. y = x·Wᵀ): dot products along the contiguous depth, four outputs at a time,
/// each summed in four vector lanes groups and reduced in a fixed order.</item>
/// </list>
/// Single-threaded and deterministic; the epilogue has the same operation order as the microkernels.
/// </summary>
internal static unsafe partial class GemmSmall
{
    /// <summary>Depth block of the axpy form (B rows walked by every column block).</summary>
    private const int AxpyDepth = 256;

    /// <summary>Products with at most this many rows, or columns, always take this path.</summary>
    public const int Skinny = 4;

    /// <summary>Computes the whole product on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmArgs<T> g, bool vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        vector &= System.Runtime.Intrinsics.X86.Fma.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
        if (g.M > Skinny && g.N <= Skinny)
        {
            // Tall and narrow (C = A·x, a one-output head): dot products along contiguous A rows, or, when A is
            // transposed, the transposed problem Cᵀ = op(B)ᵀ·op(A)ᵀ whose rows are few and whose "B" is A as stored.
            if (g.TransA)
            {
                TransposedAxpy(in g, vector);
            }
            else
            {
                Dot(in g, vector);
            }

            return;
        }

        if (g.TransB)
        {
            Dot(in g, vector);
        }
        else
        {
            Axpy(in g, vector);
        }
    }

    /// <summary>
    /// C rows as combinations of B rows, four rows of C at a time (then single rows): accumulators for blocks of
    /// columns (two Vector256 for four rows, eight for one row, then one) stay in registers over the whole depth; the
    /// last n mod W columns run as interleaved scalar chains.
    /// </summary>
    private static void Axpy<T>(in GemmArgs<T> g, bool vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        // Cut the depth into equal blocks of at most AxpyDepth so the B rows of a block stay in cache (and in the TLB)
        // while every column block walks them; blocks combine as in the packed path (alpha·acc + C).
        int kBlocks = Math.Max(1, (k + AxpyDepth - 1) / AxpyDepth);
        int kStep = (k + kBlocks - 1) / kBlocks;
        var first = new GemmUpdate<T>(g.Alpha, g.Beta, g.Beta == T.Zero, g.Relu && kBlocks == 1);
        var next = new GemmUpdate<T>(g.Alpha, T.One, false, false);
        var last = new GemmUpdate<T>(g.Alpha, T.One, false, g.Relu);
        nint aCol = g.TransA ? g.Lda : 1;
        for (int kb = 0; kb < kBlocks; kb++)
        {
            int p0 = kb * kStep;
            GemmArgs<T> sub = g;
            sub.A += p0 * aCol;
            sub.B += p0 * g.Ldb;
            sub.K = Math.Min(kStep, k - p0);
            bool isLast = kb == kBlocks - 1;
            ref readonly GemmUpdate<T> u = ref kb == 0 ? ref first : ref isLast ? ref last : ref next;
            T* bias = isLast ? g.Bias : null;
            int i = 0;
            for (; i + 4 <= m; i += 4)
            {
                AxpyRows<T, GemmConst.N4>(in sub, i, vector, in u, bias);
            }

            for (; i < m; i++)
            {
                AxpyRows<T, GemmConst.N1>(in sub, i, vector, in u, bias);
            }
        }
    }

    /// <summary>TR (1 or 4) rows of C starting at row <paramref name="i0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyRows<T, TR>(in GemmArgs<T> g, int i0, bool vector, in GemmUpdate<T> u, T* bias)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TR : struct, IGemmConst
    {
        int n = g.N, k = g.K;
        nint aRow = g.TransA ? 1 : g.Lda, aCol = g.TransA ? g.Lda : 1, ldb = g.Ldb, ldc = g.Ldc;
        int w = vector ? Vector256<T>.Count : 1; // Vector256<T> exists for float and double only
        T* a0 = g.A + i0 * aRow;
        T* a1 = a0 + aRow, a2 = a0 + 2 * aRow, a3 = a0 + 3 * aRow;
        T* c0 = g.C + i0 * ldc;
        int j = 0;
        if (vector && TR.Value == 1)
        {
            // A single row has only the column blocks for independent chains: eight vectors wide.
            for (; j + 8 * w <= n; j += 8 * w)
            {
                Vector256<T> x0 = default, x1 = default, x2 = default, x3 = default;
                Vector256<T> x4 = default, x5 = default, x6 = default, x7 = default;
                T* bp = g.B + j;
                for (nint p = 0; p < k; p++, bp += ldb)
                {
                    Vector256<T> av = Vector256.Create(a0[p * aCol]);
                    x0 = SimdVector.Fma(av, Vector256.Load(bp), x0);
                    x1 = SimdVector.Fma(av, Vector256.Load(bp + w), x1);
                    x2 = SimdVector.Fma(av, Vector256.Load(bp + 2 * w), x2);
                    x3 = SimdVector.Fma(av, Vector256.Load(bp + 3 * w), x3);
                    x4 = SimdVector.Fma(av, Vector256.Load(bp + 4 * w), x4);
                    x5 = SimdVector.Fma(av, Vector256.Load(bp + 5 * w), x5);
                    x6 = SimdVector.Fma(av, Vector256.Load(bp + 6 * w), x6);
                    x7 = SimdVector.Fma(av, Vector256.Load(bp + 7 * w), x7);
                }

                Store(c0 + j, x0, in u, bias, j, w);
                Store(c0 + j + w, x1, in u, bias, j + w, w);
                Store(c0 + j + 2 * w, x2, in u, bias, j + 2 * w, w);
                Store(c0 + j + 3 * w, x3, in u, bias, j + 3 * w, w);
                Store(c0 + j + 4 * w, x4, in u, bias, j + 4 * w, w);
                Store(c0 + j + 5 * w, x5, in u, bias, j + 5 * w, w);
                Store(c0 + j + 6 * w, x6, in u, bias, j + 6 * w, w);
                Store(c0 + j + 7 * w, x7, in u, bias, j + 7 * w, w);
            }
        }

        if (vector)
        {
            for (; j + 2 * w <= n; j += 2 * w)
            {
                Vector256<T> x00 = default, x01 = default, x10 = default, x11 = default;
                Vector256<T> x20 = default, x21 = default, x30 = default, x31 = default;
                T* bp = g.B + j;
                for (nint p = 0; p < k; p++, bp += ldb)
                {
                    Vector256<T> b0 = Vector256.Load(bp), b1 = Vector256.Load(bp + w);
                    nint ap = p * aCol;
                    Vector256<T> av = Vector256.Create(a0[ap]);
                    x00 = SimdVector.Fma(av, b0, x00);
                    x01 = SimdVector.Fma(av, b1, x01);
                    if (TR.Value > 1)
                    {
                        av = Vector256.Create(a1[ap]);
                        x10 = SimdVector.Fma(av, b0, x10);
                        x11 = SimdVector.Fma(av, b1, x11);
                        av = Vector256.Create(a2[ap]);
                        x20 = SimdVector.Fma(av, b0, x20);
                        x21 = SimdVector.Fma(av, b1, x21);
                        av = Vector256.Create(a3[ap]);
                        x30 = SimdVector.Fma(av, b0, x30);
                        x31 = SimdVector.Fma(av, b1, x31);
                    }
                }

                Store(c0 + j, x00, in u, bias, j, w);
                Store(c0 + j + w, x01, in u, bias, j + w, w);
                if (TR.Value > 1)
                {
                    Store(c0 + ldc + j, x10, in u, bias, j, w);
                    Store(c0 + ldc + j + w, x11, in u, bias, j + w, w);
                    Store(c0 + 2 * ldc + j, x20, in u, bias, j, w);
                    Store(c0 + 2 * ldc + j + w, x21, in u, bias, j + w, w);
                    Store(c0 + 3 * ldc + j, x30, in u, bias, j, w);
                    Store(c0 + 3 * ldc + j + w, x31, in u, bias, j + w, w);
                }
            }

            for (; j + w <= n; j += w)
            {
                T* bp = g.B + j;
                Vector256<T> x0 = default, x1 = default, x2 = default, x3 = default;
                for (nint p = 0; p < k; p++, bp += ldb)
                {
                    Vector256<T> b0 = Vector256.Load(bp);
                    nint ap = p * aCol;
                    x0 = SimdVector.Fma(Vector256.Create(a0[ap]), b0, x0);
                    if (TR.Value > 1)
                    {
                        x1 = SimdVector.Fma(Vector256.Create(a1[ap]), b0, x1);
                        x2 = SimdVector.Fma(Vector256.Create(a2[ap]), b0, x2);
                        x3 = SimdVector.Fma(Vector256.Create(a3[ap]), b0, x3);
                    }
                }

                Store(c0 + j, x0, in u, bias, j, w);
                if (TR.Value > 1)
                {
                    Store(c0 + ldc + j, x1, in u, bias, j, w);
                    Store(c0 + 2 * ldc + j, x2, in u, bias, j, w);
                    Store(c0 + 3 * ldc + j, x3, in u, bias, j, w);
                }
            }

            if (j < n)
            {
                TailColumns<T, TR>(in g, i0, j, in u, bias);
            }

            return;
        }

        for (; j < n; j++)
        {
            T x0 = T.Zero, x1 = T.Zero, x2 = T.Zero, x3 = T.Zero;
            T* bp = g.B + j;
            for (nint p = 0; p < k; p++, bp += ldb)
            {
                nint ap = p * aCol;
                T b = *bp;
                x0 = T.FusedMultiplyAdd(a0[ap], b, x0);
                if (TR.Value > 1)
                {
                    x1 = T.FusedMultiplyAdd(a1[ap], b, x1);
                    x2 = T.FusedMultiplyAdd(a2[ap], b, x2);
                    x3 = T.FusedMultiplyAdd(a3[ap], b, x3);
                }
            }

            c0[j] = GemmEpilogue.Apply(x0, c0, j, in u, bias);
            if (TR.Value > 1)
            {
                c0[ldc + j] = GemmEpilogue.Apply(x1, c0 + ldc, j, in u, bias);
                c0[2 * ldc + j] = GemmEpilogue.Apply(x2, c0 + 2 * ldc, j, in u, bias);
                c0[3 * ldc + j] = GemmEpilogue.Apply(x3, c0 + 3 * ldc, j, in u, bias);
            }
        }
    }

    /// <summary>The epilogue for one full vector of a C row (same operation order as <see cref="GemmEpilogue.Apply"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* c, Vector256<T> x, in GemmUpdate<T> u, T* bias, int j, int w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        x *= Vector256.Create(u.Alpha);
        if (!u.Overwrite)
        {
            x = SimdVector.Fma(Vector256.Create(u.Beta), Vector256.Load(c), x);
        }

        if (bias != null)
        {
            x += Vector256.Load(bias + j);
        }

        if (u.Relu)
        {
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), Vector256<T>.Zero, x);
        }

        Vector256.Store(x, c);
    }

    /// <summary>The last (fewer than one vector of) columns from <paramref name="j0"/>: independent scalar chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TailColumns<T, TR>(in GemmArgs<T> g, int i0, int j0, in GemmUpdate<T> u, T* bias)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TR : struct, IGemmConst
    {
        int cols = g.N - j0, k = g.K;
        nint aRow = g.TransA ? 1 : g.Lda, aCol = g.TransA ? g.Lda : 1, ldb = g.Ldb;
        T* x = stackalloc T[4 * 16];
        new Span<T>(x, 4 * 16).Clear();
        for (nint p = 0; p < k; p++)
        {
            T* bp = g.B + p * ldb + j0;
            for (int r = 0; r < TR.Value; r++)
            {
                T a = g.A[(i0 + r) * aRow + p * aCol];
                T* xr = x + r * 16;
                for (int q = 0; q < cols; q++)
                {
                    xr[q] = T.FusedMultiplyAdd(a, bp[q], xr[q]);
                }
            }
        }

        T* biasJ = bias == null ? null : bias + j0;
        for (int r = 0; r < TR.Value; r++)
        {
            T* cr = g.C + (i0 + r) * g.Ldc + j0;
            for (int q = 0; q < cols; q++)
            {
                cr[q] = GemmEpilogue.Apply(x[r * 16 + q], cr, q, in u, biasJ);
            }
        }
    }
}
