namespace DeepNotes.Ops.Attention;

/// <summary>
/// The fused attention of an <see cref="AttentionRequest"/> rewritten in differentiable ops, for <c>createGraph</c>
/// passes (<see cref="Tensor.RecordComposite"/>): each Q/K/V matrix and each mask term is gathered from its source
/// tensor by the same offsets and strides the kernel reads (IndexSelect over the flattened source), then
/// P = safe-softmax(Q·Kᵀ·scale + masks + causal) — fully masked rows give zeros, as in the kernel — then the saved
/// dropout multipliers (never redrawn), then P·V scattered back to the output layout by the inverse of the kernel's
/// write offsets. The values equal the kernel's to rounding; the first-order path never comes here.
/// </summary>
internal static class AttentionComposite
{
    /// <summary>The attention output (<see cref="AttentionRequest.OutputShape"/>) recomputed from <paramref name="args"/>.</summary>
    public static Tensor Output(AttentionRequest r, List<Tensor> inputs, Tensor[] args, Tensor? dropMask)
    {
        Tensor p = Weights3D(r, inputs, args, dropMask);
        Tensor v = Matrices(Source(inputs, args, r.V.Input), r.V.Offsets, r.V.Ld, r.Count, r.S, r.Ev);
        Tensor o = p.MatMul(v);   // [count, L, Ev]
        // The kernel writes element (i, l, e) at OutputOffsets[i] + l·OutputLd + e; the matrices tile the output.
        int[] written = Positions(r.OutputOffsets, r.OutputLd, r.Count, r.L, r.Ev);
        var read = new int[written.Length];
        for (int j = 0; j < written.Length; j++) read[written[j]] = j;
        return o.Reshape(o.ElementCount).IndexSelect(0, Tensor.FromArray(read, [read.Length])).Reshape(r.OutputShape.ToArray());
    }

    /// <summary>The returned attention weights (<see cref="AttentionRequest.WeightsShape"/>, after dropout) recomputed from <paramref name="args"/>.</summary>
    public static Tensor Weights(AttentionRequest r, List<Tensor> inputs, Tensor[] args, Tensor? dropMask) =>
        Weights3D(r, inputs, args, dropMask).Reshape(r.WeightsShape.ToArray());

    /// <summary>The (dropped-out) attention probabilities <c>[count, L, S]</c>.</summary>
    private static Tensor Weights3D(AttentionRequest r, List<Tensor> inputs, Tensor[] args, Tensor? dropMask)
    {
        int count = r.Count, L = r.L, S = r.S;
        Tensor q = Matrices(Source(inputs, args, r.Q.Input), r.Q.Offsets, r.Q.Ld, count, L, r.E);
        Tensor k = Matrices(Source(inputs, args, r.K.Input), r.K.Offsets, r.K.Ld, count, S, r.E);
        Tensor scores = q.MatMul(k.Transpose(1, 2)) * r.Scale;
        foreach (AttentionMask m in r.Masks)
        {
            // A float mask that takes part in autograd is read from the user's tensor (its Data is that tensor's
            // contiguous values), any other mask from its constant additive data.
            Tensor source = m.Input is { } mi ? Source(inputs, args, mi) : m.Data;
            scores = scores + Terms(source, m.Offsets, m.RowStride, m.ColStride, count, L, S);
        }
        if (r.Causal) scores = scores + CausalTerm(L, S, scores.DType);
        Tensor p = SafeSoftmax.Forward(scores);
        if (dropMask is not null) p = p * dropMask.Reshape(count, L, S);   // the saved multipliers: 0 or 1/(1 − p)
        return p;
    }

    /// <summary>The tensor standing for <paramref name="input"/> in the composite's arguments.</summary>
    private static Tensor Source(List<Tensor> inputs, Tensor[] args, Tensor input)
    {
        int idx = inputs.FindIndex(x => ReferenceEquals(x, input));
        return idx < 0 ? input : args[idx];
    }

    /// <summary>Matrix i <c>[rows, cols]</c> read at offsets[i] + r·ld + c of the flattened source → <c>[count, rows, cols]</c>.</summary>
    private static Tensor Matrices(Tensor source, int[] offsets, int ld, int count, int rows, int cols) =>
        Gather(source, Positions(offsets, ld, count, rows, cols), count, rows, cols);

    /// <summary>A broadcast mask term: element (i, l, s) at offsets[i] + l·rowStride + s·colStride.</summary>
    private static Tensor Terms(Tensor source, int[] offsets, int rowStride, int colStride, int count, int L, int S)
    {
        var idx = new int[count * L * S];
        for (int i = 0, j = 0; i < count; i++)
            for (int l = 0; l < L; l++)
                for (int s = 0; s < S; s++) idx[j++] = offsets[i] + l * rowStride + s * colStride;
        return Gather(source, idx, count, L, S);
    }

    private static Tensor Gather(Tensor source, int[] idx, int count, int rows, int cols) =>
        source.Reshape(source.ElementCount).IndexSelect(0, Tensor.FromArray(idx, [idx.Length])).Reshape(count, rows, cols);

    private static int[] Positions(int[] offsets, int ld, int count, int rows, int cols)
    {
        var idx = new int[count * rows * cols];
        for (int i = 0, j = 0; i < count; i++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) idx[j++] = offsets[i] + r * ld + c;
        return idx;
    }

    /// <summary>The kernel's causal mask as an additive term <c>[L, S]</c>: −∞ where key s &gt; query l.</summary>
    private static Tensor CausalTerm(int L, int S, DType dtype)
    {
        var values = new double[L * S];
        for (int l = 0; l < L; l++)
            for (int s = l + 1; s < S; s++) values[l * S + s] = double.NegativeInfinity;
        return Tensor.FromArray(values, [L, S]).To(dtype);
    }
}
