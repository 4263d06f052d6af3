using DeepNotes.Kernels;

namespace DeepNotes.Ops;

/// <summary>
/// Tensor-level helpers of the memory-moving shape ops (no autograd): copies between strided layouts of any dtype
/// (moved by element size, so every dtype of a size shares one kernel), fills, and views with reversed strides.
/// </summary>
internal static class ShapeMoves
{
    /// <summary>Copies <paramref name="src"/> (any strides, negative allowed) into the same-shaped <paramref name="dst"/>.</summary>
    public static void Copy(Tensor src, Tensor dst)
    {
        if (src.DType != dst.DType) throw new InvalidOperationException("Internal error: ShapeMoves.Copy between dtypes.");
        switch (src.DType.ElementSize())
        {
            case 1: CopyT<byte>(src, dst); break;
            case 2: CopyT<short>(src, dst); break;
            case 4: CopyT<int>(src, dst); break;
            case 8: CopyT<long>(src, dst); break;
            default: src.CopyTo(dst); break;
        }
    }

    private static void CopyT<T>(Tensor src, Tensor dst) where T : unmanaged =>
        ShapeCopy.Copy<T>(src.Data<T>(), src.Offset, src.StrideArray, dst.Data<T>(), dst.Offset, dst.StrideArray, src.Shape.ToArray());

    /// <summary>
    /// A new contiguous tensor whose elements are not initialised: only for results the caller writes in full (it skips
    /// the zeroing of <c>new T[n]</c>, megabytes of activations and gradients per training step). The one helper for
    /// unzeroed outputs: ops, kernels' result tensors and data loaders all allocate through it.
    /// </summary>
    public static Tensor Empty(Shape shape, DType dtype)
    {
        int n = shape.ElementCount;
        Array data = dtype switch
        {
            DType.Float32 => GC.AllocateUninitializedArray<float>(n),
            DType.Float64 => GC.AllocateUninitializedArray<double>(n),
            DType.Int32 => GC.AllocateUninitializedArray<int>(n),
            DType.Int64 => GC.AllocateUninitializedArray<long>(n),
            DType.Bool => GC.AllocateUninitializedArray<bool>(n),
            _ => Storage.Allocate(dtype, n).Data,
        };
        return new Tensor(new Storage(data), shape, shape.ContiguousStrides(), 0, dtype);
    }

    /// <summary>A new contiguous tensor holding <paramref name="src"/>'s elements.</summary>
    public static Tensor Materialize(Tensor src)
    {
        var result = Empty(src.Shape, src.DType);
        Copy(src, result);
        return result;
    }

    /// <summary>A raw view of <paramref name="x"/> with the <paramref name="flip"/>ped dimensions running backwards.</summary>
    public static Tensor Reversed(Tensor x, bool[] flip)
    {
        var strides = (int[])x.StrideArray.Clone();
        int offset = x.Offset;
        for (int d = 0; d < x.Rank; d++)
        {
            if (!flip[d] || x.Shape.Dims[d] <= 1) continue;
            offset += (x.Shape.Dims[d] - 1) * strides[d];
            strides[d] = -strides[d];
        }
        return x.View(x.Shape, strides, offset);
    }

    /// <summary>Sets every element of <paramref name="dst"/> (any strides) to <paramref name="value"/> in its dtype.</summary>
    public static void Fill(Tensor dst, double value)
    {
        if (dst.ElementCount == 0) return;
        Tensor one = Tensor.Full([1], value, dst.DType);
        Copy(Expand.Raw(one.View(Shape.Scalar, [], 0), dst.Shape), dst);
    }

    /// <summary>Raw slice view [start, start + length) of dimension <paramref name="dim"/> (no checks, no autograd).</summary>
    public static Tensor Range(Tensor x, int dim, int start, int length)
    {
        var dims = x.Shape.ToArray();
        dims[dim] = length;
        return x.View(new Shape(dims), x.StrideArray, x.Offset + start * x.StrideArray[dim]);
    }
}
