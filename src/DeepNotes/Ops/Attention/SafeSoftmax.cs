using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Attention;

/// <summary>
/// Softmax over the last axis where a row that is entirely −∞ (every position masked) gives zeros instead of NaN
/// (PyTorch's <c>_safe_softmax</c>); −∞ entries of other rows get exactly 0. Backward dx = y ⊙ (g − Σ g ⊙ y), zero on
/// fully masked rows. The backward is differentiable: in a <c>createGraph</c> pass it is that formula in differentiable
/// ops of the recorded output y (zero where y is zero, so fully masked rows stay zero to every order).
/// </summary>
internal static class SafeSoftmax
{
    public static Tensor Forward(Tensor x)
    {
        x.CheckFloatingPoint("SafeSoftmax");
        if (x.Rank == 0) throw new ArgumentException("SafeSoftmax: input must be at least 1-D.", nameof(x));
        int n = x.Shape[-1];
        int rows = n == 0 ? 0 : x.ElementCount / n;
        var y = new Tensor(x.Shape, x.DType);
        Tensor xc = x.ContiguousRaw();
        if (x.DType == DType.Float32) Rows<float>(xc, y, rows, n);
        else Rows<double>(xc, y, rows, n);
        return Tensor.RecordDifferentiable(y, "SafeSoftmaxBackward", [x], g =>
        {
            if (Autograd.IsCreatingGraph) return [y * (g - (g * y).Sum([-1], keepDim: true))];
            var dx = new Tensor(x.Shape, x.DType);
            Tensor gc = g.ContiguousRaw();
            if (rows > 0)
            {
                if (x.DType == DType.Float32) SoftmaxKernel.RowsBackward<float>(y.Span<float>(), gc.Span<float>(), dx.Span<float>(), rows, n);
                else SoftmaxKernel.RowsBackward<double>(y.Span<double>(), gc.Span<double>(), dx.Span<double>(), rows, n);
            }
            return [dx];
        }, y);
    }

    private static void Rows<T>(Tensor x, Tensor y, int rows, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> xs = x.Span<T>();
        Span<T> ys = y.Span<T>();
        for (int r = 0; r < rows; r++)
        {
            Span<T> row = ys.Slice(r * n, n);
            xs.Slice(r * n, n).CopyTo(row);
            AttentionSoftmax.Row(row);
        }
    }
}
