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
    /// enumerator over the <see cref="Count"/> batches, each gathered when it is reached.
    /// </summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        int n = Dataset.Count;
        int[] order;
        if (Shuffle)
        {
            order = RandomPermutation.Draw(n, Generator);
        }
        else
        {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        return Enumerate(order);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<Batch> Enumerate(int[] order)
    {
        int batches = BatchCount(order.Length);
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize;
            int length = Math.Min(BatchSize, order.Length - start);
            yield return Dataset.GetBatch(order.AsSpan(start, length));
        }
    }
}
