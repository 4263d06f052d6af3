using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Row-wise softmax and log-softmax over contiguous rows, the stable way: the row maximum is subtracted before
/// exponentiating, so inputs of any magnitude give finite results (TensorPrimitives.SoftMax does not subtract it and
/// overflows near 100). A row that is all −∞ gives NaN like PyTorch. Rows must be non-empty (n ≥ 1): callers handle n = 0.
/// </summary>
internal static class SoftmaxKernel
{
    /// <summary>y = softmax(x) for each of <paramref name="rows"/> rows of length <paramref name="n"/>.</summary>
    public static void Rows<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            T sum = TensorPrimitives.Sum<T>(yr);
            TensorPrimitives.Multiply(yr, T.One / sum, yr);
        }
    }

    /// <summary>
    /// y = log_softmax(x) = (x − max) − log Σ exp(x − max) for each row; x and y must not overlap. Subtracting the max
    /// first keeps the result exact to the precision of the shifted values (x − (max + log Σ) would round to the
    /// precision of the largest logit: ~5e-4 in float at logits of 1e4).
    /// </summary>
    public static void LogRows<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // exp of the shifted row, summed without a second row buffer: chunks through a stack scratch
        Span<T> e = stackalloc T[Math.Clamp(n, 1, 256)];
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * n, n);
            var yr = y.Slice(r * n, n);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            T logSum = T.Zero;
            for (int j = 0; j < n; j += e.Length)
            {
                int len = Math.Min(e.Length, n - j);
                TensorPrimitives.Exp(yr.Slice(j, len), e[..len]);
                logSum += TensorPrimitives.Sum<T>(e[..len]);
            }
            TensorPrimitives.Subtract(yr, T.Log(logSum), yr);
        }
    }

    /// <summary>Softmax backward per row: dx = y ⊙ (g − Σ g ⊙ y), with y the saved softmax output.</summary>
    public static void RowsBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * n, n);
            var gr = g.Slice(r * n, n);
            var dr = dx.Slice(r * n, n);
            T dot = TensorPrimitives.Dot(gr, yr);
            TensorPrimitives.Subtract(gr, dot, dr);
            TensorPrimitives.Multiply(dr, yr, dr);
        }
    }

    /// <summary>Log-softmax backward per row: dx = g − exp(y) ⊙ Σ g, with y the saved log-softmax output.</summary>
    public static void LogRowsBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> dx, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var yr = y.Slice(r * n, n);
            var gr = g.Slice(r * n, n);
            var dr = dx.Slice(r * n, n);
            T sum = TensorPrimitives.Sum(gr);
            TensorPrimitives.Exp(yr, dr);
            TensorPrimitives.MultiplyAdd(dr, -sum, gr, dr); // g − sum·exp(y)
        }
    }
}
