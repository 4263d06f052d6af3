using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepNotes.Kernels;

/// <summary>
/// The no-pack path for small products (a few thousand multiply-adds), where packing and blocking cost more than they
/// save: one fused multiply-add chain per C element over the whole depth, vectorised across columns of C when op(B)
/// rows are contiguous (a transposed B is first copied to k×n scratch).
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>Computes the whole product on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmArgs<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        T* b = g.B;
        nint ldb = g.Ldb;
        if (g.TransB)
        {
            // op(B) is stored n×k: copy it to k×n so that rows of op(B) are contiguous.
            T* t = GemmScratch<T>.B((nint)n * k);
            for (int j = 0; j < n; j++)
            {
                T* src = g.B + j * g.Ldb;
                for (int p = 0; p < k; p++)
                {
                    t[(nint)p * n + j] = src[p];
                }
            }

            b = t;
            ldb = n;
        }

        var u = new GemmUpdate<T>(g.Alpha, g.Beta, g.Beta == T.Zero, g.Relu);
        bool vector = Fma.IsSupported && Gemm.ForcedPath != GemmPath.Scalar
            && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
        nint aRow = g.TransA ? 1 : g.Lda, aCol = g.TransA ? g.Lda : 1;
        for (int i = 0; i < m; i++)
        {
            T* ai = g.A + i * aRow;
            T* ci = g.C + i * g.Ldc;
            int j = 0;
            if (vector)
            {
                for (; j + Vector256<T>.Count <= n; j += Vector256<T>.Count)
                {
                    Vector256<T> acc = Vector256<T>.Zero;
                    T* bp = b + j;
                    for (int p = 0; p < k; p++, bp += ldb)
                    {
                        acc = Fma256(Vector256.Create(ai[p * aCol]), Vector256.Load(bp), acc);
                    }

                    for (int jj = 0; jj < Vector256<T>.Count; jj++)
                    {
                        ci[j + jj] = GemmEpilogue.Apply(acc.GetElement(jj), ci, j + jj, in u, g.Bias);
                    }
                }
            }

            for (; j < n; j++)
            {
                T acc = T.Zero;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb)
                {
                    acc = T.FusedMultiplyAdd(ai[p * aCol], *bp, acc);
                }

                ci[j] = GemmEpilogue.Apply(acc, ci, j, in u, g.Bias);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma256<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
