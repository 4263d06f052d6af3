using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Reductions for gradient-norm clipping, accumulated in double whatever the element type (so a float32 norm over
/// millions of elements neither loses digits nor overflows at |g| ≈ 1.8e19), and NaN-propagating like PyTorch's norms.
/// </summary>
internal static class GradientNormKernels
{
    /// <summary>Σ x² in double.</summary>
    public static double SumOfSquares(ReadOnlySpan<double> x) => TensorPrimitives.SumOfSquares(x);

    /// <summary>Σ x² accumulated in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        ref float r = ref MemoryMarshal.GetReference(x);
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        for (; i <= n - 8; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref r, (nuint)i));
            acc0 += lo * lo;
            acc1 += hi * hi;
        }
        double sum = Vector256.Sum(acc0 + acc1);
        for (; i < n; i++) sum += (double)x[i] * x[i];
        return sum;
    }

    /// <summary>Σ |x| in double.</summary>
    public static double SumOfMagnitudes(ReadOnlySpan<double> x) => TensorPrimitives.SumOfMagnitudes(x);

    /// <summary>Σ |x| accumulated in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfMagnitudes(ReadOnlySpan<float> x)
    {
        int n = x.Length, i = 0;
        ref float r = ref MemoryMarshal.GetReference(x);
        var acc = Vector256<double>.Zero;
        for (; i <= n - 8; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)i)));
            acc += lo + hi;
        }
        double sum = Vector256.Sum(acc);
        for (; i < n; i++) sum += Math.Abs(x[i]);
        return sum;
    }

    /// <summary>max |x| (0 for an empty span; NaN when any element is NaN).</summary>
    public static double MaxMagnitude<T>(ReadOnlySpan<T> x)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        x.IsEmpty ? 0 : double.CreateTruncating(T.Abs(TensorPrimitives.MaxMagnitude(x)));

    /// <summary>Σ (|x| / <paramref name="scale"/>)ᵖ in double, for a general norm order p (scaled so it neither overflows nor underflows).</summary>
    public static double SumOfScaledPowers<T>(ReadOnlySpan<T> x, double p, double scale)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T v in x) sum += Math.Pow(Math.Abs(double.CreateTruncating(v)) / scale, p);
        return sum;
    }
}
