namespace DeepNotes.Layers;

/// <summary>
/// A multi-layer GRU, PyTorch's <c>nn.GRU</c>: input <c>[T, N, I]</c> (<c>[N, T, I]</c> when batch-first, or
/// unbatched <c>[T, I]</c>) and an optional initial hidden state <c>[L·D, N, H]</c> (zeros when null) →
/// <c>(output [T, N, D·H], h_n [L·D, N, H])</c>.
/// </summary>
/// <remarks>
/// Gates stacked r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) and h' = (1 − z) ⊙ n + z ⊙ h:
/// <c>weight_ih_l{k} [3H, I]</c>, <c>weight_hh_l{k} [3H, H]</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k} [3H]</c>
/// (+ <c>_reverse</c>), all U(−1/√H, 1/√H). Each layer and direction runs as one fused op.
/// </remarks>
public sealed class Gru : RecurrentLayer<(Tensor Input, Tensor? Hidden), (Tensor Output, Tensor Hidden)>
{
    /// <summary>Creates the layers, initialised like PyTorch.</summary>
    /// <param name="inputSize">Features of each input step.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="numLayers">Stacked layers (default 1).</param>
    /// <param name="bias">Whether to learn the biases.</param>
    /// <param name="batchFirst">Inputs and outputs <c>[N, T, *]</c> instead of <c>[T, N, *]</c>.</param>
    /// <param name="dropout">Dropout on the outputs of every layer but the last, in training mode.</param>
    /// <param name="bidirectional">Also run each layer backwards in time.</param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0,
        bool bidirectional = false, DType dtype = DType.Float32, Generator? generator = null)
        : base("Gru", 3, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, generator)
    {
    }

    /// <summary>Runs the sequence: <c>(input, h_0?) -> (output, h_n)</c>.</summary>
    /// <exception cref="ArgumentException">The input width, rank or dtype, or the state's shape, does not fit; the message names both.</exception>
    public override (Tensor Output, Tensor Hidden) Forward((Tensor Input, Tensor? Hidden) input)
    {
        var (output, h, _) = Run(input.Input, input.Hidden, null, hasCell: false);
        return (output, h);
    }

    /// <summary>Runs the sequence from a zero state: <c>Call((input, null))</c>.</summary>
    public (Tensor Output, Tensor Hidden) Call(Tensor input) => Call((input, null));

    /// <summary>
    /// Runs packed variable-length sequences (PyTorch's <c>gru(packed, h_0)</c>): each sequence runs over its
    /// real steps only, and the result is packed like the input, with h_n holding every sequence's last real state
    /// (first step for the reverse direction), in the original batch order. Forward hooks see <c>(input, hidden)</c>.
    /// </summary>
    /// <param name="input">The packed batch, data <c>[Σ lengths, I]</c> (see <see cref="RnnUtilities.PackPaddedSequence(Tensor, int[], bool, bool)"/>).</param>
    /// <param name="hidden">Initial state <c>[L·D, B, H]</c> in the original batch order, or null for zeros.</param>
    /// <returns>The packed output (data <c>[Σ lengths, D·H]</c>) and h_n <c>[L·D, B, H]</c>.</returns>
    /// <exception cref="ArgumentException">The data width or dtype, or the state's shape, does not fit.</exception>
    public (PackedSequence Output, Tensor Hidden) Call(PackedSequence input, Tensor? hidden = null)
    {
        RunForwardPreHooks((input, hidden));
        var (output, h, _) = RunPacked(input, hidden, null, hasCell: false);
        var result = (output, h);
        RunForwardHooks((input, hidden), result);
        return result;
    }

    private protected override (Tensor Output, Tensor HN, Tensor? CN) RunDirection(Tensor x, Tensor h0, Tensor? c0, int layer, bool reverse)
    {
        Tensor wIh = WeightIh(layer, reverse), wHh = WeightHh(layer, reverse);
        Tensor? bIh = BiasIh(layer, reverse), bHh = BiasHh(layer, reverse);
        int steps = x.Shape[0];
        if (UseFusedKernels)
        {
            Tensor output = Functional.GruSequence(x, h0, wIh, wHh, bIh, bHh, reverse);
            return (output, output.Select(0, reverse ? 0 : steps - 1), null);
        }
        var outs = new Tensor[steps];
        Tensor h = h0;
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            h = Functional.GruCell(x.Select(0, t), h, wIh, wHh, bIh, bHh);
            outs[t] = h;
        }
        return (Tensor.Stack(outs, 0), h, null);
    }
}
