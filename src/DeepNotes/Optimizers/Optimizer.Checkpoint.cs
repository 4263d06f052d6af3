namespace DeepNotes.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>Restores <see cref="StepCount"/> when a checkpoint is loaded (DeepNotes.Serialization.Checkpoint).</summary>
    internal void RestoreStepCount(long stepCount)
    {
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), stepCount, $"{Name}: the step count must be >= 0.");
        StepCount = stepCount;
    }
}
