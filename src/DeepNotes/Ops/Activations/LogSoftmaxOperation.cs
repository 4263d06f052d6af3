namespace DeepNotes.Ops.Activations;

/// <summary>
/// Log-softmax along one axis: x − max − log Σ exp(x − max), finite for any finite input (log-softmax of
/// [1, 2, 3000] is [−2999, −2998, 0]). Backward from the saved output: g − exp(y) ⊙ Σ g.
/// </summary>
internal static class LogSoftmaxOperation
{
    public static Tensor Forward(Tensor x, int axis) => SoftmaxOperation.Compute("LogSoftmax", x, axis, log: true);
}
