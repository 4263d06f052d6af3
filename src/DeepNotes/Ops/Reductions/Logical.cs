using DeepNotes.Kernels;

namespace DeepNotes.Ops.Reductions;

/// <summary>
/// All, Any and CountNonzero over all or chosen axes, for every dtype (an element is true when non-zero; NaN is
/// non-zero). All of an empty group is true, Any false, as PyTorch. Results are Bool (All, Any) or Int32 (CountNonzero;
/// PyTorch's is Int64), with no gradient.
/// </summary>
internal static class Logical
{
    public static Tensor CountNonzero(Tensor x, int[]? axes, bool keepDim = false) => Count("CountNonzero", x, axes, keepDim).Counts;

    public static Tensor All(Tensor x, int[]? axes, bool keepDim)
    {
        var (counts, groupSize) = Count("All", x, axes, keepDim);
        return Comparison.Equal(counts, Tensor.Scalar(groupSize, DType.Int32));
    }

    public static Tensor Any(Tensor x, int[]? axes, bool keepDim) =>
        Comparison.Greater(Count("Any", x, axes, keepDim).Counts, Tensor.Scalar(0, DType.Int32));

    /// <summary>Non-zero count per group (Int32) and the group size.</summary>
    private static (Tensor Counts, int GroupSize) Count(string op, Tensor x, int[]? axes, bool keepDim)
    {
        Tensor t = x.Detach();
        int[] ax = ReductionOperation.Axes(op, axes, t.Rank);
        var (data, outer, inner) = ReductionOperation.Arrange(t, ax);
        var counts = new Tensor(ReductionOperation.OutputShape(t.Shape, ax, keepDim), DType.Int32);
        var c = counts.Span<int>();
        switch (t.DType)
        {
            case DType.Float32: CountKernel.NonZeroRows(data.Span<float>(), c, outer, inner); break;
            case DType.Float64: CountKernel.NonZeroRows(data.Span<double>(), c, outer, inner); break;
            case DType.Int32: CountKernel.NonZeroRows(data.Span<int>(), c, outer, inner); break;
            case DType.Int64: CountKernel.NonZeroRows(data.Span<long>(), c, outer, inner); break;
            default:
                var bytes = System.Runtime.InteropServices.MemoryMarshal.Cast<bool, byte>(data.Span<bool>());
                CountKernel.NonZeroRows<byte>(bytes, c, outer, inner);
                break;
        }
        return (counts, inner);
    }
}
