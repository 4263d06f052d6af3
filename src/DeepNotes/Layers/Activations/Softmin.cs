namespace DeepNotes.Layers;

/// <summary>Softmin along an axis as a layer (<c>nn.Softmin(dim)</c>): softmax(−x), each slice sums to 1. No parameters.</summary>
public sealed class Softmin : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis to normalise over; negative counts from the end.</param>
    public Softmin(int axis) => Axis = axis;

    /// <summary>The axis normalised over.</summary>
    public int Axis { get; }

    /// <summary>Applies the function along <see cref="Axis"/>: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Axis"/> is out of range for the input's rank.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.Softmin(input, Axis);
    }

    /// <inheritdoc/>
    public override string Describe() => $"Softmin(axis: {Axis})";
}
