namespace DeepNotes.Training;

/// <summary>Whether a monitored value improves by going down or up.</summary>
public enum MonitorMode
{
    /// <summary>Max for names containing <c>acc</c>, <c>auc</c>, <c>f1</c>, <c>precision</c>, <c>recall</c> or <c>iou</c>; min otherwise (as Keras).</summary>
    Auto,

    /// <summary>Lower is better (losses).</summary>
    Min,

    /// <summary>Higher is better (accuracies).</summary>
    Max,
}

/// <summary>Shared logic of callbacks that watch one log value.</summary>
internal static class Monitor
{
    private static readonly string[] s_higherIsBetter = ["acc", "auc", "f1", "precision", "recall", "iou"];

    public static MonitorMode Resolve(string monitor, MonitorMode mode)
    {
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown monitor mode {mode}.");
        if (mode != MonitorMode.Auto) return mode;
        string lower = monitor.ToLowerInvariant();
        return s_higherIsBetter.Any(lower.Contains) ? MonitorMode.Max : MonitorMode.Min;
    }

    /// <summary>True when <paramref name="current"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public static bool IsImprovement(MonitorMode mode, double current, double best, double minDelta) =>
        mode == MonitorMode.Min ? current + minDelta < best : current - minDelta > best;

    public static double Worst(MonitorMode mode) => mode == MonitorMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    public static double Read(string callback, string monitor, IDictionary<string, double> logs)
    {
        if (logs.TryGetValue(monitor, out double value)) return value;
        throw new InvalidOperationException(
            $"{callback} monitors '{monitor}', which is not in the epoch logs [{string.Join(", ", logs.Keys)}]. "
            + "Validation values (val_…) need validation data or a validation split.");
    }

    public static void CheckName(string monitor)
    {
        ArgumentException.ThrowIfNullOrEmpty(monitor);
    }
}
