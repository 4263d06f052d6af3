namespace DeepNotes.Layers;

/// <summary>
/// Gated linear unit as a layer (<c>nn.GLU</c>): splits the input in halves a, b along an axis and returns
/// a ⊙ sigmoid(b), <c>[*, 2n, *] -> [*, n, *]</c>. No parameters.
/// </summary>
public sealed class Glu : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis to halve (PyTorch's default −1).</param>
    public Glu(int axis = -1) => Axis = axis;

    /// <summary>The halved axis.</summary>
    public int Axis { get; }

    /// <summary>Applies the gate: <c>[*, 2n, *] -> [*, n, *]</c> along <see cref="Axis"/>.</summary>
    /// <exception cref="ArgumentException">The input is not floating point, or its size along the axis is odd.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Axis"/> is out of range for the input's rank.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Glu(input, Axis);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Glu(axis: {Axis})";
}
