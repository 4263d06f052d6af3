namespace DeepNotes.Layers;

/// <summary>
/// Adaptive 3-D max pooling to a fixed output size, like <c>nn.AdaptiveMaxPool3d</c>: the windows of
/// <see cref="AdaptiveAvgPool3D"/>, the maximum of each (the first in depth, row, column order on a tie; NaN
/// propagates). A null output dimension keeps the input's size there, like PyTorch's <c>None</c>. No parameters.
/// <see cref="ForwardWithIndices"/> also returns the flat per-volume argmax indices; with <c>returnIndices: true</c>
/// every forward keeps them in <see cref="Indices"/>.
/// </summary>
/// <example>
/// <code>
/// var head = new AdaptiveMaxPool3D(1);              // [N, 512, T, H, W] -> [N, 512, 1, 1, 1]
/// var space = new AdaptiveMaxPool3D(null, 1, 1);    // keep time: [N, C, T, H, W] -> [N, C, T, 1, 1]
/// </code>
/// </example>
public sealed class AdaptiveMaxPool3D : Module<Tensor, Tensor>
{
    private readonly Adaptive3DOptions _options;

    /// <summary>Creates the layer.</summary>
    /// <param name="outputSize">Output size: an int (cube) or (depth, height, width), each ≥ 1.</param>
    /// <param name="returnIndices">Keep the argmax indices of each forward in <see cref="Indices"/>.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool3D(Size3D outputSize, bool returnIndices = false)
        : this(outputSize.Depth, outputSize.Height, outputSize.Width, returnIndices)
    {
    }

    /// <summary>Creates the layer with a size per dimension; null keeps the input's size in that dimension.</summary>
    /// <param name="outputDepth">Output depth ≥ 1, or null for the input's D.</param>
    /// <param name="outputHeight">Output height ≥ 1, or null for the input's H.</param>
    /// <param name="outputWidth">Output width ≥ 1, or null for the input's W.</param>
    /// <param name="returnIndices">Keep the argmax indices of each forward in <see cref="Indices"/>.</param>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public AdaptiveMaxPool3D(int? outputDepth, int? outputHeight, int? outputWidth, bool returnIndices = false)
    {
        _options = Adaptive3DOptions.Create("AdaptiveMaxPool3D", outputDepth, outputHeight, outputWidth);
        ReturnIndices = returnIndices;
    }

    /// <summary>Whether each forward keeps its argmax indices in <see cref="Indices"/>.</summary>
    public bool ReturnIndices { get; }

    /// <summary>With <see cref="ReturnIndices"/>, the Int32 argmax indices of the last forward (flat within each input volume); otherwise null.</summary>
    public Tensor? Indices { get; private set; }

    /// <summary>Output depth, or null when it is the input's.</summary>
    public int? OutputDepth => _options.Depth;

    /// <summary>Output height, or null when it is the input's.</summary>
    public int? OutputHeight => _options.Height;

    /// <summary>Output width, or null when it is the input's.</summary>
    public int? OutputWidth => _options.Width;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var (output, indices) = ForwardWithIndices(input);
        if (ReturnIndices) Indices = indices;
        return output;
    }

    /// <summary>The pooled output and its Int32 argmax indices (flat within each input volume), like <c>return_indices=True</c>.</summary>
    /// <param name="input">A floating-point <c>[N, C, D, H, W]</c> or <c>[C, D, H, W]</c> tensor.</param>
    /// <returns>The output (differentiable) and the indices, both <c>[N, C, OD, OH, OW]</c>.</returns>
    /// <exception cref="ArgumentException">The input is not floating point or of the wrong rank.</exception>
    public (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input) =>
        Functional.AdaptiveMaxPool3DWithIndices(input, _options);

    /// <summary>About one comparison per input element (windows overlap only when sizes do not divide).</summary>
    /// <param name="input">The call's input.</param>
    /// <param name="output">The call's output.</param>
    public override long EstimateForwardFlops(object? input, object? output) => input is Tensor x ? x.ElementCount : 0;

    /// <summary>The layer and its output size, e.g. <c>AdaptiveMaxPool3D(output 1x7x7)</c> or <c>AdaptiveMaxPool3D(output Dx1x1)</c>.</summary>
    public override string Describe() => _options.Describe();
}
