using System.Globalization;

namespace DeepNotes;

/// <summary>
/// The 16-bit brain floating-point format (<c>torch.bfloat16</c>): the upper half of a Float32 (1 sign, 8 exponent,
/// 7 mantissa bits), the element type of <see cref="DType.BFloat16"/> tensors (.NET 10 has no such type). A storage
/// format: convert to <see cref="float"/> to compute.
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>
{
    private BFloat16(ushort bits) => Bits = bits;

    /// <summary>The raw 16 bits (the upper half of the Float32 encoding).</summary>
    public ushort Bits { get; }

    /// <summary>The value with the given raw bits.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>
    /// Rounds a float to the nearest BFloat16, ties to even, exactly as PyTorch's <c>c10::BFloat16(float)</c>: every NaN
    /// becomes the quiet NaN 0x7FC0, overflow rounds to ±∞.
    /// </summary>
    public static explicit operator BFloat16(float value)
    {
        if (float.IsNaN(value)) return new(0x7FC0);
        uint u = BitConverter.SingleToUInt32Bits(value);
        uint bias = ((u >> 16) & 1) + 0x7FFF;
        return new((ushort)((u + bias) >> 16));
    }

    /// <summary>The exact Float32 value (BFloat16 widens without rounding).</summary>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    /// <summary>The exact Float64 value.</summary>
    public static explicit operator double(BFloat16 value) => (float)value;

    /// <summary>Rounds a double to BFloat16 through Float32, as PyTorch does.</summary>
    public static explicit operator BFloat16(double value) => (BFloat16)(float)value;

    /// <summary>Bitwise equality of the encodings (so NaN equals the same NaN, +0 differs from −0).</summary>
    public bool Equals(BFloat16 other) => Bits == other.Bits;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Bits;

    /// <summary>The value as a float, formatted with the invariant culture.</summary>
    public override string ToString() => ((float)this).ToString(CultureInfo.InvariantCulture);
}
