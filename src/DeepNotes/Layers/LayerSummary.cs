namespace DeepNotes.Layers;

/// <summary>One row of a <see cref="ModelSummary"/>: a module call seen during the summary's forward pass.</summary>
/// <param name="Name">The module's dotted path in the model (<c>features.0</c>); empty for the model itself.</param>
/// <param name="Type">The module's type name (<c>Dense</c>, <c>Conv2D</c>).</param>
/// <param name="Depth">Nesting depth: 0 for the model, 1 for its children, and so on.</param>
/// <param name="OutputShapes">The shape of each tensor the call returned (one for most layers, several for tuples).</param>
/// <param name="Parameters">Parameter elements of the module and its descendants.</param>
/// <param name="TrainableParameters">Of <paramref name="Parameters"/>, those that require grad.</param>
/// <param name="Activations">Output elements per sample (all output elements divided by the batch size).</param>
/// <param name="Flops">Floating-point operations of the module's own computation for the whole batch.</param>
/// <param name="IsLeaf">True when the module has no children; totals add up activations of leaves only.</param>
public sealed record LayerSummary(
    string Name,
    string Type,
    int Depth,
    IReadOnlyList<Shape> OutputShapes,
    long Parameters,
    long TrainableParameters,
    long Activations,
    long Flops,
    bool IsLeaf)
{
    /// <summary>Parameters that do not require grad (frozen).</summary>
    public long FrozenParameters => Parameters - TrainableParameters;
}
