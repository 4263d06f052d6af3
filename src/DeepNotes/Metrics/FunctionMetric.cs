namespace DeepNotes.Metrics;

/// <summary>
/// A metric given as a function of one batch, <c>(output, target) =&gt; value</c>, averaged over the epoch with each
/// batch weighted by its number of examples (its first dimension) — exact for per-example means such as accuracy.
/// </summary>
/// <example><code>
/// var accuracy = new FunctionMetric("accuracy",
///     (logits, labels) =&gt; logits.ArgMax(1).ElementEquals(labels).To(DType.Float64).Mean().Item());
/// </code></example>
public sealed class FunctionMetric : IMetric
{
    private readonly Func<Tensor, Tensor, double> _function;
    private double _weightedSum;
    private long _count;

    /// <summary>Creates a metric named <paramref name="name"/> computed by <paramref name="function"/> per batch.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public FunctionMetric(string name, Func<Tensor, Tensor, double> function)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        _function = function;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public void Reset()
    {
        _weightedSum = 0;
        _count = 0;
    }

    /// <inheritdoc/>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        int n = output.Rank == 0 ? 1 : output.Shape[0];
        _weightedSum += _function(output, target) * n;
        _count += n;
    }

    /// <inheritdoc/>
    public double Compute() => _count == 0 ? 0 : _weightedSum / _count;
}
