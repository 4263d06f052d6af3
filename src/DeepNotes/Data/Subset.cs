using System.Buffers;

namespace DeepNotes.Data;

/// <summary>
/// The examples of another dataset at chosen indices, like <c>torch.utils.data.Subset</c>: example i is
/// <c>dataset[indices[i]]</c>. Batches are gathered by the underlying dataset's <see cref="Dataset.GetBatch"/>, so a
/// subset of a <see cref="TensorDataset"/> keeps its fast path. <see cref="Dataset.RandomSplit(Dataset, int[], Generator?)"/>
/// returns subsets.
/// </summary>
public sealed class Subset : Dataset
{
    private readonly int[] _indices;

    /// <summary>Creates a view of <paramref name="dataset"/> at <paramref name="indices"/> (copied; repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, dataset.Count).</exception>
    public Subset(Dataset dataset, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int count = dataset.Count;
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Subset: index {i} is out of range for a dataset of {count} examples.");
        }
        Dataset = dataset;
        _indices = indices.ToArray();
    }

    /// <summary>The underlying dataset.</summary>
    public Dataset Dataset { get; }

    /// <summary>The underlying dataset's index of each example of this subset.</summary>
    public IReadOnlyList<int> Indices => _indices;

    /// <inheritdoc/>
    public override int Count => _indices.Length;

    /// <summary>Example <paramref name="index"/> of the subset: <c>dataset[indices[index]]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Count).</exception>
    public override Example this[int index]
    {
        get
        {
            CheckIndex(index, Count);
            return Dataset[_indices[index]];
        }
    }

    /// <summary>The underlying dataset's batch at the mapped indices (<c>[B, *I]</c>, <c>[B, *T]</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public override Batch GetBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty) throw new ArgumentException("GetBatch: a batch needs at least one index.", nameof(indices));
        int[] mapped = ArrayPool<int>.Shared.Rent(indices.Length);
        try
        {
            for (int i = 0; i < indices.Length; i++)
            {
                CheckIndex(indices[i], _indices.Length);
                mapped[i] = _indices[indices[i]];
            }
            return Dataset.GetBatch(mapped.AsSpan(0, indices.Length));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(mapped);
        }
    }
}
