namespace DeepNotes.Layers;

/// <summary>Log-sigmoid as a layer (<c>nn.LogSigmoid</c>): min(x, 0) − log1p(e^(−|x|)), finite for finite input. No parameters.</summary>
public sealed class LogSigmoid : Module<Tensor, Tensor>
{
    /// <summary>Applies the activation elementwise: any shape in, the same shape out.</summary>
    /// <exception cref="ArgumentException">The input is not Float32 or Float64.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Functional.LogSigmoid(input);
    }

    /// <inheritdoc/>
    public override string Describe() => "LogSigmoid";
}
