namespace DeepNotes.Layers;

/// <summary>Packed input: the recurrent layers run each sequence over its real steps only, as PyTorch does.</summary>
public abstract partial class RecurrentLayer<TInput, TOutput>
{
    /// <summary>
    /// Runs every layer and direction over a <see cref="PackedSequence"/> <c>[Σ lengths, I]</c>: the padded steps are
    /// never computed, each forward direction stops at its sequence's last real step and each reverse direction starts
    /// there, so h_n (and c_n) hold the last real states. Sequences of equal length run together through the fused
    /// sequence op (one run per distinct length, per layer and direction). Initial states <c>[L·D, B, H']</c> are in
    /// the original batch order, and so are the returned ones; the output is packed like the input.
    /// </summary>
    private protected (PackedSequence Output, Tensor HN, Tensor? CN) RunPacked(PackedSequence packed, Tensor? h0, Tensor? c0, bool hasCell)
    {
        ArgumentNullException.ThrowIfNull(packed);
        Tensor data = packed.Data;
        if (data.Rank != 2 || data.Shape[1] != InputSize)
            throw new ArgumentException($"{Describe()} expects packed data [Σ lengths, {InputSize}], got {data.Shape}.", nameof(packed));
        var dtype = WeightIh(0).DType;
        if (data.DType != dtype)
            throw new ArgumentException($"{_name} has {dtype} parameters, got {data.DType.WithArticle()} packed data.", nameof(packed));
        int[] batchSizes = packed.BatchSizeArray;
        int steps = batchSizes.Length, n = batchSizes[0], states = NumLayers * Directions;
        Tensor? sorted = packed.SortedIndices, unsorted = packed.UnsortedIndices;
        Tensor? h = CheckState(h0, "h_0", OutputSize, true, n, states, dtype);
        Tensor? c = hasCell ? CheckState(c0, "c_0", HiddenSize, true, n, states, dtype) : null;
        if (sorted is not null)   // PyTorch's permute_hidden: the states follow the sequences into sorted order
        {
            h = h?.IndexSelect(1, sorted);
            c = c?.IndexSelect(1, sorted);
        }
        Tensor zeros = Tensor.Zeros([n, HiddenSize], dtype);
        Tensor zerosH = OutputSize == HiddenSize ? zeros : Tensor.Zeros([n, OutputSize], dtype);

        // groups of sequences with the same length: contiguous ranges, since the batch is sorted by decreasing length
        int[] lengths = packed.SortedLengths();
        var groups = new List<(int Start, int Count, int Length)>();
        for (int b = 0; b < n;)
        {
            int e = b;
            while (e < n && lengths[e] == lengths[b]) e++;
            groups.Add((b, e - b, lengths[b]));
            b = e;
        }

        var hn = new Tensor[states];
        var cn = hasCell ? new Tensor[states] : null;
        Tensor layerInput = RnnUtilities.PaddedSorted(packed, 0, steps);   // [T, B, I], zero padding
        for (int layer = 0; layer < NumLayers; layer++)
        {
            var outs = new Tensor[Directions];
            for (int d = 0; d < Directions; d++)
            {
                int k = layer * Directions + d;
                Tensor hk = h?.Select(0, k) ?? zerosH;
                Tensor? ck = hasCell ? c?.Select(0, k) ?? zeros : null;
                var outputs = new Tensor[groups.Count];
                var hs = new Tensor[groups.Count];
                var cs = new Tensor[groups.Count];
                for (int g = 0; g < groups.Count; g++)
                {
                    var (start, count, length) = groups[g];
                    bool whole = groups.Count == 1;
                    Tensor x = whole ? layerInput : layerInput.Narrow(0, 0, length).Narrow(1, start, count);
                    var (o, hg, cg) = RunDirection(x, whole ? hk : hk.Narrow(0, start, count),
                        ck is null ? null : whole ? ck : ck.Narrow(0, start, count), layer, d == 1);
                    if (length < steps)   // zero outputs on the padded steps, as pad_packed_sequence shows them
                        o = Tensor.Concat([o, Tensor.Zeros([steps - length, count, o.Shape[2]], dtype)], 0);
                    outputs[g] = o;
                    hs[g] = hg;
                    if (cg is not null) cs[g] = cg;
                }
                outs[d] = groups.Count == 1 ? outputs[0] : Tensor.Concat(outputs, 1);
                hn[k] = groups.Count == 1 ? hs[0] : Tensor.Concat(hs, 0);
                if (cn is not null) cn[k] = groups.Count == 1 ? cs[0] : Tensor.Concat(cs, 0);
            }
            layerInput = Directions == 1 ? outs[0] : Tensor.Concat(outs, 2);
            if (layer < NumLayers - 1 && Dropout > 0 && IsTraining)
                layerInput = Functional.Dropout(layerInput, Dropout, training: true);
        }
        Tensor output = RnnUtilities.PackRows(layerInput, batchSizes);
        Tensor hOut = Gather(hn, batched: true), cOut = cn is null ? null! : Gather(cn, batched: true);
        if (unsorted is not null)
        {
            hOut = hOut.IndexSelect(1, unsorted);
            if (cn is not null) cOut = cOut.IndexSelect(1, unsorted);
        }
        return (packed.WithData(output), hOut, cn is null ? null : cOut);
    }
}
