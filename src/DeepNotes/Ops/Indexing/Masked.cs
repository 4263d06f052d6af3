using System.Runtime.CompilerServices;

namespace DeepNotes.Ops.Indexing;

/// <summary>
/// Boolean-mask ops, x and mask broadcast together (as PyTorch's out-of-place forms): <c>masked_fill</c> (a
/// <see cref="Where"/> with the value), <c>masked_select</c> (the selected elements in row-major order, 1-D) and
/// <c>masked_scatter</c> (consecutive source elements written at the true positions). Backward: masked_fill — x:
/// g where the mask is false, a 0-dim value: Σ g where true; masked_select — g scattered back to the selected
/// positions (summed over broadcast dimensions); masked_scatter — x: g where the mask is false, source: g at the
/// true positions in order, zeros for the unused rest of the source.
/// </summary>
internal static class Masked
{
    public static Tensor Fill(Tensor x, Tensor mask, double value)
    {
        IndexChecks.BoolMask("MaskedFill", mask);
        if (mask.Shape != x.Shape) return Where.Forward(mask, Tensor.Scalar(value, x.DType), x);
        // same shapes (the common case): one pass over a copy
        Tensor result = x.CloneRaw();
        ReadOnlySpan<bool> m = ElementwiseBinary.Materialize<bool>(mask, x.Shape);
        switch (x.DType)
        {
            case DType.Float32: FillWhere(result.Span<float>(), m, (float)value); break;
            case DType.Float64: FillWhere(result.Span<double>(), m, value); break;
            case DType.Int32: FillWhere(result.Span<int>(), m, checked((int)value)); break;
            default: FillWhere(result.Span<bool>(), m, value != 0); break;
        }
        return Tensor.RecordDifferentiable(result, "MaskedFillBackward", [x], g => [Where.Forward(mask, Tensor.Zeros(Shape.Scalar, g.DType), g)], mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillWhere<T>(Span<T> data, ReadOnlySpan<bool> mask, T value) where T : unmanaged
    {
        for (int i = 0; i < data.Length; i++)
            if (mask[i]) data[i] = value;
    }

    public static Tensor Fill(Tensor x, Tensor mask, Tensor value)
    {
        IndexChecks.BoolMask("MaskedFill", mask);
        if (value.Rank != 0)
            throw new ArgumentException($"MaskedFill expects a 0-dim value tensor, got shape {value.Shape}.", nameof(value));
        Tensor.CheckSameDType("MaskedFill", x, value);
        return Where.Forward(mask, value, x);
    }

    public static Tensor Select(Tensor x, Tensor mask)
    {
        IndexChecks.BoolMask("MaskedSelect", mask);
        Shape shape = ElementwiseBinary.BroadcastShape("MaskedSelect", x.Shape, mask.Shape);
        Tensor positions = TruePositions(mask, shape);
        Tensor flat = Reshape.Forward(Expand.Forward(x, shape.ToArray()), [-1]);
        return Gather.Forward(flat, 0, positions);
    }

    public static Tensor Scatter(Tensor x, Tensor mask, Tensor source)
    {
        IndexChecks.BoolMask("MaskedScatter", mask);
        Tensor.CheckSameDType("MaskedScatter", x, source);
        Shape shape = ElementwiseBinary.BroadcastShape("MaskedScatter", x.Shape, mask.Shape);
        Tensor positions = TruePositions(mask, shape);
        if (source.ElementCount < positions.ElementCount)
            throw new ArgumentException(
                $"MaskedScatter: the source has {source.ElementCount} elements ({source.Shape}) but the mask has {positions.ElementCount} true elements; it needs at least as many.", nameof(source));
        Tensor flat = Reshape.Forward(Expand.Forward(x, shape.ToArray()), [-1]);
        Tensor written = Indexing.Scatter.Assign(flat, 0, positions, Reshape.Forward(source, [-1]));
        return Reshape.Forward(written, shape.ToArray());
    }

    /// <summary>The row-major positions of the true elements of <paramref name="mask"/> broadcast to <paramref name="shape"/>, as a 1-D Int32 tensor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor TruePositions(Tensor mask, Shape shape)
    {
        ReadOnlySpan<bool> m = ElementwiseBinary.Materialize<bool>(mask, shape);
        int count = 0;
        foreach (bool b in m) if (b) count++;
        var positions = new int[count];
        int k = 0;
        for (int i = 0; i < m.Length; i++) if (m[i]) positions[k++] = i;
        return Tensor.FromArray(positions);
    }
}
