namespace DeepNotes.Layers;

/// <summary>
/// Variable-length sequences for the recurrent layers, PyTorch's <c>torch.nn.utils.rnn</c>: padding a list of sequences
/// into one tensor, packing a padded batch (so that <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> skip
/// the padding and return each sequence's last real state) and unpacking the result. Every function is differentiable
/// (built from Concat, Stack, IndexSelect and Reshape).
/// </summary>
/// <example>
/// <code>
/// Tensor padded = RnnUtilities.PadSequence([a, b, c], batchFirst: true);          // [3, Tmax, I]
/// var packed = RnnUtilities.PackPaddedSequence(padded, [5, 2, 4], batchFirst: true, enforceSorted: false);
/// var (output, state) = lstm.Call(packed);                                        // state.H: the last real steps
/// var (y, lengths) = RnnUtilities.PadPackedSequence(output, batchFirst: true);     // [3, 5, H], [5, 2, 4]
/// </code>
/// </example>
public static class RnnUtilities
{
    /// <summary>
    /// Stacks sequences of different lengths into one padded tensor, like <c>pad_sequence</c>:
    /// B tensors <c>[L_i, *]</c> -> <c>[T, B, *]</c> (or <c>[B, T, *]</c> with <paramref name="batchFirst"/>), T = max L_i,
    /// the steps past each length filled with <paramref name="paddingValue"/>.
    /// </summary>
    /// <param name="sequences">The sequences <c>[L_i, *]</c>: same trailing dimensions and dtype.</param>
    /// <param name="batchFirst">Return <c>[B, T, *]</c> instead of <c>[T, B, *]</c>.</param>
    /// <param name="paddingValue">Value of the padding elements.</param>
    /// <returns>The padded batch.</returns>
    /// <exception cref="ArgumentException">The list is empty, a sequence is 0-D, or trailing dimensions or dtypes differ.</exception>
    public static Tensor PadSequence(IReadOnlyList<Tensor> sequences, bool batchFirst = false, double paddingValue = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("PadSequence: received an empty list of sequences.", nameof(sequences));
        Tensor first = sequences[0] ?? throw new ArgumentNullException(nameof(sequences));
        int maxLength = 0;
        for (int i = 0; i < sequences.Count; i++)
        {
            Tensor s = sequences[i] ?? throw new ArgumentNullException(nameof(sequences));
            if (s.Rank == 0 || s.Rank != first.Rank || !s.Shape.Dims[1..].SequenceEqual(first.Shape.Dims[1..]))
                throw new ArgumentException($"PadSequence: every sequence must be [L{string.Concat(first.Shape.ToArray().Skip(1).Select(d => $", {d}"))}] like sequence 0 {first.Shape}, got sequence {i} {s.Shape}.", nameof(sequences));
            if (s.DType != first.DType)
                throw new ArgumentException($"PadSequence: sequence {i} is {s.DType}, sequence 0 is {first.DType}.", nameof(sequences));
            maxLength = Math.Max(maxLength, s.Shape[0]);
        }
        var padded = new Tensor[sequences.Count];
        for (int i = 0; i < sequences.Count; i++)
        {
            Tensor s = sequences[i];
            if (s.Shape[0] == maxLength) { padded[i] = s; continue; }
            int[] dims = s.Shape.ToArray();
            dims[0] = maxLength - s.Shape[0];
            padded[i] = Tensor.Concat([s, Tensor.Full(new Shape(dims), paddingValue, s.DType)], 0);
        }
        return Tensor.Stack(padded, batchFirst ? 0 : 1);
    }

    /// <summary>
    /// Packs a padded batch of sequences, like <c>pack_padded_sequence</c>: <c>[T, B, *]</c> (or <c>[B, T, *]</c>) with
    /// the B <paramref name="lengths"/> -> a <see cref="PackedSequence"/> whose data holds only the real steps.
    /// </summary>
    /// <param name="input">The padded batch <c>[T, B, *]</c>, or <c>[B, T, *]</c> with <paramref name="batchFirst"/>.</param>
    /// <param name="lengths">The length of each sequence, each in 1..T.</param>
    /// <param name="batchFirst">The input is <c>[B, T, *]</c>.</param>
    /// <param name="enforceSorted">Require lengths in decreasing order (then no indices are kept); false sorts them (stable) and records <see cref="PackedSequence.SortedIndices"/>.</param>
    /// <returns>The packed batch.</returns>
    /// <exception cref="ArgumentException">The input is less than 2-D, the number of lengths is not B, a length is outside 1..T, or (with <paramref name="enforceSorted"/>) the lengths are not sorted.</exception>
    public static PackedSequence PackPaddedSequence(Tensor input, int[] lengths, bool batchFirst = false, bool enforceSorted = true)
    {
        const string op = "PackPaddedSequence";
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(lengths);
        if (input.Rank < 2)
            throw new ArgumentException($"{op} expects input {(batchFirst ? "[B, T, *]" : "[T, B, *]")}, got {input.Shape}.", nameof(input));
        Tensor x = batchFirst ? input.Transpose(0, 1) : input;   // [T, B, *]
        int steps = x.Shape[0], batch = x.Shape[1];
        if (lengths.Length != batch)
            throw new ArgumentException($"{op}: expected {batch} lengths (the batch size of input {input.Shape}), got {lengths.Length}.", nameof(lengths));
        foreach (int l in lengths)
        {
            if (l <= 0)
                throw new ArgumentException($"{op}: the length of every sequence has to be greater than 0, got lengths [{string.Join(", ", lengths)}].", nameof(lengths));
            if (l > steps)
                throw new ArgumentException($"{op}: length {l} exceeds the {steps} steps of input {input.Shape}.", nameof(lengths));
        }
        int[]? order = null;
        if (enforceSorted)
        {
            for (int i = 1; i < batch; i++)
                if (lengths[i] > lengths[i - 1])
                    throw new ArgumentException($"{op}: lengths must be sorted in decreasing order when enforceSorted is true, got [{string.Join(", ", lengths)}]; pass enforceSorted: false to sort them.", nameof(lengths));
        }
        else
        {
            order = Enumerable.Range(0, batch).OrderByDescending(i => lengths[i]).ToArray(); // stable
            x = x.IndexSelect(1, Tensor.FromArray(order));
        }
        int maxLength = order is null ? lengths[0] : lengths[order[0]];
        var batchSizes = new int[maxLength];
        foreach (int l in lengths)
            for (int t = 0; t < l; t++) batchSizes[t]++;
        Tensor data = PackRows(x, batchSizes);
        Tensor? sorted = order is null ? null : Tensor.FromArray(order);
        return new PackedSequence(data, Tensor.FromArray(batchSizes), sorted, order is null ? null : Tensor.FromArray(Inverse(order)));
    }

    /// <summary><see cref="PackPaddedSequence(Tensor, int[], bool, bool)"/> with the lengths as a 1-D Int32 tensor.</summary>
    /// <param name="input">The padded batch.</param>
    /// <param name="lengths">Int32 <c>[B]</c> lengths.</param>
    /// <param name="batchFirst">The input is <c>[B, T, *]</c>.</param>
    /// <param name="enforceSorted">Require sorted lengths.</param>
    /// <returns>The packed batch.</returns>
    /// <exception cref="ArgumentException">The lengths are not a 1-D Int32 tensor, or as the array overload.</exception>
    public static PackedSequence PackPaddedSequence(Tensor input, Tensor lengths, bool batchFirst = false, bool enforceSorted = true)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.DType != DType.Int32 || lengths.Rank != 1)
            throw new ArgumentException($"PackPaddedSequence: lengths must be a 1-D Int32 tensor, got {lengths.DType.WithArticle()} {lengths.Shape}.", nameof(lengths));
        return PackPaddedSequence(input, lengths.Contiguous().ToArray<int>(), batchFirst, enforceSorted);
    }

    /// <summary>
    /// Packs a list of sequences <c>[L_i, *]</c>, like <c>pack_sequence</c>: <see cref="PadSequence"/> then
    /// <see cref="PackPaddedSequence(Tensor, int[], bool, bool)"/>.
    /// </summary>
    /// <param name="sequences">The sequences, each at least one step long.</param>
    /// <param name="enforceSorted">Require them in decreasing length.</param>
    /// <returns>The packed batch.</returns>
    /// <exception cref="ArgumentException">As <see cref="PadSequence"/> and <see cref="PackPaddedSequence(Tensor, int[], bool, bool)"/>.</exception>
    public static PackedSequence PackSequence(IReadOnlyList<Tensor> sequences, bool enforceSorted = true)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        Tensor padded = PadSequence(sequences);
        return PackPaddedSequence(padded, [.. sequences.Select(s => s.Shape[0])], enforceSorted: enforceSorted);
    }

    /// <summary>
    /// Unpacks a <see cref="PackedSequence"/> into a padded batch, like <c>pad_packed_sequence</c>:
    /// -> <c>([T, B, *] or [B, T, *], lengths [B])</c> in the original batch order.
    /// </summary>
    /// <param name="sequence">The packed batch.</param>
    /// <param name="batchFirst">Return <c>[B, T, *]</c>.</param>
    /// <param name="paddingValue">Value of the padding elements.</param>
    /// <param name="totalLength">Pad to this many steps (at least the longest length), e.g. to undo a packing of a longer padded tensor; default the longest length.</param>
    /// <returns>The padded batch and the Int32 lengths.</returns>
    /// <exception cref="ArgumentException"><paramref name="totalLength"/> is shorter than the longest sequence.</exception>
    public static (Tensor Padded, Tensor Lengths) PadPackedSequence(PackedSequence sequence, bool batchFirst = false, double paddingValue = 0,
        int? totalLength = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        int steps = totalLength ?? sequence.MaxLength;
        if (steps < sequence.MaxLength)
            throw new ArgumentException($"PadPackedSequence: expected totalLength to be at least the length of the longest sequence ({sequence.MaxLength}), got {steps}.", nameof(totalLength));
        Tensor padded = PaddedSorted(sequence, paddingValue, steps);   // [T, B, *] in sorted order
        int[] lengths = sequence.SortedLengths();
        if (sequence.UnsortedIndices is { } unsorted)
        {
            padded = padded.IndexSelect(1, unsorted);
            int[] u = unsorted.Contiguous().ToArray<int>();
            lengths = [.. u.Select(i => lengths[i])];
        }
        return (batchFirst ? padded.Transpose(0, 1) : padded, Tensor.FromArray(lengths));
    }

    /// <summary>
    /// Splits a padded batch into its sequences without padding, like <c>unpad_sequence</c> (PyTorch 2.x):
    /// <c>[T, B, *]</c> (or <c>[B, T, *]</c>) and B lengths -> B tensors <c>[L_i, *]</c> (views).
    /// </summary>
    /// <param name="paddedSequences">The padded batch.</param>
    /// <param name="lengths">The length of each sequence.</param>
    /// <param name="batchFirst">The batch is <c>[B, T, *]</c>.</param>
    /// <returns>The sequences.</returns>
    /// <exception cref="ArgumentException">The number of lengths is not B, or a length is outside 0..T.</exception>
    public static IReadOnlyList<Tensor> UnpadSequence(Tensor paddedSequences, int[] lengths, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(paddedSequences);
        ArgumentNullException.ThrowIfNull(lengths);
        if (paddedSequences.Rank < 2)
            throw new ArgumentException($"UnpadSequence expects {(batchFirst ? "[B, T, *]" : "[T, B, *]")}, got {paddedSequences.Shape}.", nameof(paddedSequences));
        Tensor x = batchFirst ? paddedSequences : paddedSequences.Transpose(0, 1);   // [B, T, *]
        if (lengths.Length != x.Shape[0] || lengths.Any(l => l < 0 || l > x.Shape[1]))
            throw new ArgumentException($"UnpadSequence: expected {x.Shape[0]} lengths in 0..{x.Shape[1]} for {paddedSequences.Shape}, got [{string.Join(", ", lengths)}].", nameof(lengths));
        return [.. lengths.Select((l, b) => x.Select(0, b).Narrow(0, 0, l))];
    }

    /// <summary>The inverse permutation.</summary>
    internal static int[] Inverse(int[] permutation)
    {
        var inverse = new int[permutation.Length];
        for (int i = 0; i < permutation.Length; i++) inverse[permutation[i]] = i;
        return inverse;
    }

    /// <summary>The packed data of a sorted padded batch <c>[T, B, *]</c>: rows (t, b) for b &lt; batchSizes[t], in t-major order.</summary>
    internal static Tensor PackRows(Tensor paddedSorted, int[] batchSizes)
    {
        int steps = paddedSorted.Shape[0], batch = paddedSorted.Shape[1];
        int[] dims = paddedSorted.Shape.ToArray();
        int[] flat = [steps * batch, .. dims[2..]];
        var rows = new List<int>();
        for (int t = 0; t < batchSizes.Length; t++)
            for (int b = 0; b < batchSizes[t]; b++) rows.Add(t * batch + b);
        return paddedSorted.Reshape(flat).IndexSelect(0, Tensor.FromArray(rows.ToArray()));
    }

    /// <summary>The packed data as a padded batch <c>[steps, B, *]</c> in sorted order, padding with <paramref name="paddingValue"/>.</summary>
    internal static Tensor PaddedSorted(PackedSequence sequence, double paddingValue, int steps)
    {
        Tensor data = sequence.Data;
        int[] batchSizes = sequence.BatchSizeArray;
        int batch = batchSizes[0], total = data.Shape[0];
        int[] trailing = data.Shape.ToArray()[1..];
        Tensor extended = Tensor.Concat([data, Tensor.Full(new Shape([1, .. trailing]), paddingValue, data.DType)], 0);
        var rows = new int[steps * batch];
        int offset = 0;
        for (int t = 0; t < steps; t++)
        {
            int running = t < batchSizes.Length ? batchSizes[t] : 0;
            for (int b = 0; b < batch; b++) rows[t * batch + b] = b < running ? offset + b : total;
            offset += running;
        }
        return extended.IndexSelect(0, Tensor.FromArray(rows)).Reshape([steps, batch, .. trailing]);
    }
}
