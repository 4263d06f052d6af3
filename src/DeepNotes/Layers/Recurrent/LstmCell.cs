namespace DeepNotes.Layers;

/// <summary>
/// An LSTM cell, PyTorch's <c>nn.LSTMCell</c>: gates i, f, g, o (stacked in that order) of
/// x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh; c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g); h' = σ(o) ⊙ tanh c'. Input <c>[N, I]</c> (or
/// <c>[I]</c>) and an optional <see cref="LstmState"/> of <c>[N, H]</c> tensors (zeros when null) → the new state.
/// Parameters <c>weight_ih [4H, I]</c>, <c>weight_hh [4H, H]</c>, <c>bias_ih</c>, <c>bias_hh [4H]</c>.
/// </summary>
public sealed class LstmCell : RecurrentCell<(Tensor Input, LstmState? State), LstmState>
{
    /// <summary>Creates the cell, initialised like PyTorch (every parameter U(−1/√H, 1/√H)).</summary>
    /// <param name="inputSize">Features of each input.</param>
    /// <param name="hiddenSize">Features of the hidden and cell states.</param>
    /// <param name="bias">Whether to learn the two biases.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true, DType dtype = DType.Float32, Generator? generator = null)
        : base("LstmCell", 4, inputSize, hiddenSize, bias, dtype, generator)
    {
    }

    /// <summary>One step: <c>([N, I], (h [N, H], c [N, H])?) -> (h', c')</c> (or unbatched).</summary>
    /// <exception cref="ArgumentException">The input width or a state's shape or dtype does not fit; the message names both.</exception>
    public override LstmState Forward((Tensor Input, LstmState? State) input)
    {
        Tensor x = CheckInput(input.Input, out bool batched);
        Tensor h = CheckState(input.State?.H, "h", x, batched);
        Tensor c = CheckState(input.State?.C, "c", x, batched);
        var (h1, c1) = Functional.LstmCell(x, h, c, WeightIh, WeightHh, BiasIh, BiasHh);
        return batched ? new LstmState(h1, c1) : new LstmState(h1.Squeeze(0), c1.Squeeze(0));
    }

    /// <summary>One step from zero states: <c>Call((input, null))</c>.</summary>
    public LstmState Call(Tensor input) => Call((input, null));
}
