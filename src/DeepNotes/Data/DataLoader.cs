using System.Collections;

namespace DeepNotes.Data;

/// <summary>
/// Iterates over a <see cref="Dataset"/> in mini-batches, like <c>torch.utils.data.DataLoader</c> (single process):
/// each enumeration is one epoch that visits every example once (or all but the last partial batch with
/// <see cref="DropLast"/>), in order or in a fresh random order.
/// </summary>
/// <remarks>
/// <para>Each <see cref="Batch"/> holds the inputs <c>[B, *I]</c> and targets <c>[B, *T]</c> of B = <see cref="BatchSize"/>
/// examples (the last batch may be smaller), gathered by <see cref="Dataset.GetBatch"/>: for a
/// <see cref="TensorDataset"/> (or a <see cref="Subset"/> of one) that is a direct row copy into a new contiguous
/// tensor; other datasets stack their examples.</para>
/// <para>With <see cref="Shuffle"/>, every call to <see cref="GetEnumerator"/> (every <c>foreach</c>) draws a new
/// permutation from the generator (Fisher–Yates), like PyTorch's <c>RandomSampler</c>: the epochs differ from each
/// other, and a loader built with <c>new Generator(seed)</c> yields the same sequence of epochs on every run. Without a
/// generator the shuffle draws from <see cref="Generator.Default"/> (reseed it with <see cref="Generator.ManualSeed"/>).</para>
/// </remarks>
/// <example>
/// <code>
/// var (train, test) = FashionMnist.LoadOrSubset(out bool isFull);
/// var loader = new DataLoader(train, batchSize: 128, shuffle: true, generator: new Generator(42));
/// foreach (var (x, y) in loader)   // x: Float32 [128, 1, 28, 28], y: Int32 [128]
/// { ... }
/// </code>
/// </example>
public sealed class DataLoader : IEnumerable<Batch>
{
    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch, at least 1 (PyTorch's default is 1).</param>
    /// <param name="shuffle">Visit the examples in a new random order every epoch.</param>
    /// <param name="dropLast">Skip the last batch when it would hold fewer than <paramref name="batchSize"/> examples.</param>
    /// <param name="generator">The generator of the shuffles; null uses <see cref="DeepNotes.Generator.Default"/>.
    /// The loader draws from it at the start of every epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public DataLoader(Dataset dataset, int batchSize = 1, bool shuffle = false, bool dropLast = false, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"DataLoader: batchSize must be at least 1, got {batchSize}.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        Generator = generator;
    }

    /// <summary>The dataset the batches come from.</summary>
    public Dataset Dataset { get; }

    /// <summary>Examples per batch (the last batch may hold fewer unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>The generator of the shuffles, or null for <see cref="DeepNotes.Generator.Default"/>.</summary>
    public Generator? Generator { get; }

    /// <summary>The number of batches per epoch: ⌈N / BatchSize⌉, or ⌊N / BatchSize⌋ with <see cref="DropLast"/>
    /// (N = the dataset's current <see cref="Dataset.Count"/>), like <c>len(loader)</c>.</summary>
    public int Count => BatchCount(Dataset.Count);

    private int BatchCount(int examples) =>
        DropLast ? examples / BatchSize : (int)(((long)examples + BatchSize - 1) / BatchSize);

    /// <summary>
    /// Starts an epoch: fixes the order of the examples now (drawing a new permutation when shuffling) and returns an
    /// enumerator over the <see cref="Count"/> batches, each gathered when it is reached. After
    /// <see cref="SetState"/>, the first enumeration instead continues the saved epoch from its next batch, drawing
    /// nothing.
    /// </summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        int first = 0;
        int[] order;
        if (_resume is { } resume)
        {
            _resume = null;
            order = resume.Order;
            first = resume.NextBatch;
        }
        else if (Shuffle)
        {
            order = RandomPermutation.Draw(Dataset.Count, Generator);
        }
        else
        {
            order = Identity(Dataset.Count);
        }
        _epoch++;
        _order = order;
        _nextBatch = first;
        return Enumerate(order, first, _epoch);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Where the most recently started epoch stands: its order and the number of batches it has served, or
    /// <see cref="DataLoaderState.BetweenEpochs"/> once it has finished (or before any). Taken after a training step, it
    /// lets a resumed run continue with exactly the batches the uninterrupted run would have seen next.
    /// </summary>
    /// <returns>A snapshot (a copy of the order).</returns>
    public DataLoaderState GetState()
    {
        if (_resume is { } pending) return new DataLoaderState(pending.Order.AsReadOnly(), pending.NextBatch);
        return _order is null ? DataLoaderState.BetweenEpochs : new DataLoaderState(((int[])_order.Clone()).AsReadOnly(), _nextBatch);
    }

    /// <summary>
    /// Makes the next enumeration continue a saved epoch (from <see cref="GetState"/> of a loader over the same dataset
    /// with the same options): it visits <see cref="DataLoaderState.Order"/> from batch
    /// <see cref="DataLoaderState.NextBatch"/> on, without drawing a permutation. A between-epochs state clears any
    /// pending resume. The shuffle generator is not touched: restore its state separately (a checkpoint does).
    /// </summary>
    /// <param name="state">The saved position.</param>
    /// <exception cref="ArgumentException">The order is not a permutation of the dataset's indices (or, without
    /// shuffling, not the identity), or the batch index is outside [0, <see cref="Count"/>]. Nothing changes.</exception>
    public void SetState(DataLoaderState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _resume = Validate(state);
    }

    /// <summary>Checks <paramref name="state"/> against this loader without changing it; returns the resume to set.</summary>
    internal (int[] Order, int NextBatch)? Validate(DataLoaderState state)
    {
        if (state.Order is null)
        {
            if (state.NextBatch != 0)
                throw new ArgumentException($"DataLoader.SetState: a between-epochs state has NextBatch 0, got {state.NextBatch}.", nameof(state));
            return null;
        }
        int n = Dataset.Count;
        if (state.Order.Count != n)
            throw new ArgumentException($"DataLoader.SetState: the saved order holds {state.Order.Count} indices, but the dataset has {n} examples.", nameof(state));
        var order = state.Order.ToArray();
        var seen = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int k = order[i];
            if ((uint)k >= (uint)n || seen[k])
                throw new ArgumentException($"DataLoader.SetState: the saved order is not a permutation of 0..{n - 1} (index {k} at position {i}).", nameof(state));
            if (!Shuffle && k != i)
                throw new ArgumentException($"DataLoader.SetState: this loader does not shuffle, but the saved order is not the identity (index {k} at position {i}).", nameof(state));
            seen[k] = true;
        }
        int batches = BatchCount(n);
        if (state.NextBatch < 0 || state.NextBatch > batches)
            throw new ArgumentException($"DataLoader.SetState: NextBatch must be in [0, {batches}], got {state.NextBatch}.", nameof(state));
        return (order, state.NextBatch);
    }

    /// <summary>Sets a resume checked by <see cref="Validate"/> (cannot fail).</summary>
    internal void ApplyResume((int[] Order, int NextBatch)? resume) => _resume = resume;

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    private IEnumerator<Batch> Enumerate(int[] order, int first, int epoch)
    {
        int batches = BatchCount(order.Length);
        for (int b = first; b < batches; b++)
        {
            int start = b * BatchSize;
            int length = Math.Min(BatchSize, order.Length - start);
            var batch = Dataset.GetBatch(order.AsSpan(start, length));
            if (epoch == _epoch) _nextBatch = b + 1;
            yield return batch;
        }
        if (epoch == _epoch) _order = null;
    }

    private (int[] Order, int NextBatch)? _resume;
    private int[]? _order;
    private int _nextBatch;
    private int _epoch;
}
