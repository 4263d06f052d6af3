namespace DeepNotes.Layers;

/// <summary>
/// An Elman RNN cell, PyTorch's <c>nn.RNNCell</c>: h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) with act tanh or ReLU;
/// input <c>[N, I]</c> (or <c>[I]</c>), hidden <c>[N, H]</c> (or <c>[H]</c>, zeros when null) → h' of the same shape.
/// Parameters <c>weight_ih [H, I]</c>, <c>weight_hh [H, H]</c>, <c>bias_ih</c>, <c>bias_hh [H]</c>.
/// </summary>
public sealed class RnnCell : RecurrentCell<(Tensor Input, Tensor? Hidden), Tensor>
{
    /// <summary>Creates the cell, initialised like PyTorch (every parameter U(−1/√H, 1/√H)).</summary>
    /// <param name="inputSize">Features of each input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether to learn the two biases.</param>
    /// <param name="nonlinearity">Tanh (default) or ReLU.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    public RnnCell(int inputSize, int hiddenSize, bool bias = true, RnnNonlinearity nonlinearity = RnnNonlinearity.Tanh,
        DType dtype = DType.Float32, Generator? generator = null)
        : base("RnnCell", 1, inputSize, hiddenSize, bias, dtype, generator) => Nonlinearity = nonlinearity;

    /// <summary>The activation.</summary>
    public RnnNonlinearity Nonlinearity { get; }

    /// <summary>One step: <c>([N, I], [N, H]?) -> [N, H]</c> (or unbatched <c>[I]</c>, <c>[H]</c>).</summary>
    /// <exception cref="ArgumentException">The input width or the hidden state's shape or dtype does not fit; the message names both.</exception>
    public override Tensor Forward((Tensor Input, Tensor? Hidden) input)
    {
        Tensor x = CheckInput(input.Input, out bool batched);
        Tensor h = CheckState(input.Hidden, "hidden", x, batched);
        Tensor y = Functional.RnnCell(x, h, WeightIh, WeightHh, BiasIh, BiasHh, Nonlinearity == RnnNonlinearity.Relu);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>One step from a zero hidden state: <c>Call((input, null))</c>.</summary>
    public Tensor Call(Tensor input) => Call((input, null));
}
