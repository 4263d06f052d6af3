namespace DeepNotes.Layers;

/// <summary>
/// PyTorch's <c>add_bias_kv</c> and <c>add_zero_attn</c>: key/value positions appended after the S real ones, and the
/// masks padded with an allowed column for each, as <c>F.multi_head_attention_forward</c> does. Used only when one of
/// the options is on; the default path never comes here.
/// </summary>
public sealed partial class MultiHeadAttention
{
    /// <summary>
    /// The projected keys (or values) <c>[B, S, E]</c> / <c>[S, B, E]</c>, read from columns
    /// <paramref name="column"/>..+E of <paramref name="source"/>, followed along the sequence axis by
    /// <paramref name="bias"/> (<c>bias_k</c>/<c>bias_v</c>, the same for every batch element) and by a zero position
    /// when <see cref="AddZeroAttn"/>: <c>[B, S', E]</c> / <c>[S', B, E]</c>. A zero row of width E is a zero row in
    /// every head, which is what PyTorch appends after its head split. Differentiable (Narrow, Expand, Concat).
    /// </summary>
    private Tensor AppendKeyPositions(Tensor source, int column, Tensor? bias, int batch, DType dtype)
    {
        int E = EmbedDim;
        Tensor keys = source.Shape[2] == E ? source : source.Narrow(2, column, E);
        int[] one = BatchFirst ? [batch, 1, E] : [1, batch, E];
        var parts = new List<Tensor>(3) { keys };
        if (bias is not null) parts.Add(bias.Expand(one));
        if (AddZeroAttn) parts.Add(Tensor.Zeros(new Shape(one), dtype));
        return Tensor.Concat(parts, BatchFirst ? 1 : 0);
    }

    /// <summary>
    /// A user mask as an additive term: its contiguous float data and, for a float mask, the tensor the gradient goes
    /// to (null for bool masks). With <paramref name="extra"/> appended key positions the last axis is padded with
    /// <paramref name="extra"/> zero columns (PyTorch's <c>pad(mask, (0, 1))</c> per option: false / 0.0 = allowed); a
    /// float mask is padded by a differentiable Concat, so its gradient still reaches the user's tensor.
    /// </summary>
    private (Tensor? Input, Tensor Data) MaskTerm(Tensor mask, DType dtype, int extra, string name)
    {
        Tensor data = Functional.AttentionMaskData(Name, mask, dtype, trueMeansMasked: true, name); // also checks the dtype
        Tensor? input = mask.DType == DType.Bool ? null : mask;
        if (extra == 0) return (input, data);
        if (input is null) return (null, PadKeyColumns(data, extra));
        Tensor padded = PadKeyColumns(input, extra);
        return (padded, padded.ContiguousRaw());
    }

    private static Tensor PadKeyColumns(Tensor t, int extra)
    {
        int[] dims = t.Shape.ToArray();
        dims[^1] = extra;
        return Tensor.Concat([t, Tensor.Zeros(new Shape(dims), t.DType)], t.Rank - 1);
    }

    /// <summary>
    /// The causal mask <c>[L, S + extra]</c>: −∞ where key s &gt; query l among the S real keys, 0 elsewhere, so the
    /// appended positions stay visible — the same as passing a causal <c>[L, S]</c> attnMask, which is padded.
    /// </summary>
    private static Tensor CausalMask(int L, int S, int extra, DType dtype)
    {
        int width = S + extra;
        var mask = new Tensor(new Shape(L, width), dtype);
        if (dtype == DType.Float32)
        {
            Span<float> m = mask.Span<float>();
            for (int l = 0; l < L; l++)
                for (int s = l + 1; s < S; s++) m[l * width + s] = float.NegativeInfinity;
        }
        else
        {
            Span<double> m = mask.Span<double>();
            for (int l = 0; l < L; l++)
                for (int s = l + 1; s < S; s++) m[l * width + s] = double.NegativeInfinity;
        }
        return mask;
    }
}
