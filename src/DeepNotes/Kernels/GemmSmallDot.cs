using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>The dot-product forms of the no-pack path (B transposed, or C narrow).</summary>
internal static unsafe partial class GemmSmall
{
    /// <summary>C(i, j) = dot(op(A) row i, op(B) column j), four columns (or, for narrow C, four rows) at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<T>(in GemmArgs<T> g, bool vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        nint ldb = g.Ldb, ldc = g.Ldc;
        T* b = g.B;
        if (!g.TransB)
        {
            // Few columns of a k×n B: copy them to n contiguous rows of k.
            T* bt = GemmScratch<T>.B((nint)n * k);
            for (int p = 0; p < k; p++)
            {
                T* src = g.B + p * ldb;
                for (int j = 0; j < n; j++)
                {
                    bt[(nint)j * k + p] = src[j];
                }
            }

            b = bt;
            ldb = k;
        }

        var u = new GemmUpdate<T>(g.Alpha, g.Beta, g.Beta == T.Zero, g.Relu);
        if (!g.TransA && n < 4)
        {
            // Fewer than four outputs per row: take four rows of A against one B row instead, so the four dot
            // products are all useful (dot(a, b) with the factors swapped rounds identically).
            nint lda = g.Lda;
            for (int j = 0; j < n; j++)
            {
                T* bj = b + j * ldb;
                int i = 0;
                for (; i + 4 <= m; i += 4)
                {
                    T* a0 = g.A + i * lda;
                    Dot4(bj, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, k, vector, out T x0, out T x1, out T x2, out T x3);
                    T* c0 = g.C + i * ldc;
                    c0[j] = GemmEpilogue.Apply(x0, c0, j, in u, g.Bias);
                    c0[ldc + j] = GemmEpilogue.Apply(x1, c0 + ldc, j, in u, g.Bias);
                    c0[2 * ldc + j] = GemmEpilogue.Apply(x2, c0 + 2 * ldc, j, in u, g.Bias);
                    c0[3 * ldc + j] = GemmEpilogue.Apply(x3, c0 + 3 * ldc, j, in u, g.Bias);
                }

                for (; i < m; i++)
                {
                    T* ai = g.A + i * lda;
                    Dot4(bj, ai, ai, ai, ai, k, vector, out T x0, out _, out _, out _);
                    T* ci = g.C + i * ldc;
                    ci[j] = GemmEpilogue.Apply(x0, ci, j, in u, g.Bias);
                }
            }

            return;
        }

        T* rowCopy = g.TransA ? GemmScratch<T>.A(k) : null;
        for (int i = 0; i < m; i++)
        {
            T* ai = g.A + i * g.Lda;
            if (g.TransA)
            {
                // op(A) row i is a strided column of the stored matrix: make it contiguous once.
                for (int p = 0; p < k; p++)
                {
                    rowCopy[p] = g.A[(nint)p * g.Lda + i];
                }

                ai = rowCopy;
            }

            T* ci = g.C + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                T* b0 = b + j * ldb;
                Dot4(ai, b0, b0 + ldb, b0 + 2 * ldb, b0 + 3 * ldb, k, vector, out T x0, out T x1, out T x2, out T x3);
                ci[j] = GemmEpilogue.Apply(x0, ci, j, in u, g.Bias);
                ci[j + 1] = GemmEpilogue.Apply(x1, ci, j + 1, in u, g.Bias);
                ci[j + 2] = GemmEpilogue.Apply(x2, ci, j + 2, in u, g.Bias);
                ci[j + 3] = GemmEpilogue.Apply(x3, ci, j + 3, in u, g.Bias);
            }

            for (; j < n; j++)
            {
                T* bj = b + j * ldb;
                Dot4(ai, bj, bj, bj, bj, k, vector, out T x0, out _, out _, out _);
                ci[j] = GemmEpilogue.Apply(x0, ci, j, in u, g.Bias);
            }
        }
    }

    /// <summary>
    /// Tall, narrow product with A transposed: Cᵀ[n×m] = op(B)ᵀ·op(A)ᵀ through <see cref="Axpy"/> (op(A)ᵀ is A as
    /// stored, k×m with contiguous rows) into scratch, then the epilogue writes C. Each element is still one FMA chain
    /// over the depth followed by the usual epilogue.
    /// </summary>
    private static void TransposedAxpy<T>(in GemmArgs<T> g, bool vector)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N;
        T* ct = GemmScratch<T>.B((nint)n * m);
        var t = new GemmArgs<T>(!g.TransB, false, n, m, g.K, T.One, g.B, (int)g.Ldb, g.A, (int)g.Lda, T.Zero, ct, m,
            null, false);
        Axpy(in t, vector);
        var u = new GemmUpdate<T>(g.Alpha, g.Beta, g.Beta == T.Zero, g.Relu);
        for (int i = 0; i < m; i++)
        {
            T* ci = g.C + i * g.Ldc;
            for (int j = 0; j < n; j++)
            {
                ci[j] = GemmEpilogue.Apply(ct[(nint)j * m + i], ci, j, in u, g.Bias);
            }
        }
    }

    /// <summary>Four dot products of <paramref name="a"/> with four rows, lane-wise then reduced in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4<T>(T* a, T* b0, T* b1, T* b2, T* b3, int k, bool vector,
        out T x0, out T x1, out T x2, out T x3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int p = 0;
        x0 = x1 = x2 = x3 = T.Zero;
        if (vector)
        {
            int w = Vector256<T>.Count;
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; p + w <= k; p += w)
            {
                Vector256<T> av = Vector256.Load(a + p);
                s0 = SimdVector.Fma(av, Vector256.Load(b0 + p), s0);
                s1 = SimdVector.Fma(av, Vector256.Load(b1 + p), s1);
                s2 = SimdVector.Fma(av, Vector256.Load(b2 + p), s2);
                s3 = SimdVector.Fma(av, Vector256.Load(b3 + p), s3);
            }

            x0 = Vector256.Sum(s0);
            x1 = Vector256.Sum(s1);
            x2 = Vector256.Sum(s2);
            x3 = Vector256.Sum(s3);
        }

        for (; p < k; p++)
        {
            T av = a[p];
            x0 = T.FusedMultiplyAdd(av, b0[p], x0);
            x1 = T.FusedMultiplyAdd(av, b1[p], x1);
            x2 = T.FusedMultiplyAdd(av, b2[p], x2);
            x3 = T.FusedMultiplyAdd(av, b3[p], x3);
        }
    }
}
