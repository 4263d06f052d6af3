namespace DeepNotes.Layers;

/// <summary>
/// Flattens dimensions <see cref="StartDim"/>..<see cref="EndDim"/> into one, like <c>nn.Flatten</c> (defaults keep the
/// batch dimension: <c>[N, C, H, W] -> [N, C·H·W]</c>). A view when the input is contiguous.
/// </summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="startDim">First dimension to flatten (default 1, after the batch).</param>
    /// <param name="endDim">Last dimension to flatten (default −1, the last).</param>
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    /// <summary>First flattened dimension.</summary>
    public int StartDim { get; }

    /// <summary>Last flattened dimension.</summary>
    public int EndDim { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Flatten(startDim: {StartDim}, endDim: {EndDim})";
}
