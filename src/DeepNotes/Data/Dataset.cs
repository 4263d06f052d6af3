namespace DeepNotes.Data;

/// <summary>
/// A map-style dataset, like <c>torch.utils.data.Dataset</c>: <see cref="Count"/> examples addressed by index
/// 0..Count−1, each an input and a target (<see cref="Example"/>). Subclass it and implement <see cref="Count"/> and
/// the indexer; override <see cref="GetBatch"/> when the examples can be gathered faster than one by one (as
/// <see cref="TensorDataset"/> does). A <see cref="DataLoader"/> turns a dataset into shuffled mini-batches.
/// </summary>
public abstract partial class Dataset
{
    /// <summary>The number of examples.</summary>
    public abstract int Count { get; }

    /// <summary>The example at <paramref name="index"/>, in [0, <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Count).</exception>
    public abstract Example this[int index] { get; }

    /// <summary>
    /// The examples at <paramref name="indices"/> (repeats allowed) stacked into one batch: inputs <c>[*I]</c> become
    /// <c>[B, *I]</c> and targets <c>[*T]</c> become <c>[B, *T]</c> with B = <c>indices.Length</c>, in index order.
    /// The default stacks the examples from the indexer (like PyTorch's default collate); every example must have
    /// the same input shape and dtype and the same target shape and dtype.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty, or two examples differ in shape or dtype.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public virtual Batch GetBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty) throw new ArgumentException("GetBatch: a batch needs at least one index.", nameof(indices));
        var inputs = new Tensor[indices.Length];
        var targets = new Tensor[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            CheckIndex(indices[i], Count);
            Example example = this[indices[i]];
            inputs[i] = example.Input;
            targets[i] = example.Target;
            if (i > 0)
            {
                CheckSameLayout("input", inputs[0], inputs[i], indices[0], indices[i]);
                CheckSameLayout("target", targets[0], targets[i], indices[0], indices[i]);
            }
        }
        return new Batch(Tensor.Stack(inputs), Tensor.Stack(targets));
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ <paramref name="index"/> &lt; <paramref name="count"/>.</summary>
    protected static void CheckIndex(int index, int count)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Dataset index {index} is out of range for a dataset of {count} examples.");
    }

    private static void CheckSameLayout(string what, Tensor first, Tensor other, int firstIndex, int otherIndex)
    {
        if (first.Shape != other.Shape || first.DType != other.DType)
            throw new ArgumentException(
                $"GetBatch: examples {firstIndex} and {otherIndex} cannot be stacked: {what} {first.Shape} {first.DType} and {other.Shape} {other.DType}.");
    }
}
