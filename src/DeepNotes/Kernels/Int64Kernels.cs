using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>Span-level conversions to and from 64-bit integers that TensorPrimitives does not cover with PyTorch's rules.</summary>
internal static class Int64Kernels
{
    /// <summary>A double truncated toward zero to a long; NaN, infinities and values beyond the Int64 range throw.</summary>
    public static long ToInt64(double value)
    {
        if (!double.IsFinite(value) || value >= 9223372036854775808.0 || value < -9223372036854775808.0)
            throw new OverflowException($"The value {value} cannot be converted to Int64 (NaN, infinite or outside the Int64 range).");
        return (long)value;
    }

    /// <summary>Each float or double truncated toward zero (as <c>tensor.to(torch.int64)</c>); NaN or out-of-range values throw.</summary>
    public static void FromFloat<T>(ReadOnlySpan<T> src, Span<long> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < src.Length; i++) dst[i] = ToInt64(double.CreateTruncating(src[i]));
    }

    /// <summary>0 or 1 per Bool.</summary>
    public static void FromBool(ReadOnlySpan<bool> src, Span<long> dst)
    {
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] ? 1 : 0;
    }

    /// <summary>True where the value is not zero.</summary>
    public static void NonZero(ReadOnlySpan<long> src, Span<bool> dst)
    {
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] != 0;
    }

    /// <summary>
    /// The Int64 values as Int32 indices; throws naming <paramref name="op"/> and the first value outside the Int32 range
    /// (tensors are int-indexed, so such a value can never be a valid index and must not wrap).
    /// </summary>
    public static void ToIndices(string op, ReadOnlySpan<long> src, Span<int> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            long v = src[i];
            if (v < int.MinValue || v > int.MaxValue)
                throw new ArgumentOutOfRangeException("index", v,
                    $"{op}: index {v} (at flat position {i} of the Int64 index tensor) is outside the Int32 range that DeepNotes tensors are indexed with.");
            dst[i] = (int)v;
        }
    }
}
