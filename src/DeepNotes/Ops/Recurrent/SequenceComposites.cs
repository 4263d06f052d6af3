namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// The fused sequence ops (<see cref="RnnSequence"/>, <see cref="GruSequence"/>, <see cref="LstmSequence"/>) rewritten
/// step by step with <see cref="RecurrentCells"/> (plain differentiable ops, the same gate order, biases and time
/// direction), for <c>createGraph</c> passes through <see cref="Tensor.RecordComposite"/>. Each takes the op's node
/// inputs in the order the op records them (x, h0, [c0,] W_ih, W_hh, then b_ih, b_hh, W_hr when present) and returns
/// the op's output in its layout (for the LSTM the packed outputs-plus-final-cell tensor, so h_n and c_n, views of it,
/// are differentiable too). The first-order path never comes here.
/// </summary>
internal static class SequenceComposites
{
    /// <summary>Elman RNN: <c>[T, N, H]</c>.</summary>
    public static Tensor Rnn(Tensor[] a, bool hasBiasIh, bool hasBiasHh, bool reverse, bool relu)
    {
        var (bIh, bHh, _) = Optional(a, 4, hasBiasIh, hasBiasHh, false);
        Tensor x = a[0], h = a[1], wIh = a[2], wHh = a[3];
        int steps = x.Shape[0];
        if (steps == 0) return Tensor.Zeros(new Shape(0, x.Shape[1], wHh.Shape[1]), x.DType);
        var outs = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            h = RecurrentCells.Rnn(x.Select(0, t), h, wIh, wHh, bIh, bHh, relu);
            outs[t] = h;
        }
        return Tensor.Stack(outs, 0);
    }

    /// <summary>GRU: <c>[T, N, H]</c>.</summary>
    public static Tensor Gru(Tensor[] a, bool hasBiasIh, bool hasBiasHh, bool reverse)
    {
        var (bIh, bHh, _) = Optional(a, 4, hasBiasIh, hasBiasHh, false);
        Tensor x = a[0], h = a[1], wIh = a[2], wHh = a[3];
        int steps = x.Shape[0];
        if (steps == 0) return Tensor.Zeros(new Shape(0, x.Shape[1], wHh.Shape[1]), x.DType);
        var outs = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            h = RecurrentCells.Gru(x.Select(0, t), h, wIh, wHh, bIh, bHh);
            outs[t] = h;
        }
        return Tensor.Stack(outs, 0);
    }

    /// <summary>
    /// LSTM, packed as <see cref="LstmSequence"/> packs it: without a projection <c>[T + 1, N, H]</c> (h_t in time
    /// order, then the final cell state); with one the flat <c>[T·N·P + N·H]</c>.
    /// </summary>
    public static Tensor Lstm(Tensor[] a, bool hasBiasIh, bool hasBiasHh, bool hasProjection, bool reverse)
    {
        var (bIh, bHh, wHr) = Optional(a, 5, hasBiasIh, hasBiasHh, hasProjection);
        Tensor x = a[0], h = a[1], c = a[2], wIh = a[3], wHh = a[4];
        int steps = x.Shape[0], n = x.Shape[1], rec = wHh.Shape[1];
        var outs = new Tensor[steps];
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            (h, c) = RecurrentCells.Lstm(x.Select(0, t), h, c, wIh, wHh, bIh, bHh, wHr);
            outs[t] = h;
        }
        Tensor hs = steps == 0 ? Tensor.Zeros(new Shape(0, n, rec), x.DType) : Tensor.Stack(outs, 0);   // [T, N, H']
        if (!hasProjection) return Tensor.Concat([hs, c.Unsqueeze(0)], 0);
        return Tensor.Concat([hs.Reshape(hs.ElementCount), c.Reshape(c.ElementCount)], 0);
    }

    /// <summary>The optional inputs after the <paramref name="fixedCount"/> fixed ones, in recording order.</summary>
    private static (Tensor? BIh, Tensor? BHh, Tensor? WHr) Optional(Tensor[] a, int fixedCount, bool hasBiasIh, bool hasBiasHh, bool hasProjection)
    {
        int k = fixedCount;
        Tensor? bIh = hasBiasIh ? a[k++] : null;
        Tensor? bHh = hasBiasHh ? a[k++] : null;
        Tensor? wHr = hasProjection ? a[k] : null;
        return (bIh, bHh, wHr);
    }
}
