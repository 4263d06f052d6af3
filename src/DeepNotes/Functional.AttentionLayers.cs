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

    /// <summary>
    /// A boolean or additive mask as additive float data of <paramref name="dtype"/> (true means masked when
    /// <paramref name="trueMeansMasked"/>); throws naming <paramref name="op"/> and <paramref name="name"/> for another dtype.
    /// </summary>
    internal static Tensor AttentionMaskData(string op, Tensor mask, DType dtype, bool trueMeansMasked, string name) =>
        AttentionMask.Additive(op, mask, dtype, trueMeansMasked, name);

    /// <summary>An additive mask term read through a broadcast view of <paramref name="viewShape"/> onto the scores <paramref name="target"/>.</summary>
    internal static AttentionMask AttentionMaskTerm(string op, Tensor? input, Tensor data, Shape viewShape, Shape target) =>
        AttentionMask.Broadcast(op, input, data, viewShape, target);

    /// <summary>The offsets of each (batch, head) slice of a packed projection, read in place by the fused attention.</summary>
    internal static int[] AttentionHeadOffsets(int batch, int heads, int length, int width, int column, int headDim, bool batchFirst) =>
        AttentionView.HeadOffsets(batch, heads, length, width, column, headDim, batchFirst);
}
