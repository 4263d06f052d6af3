namespace DeepNotes.Serialization;

/// <summary>
/// The element types of the safetensors format that DeepNotes reads, with their byte sizes, the tensor dtype each
/// becomes, and the reference writer's ordering rank (its <c>Dtype</c> enum order: tensors are written by descending rank,
/// then by name).
/// </summary>
internal enum FileDType
{
    Bool,
    U8,
    I8,
    I16,
    U16,
    F16,
    BF16,
    I32,
    F32,
    F64,
    I64,
}

internal static class FileDTypes
{
    /// <summary>Every dtype name the safetensors specification defines (some are not supported here).</summary>
    private static readonly HashSet<string> s_specified =
    [
        "BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64",
        "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
    ];

    public static bool TryParse(string name, out FileDType dtype)
    {
        dtype = name switch
        {
            "BOOL" => FileDType.Bool,
            "U8" => FileDType.U8,
            "I8" => FileDType.I8,
            "I16" => FileDType.I16,
            "U16" => FileDType.U16,
            "F16" => FileDType.F16,
            "BF16" => FileDType.BF16,
            "I32" => FileDType.I32,
            "F32" => FileDType.F32,
            "F64" => FileDType.F64,
            "I64" => FileDType.I64,
            _ => (FileDType)(-1),
        };
        return (int)dtype >= 0;
    }

    public static bool IsSpecified(string name) => s_specified.Contains(name);

    public static string Name(this FileDType dtype) => dtype switch
    {
        FileDType.Bool => "BOOL",
        FileDType.BF16 => "BF16",
        _ => dtype.ToString(),
    };

    public static int Size(this FileDType dtype) => dtype switch
    {
        FileDType.Bool or FileDType.U8 or FileDType.I8 => 1,
        FileDType.I16 or FileDType.U16 or FileDType.F16 or FileDType.BF16 => 2,
        FileDType.I32 or FileDType.F32 => 4,
        _ => 8,
    };

    /// <summary>The reference writer's enum order (BOOL &lt; U8 &lt; I8 &lt; I16 &lt; U16 &lt; F16 &lt; BF16 &lt; I32 &lt; U32 &lt; F32 &lt; F64 &lt; I64 &lt; U64).</summary>
    public static int Rank(this FileDType dtype) => (int)dtype;

    /// <summary>The tensor dtype a file dtype loads as: each float as its own dtype (F16/BF16 storage-only), I64 as Int64, other integers as Int32.</summary>
    public static DType TensorDType(this FileDType dtype) => dtype switch
    {
        FileDType.Bool => DType.Bool,
        FileDType.F64 => DType.Float64,
        FileDType.I64 => DType.Int64,
        FileDType.F32 => DType.Float32,
        FileDType.F16 => DType.Float16,
        FileDType.BF16 => DType.BFloat16,
        _ => DType.Int32,
    };

    /// <summary>The file dtype a tensor is written as: each dtype as its own (Int32 as I32, Int64 as I64), so every dtype round-trips.</summary>
    public static FileDType ForTensor(DType dtype) => dtype switch
    {
        DType.Float32 => FileDType.F32,
        DType.Float64 => FileDType.F64,
        DType.Int32 => FileDType.I32,
        DType.Int64 => FileDType.I64,
        DType.Float16 => FileDType.F16,
        DType.BFloat16 => FileDType.BF16,
        DType.Bool => FileDType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };
}
