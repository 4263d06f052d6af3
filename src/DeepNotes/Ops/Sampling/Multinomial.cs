using DeepNotes.Kernels;

namespace DeepNotes.Ops.Sampling;

/// <summary>
/// Category indices drawn from rows of non-negative weights (unnormalised, as <c>torch.multinomial</c>). With
/// replacement: one uniform per sample, located in the row's cumulative sums (summed in index order in double) by
/// binary search, so a zero-weight category is never drawn. Without replacement: one exponential key
/// E/w per category (w &gt; 0), and the <c>numSamples</c> smallest keys in ascending order — the same law as drawing
/// one category at a time and removing it (the exponential race), so no index repeats.
/// </summary>
internal static class Multinomial
{
    public static Tensor Forward(Tensor probs, int numSamples, bool replacement, Generator? generator)
    {
        const string op = "Multinomial";
        if (probs.Rank is not (1 or 2))
            throw new ArgumentException($"{op}: prob_dist must be 1 or 2 dim, got shape {probs.Shape}.");
        ParameterChecks.FloatingPoint(op, probs.DType, "probability tensor");
        int rows = probs.Rank == 1 ? 1 : probs.Shape[0];
        int categories = probs.Shape[^1];
        if (numSamples <= 0)
            throw new ArgumentOutOfRangeException(nameof(numSamples), numSamples, $"{op}: cannot sample numSamples <= 0 samples, got {numSamples}.");
        if (categories == 0)
            throw new ArgumentException($"{op}: the probability tensor of shape {probs.Shape} has no categories.");
        if (categories > 1 << 24)
            throw new ArgumentException($"{op}: number of categories cannot exceed 2^24, got {categories}.");
        if (!replacement && numSamples > categories)
            throw new ArgumentException($"{op}: cannot sample numSamples > number of categories ({numSamples} > {categories}) without replacement.");
        double[] w = probs.ToArray<double>();
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            int positive = 0;
            for (int c = 0; c < categories; c++)
            {
                double v = w[r * categories + c];
                if (!double.IsFinite(v) || v < 0)
                    throw new ArgumentException($"{op}: probability tensor contains either inf, nan or element < 0 (row {r}, category {c}: {v}).");
                sum += v;
                if (v > 0) positive++;
            }
            if (!(sum > 0))
                throw new ArgumentException($"{op}: invalid distribution, the weights of row {r} sum to {sum} (must be > 0).");
            if (!replacement && positive < numSamples)
                throw new ArgumentException(
                    $"{op}: invalid distribution (with replacement=false, not enough non-zero categories to sample): row {r} has {positive} non-zero categories, {numSamples} samples requested.");
        }
        var result = new Tensor(probs.Rank == 1 ? new Shape(numSamples) : new Shape(rows, numSamples), DType.Int32);
        Span<int> output = result.Span<int>();
        int[] drawn = Sampler.Run(generator, g =>
        {
            var o = new int[rows * numSamples];
            for (int r = 0; r < rows; r++)
            {
                var row = w.AsSpan(r * categories, categories);
                var dst = o.AsSpan(r * numSamples, numSamples);
                if (replacement) WithReplacement(row, dst, g);
                else WithoutReplacement(row, dst, g);
            }
            return o;
        });
        drawn.CopyTo(output);
        return result;
    }

    private static void WithReplacement(ReadOnlySpan<double> weights, Span<int> dst, Generator g)
    {
        var cdf = new double[weights.Length];
        double acc = 0;
        for (int c = 0; c < weights.Length; c++) cdf[c] = acc += weights[c];
        int last = weights.Length - 1;
        while (weights[last] == 0) last--; // the last category that can be drawn
        for (int s = 0; s < dst.Length; s++)
        {
            double u = g.NextDouble() * acc;
            // first c with cdf[c] > u; rounding can leave u ≥ cdf[last] only when u rounds up to acc
            int lo = 0, hi = last;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            dst[s] = lo;
        }
    }

    private static void WithoutReplacement(ReadOnlySpan<double> weights, Span<int> dst, Generator g)
    {
        if (dst.Length > 64) WithoutReplacementSorted(weights, dst, g);
        else WithoutReplacementSelect(weights, dst, g);
    }

    /// <summary>All keys sorted (for many samples per row).</summary>
    private static void WithoutReplacementSorted(ReadOnlySpan<double> weights, Span<int> dst, Generator g)
    {
        int n = weights.Length;
        var keys = new double[n];
        var index = new int[n];
        for (int c = 0; c < n; c++)
        {
            double e = RandomSampling.StandardExponential(g); // one draw per category, zero weights included
            keys[c] = weights[c] > 0 ? e / weights[c] : double.PositiveInfinity;
            index[c] = c;
        }
        // ascending keys; equal keys keep index order
        Array.Sort(index, (a, b) =>
        {
            int k = keys[a].CompareTo(keys[b]);
            return k != 0 ? k : a.CompareTo(b);
        });
        for (int s = 0; s < dst.Length; s++) dst[s] = index[s];
    }

    /// <summary>The same selection for few samples per row, without sorting every key.</summary>
    private static void WithoutReplacementSelect(ReadOnlySpan<double> weights, Span<int> dst, Generator g)
    {
        int n = weights.Length, m = dst.Length;
        // the m smallest keys, kept sorted ascending (ties by index: a later equal key goes after); O(n·m) worst case,
        // O(n) typically since most keys exceed the current m-th smallest
        var bestKeys = new double[m];
        int count = 0;
        for (int c = 0; c < n; c++)
        {
            double e = RandomSampling.StandardExponential(g); // one draw per category, zero weights included
            double key = weights[c] > 0 ? e / weights[c] : double.PositiveInfinity;
            if (count == m && !(key < bestKeys[m - 1])) continue;
            int pos = count == m ? m - 1 : count++;
            while (pos > 0 && key < bestKeys[pos - 1])
            {
                bestKeys[pos] = bestKeys[pos - 1];
                dst[pos] = dst[pos - 1];
                pos--;
            }
            bestKeys[pos] = key;
            dst[pos] = c;
        }
    }
}
