namespace DeepNotes.Data;

/// <summary>
/// A dataset over two tensors whose first dimension indexes the examples, like <c>torch.utils.data.TensorDataset</c>:
/// example i is <c>(inputs[i], targets[i])</c>. Inputs <c>[N, *I]</c> and targets <c>[N, *T]</c> (e.g. images
/// Float32 <c>[N, 1, 28, 28]</c> and labels Int32 <c>[N]</c>).
/// </summary>
/// <remarks>
/// <see cref="GetBatch"/> is the training hot path: it copies the rows of the requested examples straight from the
/// storage into a new contiguous batch (runs of consecutive indices as one block copy), without going through the
/// indexer, views or autograd. Batches are plain data with no gradient history, even if the tensors require grad.
/// The tensors are kept by reference (a non-contiguous tensor is copied once, to be contiguous): changing them
/// in place changes the dataset.
/// </remarks>
public sealed class TensorDataset : Dataset
{
    /// <summary>Creates the dataset; the two tensors must have the same size along dimension 0.</summary>
    /// <param name="inputs">The inputs, <c>[N, *I]</c>, any dtype.</param>
    /// <param name="targets">The targets, <c>[N, *T]</c>, any dtype.</param>
    /// <exception cref="ArgumentException">A tensor is 0-dim, or the first dimensions differ.</exception>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rank == 0 || targets.Rank == 0)
            throw new ArgumentException(
                $"TensorDataset expects inputs and targets with a leading example dimension, got shapes {inputs.Shape} and {targets.Shape}.");
        if (inputs.Shape[0] != targets.Shape[0])
            throw new ArgumentException(
                $"TensorDataset: inputs have {inputs.Shape[0]} examples (shape {inputs.Shape}) but targets have {targets.Shape[0]} (shape {targets.Shape}); the first dimensions must be equal.");
        Inputs = inputs.IsContiguous ? inputs : inputs.ContiguousRaw();
        Targets = targets.IsContiguous ? targets : targets.ContiguousRaw();
    }

    /// <summary>All inputs, <c>[N, *I]</c> (contiguous).</summary>
    public Tensor Inputs { get; }

    /// <summary>All targets, <c>[N, *T]</c> (contiguous).</summary>
    public Tensor Targets { get; }

    /// <inheritdoc/>
    public override int Count => Inputs.Shape[0];

    /// <summary>Example <paramref name="index"/>: views <c>inputs[index]</c> <c>[*I]</c> and <c>targets[index]</c> <c>[*T]</c>
    /// sharing the dataset's storage.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside [0, Count).</exception>
    public override Example this[int index]
    {
        get
        {
            CheckIndex(index, Count);
            return new Example(Inputs[index], Targets[index]);
        }
    }

    /// <summary>
    /// New contiguous tensors <c>[B, *I]</c> and <c>[B, *T]</c> holding the rows at <paramref name="indices"/> (the
    /// same values as <c>IndexSelect(0, indices)</c>, without autograd), copied row by row from storage.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Count).</exception>
    public override Batch GetBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty) throw new ArgumentException("GetBatch: a batch needs at least one index.", nameof(indices));
        return new Batch(Gather(Inputs, indices), Gather(Targets, indices));
    }

    /// <summary>Rows <paramref name="indices"/> of the contiguous <paramref name="source"/> as a new contiguous tensor.</summary>
    internal static Tensor Gather(Tensor source, ReadOnlySpan<int> indices)
    {
        int n = source.Shape[0];
        int row = n == 0 ? 0 : source.ElementCount / n;
        int[] dims = source.Shape.ToArray();
        dims[0] = indices.Length;
        var shape = new Shape(dims);
        var result = Ops.ShapeMoves.Empty(shape, source.DType);
        switch (source.DType)
        {
            case DType.Float32: GatherRows(source.Data<float>(), source.Offset, result.Span<float>(), row, n, indices); break;
            case DType.Float64: GatherRows(source.Data<double>(), source.Offset, result.Span<double>(), row, n, indices); break;
            case DType.Int32: GatherRows(source.Data<int>(), source.Offset, result.Span<int>(), row, n, indices); break;
            case DType.Int64: GatherRows(source.Data<long>(), source.Offset, result.Span<long>(), row, n, indices); break;
            default: GatherRows(source.Data<bool>(), source.Offset, result.Span<bool>(), row, n, indices); break;
        }
        return result;
    }

    private static void GatherRows<T>(T[] source, int offset, Span<T> destination, int row, int n, ReadOnlySpan<int> indices)
    {
        int k = 0;
        while (k < indices.Length)
        {
            int first = indices[k];
            CheckIndex(first, n);
            int run = 1; // extend over consecutive indices: one block copy (sequential loaders, evaluation)
            while (k + run < indices.Length && indices[k + run] == first + run && first + run < n) run++;
            source.AsSpan(offset + first * row, run * row).CopyTo(destination.Slice(k * row, run * row));
            k += run;
        }
    }
}
