namespace DeepNotes.Layers;

/// <summary>
/// Softmax over the channels at every pixel (<c>nn.Softmax2d</c>): <c>[N, C, H, W]</c> or <c>[C, H, W]</c> in, the same
/// shape out, normalised along axis −3. No parameters.
/// </summary>
public sealed class Softmax2D : Module<Tensor, Tensor>
{
    /// <summary>Applies softmax along axis −3.</summary>
    /// <exception cref="ArgumentException">The input is not floating point or not of rank 3 or 4.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (3 or 4))
            throw new ArgumentException($"Softmax2D expects input [N, C, H, W] or [C, H, W], got {input.Shape}.", nameof(input));
        return Functional.Softmax(input, -3);
    }

    /// <inheritdoc/>
    public override string Describe() => "Softmax2D";
}
