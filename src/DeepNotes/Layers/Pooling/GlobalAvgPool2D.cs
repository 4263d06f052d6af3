namespace DeepNotes.Layers;

/// <summary>
/// Global average pooling: the mean of each channel's plane, <c>[N, C, H, W] -> [N, C, 1, 1]</c> (or
/// <c>[C, H, W] -> [C, 1, 1]</c>), the same as <c>nn.AdaptiveAvgPool2d(1)</c>. The dimensions are kept as PyTorch keeps
/// them; follow with <c>new Flatten()</c> to get <c>[N, C]</c> features for a classifier head. No parameters.
/// </summary>
/// <example><code>var head = new Sequential(new GlobalAvgPool2D(), new Flatten(), new Dense(512, 10));</code></example>
public sealed class GlobalAvgPool2D : Module<Tensor, Tensor>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.GlobalAvgPool2D(input);

    /// <inheritdoc/>
    public override string Describe() => "GlobalAvgPool2D()";
}
