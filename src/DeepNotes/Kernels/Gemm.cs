using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>General matrix multiply on row-major spans.</summary>
internal static class Gemm
{
    /// <summary>
    /// C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major. op(A) is m×k: A is m×k with row stride lda when !transA,
    /// else A is stored k×m with row stride lda. op(B) is k×n: B is k×n (ldb) when !transB, else stored n×k (ldb).
    /// beta == 0 overwrites C (BLAS convention: NaN in C is ignored).
    /// </summary>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Plain i-p-j loop (row of C accumulates rows of B); the packed AVX-512 kernel replaces this.
        var row = new T[n];
        for (int i = 0; i < m; i++)
        {
            Array.Clear(row);
            for (int p = 0; p < k; p++)
            {
                T av = transA ? a[p * lda + i] : a[i * lda + p];
                for (int j = 0; j < n; j++) row[j] += av * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            }
            var ci = c.Slice(i * ldc, n);
            for (int j = 0; j < n; j++) ci[j] = beta == T.Zero ? alpha * row[j] : alpha * row[j] + beta * ci[j];
        }
    }
}
