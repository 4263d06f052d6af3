namespace DeepNotes.Metrics;

/// <summary>
/// A confusion matrix accumulated over batches. <see cref="Compute"/> returns the accuracy; <see cref="Result"/> gives
/// the whole matrix with per-class and averaged precision, recall and F1. The base of <see cref="PrecisionMetric"/>,
/// <see cref="RecallMetric"/> and <see cref="F1Metric"/>, which compute one of those from the same counts.
/// </summary>
public class ConfusionMatrixMetric : IMetric
{
    private readonly long[] _counts;

    /// <summary>An empty matrix for <paramref name="classCount"/> classes.</summary>
    /// <param name="classCount">Number of classes C ≥ 1.</param>
    public ConfusionMatrixMetric(int classCount)
    {
        MetricInputs.CheckClassCount(GetType().Name, classCount);
        ClassCount = classCount;
        _counts = new long[checked(classCount * classCount)];
    }

    /// <summary>Number of classes C.</summary>
    public int ClassCount { get; }

    /// <inheritdoc />
    public virtual string Name => "accuracy";

    /// <summary>A snapshot of the counts so far.</summary>
    public ConfusionMatrix Result => new(ClassCount, _counts);

    /// <summary>Adds one batch (validated first: a rejected batch adds nothing).</summary>
    /// <param name="output">Scores <c>[N, C]</c> Float32/Float64 (argmax is taken) or predicted classes <c>[N]</c> Int32.</param>
    /// <param name="target">True classes <c>[N]</c> Int32 in [0, C).</param>
    public void Update(Tensor output, Tensor target) => ConfusionMatrix.Accumulate(GetType().Name, _counts, output, target, ClassCount);

    /// <summary>The accuracy of the counts so far (overridden by the precision, recall and F1 metrics).</summary>
    public virtual double Compute() => Result.Accuracy;

    /// <inheritdoc />
    public void Reset() => Array.Clear(_counts);
}

/// <summary>Running precision over batches, averaged over classes (macro by default; see <see cref="Averaging"/>).</summary>
/// <param name="classCount">Number of classes C ≥ 1.</param>
/// <param name="average">How per-class precisions are combined.</param>
public sealed class PrecisionMetric(int classCount, Averaging average = Averaging.Macro) : ConfusionMatrixMetric(classCount)
{
    /// <summary>How per-class values are combined.</summary>
    public Averaging Average { get; } = average;

    /// <inheritdoc />
    public override string Name => $"{Average.ToString().ToLowerInvariant()}_precision";

    /// <inheritdoc />
    public override double Compute() => Result.Precision(Average);
}

/// <summary>Running recall over batches, averaged over classes (macro by default; see <see cref="Averaging"/>).</summary>
/// <param name="classCount">Number of classes C ≥ 1.</param>
/// <param name="average">How per-class recalls are combined.</param>
public sealed class RecallMetric(int classCount, Averaging average = Averaging.Macro) : ConfusionMatrixMetric(classCount)
{
    /// <summary>How per-class values are combined.</summary>
    public Averaging Average { get; } = average;

    /// <inheritdoc />
    public override string Name => $"{Average.ToString().ToLowerInvariant()}_recall";

    /// <inheritdoc />
    public override double Compute() => Result.Recall(Average);
}

/// <summary>Running F1 score over batches, averaged over classes (macro by default; see <see cref="Averaging"/>).</summary>
/// <param name="classCount">Number of classes C ≥ 1.</param>
/// <param name="average">How per-class F1 scores are combined.</param>
public sealed class F1Metric(int classCount, Averaging average = Averaging.Macro) : ConfusionMatrixMetric(classCount)
{
    /// <summary>How per-class values are combined.</summary>
    public Averaging Average { get; } = average;

    /// <inheritdoc />
    public override string Name => $"{Average.ToString().ToLowerInvariant()}_f1";

    /// <inheritdoc />
    public override double Compute() => Result.F1(Average);
}
