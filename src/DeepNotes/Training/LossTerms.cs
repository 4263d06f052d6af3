namespace DeepNotes.Training;

/// <summary>
/// A loss made of named parts, returned by a <see cref="Trainer"/> loss function: <see cref="Total"/> is what the
/// backward pass differentiates; each term's value is logged per epoch under its name (e.g. a VAE's <c>recon</c> and
/// <c>kl</c>), averaged over examples like <c>loss</c>, and with <c>val_</c> in front for validation data.
/// </summary>
/// <param name="Total">The scalar loss to minimise.</param>
/// <param name="Terms">Named scalar parts (only their values are read).</param>
public sealed record LossTerms(Tensor Total, IReadOnlyDictionary<string, Tensor> Terms);

/// <summary>One training batch given to a custom step function (see <see cref="Trainer(DeepNotes.Layers.Module{Tensor, Tensor}, Func{TrainBatch, StepResult}, DeepNotes.Optimizers.Optimizer, Func{Tensor, Tensor, Tensor}?)"/>).</summary>
/// <param name="Input">The batch's inputs.</param>
/// <param name="Target">The batch's targets.</param>
/// <param name="Epoch">The epoch, counted from 0.</param>
/// <param name="Batch">The batch index in the epoch, counted from 0.</param>
public readonly record struct TrainBatch(Tensor Input, Tensor Target, int Epoch, int Batch);

/// <summary>What a custom step function reports for its batch.</summary>
/// <param name="Loss">The batch loss logged as <c>loss</c>.</param>
public sealed record StepResult(double Loss)
{
    /// <summary>Named values logged per epoch (e.g. <c>d_loss</c>, <c>g_loss</c>), averaged over examples.</summary>
    public IReadOnlyDictionary<string, double> Terms { get; init; } = new Dictionary<string, double>();

    /// <summary>The model's output for the batch, needed when <see cref="Trainer.Fit"/> is given metrics.</summary>
    public Tensor? Output { get; init; }
}
