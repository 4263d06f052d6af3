namespace DeepNotes.Ops.Pooling;

/// <summary>
/// Output, index and input-gradient tensors of the pooling ops, allocated without zeroing: every pooling kernel writes
/// each element of them (backward kernels clear or overwrite each plane themselves), so zeroing would be wasted work —
/// 6.4 MB per step for the first pooling of the CNN workload.
/// </summary>
internal static class PoolBuffers
{
    public static Tensor Uninitialized(Shape shape, DType dtype)
    {
        int n = shape.ElementCount;
        Array data = dtype switch
        {
            DType.Float32 => GC.AllocateUninitializedArray<float>(n),
            DType.Float64 => GC.AllocateUninitializedArray<double>(n),
            DType.Int32 => GC.AllocateUninitializedArray<int>(n),
            _ => throw new ArgumentException($"Internal error: no pooling buffer of {dtype}."),
        };
        return new Tensor(new Storage(data), shape, shape.ContiguousStrides(), 0, dtype);
    }
}
