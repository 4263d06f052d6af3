namespace DeepNotes.Ops;

/// <summary>
/// Slicing as views: <c>Narrow</c> (a range of one dimension), <c>Slice</c> (with a step) and <c>Select</c> (one
/// index, dropping the dimension). Backward: the gradient written into the same slice of a zero tensor.
/// </summary>
internal static class Narrow
{
    public static Tensor Forward(Tensor x, int dim, int start, int length)
    {
        int d = Permute.Axis("Narrow", dim, x.Rank);
        int size = x.Shape.Dims[d];
        if (start < 0) start += size;
        if (start < 0 || length < 0 || start + length > size)
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow: range [{start}, {start + length}) is outside dimension {d} of size {size} (shape {x.Shape}).");
        return Slice(x, d, start, start + length, 1, "NarrowBackward");
    }

    public static Tensor Slice(Tensor x, int dim, int start, int end, int step, string name = "SliceBackward")
    {
        if (x.Rank == 0) throw new ArgumentException("Slice: a 0-dim tensor has no dimension to slice.");
        int d = Permute.Axis("Slice", dim, x.Rank);
        int size = x.Shape.Dims[d];
        if (step <= 0) throw new ArgumentException($"Slice: step must be positive, got {step}.");
        // Python-style clamping of negative and out-of-range bounds
        if (start < 0) start = Math.Max(start + size, 0);
        if (end < 0) end = Math.Max(end + size, 0);
        start = Math.Min(start, size);
        end = Math.Clamp(end, start, size);
        int count = (end - start + step - 1) / step;
        var dims = x.Shape.ToArray();
        var strides = (int[])x.StrideArray.Clone();
        dims[d] = count;
        strides[d] *= step;
        var view = x.View(new Shape(dims), strides, x.Offset + start * x.StrideArray[d]);
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(view, name, [x], g => [Scatter(g, source, z => Slice(z, d, start, end, step))]);
    }

    public static Tensor Select(Tensor x, int dim, int index)
    {
        if (x.Rank == 0) throw new ArgumentException("Select: a 0-dim tensor has no dimension to index.");
        int d = Permute.Axis("Select", dim, x.Rank);
        int size = x.Shape.Dims[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Select: index {index} is out of range for dimension {d} of size {size} (shape {x.Shape}).");
        var dims = x.Shape.ToArray().Where((_, k) => k != d).ToArray();
        var strides = x.StrideArray.Where((_, k) => k != d).ToArray();
        var view = x.View(new Shape(dims), strides, x.Offset + i * x.StrideArray[d]);
        Shape source = x.Shape;
        return Tensor.RecordDifferentiable(view, "SelectBackward", [x], g => [Scatter(g, source, z => Select(z, d, i))]);
    }

    /// <summary>
    /// Zeros of <paramref name="shape"/> with <paramref name="g"/> copied into the view <paramref name="region"/> picks
    /// (PyTorch's slice_scatter into zeros). Recorded when g requires grad (a createGraph pass): its own backward takes
    /// the same region of the incoming gradient, so slicing is differentiable to any order.
    /// </summary>
    private static Tensor Scatter(Tensor g, Shape shape, Func<Tensor, Tensor> region)
    {
        var zeros = Tensor.Zeros(shape, g.DType);
        using (Autograd.NoGrad()) g.CopyTo(region(zeros));
        return Tensor.RecordDifferentiable(zeros, "SliceScatterBackward", [g], gg => [region(gg)]);
    }
}
