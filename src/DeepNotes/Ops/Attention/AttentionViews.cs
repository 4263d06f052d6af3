namespace DeepNotes.Ops.Attention;

/// <summary>
/// A batch of matrices read in place from a tensor: matrix i starts <see cref="Offsets"/>[i] elements after the start
/// of <see cref="Data"/> (the contiguous data of <see cref="Input"/>) with row stride <see cref="Ld"/>. The gradient of
/// <see cref="Input"/> is laid out the same way (contiguous, same shape), so the same offsets address it.
/// </summary>
/// <param name="Input">The tensor in the autograd graph (a Q/K/V tensor, or a packed QKV projection).</param>
/// <param name="Data">Input's values, contiguous.</param>
/// <param name="Offsets">Start of each matrix, relative to the first element of <paramref name="Data"/>.</param>
/// <param name="Ld">Row stride.</param>
internal sealed record AttentionView(Tensor Input, Tensor Data, int[] Offsets, int Ld)
{
    /// <summary>Matrix i of a contiguous [..., rows, cols] tensor: offset i·rows·cols, row stride cols.</summary>
    public static AttentionView Contiguous(Tensor input, int count, int rows, int cols)
    {
        var offsets = new int[count];
        for (int i = 0; i < count; i++) offsets[i] = i * rows * cols;
        return new AttentionView(input, input.ContiguousRaw(), offsets, cols);
    }

    /// <summary>
    /// Head h of batch b of a contiguous projection laid out [B, L, width] (batch first) or [L, B, width]: columns
    /// <c>column + h·headDim</c> onward; matrix i = b·heads + h.
    /// </summary>
    public static int[] HeadOffsets(int batch, int heads, int length, int width, int column, int headDim, bool batchFirst)
    {
        var offsets = new int[batch * heads];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
                offsets[b * heads + h] = (batchFirst ? b * length * width : b * width) + column + h * headDim;
        return offsets;
    }
}

/// <summary>
/// An additive mask term: <see cref="Data"/> (float, contiguous, viewed under some shape by a free reshape)
/// broadcast to the attention scores [count..., L, S]. <see cref="Input"/> is the user's tensor when it is a float
/// mask that may receive a gradient, else null.
/// </summary>
internal sealed record AttentionMask(Tensor? Input, Tensor Data, int[] Offsets, int RowStride, int ColStride)
{
    /// <summary>
    /// Broadcasts <paramref name="data"/> (contiguous, viewed as <paramref name="viewShape"/>) against the target
    /// <paramref name="target"/> = [batch..., L, S]; size-1 and missing leading dimensions repeat.
    /// </summary>
    public static AttentionMask Broadcast(string op, Tensor? input, Tensor data, Shape viewShape, Shape target)
    {
        int rank = target.Rank;
        if (viewShape.Rank > rank)
            throw new ArgumentException($"{op}: attention mask {viewShape} has more dimensions than the scores {target}.");
        var strides = new int[rank];
        int stride = 1;
        for (int d = viewShape.Rank - 1; d >= 0; d--)
        {
            int td = d + rank - viewShape.Rank, size = viewShape.Dims[d];
            if (size != 1 && size != target.Dims[td])
                throw new ArgumentException($"{op}: attention mask of shape {viewShape} cannot be broadcast to the scores {target}.");
            strides[td] = size == 1 ? 0 : stride;
            stride *= size;
        }
        int count = 1;
        for (int d = 0; d < rank - 2; d++) count *= target.Dims[d];
        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            int rest = i, off = 0;
            for (int d = rank - 3; d >= 0; d--)
            {
                off += rest % target.Dims[d] * strides[d];
                rest /= target.Dims[d];
            }
            offsets[i] = off;
        }
        return new AttentionMask(input, data, offsets, strides[rank - 2], strides[rank - 1]);
    }

    /// <summary>
    /// The additive form of a mask: a Bool mask becomes 0 where attention is allowed and −∞ where it is not
    /// (<paramref name="trueMeansMasked"/>: PyTorch's nn.MultiheadAttention convention; otherwise SDPA's "true takes
    /// part"); a float mask of the same dtype is used as it is.
    /// </summary>
    public static Tensor Additive(string op, Tensor mask, DType dtype, bool trueMeansMasked, string name)
    {
        if (mask.DType == DType.Bool)
        {
            Tensor m = mask.ContiguousRaw();
            var result = new Tensor(mask.Shape, dtype);
            ReadOnlySpan<bool> src = m.Span<bool>()[..mask.ElementCount];
            if (dtype == DType.Float32)
            {
                Span<float> d = result.Span<float>();
                for (int i = 0; i < src.Length; i++) d[i] = src[i] == trueMeansMasked ? float.NegativeInfinity : 0f;
            }
            else
            {
                Span<double> d = result.Span<double>();
                for (int i = 0; i < src.Length; i++) d[i] = src[i] == trueMeansMasked ? double.NegativeInfinity : 0.0;
            }
            return result;
        }
        if (mask.DType != dtype)
            throw new ArgumentException($"{op}: {name} must be Bool or {dtype} like the query, got {mask.DType}.", name);
        return mask.ContiguousRaw();
    }
}
