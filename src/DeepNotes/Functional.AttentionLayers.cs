namespace DeepNotes;

/// <summary>
/// The internal doors of the attention layers: the fused attention kernel that
/// <see cref="ScaledDotProductAttention(Tensor, Tensor, Tensor, Tensor?, double, bool, double?, Generator?, bool)"/> also runs, taking a
/// request whose head views and masks the layer already checked and laid out, and the softmax that turns fully masked rows into zeros.
/// </summary>
public static partial class Functional
{
    /// <summary>Fused attention over pre-validated head views: returns the attended values and, if asked, the weights.</summary>
    internal static (Tensor Output, Tensor? Weights) Attend(AttentionRequest request) =>
        Ops.Attention.FusedAttention.Forward(request);

    /// <summary>Softmax over the last dimension whose rows of only −∞ give zeros instead of NaN.</summary>
    internal static Tensor SafeSoftmaxLastDim(Tensor scores) => Ops.Attention.SafeSoftmax.Forward(scores);
}
