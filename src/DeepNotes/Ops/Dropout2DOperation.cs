namespace DeepNotes.Ops;

/// <summary>
/// Channel dropout: for <c>[N, C, H, W]</c> (or unbatched <c>[C, H, W]</c>) each whole channel plane is kept and scaled
/// by 1/(1 − p), or zeroed, with probability p. One draw per (n, c) in that order from the generator, so a seed
/// reproduces the mask. Backward multiplies by the same per-channel factors: <see cref="ChannelDropout"/> with two
/// spatial dimensions (its fused kernel first-order, a broadcast multiply by the saved factors under createGraph).
/// </summary>
internal static class Dropout2DOperation
{
    public static Tensor Forward(Tensor x, double p, Generator generator)
    {
        CheckpointCapture.NoteGenerator(generator); // an Autograd.Checkpoint forward replays these draws in backward
        x.CheckFloatingPoint("Dropout2D");
        Shape s = x.Shape;
        if (s.Rank is not (3 or 4))
            throw new ArgumentException($"Dropout2D expects input [N, C, H, W] or [C, H, W], got {s}");
        return ChannelDropout.Forward("Dropout2D", x, p, generator, spatialRank: 2);
    }
}
