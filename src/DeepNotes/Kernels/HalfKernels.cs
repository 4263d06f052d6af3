using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Conversions between the 16-bit storage dtypes and Float32, rounding to nearest, ties to even, bit for bit as
/// PyTorch 1.13's tensor conversions (Float64 goes through Float32 first, as torch does: two roundings). Half ⇄ float
/// uses TensorPrimitives (vectorised); BFloat16 ⇄ float is a shift of the bit pattern (plus the rounding bias when
/// narrowing), done here over the raw bits.
/// </summary>
internal static class HalfKernels
{
    /// <summary>Half to float, exact.</summary>
    public static void ToSingle(ReadOnlySpan<Half> src, Span<float> dst) => TensorPrimitives.ConvertToSingle(src, dst);

    /// <summary>Float to Half, round to nearest even (overflow to ±∞, NaN stays NaN).</summary>
    public static void ToHalf(ReadOnlySpan<float> src, Span<Half> dst) => TensorPrimitives.ConvertToHalf(src, dst);

    /// <summary>BFloat16 to float, exact: the 16 bits become the upper half of the float.</summary>
    public static void ToSingle(ReadOnlySpan<BFloat16> src, Span<float> dst)
    {
        ReadOnlySpan<ushort> bits = MemoryMarshal.Cast<BFloat16, ushort>(src);
        Span<uint> d = MemoryMarshal.Cast<float, uint>(dst);
        for (int i = 0; i < bits.Length; i++) d[i] = (uint)bits[i] << 16;
    }

    /// <summary>
    /// Float to BFloat16, round to nearest even; NaN becomes 0xFFFF, as torch's vectorised <c>tensor.to(torch.bfloat16)</c>
    /// gives (its scalar <c>c10::BFloat16</c>, like the <see cref="BFloat16"/> cast, gives 0x7FC0).
    /// </summary>
    public static void ToBFloat16(ReadOnlySpan<float> src, Span<BFloat16> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            float v = src[i];
            dst[i] = float.IsNaN(v) ? BFloat16.FromBits(0xFFFF) : (BFloat16)v;
        }
    }
}
