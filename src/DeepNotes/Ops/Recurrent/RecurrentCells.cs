namespace DeepNotes.Ops.Recurrent;

/// <summary>
/// One step of each recurrent cell written with plain differentiable ops (Linear, Narrow, Sigmoid, Tanh, +, ⊙): the
/// reference path. The cells (<c>RnnCell</c>, <c>LstmCell</c>, <c>GruCell</c>) use it directly, and the multi-layer
/// layers use it step by step when their fused path is switched off, which is how the tests check the fused
/// sequence ops against it. Inputs are <c>[N, I]</c>, states <c>[N, H]</c>; weights are stacked PyTorch-style.
/// </summary>
internal static class RecurrentCells
{
    /// <summary>h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh).</summary>
    public static Tensor Rnn(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool relu)
    {
        Tensor pre = Linear.Forward(x, wIh, bIh) + Linear.Forward(h, wHh, bHh);
        return relu ? pre.Relu() : pre.Tanh();
    }

    /// <summary>
    /// Gates i, f, g, o of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh; c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh c', or with a projection
    /// <paramref name="wHr"/> <c>[P, H]</c>: h' = (o ⊙ tanh c')·W_hrᵀ (h, h' <c>[N, P]</c>, c, c' <c>[N, H]</c>).
    /// </summary>
    public static (Tensor H, Tensor C) Lstm(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, Tensor? wHr = null)
    {
        int hidden = wHh.Shape[0] / 4;
        Tensor gates = Linear.Forward(x, wIh, bIh) + Linear.Forward(h, wHh, bHh);
        Tensor i = gates.Narrow(1, 0, hidden).Sigmoid();
        Tensor f = gates.Narrow(1, hidden, hidden).Sigmoid();
        Tensor g = gates.Narrow(1, 2 * hidden, hidden).Tanh();
        Tensor o = gates.Narrow(1, 3 * hidden, hidden).Sigmoid();
        Tensor cNew = f * c + i * g;
        Tensor hNew = o * cNew.Tanh();
        return (wHr is null ? hNew : Linear.Forward(hNew, wHr, null), cNew);
    }

    /// <summary>
    /// r = σ(xr + hr), z = σ(xz + hz), n = tanh(xn + r ⊙ hn), h' = (1 − z) ⊙ n + z ⊙ h with x· = W_i·x + b_i· and
    /// h· = W_h·h + b_h· (PyTorch's GRU: b_hn inside the reset product).
    /// </summary>
    public static Tensor Gru(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh)
    {
        int hidden = wHh.Shape[1];
        Tensor xg = Linear.Forward(x, wIh, bIh), hg = Linear.Forward(h, wHh, bHh);
        Tensor r = (xg.Narrow(1, 0, hidden) + hg.Narrow(1, 0, hidden)).Sigmoid();
        Tensor z = (xg.Narrow(1, hidden, hidden) + hg.Narrow(1, hidden, hidden)).Sigmoid();
        Tensor n = (xg.Narrow(1, 2 * hidden, hidden) + r * hg.Narrow(1, 2 * hidden, hidden)).Tanh();
        return n + z * (h - n);
    }
}
