namespace DeepNotes.Metrics;

/// <summary>Running accuracy (correct / seen) over batches; see <see cref="Classification.Accuracy"/> for the inputs.</summary>
public sealed class AccuracyMetric : IMetric
{
    private long _correct, _total;

    /// <inheritdoc />
    public string Name => "accuracy";

    /// <summary>Samples seen since the last reset.</summary>
    public long Count => _total;

    /// <summary>Adds one batch: scores <c>[N, C]</c> Float32/Float64 or predicted classes <c>[N]</c> Int32, targets <c>[N]</c> Int32.</summary>
    /// <param name="output">Scores <c>[N, C]</c> or predicted classes <c>[N]</c> Int32.</param>
    /// <param name="target">True classes <c>[N]</c> Int32.</param>
    public void Update(Tensor output, Tensor target)
    {
        var (correct, total) = Classification.CountCorrect("AccuracyMetric", output, target);
        _correct += correct;
        _total += total;
    }

    /// <inheritdoc />
    public double Compute() => _total == 0 ? 0.0 : (double)_correct / _total;

    /// <inheritdoc />
    public void Reset() => _correct = _total = 0;
}
