namespace DeepNotes.Layers;

/// <summary>
/// A GRU cell, PyTorch's <c>nn.GRUCell</c>, gates stacked r, z, n: r = σ(W_ir x + b_ir + W_hr h + b_hr),
/// z = σ(W_iz x + b_iz + W_hz h + b_hz), n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
/// Input <c>[N, I]</c> (or <c>[I]</c>), hidden <c>[N, H]</c> (zeros when null) → h'. Parameters
/// <c>weight_ih [3H, I]</c>, <c>weight_hh [3H, H]</c>, <c>bias_ih</c>, <c>bias_hh [3H]</c>.
/// </summary>
public sealed class GruCell : RecurrentCell<(Tensor Input, Tensor? Hidden), Tensor>
{
    /// <summary>Creates the cell, initialised like PyTorch (every parameter U(−1/√H, 1/√H)).</summary>
    /// <param name="inputSize">Features of each input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="bias">Whether to learn the two biases.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base("GruCell", 3, inputSize, hiddenSize, bias, dtype, generator)
    {
    }

    /// <summary>One step: <c>([N, I], [N, H]?) -> [N, H]</c> (or unbatched <c>[I]</c>, <c>[H]</c>).</summary>
    /// <exception cref="ArgumentException">The input width or the hidden state's shape or dtype does not fit; the message names both.</exception>
    public override Tensor Forward((Tensor Input, Tensor? Hidden) input)
    {
        Tensor x = CheckInput(input.Input, out bool batched);
        Tensor h = CheckState(input.Hidden, "hidden", x, batched);
        Tensor y = Functional.GruCell(x, h, WeightIh, WeightHh, BiasIh, BiasHh);
        return batched ? y : y.Squeeze(0);
    }

    /// <summary>One step from a zero hidden state: <c>Call((input, null))</c>.</summary>
    public Tensor Call(Tensor input) => Call((input, null));
}
