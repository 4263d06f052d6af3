namespace DeepNotes.Data;

public abstract partial class Dataset
{
    /// <summary>
    /// Splits <paramref name="dataset"/> at random into non-overlapping subsets of the given sizes, like
    /// <c>torch.utils.data.random_split(dataset, lengths, generator)</c>: one random permutation of 0..N−1 is cut
    /// into consecutive pieces of <paramref name="lengths"/>. The same generator state gives the same split.
    /// </summary>
    /// <param name="dataset">The dataset to split (N examples).</param>
    /// <param name="lengths">The size of each subset; non-negative, summing to N.</param>
    /// <param name="generator">The generator of the permutation; null uses <see cref="Generator.Default"/>.</param>
    /// <returns>One <see cref="Subset"/> per length, in order.</returns>
    /// <exception cref="ArgumentException">A length is negative or the lengths do not sum to N.</exception>
    public static Subset[] RandomSplit(Dataset dataset, int[] lengths, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(lengths);
        long sum = 0;
        foreach (int length in lengths)
        {
            if (length < 0)
                throw new ArgumentException($"RandomSplit: lengths must be non-negative, got [{string.Join(", ", lengths)}].", nameof(lengths));
            sum += length;
        }
        if (sum != dataset.Count)
            throw new ArgumentException(
                $"RandomSplit: the lengths [{string.Join(", ", lengths)}] sum to {sum}, but the dataset has {dataset.Count} examples.", nameof(lengths));
        int[] order = RandomPermutation.Draw(dataset.Count, generator);
        var subsets = new Subset[lengths.Length];
        int offset = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            subsets[i] = new Subset(dataset, order.AsSpan(offset, lengths[i]));
            offset += lengths[i];
        }
        return subsets;
    }

    /// <summary>
    /// Splits <paramref name="dataset"/> at random into non-overlapping subsets holding the given fractions of its
    /// examples, like <c>random_split</c> with fractions: each size is ⌊N·fraction⌋, and the remaining examples are
    /// handed out one each to the subsets in order (round robin), so the sizes sum to N.
    /// </summary>
    /// <param name="dataset">The dataset to split (N examples).</param>
    /// <param name="fractions">Fractions in [0, 1] that sum to 1 (within 1e-9, not above 1).</param>
    /// <param name="generator">The generator of the permutation; null uses <see cref="Generator.Default"/>.</param>
    /// <returns>One <see cref="Subset"/> per fraction, in order.</returns>
    /// <exception cref="ArgumentException">A fraction is outside [0, 1] or they do not sum to 1.</exception>
    public static Subset[] RandomSplit(Dataset dataset, double[] fractions, Generator? generator = null) =>
        RandomSplit(dataset, SplitLengths(dataset?.Count ?? 0, fractions), generator);

    /// <summary>The subset sizes for <paramref name="fractions"/> of <paramref name="count"/> examples (PyTorch's rule).</summary>
    internal static int[] SplitLengths(int count, double[] fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        if (fractions.Length == 0) throw new ArgumentException("RandomSplit: at least one fraction is needed.", nameof(fractions));
        double sum = 0;
        foreach (double f in fractions) sum += f;
        if (!(Math.Abs(sum - 1) <= 1e-9 * Math.Max(Math.Abs(sum), 1)) || sum > 1)
            throw new ArgumentException($"RandomSplit: the fractions [{string.Join(", ", fractions)}] sum to {sum}, expected 1.", nameof(fractions));
        var lengths = new int[fractions.Length];
        long assigned = 0;
        for (int i = 0; i < fractions.Length; i++)
        {
            if (!(fractions[i] >= 0 && fractions[i] <= 1))
                throw new ArgumentException($"RandomSplit: fraction {i} is {fractions[i]}, expected a value in [0, 1].", nameof(fractions));
            lengths[i] = (int)Math.Floor(count * fractions[i]);
            assigned += lengths[i];
        }
        for (long i = 0; i < count - assigned; i++) lengths[i % lengths.Length]++;
        return lengths;
    }
}
