namespace DeepNotes;

public static partial class Functional
{
    /// <summary>
    /// Rearranges channels into space, like <c>F.pixel_shuffle</c>: <c>[*, C·r², H, W] -> [*, C, H·r, W·r]</c>; output
    /// (c, h·r + i, w·r + j) is input (c·r² + i·r + j, h, w). The sub-pixel convolution upsampler of ESPCN. A permutation,
    /// so its gradient is the inverse permutation (<see cref="PixelUnshuffle"/>).
    /// </summary>
    /// <param name="input">A <c>[*, C·r², H, W]</c> tensor (at least 3-D).</param>
    /// <param name="upscaleFactor">r ≥ 1.</param>
    /// <returns>The <c>[*, C, H·r, W·r]</c> tensor.</returns>
    /// <exception cref="ArgumentException">A factor below 1, fewer than 3 dimensions, or channels not divisible by r².</exception>
    public static Tensor PixelShuffle(Tensor input, int upscaleFactor)
    {
        ArgumentNullException.ThrowIfNull(input);
        int r = upscaleFactor;
        if (r < 1) throw new ArgumentException($"PixelShuffle: upscaleFactor must be positive, got {r}.", nameof(upscaleFactor));
        if (input.Rank < 3) throw new ArgumentException($"PixelShuffle: expected an input of at least 3 dimensions [*, C·r², H, W], got {input.Shape}.", nameof(input));
        int b = input.Rank - 3;
        int[] dims = input.Shape.ToArray();
        int c = dims[b], h = dims[b + 1], w = dims[b + 2];
        if (c % (r * r) != 0)
            throw new ArgumentException($"PixelShuffle: the channels ({c}) of input {input.Shape} must be divisible by upscaleFactor² = {r * r}.", nameof(input));
        int[] batch = dims[..b];
        int[] order = [.. Enumerable.Range(0, b), b, b + 3, b + 1, b + 4, b + 2];
        return input.Reshape([.. batch, c / (r * r), r, r, h, w]).Permute(order).Reshape([.. batch, c / (r * r), h * r, w * r]);
    }

    /// <summary>
    /// Rearranges space into channels, like <c>F.pixel_unshuffle</c>, the inverse of <see cref="PixelShuffle"/>:
    /// <c>[*, C, H·r, W·r] -> [*, C·r², H, W]</c>.
    /// </summary>
    /// <param name="input">A <c>[*, C, H·r, W·r]</c> tensor (at least 3-D).</param>
    /// <param name="downscaleFactor">r ≥ 1.</param>
    /// <returns>The <c>[*, C·r², H, W]</c> tensor.</returns>
    /// <exception cref="ArgumentException">A factor below 1, fewer than 3 dimensions, or a height or width not divisible by r.</exception>
    public static Tensor PixelUnshuffle(Tensor input, int downscaleFactor)
    {
        ArgumentNullException.ThrowIfNull(input);
        int r = downscaleFactor;
        if (r < 1) throw new ArgumentException($"PixelUnshuffle: downscaleFactor must be positive, got {r}.", nameof(downscaleFactor));
        if (input.Rank < 3) throw new ArgumentException($"PixelUnshuffle: expected an input of at least 3 dimensions [*, C, H·r, W·r], got {input.Shape}.", nameof(input));
        int b = input.Rank - 3;
        int[] dims = input.Shape.ToArray();
        int c = dims[b], h = dims[b + 1], w = dims[b + 2];
        if (h % r != 0 || w % r != 0)
            throw new ArgumentException($"PixelUnshuffle: the height ({h}) and width ({w}) of input {input.Shape} must be divisible by downscaleFactor = {r}.", nameof(input));
        int[] batch = dims[..b];
        int[] order = [.. Enumerable.Range(0, b), b, b + 2, b + 4, b + 1, b + 3];
        return input.Reshape([.. batch, c, h / r, r, w / r, r]).Permute(order).Reshape([.. batch, c * r * r, h / r, w / r]);
    }

    /// <summary>
    /// Interleaves channel groups, like <c>nn.ChannelShuffle</c> (ShuffleNet): <c>[N, C, *] -> [N, C, *]</c>, viewing the
    /// channels as <c>[g, C/g]</c> and transposing them to <c>[C/g, g]</c>: output channel i·g + j is input channel j·(C/g) + i.
    /// </summary>
    /// <param name="input">A <c>[N, C, *]</c> tensor with at least 3 dimensions.</param>
    /// <param name="groups">g ≥ 1, dividing C.</param>
    /// <returns>The shuffled tensor, same shape.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 dimensions, groups below 1, or channels not divisible by groups.</exception>
    public static Tensor ChannelShuffle(Tensor input, int groups)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (groups < 1) throw new ArgumentException($"ChannelShuffle: groups must be positive, got {groups}.", nameof(groups));
        if (input.Rank < 3) throw new ArgumentException($"ChannelShuffle: expected an input of at least 3 dimensions [N, C, *], got {input.Shape}.", nameof(input));
        int[] dims = input.Shape.ToArray();
        if (dims[1] % groups != 0)
            throw new ArgumentException($"ChannelShuffle: the channels ({dims[1]}) of input {input.Shape} must be divisible by groups = {groups}.", nameof(input));
        return input.Reshape([dims[0], groups, dims[1] / groups, .. dims[2..]]).Transpose(1, 2).Reshape(dims);
    }
}
