namespace DeepNotes.Optimizers.Schedules;

/// <summary>The progress of a <see cref="ReduceLROnPlateau"/> (PyTorch's <c>best</c>, <c>num_bad_epochs</c>,
/// <c>cooldown_counter</c>, <c>last_epoch</c>).</summary>
/// <param name="Best">The best metric seen.</param>
/// <param name="BadEpochs">Consecutive epochs without improvement.</param>
/// <param name="CooldownCounter">Epochs of cooldown left.</param>
/// <param name="LastEpoch">Steps taken.</param>
public sealed record ReduceLROnPlateauState(double Best, int BadEpochs, int CooldownCounter, int LastEpoch);
