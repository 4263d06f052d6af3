namespace DeepNotes.Ops.Sorting;

/// <summary>
/// Histc (equal-width histogram over [min, max], as <c>torch.histc</c>) and Bincount (occurrences of each
/// non-negative integer, optionally weighted, as <c>torch.bincount</c>). Neither is differentiable, as in PyTorch.
/// </summary>
internal static class Histogram
{
    public static Tensor Histc(Tensor x, int bins, double min, double max)
    {
        x.CheckFloatingPoint("Histc");
        if (bins <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, $"Histc: bins must be > 0, got {bins}.");
        if (min > max) throw new ArgumentException($"Histc: max must be larger than min, got min={min}, max={max}.");
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException($"Histc: range [{min}, {max}] is not finite.");
        Tensor c = x.ContiguousRaw();
        var counts = new double[bins];
        if (x.DType == DType.Float32) Count(c.Span<float>(), counts, min, max);
        else Count(c.Span<double>(), counts, min, max);
        return Tensor.FromArray(counts).ConvertRaw(x.DType);
    }

    private static void Count<T>(ReadOnlySpan<T> v, double[] counts, double min, double max) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int bins = counts.Length;
        if (min == max && v.Length > 0)
        {
            min = double.PositiveInfinity;
            max = double.NegativeInfinity;
            foreach (T t in v)
            {
                double e = double.CreateTruncating(t);
                if (double.IsNaN(e)) continue;
                min = Math.Min(min, e);
                max = Math.Max(max, e);
            }
            if (!double.IsFinite(min) || !double.IsFinite(max))
                throw new ArgumentException($"Histc: range of [{min}, {max}] is not finite.");
        }
        if (min == max) { min -= 1; max += 1; }
        double width = max - min;
        foreach (T t in v)
        {
            double e = double.CreateTruncating(t);
            if (!(e >= min && e <= max)) continue;
            int bin = (int)((e - min) * bins / width);
            if (bin >= bins) bin = bins - 1;
            counts[bin] += 1;
        }
    }

    public static Tensor Bincount(Tensor x, Tensor? weights, int minLength)
    {
        if (!x.DType.IsInteger()) throw new ArgumentException($"Bincount expects an Int32 tensor (or Int64), got {x.DType}.");
        x = Indexing.IndexChecks.AsInt32Index("Bincount", x, "input");
        if (x.Rank != 1) throw new ArgumentException($"Bincount expects a 1-D tensor, got shape {x.Shape}.");
        if (minLength < 0) throw new ArgumentOutOfRangeException(nameof(minLength), minLength, $"Bincount: minLength must be non-negative, got {minLength}.");
        int[] v = x.ToArray<int>();
        int length = minLength;
        foreach (int e in v)
        {
            if (e < 0) throw new ArgumentException($"Bincount: the input must be non-negative, found {e}.");
            length = Math.Max(length, e + 1);
        }
        if (weights is null)
        {
            var counts = new int[length];
            foreach (int e in v) counts[e]++;
            return Tensor.FromArray(counts);
        }
        if (weights.Shape != x.Shape)
            throw new ArgumentException($"Bincount: weights must have the input's shape {x.Shape}, got {weights.Shape}.");
        weights.CheckFloatingPoint("Bincount weights");
        double[] w = weights.ToArray<double>();
        var sums = new double[length];
        for (int i = 0; i < v.Length; i++) sums[v[i]] += w[i];
        return Tensor.FromArray(sums).ConvertRaw(weights.DType);
    }
}
