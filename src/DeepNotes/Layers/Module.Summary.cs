namespace DeepNotes.Layers;

/// <summary>What <see cref="ModuleSummaryExtensions.Summary(Module{Tensor, Tensor}, int[], DType)"/> asks of each module.</summary>
public abstract partial class Module
{
    /// <summary>
    /// The floating-point operations of one call of this module's own computation (not its children's), counting a
    /// multiply-add as 2, for <see cref="ModuleSummaryExtensions.Summary(Module{Tensor, Tensor}, int[], DType)"/>.
    /// Layers with weights override it (e.g. <see cref="Dense"/>: 2·rows·in·out, plus rows·out for the bias); the
    /// default, 0, suits reshapes and containers. Cheap elementwise work is left out, as torchinfo and Keras do.
    /// </summary>
    /// <param name="input">The call's input, as passed to <c>Forward</c>.</param>
    /// <param name="output">The call's output.</param>
    public virtual long EstimateForwardFlops(object? input, object? output) => 0;
}
