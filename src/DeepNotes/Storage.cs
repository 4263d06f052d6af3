namespace DeepNotes;

/// <summary>
/// The managed array behind one or more tensors (a tensor and its views share a storage).
/// <see cref="Version"/> counts in-place writes so that autograd can detect a saved tensor that changed.
/// </summary>
internal sealed class Storage
{
    public Storage(Array data) => Data = data;

    /// <summary>A float[], double[], int[], bool[], long[], Half[] or BFloat16[], matching the owning tensors' dtype.</summary>
    public Array Data { get; }

    /// <summary>Incremented by every in-place write.</summary>
    public int Version { get; private set; }

    public void BumpVersion() => Version++;

    public static Storage Allocate(DType dtype, int count) => new(dtype switch
    {
        DType.Float32 => new float[count],
        DType.Float64 => new double[count],
        DType.Int32 => new int[count],
        DType.Bool => new bool[count],
        DType.Int64 => new long[count],
        DType.Float16 => new Half[count],
        DType.BFloat16 => new BFloat16[count],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    });
}
