namespace DeepNotes.Layers;

/// <summary>
/// A batch of variable-length sequences packed time step by time step without padding, PyTorch's
/// <c>nn.utils.rnn.PackedSequence</c>: <see cref="Data"/> holds, for t = 0, 1, ..., the step-t elements of the
/// <see cref="BatchSizes"/>[t] sequences still running (the sequences sorted by decreasing length). Built by
/// <see cref="RnnUtilities.PackPaddedSequence(Tensor, int[], bool, bool)"/> or <see cref="RnnUtilities.PackSequence"/>;
/// <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> take it and skip the padding.
/// </summary>
/// <remarks>
/// <see cref="SortedIndices"/>[i] is the original batch index of the i-th longest sequence and
/// <see cref="UnsortedIndices"/> is its inverse; both are null when the batch was already sorted
/// (<c>enforceSorted: true</c>). Index tensors are Int32 (PyTorch's are int64).
/// </remarks>
public sealed class PackedSequence
{
    private readonly int[] _batchSizes;

    /// <summary>Wraps packed data, checking that the pieces fit together.</summary>
    /// <param name="data">The packed steps <c>[Σ lengths, *]</c>.</param>
    /// <param name="batchSizes">Int32 <c>[T]</c>: sequences running at each step, non-increasing and positive.</param>
    /// <param name="sortedIndices">Int32 <c>[B]</c> permutation (sorted position → original index), or null.</param>
    /// <param name="unsortedIndices">Int32 <c>[B]</c> inverse permutation, or null (computed from <paramref name="sortedIndices"/> when only that is given).</param>
    /// <exception cref="ArgumentException">The batch sizes are not a non-increasing positive Int32 vector, their sum is not the data's length, or an index tensor is not a permutation of B.</exception>
    public PackedSequence(Tensor data, Tensor batchSizes, Tensor? sortedIndices = null, Tensor? unsortedIndices = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batchSizes);
        if (batchSizes.DType != DType.Int32 || batchSizes.Rank != 1 || batchSizes.ElementCount == 0)
            throw new ArgumentException($"PackedSequence: batchSizes must be a non-empty 1-D Int32 tensor, got {batchSizes.DType.WithArticle()} {batchSizes.Shape}.", nameof(batchSizes));
        _batchSizes = batchSizes.Contiguous().ToArray<int>();
        long total = 0;
        for (int t = 0; t < _batchSizes.Length; t++)
        {
            if (_batchSizes[t] <= 0 || (t > 0 && _batchSizes[t] > _batchSizes[t - 1]))
                throw new ArgumentException($"PackedSequence: batchSizes must be positive and non-increasing, got [{string.Join(", ", _batchSizes)}].", nameof(batchSizes));
            total += _batchSizes[t];
        }
        if (data.Rank == 0 || data.Shape[0] != total)
            throw new ArgumentException($"PackedSequence: data must be [{total}, *] for batchSizes [{string.Join(", ", _batchSizes)}], got {data.Shape}.", nameof(data));
        int batch = _batchSizes[0];
        if (sortedIndices is not null && unsortedIndices is null)
            unsortedIndices = Tensor.FromArray(RnnUtilities.Inverse(CheckPermutation(sortedIndices, batch, nameof(sortedIndices))));
        if (sortedIndices is not null) CheckPermutation(sortedIndices, batch, nameof(sortedIndices));
        if (unsortedIndices is not null) CheckPermutation(unsortedIndices, batch, nameof(unsortedIndices));
        Data = data;
        BatchSizes = batchSizes;
        SortedIndices = sortedIndices;
        UnsortedIndices = unsortedIndices;
    }

    /// <summary>The packed steps <c>[Σ lengths, *]</c>.</summary>
    public Tensor Data { get; }

    /// <summary>Int32 <c>[T]</c>: the number of sequences running at each step (T = the longest length).</summary>
    public Tensor BatchSizes { get; }

    /// <summary>Int32 <c>[B]</c>: original batch index of each sorted position, or null if the batch came sorted.</summary>
    public Tensor? SortedIndices { get; }

    /// <summary>Int32 <c>[B]</c>: sorted position of each original batch index (the inverse of <see cref="SortedIndices"/>), or null.</summary>
    public Tensor? UnsortedIndices { get; }

    /// <summary>Number of sequences B.</summary>
    public int BatchSize => _batchSizes[0];

    /// <summary>Length T of the longest sequence.</summary>
    public int MaxLength => _batchSizes.Length;

    /// <summary>The batch sizes as an array (a copy).</summary>
    internal int[] BatchSizeArray => (int[])_batchSizes.Clone();

    /// <summary>The same sequences with other data of the same packed length (PyTorch's <c>_replace(data=...)</c>).</summary>
    internal PackedSequence WithData(Tensor data) => new(data, BatchSizes, SortedIndices, UnsortedIndices);

    /// <summary>The lengths of the sequences in sorted order (non-increasing).</summary>
    internal int[] SortedLengths()
    {
        var lengths = new int[BatchSize];
        foreach (int bs in _batchSizes)
            for (int b = 0; b < bs; b++) lengths[b]++;
        return lengths;
    }

    private static int[] CheckPermutation(Tensor indices, int batch, string name)
    {
        if (indices.DType != DType.Int32 || indices.Rank != 1 || indices.ElementCount != batch)
            throw new ArgumentException($"PackedSequence: {name} must be a 1-D Int32 tensor of {batch} indices, got {indices.DType.WithArticle()} {indices.Shape}.", name);
        int[] p = indices.Contiguous().ToArray<int>();
        var seen = new bool[batch];
        foreach (int i in p)
        {
            if ((uint)i >= (uint)batch || seen[i])
                throw new ArgumentException($"PackedSequence: {name} must be a permutation of 0..{batch - 1}, got [{string.Join(", ", p)}].", name);
            seen[i] = true;
        }
        return p;
    }
}
