namespace DeepNotes.Data;

/// <summary>
/// The element type of an IDX file, stored in its third header byte. Multi-byte elements are big-endian in the file.
/// </summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned 8-bit integer (code 0x08), the type of the MNIST and Fashion-MNIST images and labels.</summary>
    UByte = 0x08,

    /// <summary>Signed 8-bit integer (code 0x09).</summary>
    SByte = 0x09,

    /// <summary>Signed 16-bit integer (code 0x0B).</summary>
    Short = 0x0B,

    /// <summary>Signed 32-bit integer (code 0x0C).</summary>
    Int = 0x0C,

    /// <summary>32-bit IEEE float (code 0x0D).</summary>
    Float = 0x0D,

    /// <summary>64-bit IEEE float (code 0x0E).</summary>
    Double = 0x0E,
}

/// <summary>Facts about <see cref="IdxElementType"/> values.</summary>
public static class IdxElementTypeExtensions
{
    /// <summary>The size of one element in bytes (1, 2, 4 or 8).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static int ElementSize(this IdxElementType type) => type switch
    {
        IdxElementType.UByte or IdxElementType.SByte => 1,
        IdxElementType.Short => 2,
        IdxElementType.Int or IdxElementType.Float => 4,
        IdxElementType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown IDX element type 0x{(byte)type:X2}."),
    };

    /// <summary>The CLR array element type that holds this IDX type in memory: byte, sbyte, short, int, float or double.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static Type ClrType(this IdxElementType type) => type switch
    {
        IdxElementType.UByte => typeof(byte),
        IdxElementType.SByte => typeof(sbyte),
        IdxElementType.Short => typeof(short),
        IdxElementType.Int => typeof(int),
        IdxElementType.Float => typeof(float),
        IdxElementType.Double => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown IDX element type 0x{(byte)type:X2}."),
    };

    /// <summary>
    /// The tensor dtype an IDX array converts to by default (<see cref="IdxArray.ToTensor()"/>): every integer type
    /// (including unsigned bytes) to <see cref="DType.Int32"/>, float to <see cref="DType.Float32"/>, double to
    /// <see cref="DType.Float64"/>. All conversions are exact.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined element type.</exception>
    public static DType DefaultDType(this IdxElementType type) => type switch
    {
        IdxElementType.UByte or IdxElementType.SByte or IdxElementType.Short or IdxElementType.Int => DType.Int32,
        IdxElementType.Float => DType.Float32,
        IdxElementType.Double => DType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Unknown IDX element type 0x{(byte)type:X2}."),
    };

    internal static bool IsDefined(byte code) =>
        code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    internal static string Name(this IdxElementType type) => type switch
    {
        IdxElementType.UByte => "ubyte",
        IdxElementType.SByte => "sbyte",
        IdxElementType.Short => "short",
        IdxElementType.Int => "int",
        IdxElementType.Float => "float",
        IdxElementType.Double => "double",
        _ => $"0x{(byte)type:X2}",
    };
}
