namespace DeepNotes.Metrics;

/// <summary>
/// Classification metrics over a whole batch or data set at once: accuracy, top-k accuracy and the confusion matrix
/// (from which precision, recall and F1 follow). For running totals over batches use <see cref="IMetric"/>
/// implementations such as <see cref="AccuracyMetric"/>.
/// </summary>
/// <remarks>
/// Outputs are scores <c>[N, C]</c> (logits or probabilities, Float32/Float64; the predicted class is the argmax, the
/// first maximum on ties, NaN counting as the largest value like <c>torch.argmax</c>) or predicted class indices
/// <c>[N]</c> Int32. Targets are class indices <c>[N]</c> Int32. An empty batch (N = 0) gives 0, following the
/// zero-division convention of <see cref="Metrics.ConfusionMatrix"/>. No autograd: results are plain doubles.
/// </remarks>
public static class Classification
{
    /// <summary>Fraction of samples whose predicted class equals the target.</summary>
    /// <param name="output">Scores <c>[N, C]</c> Float32/Float64 or predicted classes <c>[N]</c> Int32.</param>
    /// <param name="targets">True classes <c>[N]</c> Int32 (in [0, C) when scores are given, non-negative otherwise).</param>
    /// <returns>Correct / N in [0, 1]; 0 when N = 0.</returns>
    /// <exception cref="ArgumentException">Wrong shapes or dtypes, or a target out of range.</exception>
    public static double Accuracy(Tensor output, Tensor targets)
    {
        var (correct, total) = CountCorrect("Accuracy", output, targets);
        return total == 0 ? 0.0 : (double)correct / total;
    }

    /// <summary>
    /// Fraction of samples whose target is among the <paramref name="k"/> highest-scoring classes.
    /// </summary>
    /// <param name="scores">Scores <c>[N, C]</c> Float32/Float64.</param>
    /// <param name="targets">True classes <c>[N]</c> Int32 in [0, C).</param>
    /// <param name="k">How many top classes count as a hit, 1 ≤ k ≤ C.</param>
    /// <returns>Hits / N in [0, 1]; 0 when N = 0.</returns>
    /// <remarks>
    /// Ties are ranked deterministically: classes are ordered by decreasing score and, among equal scores, by
    /// increasing class index (NaN ranks highest). So k = 1 agrees with <see cref="Accuracy"/> and k = C is always 1.
    /// <c>torch.topk</c> leaves the order among equal scores unspecified (in practice it varies), so a tie exactly
    /// at the k-th place may be counted differently there; without ties both agree.
    /// </remarks>
    /// <exception cref="ArgumentException">Wrong shapes or dtypes, k outside [1, C], or a target out of range.</exception>
    public static double TopKAccuracy(Tensor scores, Tensor targets, int k)
    {
        var (hits, total) = CountTopK("TopKAccuracy", scores, targets, k);
        return total == 0 ? 0.0 : (double)hits / total;
    }

    /// <summary>The confusion matrix <c>[C, C]</c> (rows = true class, columns = predicted), see <see cref="Metrics.ConfusionMatrix"/>.</summary>
    /// <param name="predicted">Predicted classes <c>[N]</c> Int32, or scores <c>[N, C]</c> Float32/Float64.</param>
    /// <param name="targets">True classes <c>[N]</c> Int32.</param>
    /// <param name="classCount">Number of classes C ≥ 1; every index must lie in [0, C).</param>
    /// <exception cref="ArgumentException">Wrong shapes or dtypes, or a class index out of range.</exception>
    public static ConfusionMatrix ConfusionMatrix(Tensor predicted, Tensor targets, int classCount) =>
        Metrics.ConfusionMatrix.Compute(predicted, targets, classCount);

    /// <summary>Correct predictions and sample count of one batch (validated).</summary>
    internal static (long Correct, long Total) CountCorrect(string op, Tensor output, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(output);
        int[] p = MetricInputs.PredictedClasses(op, output, 0);
        int classCount = output.Rank == 2 ? output.Size(1) : 0;
        int[] t = MetricInputs.Targets(op, targets, p.Length, classCount);
        long correct = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (t[i] < 0) throw new ArgumentException($"{op}: target {t[i]} at index {i} is negative.", nameof(targets));
            if (p[i] == t[i]) correct++;
        }
        return (correct, p.Length);
    }

    /// <summary>Top-k hits and sample count of one batch (validated).</summary>
    internal static (long Hits, long Total) CountTopK(string op, Tensor scores, Tensor targets, int k)
    {
        double[] s = MetricInputs.Scores(op, scores, out int n, out int c);
        if (k < 1 || k > c)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"{op}: k must be in [1, {c}] for scores {scores.Shape}, got {k}.");
        int[] t = MetricInputs.Targets(op, targets, n, c);
        long hits = 0;
        for (int i = 0; i < n; i++)
        {
            var row = s.AsSpan(i * c, c);
            int target = t[i];
            double v = row[target];
            // Rank of the target = classes strictly better + equal ones with a lower index.
            int rank = 0;
            for (int j = 0; j < c && rank < k; j++)
            {
                if (MetricInputs.IsGreater(row[j], v) || (j < target && !MetricInputs.IsGreater(v, row[j]))) rank++;
            }
            if (rank < k) hits++;
        }
        return (hits, n);
    }
}
