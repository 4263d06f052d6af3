namespace DeepNotes.Metrics;

/// <summary>
/// A metric accumulated over batches, for training and evaluation loops: call <see cref="Update"/> once per batch,
/// read <see cref="Compute"/> at the end of an epoch, then <see cref="Reset"/>. Feeding a data set in chunks gives the
/// same value as computing the metric on all of it at once.
/// </summary>
/// <example>
/// <code>
/// IMetric accuracy = new AccuracyMetric();
/// foreach (var (x, y) in loader) accuracy.Update(model.Forward(x), y);
/// Console.WriteLine($"{accuracy.Name}: {accuracy.Compute():F4}");
/// accuracy.Reset();
/// </code>
/// </example>
public interface IMetric
{
    /// <summary>Short name used as the key in training histories and logs (e.g. <c>accuracy</c>, <c>macro_f1</c>).</summary>
    string Name { get; }

    /// <summary>Adds one batch. Validates both tensors first; a rejected batch leaves the state unchanged.</summary>
    /// <param name="output">Model output for the batch (for classification: scores <c>[N, C]</c> or predicted classes <c>[N]</c> Int32).</param>
    /// <param name="target">Targets for the batch (for classification: classes <c>[N]</c> Int32).</param>
    void Update(Tensor output, Tensor target);

    /// <summary>The metric over everything added since construction or the last <see cref="Reset"/> (0 when nothing was added).</summary>
    double Compute();

    /// <summary>Forgets everything added so far.</summary>
    void Reset();
}
