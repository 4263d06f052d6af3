namespace DeepNotes.Metrics;

/// <summary>How per-class precision, recall and F1 are reduced to one number (scikit-learn's <c>average=</c>).</summary>
public enum Averaging
{
    /// <summary>
    /// Unweighted mean over the classes that occur in the targets or the predictions (classes absent from both are
    /// left out, as scikit-learn does with its default <c>labels=None</c>).
    /// </summary>
    Macro,

    /// <summary>
    /// From the pooled counts: Σ TP / Σ (TP + FP) and so on. For single-label multiclass data micro precision, recall
    /// and F1 all equal the accuracy.
    /// </summary>
    Micro,

    /// <summary>Mean over classes weighted by their support (number of true samples of the class).</summary>
    Weighted,
}
