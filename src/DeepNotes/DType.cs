namespace DeepNotes;

/// <summary>The element type of a <see cref="Tensor"/>.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float, the default for data, parameters and activations.</summary>
    Float32,

    /// <summary>64-bit IEEE float: every op supports it, so gradient checks can run in double precision.</summary>
    Float64,

    /// <summary>32-bit signed integer, for indices (class labels, token ids).</summary>
    Int32,

    /// <summary>Boolean, the result of comparisons and the condition of <see cref="Tensor.Where(Tensor, Tensor, Tensor)"/>.</summary>
    Bool,

    /// <summary>
    /// 64-bit signed integer, PyTorch's default integer dtype (<c>torch.long</c>): indices, <c>num_batches_tracked</c>,
    /// safetensors I64. Every op that takes integer indices accepts it; values must fit in Int32 where they index.
    /// </summary>
    Int64,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>, the dtypes that can carry gradients.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>True for the integer dtypes, <see cref="DType.Int32"/> and <see cref="DType.Int64"/>.</summary>
    public static bool IsInteger(this DType dtype) => dtype is DType.Int32 or DType.Int64;

    /// <summary>The size of one element in bytes.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.Float32 => 4,
        DType.Float64 => 8,
        DType.Int32 => 4,
        DType.Bool => 1,
        DType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The CLR element type that stores this dtype.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int32 => typeof(int),
        DType.Bool => typeof(bool),
        DType.Int64 => typeof(long),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    internal static DType FromClrType<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        if (typeof(T) == typeof(long)) return DType.Int64;
        throw new NotSupportedException($"Element type {typeof(T).Name} is not a DeepNotes dtype; use float, double, int, long or bool.");
    }
}
