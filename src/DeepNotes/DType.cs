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

    /// <summary>
    /// IEEE half precision (<c>torch.float16</c>, storage <see cref="Half"/>): a storage-only dtype for reading, holding and
    /// writing weights. Convert with <c>To(DType.Float32)</c> to compute; compute ops refuse it with that advice.
    /// </summary>
    Float16,

    /// <summary>
    /// Brain floating point (<c>torch.bfloat16</c>, storage <see cref="DeepNotes.BFloat16"/>): storage-only, like
    /// <see cref="Float16"/>.
    /// </summary>
    BFloat16,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>, the dtypes that can carry gradients.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>
    /// True for the 16-bit floating dtypes <see cref="DType.Float16"/> and <see cref="DType.BFloat16"/>, which only hold
    /// data (creation, conversion, shape ops, printing, files); <see cref="IsFloatingPoint"/> is false for them.
    /// </summary>
    public static bool IsStorageOnly(this DType dtype) => dtype is DType.Float16 or DType.BFloat16;

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
        DType.Float16 or DType.BFloat16 => 2,
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
        DType.Float16 => typeof(Half),
        DType.BFloat16 => typeof(BFloat16),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    internal static DType FromClrType<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(Half)) return DType.Float16;
        if (typeof(T) == typeof(BFloat16)) return DType.BFloat16;
        throw new NotSupportedException($"Element type {typeof(T).Name} is not a DeepNotes dtype; use float, double, int, long, bool, Half or BFloat16.");
    }

    /// <summary>The error a compute op gives for a storage-only dtype, naming the op and the conversion to use.</summary>
    internal static NotSupportedException StorageOnlyError(string op, DType dtype) =>
        new($"{op}: {dtype} is a storage-only dtype in DeepNotes (creation, conversion, shape ops, printing and files); convert with .To(DType.Float32) before computing.");

    /// <summary>Throws <see cref="StorageOnlyError"/> when <paramref name="dtype"/> is Float16 or BFloat16.</summary>
    internal static void RejectStorageOnly(string op, DType dtype)
    {
        if (dtype.IsStorageOnly()) throw StorageOnlyError(op, dtype);
    }
}
