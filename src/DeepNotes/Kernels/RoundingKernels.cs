using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// <see cref="ElementwiseMath.Frac{T}"/> and <see cref="ElementwiseMath.Round{T}"/> with decimals, run in cache-sized
/// chunks so that their two or three TensorPrimitives passes stream the data once; the same passes per element, so
/// the results are bit-identical. Chunks are at least 2048 long (the last absorbs the remainder).
/// </summary>
internal static class RoundingKernels
{
    private const int Chunk = 2048;

    /// <summary>x − trunc(x).</summary>
    public static void Frac<T>(ReadOnlySpan<T> x, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ElementwiseMath.Frac(x.Slice(start, len), d.Slice(start, len));
            start += len;
        }
    }

    /// <summary>Half to even at <paramref name="decimals"/> places.</summary>
    public static void Round<T>(ReadOnlySpan<T> x, Span<T> d, int decimals) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (decimals == 0) { TensorPrimitives.Round(x, d); return; }
        for (int start = 0; start < x.Length;)
        {
            int len = Length(start, x.Length);
            ElementwiseMath.Round(x.Slice(start, len), d.Slice(start, len), decimals);
            start += len;
        }
    }

    /// <summary>
    /// Int32 ÷ Int32 as PyTorch's true division: both converted to float, then divided (the same conversion and
    /// division as casting both tensors first). Spans of equal length.
    /// </summary>
    public static void IntTrueDivide(ReadOnlySpan<int> x, ReadOnlySpan<int> y, Span<float> d)
    {
        Span<float> b = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int len = Math.Min(Chunk, x.Length - start);
            Span<float> ds = d.Slice(start, len), bs = b[..len];
            TensorPrimitives.ConvertTruncating<int, float>(x.Slice(start, len), ds);
            TensorPrimitives.ConvertTruncating<int, float>(y.Slice(start, len), bs);
            TensorPrimitives.Divide(ds, bs, ds);
        }
    }

    private static int Length(int start, int n) => n - start < 2 * Chunk ? n - start : Chunk;
}
