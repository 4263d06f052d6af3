namespace DeepNotes.Training;

/// <summary>
/// A metric that <see cref="Trainer"/> accumulates over the batches of an epoch (and of each evaluation) and reports
/// under <see cref="Name"/> in the logs (<c>val_</c><see cref="Name"/> for validation data). Implement it to plug any
/// metric into <see cref="Trainer.Fit"/>; <see cref="FunctionMetric"/> wraps a per-batch function.
/// </summary>
/// <remarks>The trainer calls <see cref="Reset"/>, then <see cref="Update"/> once per batch, then reads
/// <see cref="Result"/> (also after each batch, for progress reports). Calls come from the training thread, in order;
/// <see cref="Update"/> runs under <see cref="Autograd.NoGrad"/> on detached outputs.</remarks>
public interface ITrainingMetric
{
    /// <summary>The key in the logs, e.g. <c>accuracy</c>. Must not be <c>loss</c> nor start with <c>val_</c>.</summary>
    string Name { get; }

    /// <summary>Forgets everything accumulated so far.</summary>
    void Reset();

    /// <summary>Accumulates one batch: the model's <paramref name="output"/> <c>[N, ...]</c> and the <paramref name="target"/> <c>[N, ...]</c>.</summary>
    void Update(Tensor output, Tensor target);

    /// <summary>The value over everything accumulated since <see cref="Reset"/> (NaN before any update).</summary>
    double Result { get; }
}

/// <summary>
/// A metric given as a function of one batch, <c>(output, target) =&gt; value</c>, averaged over the epoch with each
/// batch weighted by its number of examples (its first dimension) — exact for per-example means such as accuracy.
/// </summary>
/// <example><code>
/// var accuracy = new FunctionMetric("accuracy",
///     (logits, labels) =&gt; logits.ArgMax(1).ElementEquals(labels).To(DType.Float64).Mean().Item());
/// </code></example>
public sealed class FunctionMetric : ITrainingMetric
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
    public double Result => _count == 0 ? double.NaN : _weightedSum / _count;
}
