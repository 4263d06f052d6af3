namespace DeepNotes.Metrics;

/// <summary>
/// Running top-k accuracy over batches; ties are ranked as in <see cref="Classification.TopKAccuracy"/> (lower class
/// index first).
/// </summary>
public sealed class TopKAccuracyMetric : IMetric
{
    private long _hits, _total;

    /// <summary>A running top-<paramref name="k"/> accuracy.</summary>
    /// <param name="k">How many top classes count as a hit (≥ 1; checked against C at each update).</param>
    public TopKAccuracyMetric(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"TopKAccuracyMetric: k must be at least 1, got {k}.");
        K = k;
    }

    /// <summary>How many top classes count as a hit.</summary>
    public int K { get; }

    /// <inheritdoc />
    public string Name => $"top{K}_accuracy";

    /// <summary>Adds one batch.</summary>
    /// <param name="output">Scores <c>[N, C]</c> Float32/Float64 with C ≥ k.</param>
    /// <param name="target">True classes <c>[N]</c> Int32 in [0, C).</param>
    public void Update(Tensor output, Tensor target)
    {
        var (hits, total) = Classification.CountTopK("TopKAccuracyMetric", output, target, K);
        _hits += hits;
        _total += total;
    }

    /// <inheritdoc />
    public double Compute() => _total == 0 ? 0.0 : (double)_hits / _total;

    /// <inheritdoc />
    public void Reset() => _hits = _total = 0;
}
