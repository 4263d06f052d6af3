namespace DeepNotes.Data;

/// <summary>
/// One mini-batch from a <see cref="DataLoader"/> (or <see cref="Dataset.GetBatch"/>): the examples' inputs and
/// targets stacked along a new leading batch dimension. For a dataset whose examples are input <c>[*I]</c> and target
/// <c>[*T]</c>, <see cref="Input"/> is <c>[B, *I]</c> and <see cref="Target"/> is <c>[B, *T]</c>, where B is the batch
/// size (smaller for the last batch unless dropped). Fashion-MNIST: Input Float32 <c>[B, 1, 28, 28]</c>, Target
/// Int32 <c>[B]</c>. Both are fresh contiguous tensors that the caller owns.
/// </summary>
/// <param name="Input">The inputs, <c>[B, *I]</c>.</param>
/// <param name="Target">The targets, <c>[B, *T]</c>.</param>
public readonly record struct Batch(Tensor Input, Tensor Target)
{
    /// <summary>The number of examples B (the size of the leading dimension).</summary>
    public int Size => Input.Shape[0];
}

/// <summary>
/// One example of a <see cref="Dataset"/>: an input and its target without a batch dimension (Fashion-MNIST: input
/// Float32 <c>[1, 28, 28]</c>, target a 0-dim Int32 class index), like the <c>(x, y)</c> pair a PyTorch map-style
/// dataset returns.
/// </summary>
/// <param name="Input">The input, <c>[*I]</c>.</param>
/// <param name="Target">The target, <c>[*T]</c>.</param>
public readonly record struct Example(Tensor Input, Tensor Target);
