using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Cholesky factorisation A = L Lᵀ of one row-major n×n symmetric positive-definite matrix in double precision.
/// Row-oriented (the Cholesky–Crout order): Lᵢⱼ = (Aᵢⱼ − Lᵢ,:ⱼ · Lⱼ,:ⱼ) / Lⱼⱼ, where both dot products run over
/// contiguous row prefixes (<see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>). Reads only the
/// lower triangle.
/// </summary>
internal static class LinalgCholesky
{
    /// <summary>Replaces <paramref name="a"/> by L (zeros above the diagonal).</summary>
    /// <returns>0, or the order k (1-based) of the first leading minor that is not positive-definite.</returns>
    public static int Factor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> rowJ = a.Slice(j * n, j);
            double d = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
            if (!(d > 0)) return j + 1;
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.Slice(i * n, j), rowJ)) / ljj;
        }
        for (int i = 0; i < n; i++) a.Slice(i * n + i + 1, n - i - 1).Clear();
        return 0;
    }
}
