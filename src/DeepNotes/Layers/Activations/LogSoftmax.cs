namespace DeepNotes.Layers;

/// <summary>Log-softmax along an axis as a layer (<c>nn.LogSoftmax(dim)</c>); see <see cref="Tensor.LogSoftmax"/>. No parameters.</summary>
public sealed class LogSoftmax : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axis to normalise over; negative counts from the end (e.g. 1 or −1 for logits <c>[N, C]</c>).</param>
    public LogSoftmax(int axis) => Axis = axis;

    /// <summary>The axis normalised over.</summary>
    public int Axis { get; }

    /// <summary>Applies the function along <see cref="Axis"/>: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Axis"/> is out of range for the input's rank.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LogSoftmax(Axis);
    }

    /// <inheritdoc/>
    public override string Describe() => $"LogSoftmax(axis: {Axis})";
}
