namespace DeepNotes.Layers;

/// <summary>
/// A multi-layer LSTM, PyTorch's <c>nn.LSTM</c>: input <c>[T, N, I]</c> (<c>[N, T, I]</c> when
/// <see cref="RecurrentLayer{TInput, TOutput}.BatchFirst"/>, or unbatched <c>[T, I]</c>) and an optional initial
/// <see cref="LstmState"/> (h_0 <c>[L·D, N, H']</c>, c_0 <c>[L·D, N, H]</c>; zeros when null) →
/// <c>(output [T, N, D·H'], (h_n [L·D, N, H'], c_n [L·D, N, H]))</c>, where D = 2 when bidirectional and
/// H' = proj_size when there is a projection, else H.
/// </summary>
/// <remarks>
/// Gates stacked i, f, g, o: <c>weight_ih_l{k} [4H, I]</c> (<c>[4H, D·H']</c> above layer 0),
/// <c>weight_hh_l{k} [4H, H']</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k} [4H]</c>, and with a projection
/// <c>weight_hr_l{k} [P, H]</c> (+ <c>_reverse</c>), all U(−1/√H, 1/√H) — a PyTorch state dict loads as is.
/// With a projection (PyTorch's <c>proj_size</c> P, 0 &lt; P &lt; H) the hidden state is
/// h_t = W_hr·(o_t ⊙ tanh c_t) of size P; the cell state keeps size H. Each layer and direction runs as one fused op:
/// one GEMM for the input projection of all steps, one GEMM per step for the recurrence (and one for the
/// projection), a fused gate kernel, and a hand-written backpropagation through time.
/// </remarks>
/// <example>
/// <code>
/// var lstm = new Lstm(64, 256, batchFirst: true);
/// var (output, state) = lstm.Call(x);           // x [32, 20, 64] → output [32, 20, 256], state.H [1, 32, 256]
/// Tensor last = state.H[-1];                   // [32, 256], the top layer's final hidden state
/// var projected = new Lstm(64, 256, projSize: 64);   // output [T, N, 64], h_n [1, N, 64], c_n [1, N, 256]
/// </code>
/// </example>
public sealed class Lstm : RecurrentLayer<(Tensor Input, LstmState? State), (Tensor Output, LstmState State)>
{
    /// <summary>Creates the layers, initialised like PyTorch.</summary>
    /// <param name="inputSize">Features of each input step.</param>
    /// <param name="hiddenSize">Features of the cell state (and of the hidden state without a projection).</param>
    /// <param name="numLayers">Stacked layers (default 1).</param>
    /// <param name="bias">Whether to learn the biases.</param>
    /// <param name="batchFirst">Inputs and outputs <c>[N, T, *]</c> instead of <c>[T, N, *]</c>.</param>
    /// <param name="dropout">Dropout on the outputs of every layer but the last, in training mode.</param>
    /// <param name="bidirectional">Also run each layer backwards in time.</param>
    /// <param name="projSize">
    /// PyTorch's <c>proj_size</c>: when &gt; 0, the hidden state is projected to this many features by
    /// <c>weight_hr_l{k} [projSize, hiddenSize]</c>; must be smaller than <paramref name="hiddenSize"/>. 0 (default): no projection.
    /// </param>
    /// <param name="dtype">Float32 (default) or Float64.</param>
    /// <param name="generator">Source of the initial values (default: <see cref="Generator.Default"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range, e.g. <paramref name="projSize"/> &lt; 0 or ≥ <paramref name="hiddenSize"/>.</exception>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0,
        bool bidirectional = false, int projSize = 0, DType dtype = DType.Float32, Generator? generator = null)
        : base("Lstm", 4, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, generator, projSize)
    {
    }

    /// <summary>
    /// Projection weights <c>[P, H]</c> of a layer and direction (<c>weight_hr_l{layer}[_reverse]</c>), or null when
    /// <see cref="RecurrentLayer{TInput, TOutput}.ProjSize"/> is 0.
    /// </summary>
    public Tensor? WeightHr(int layer, bool reverse = false)
    {
        string sfx = Suffix(layer, reverse);
        return ProjSize > 0 ? GetParameter("weight_hr" + sfx) : null;
    }

    /// <summary>Runs the sequence: <c>(input, (h_0, c_0)?) -> (output, (h_n, c_n))</c>.</summary>
    /// <exception cref="ArgumentException">The input width, rank or dtype, or a state's shape, does not fit; the message names both.</exception>
    public override (Tensor Output, LstmState State) Forward((Tensor Input, LstmState? State) input)
    {
        var (output, h, c) = Run(input.Input, input.State?.H, input.State?.C, hasCell: true);
        return (output, new LstmState(h, c!));
    }

    /// <summary>Runs the sequence from zero states: <c>Call((input, null))</c>.</summary>
    public (Tensor Output, LstmState State) Call(Tensor input) => Call((input, null));

    /// <summary>
    /// Runs packed variable-length sequences (PyTorch's <c>lstm(packed, (h_0, c_0))</c>): each sequence runs over its
    /// real steps only, and the result is packed like the input, with h_n and c_n holding every sequence's last real
    /// state (first step for the reverse direction), in the original batch order. Forward hooks see <c>(input, state)</c>.
    /// </summary>
    /// <param name="input">The packed batch, data <c>[Σ lengths, I]</c> (see <see cref="RnnUtilities.PackPaddedSequence(Tensor, int[], bool, bool)"/>).</param>
    /// <param name="state">Initial states <c>[L·D, B, H']</c> and <c>[L·D, B, H]</c> in the original batch order, or null for zeros.</param>
    /// <returns>The packed output (data <c>[Σ lengths, D·H']</c>) and the final states.</returns>
    /// <exception cref="ArgumentException">The data width or dtype, or a state's shape, does not fit.</exception>
    public (PackedSequence Output, LstmState State) Call(PackedSequence input, LstmState? state = null)
    {
        RunForwardPreHooks((input, state));
        var (output, h, c) = RunPacked(input, state?.H, state?.C, hasCell: true);
        var result = (output, new LstmState(h, c!));
        RunForwardHooks((input, state), result);
        return result;
    }

    private protected override (Tensor Output, Tensor HN, Tensor? CN) RunDirection(Tensor x, Tensor h0, Tensor? c0, int layer, bool reverse)
    {
        Tensor wIh = WeightIh(layer, reverse), wHh = WeightHh(layer, reverse);
        Tensor? bIh = BiasIh(layer, reverse), bHh = BiasHh(layer, reverse), wHr = ProjSize > 0 ? WeightHr(layer, reverse) : null;
        int steps = x.Shape[0];
        if (UseFusedKernels)
        {
            return Functional.LstmSequence(x, h0, c0!, wIh, wHh, bIh, bHh, wHr, reverse, HiddenSize, OutputSize);
        }
        var outs = new Tensor[steps];
        Tensor h = h0, c = c0!;
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            (h, c) = Functional.LstmCell(x.Select(0, t), h, c, wIh, wHh, bIh, bHh, wHr);
            outs[t] = h;
        }
        return (Tensor.Stack(outs, 0), h, c);
    }
}
