using System.Globalization;

namespace DeepNotes.Layers;

/// <summary>
/// PReLU as a layer (<c>nn.PReLU</c>): x where x &gt; 0, else a·x with a learnable slope a — one shared by all elements
/// (<c>numParameters = 1</c>, the default) or one per channel (axis 1 of <c>[N, C, *]</c> inputs). Parameter
/// <c>weight</c> <c>[numParameters]</c>, initialised to 0.25, as in PyTorch.
/// </summary>
public sealed class PRelu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numParameters">1, or the number of channels C of the inputs.</param>
    /// <param name="init">The initial slope (PyTorch's default 0.25).</param>
    /// <param name="dtype">The dtype of the weight (Float32 or Float64); inputs must match.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numParameters"/> is less than 1 or <paramref name="init"/> is not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not floating point.</exception>
    public PRelu(int numParameters = 1, double init = 0.25, DType dtype = DType.Float32)
    {
        if (numParameters < 1)
            throw new ArgumentOutOfRangeException(nameof(numParameters), numParameters, "PRelu: numParameters must be at least 1.");
        if (!double.IsFinite(init))
            throw new ArgumentOutOfRangeException(nameof(init), init, "PRelu: init must be finite.");
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"PRelu: the weight must be Float32 or Float64, got {dtype}.", nameof(dtype));
        NumParameters = numParameters;
        RegisterParameter("weight", Tensor.Full([numParameters], init, dtype));
    }

    /// <summary>The number of slopes: 1 or the channel count.</summary>
    public int NumParameters { get; }

    /// <summary>The learnable slopes, <c>[numParameters]</c>.</summary>
    public Tensor Weight => GetParameter("weight")!;

    /// <summary>Applies PReLU: <c>[N, C, *] -> [N, C, *]</c> (any shape when there is one slope).</summary>
    /// <exception cref="ArgumentException">The dtype differs from the weight's, or C differs from <see cref="NumParameters"/>.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.PRelu(input, Weight);
    }

    /// <inheritdoc/>
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"PRelu(numParameters: {NumParameters})");
}
