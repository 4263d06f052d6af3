using DeepNotes.Ops.Recurrent;

namespace DeepNotes;

/// <summary>
/// The internal doors of the recurrent layers (<c>Rnn</c>, <c>Lstm</c>, <c>Gru</c> and their cells): one time step or a whole
/// fused sequence. The layers validate shapes and settings; these run the ops unchanged.
/// </summary>
public static partial class Functional
{
    /// <summary>One Elman step: h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), tanh or relu; <c>[N, in], [N, H] -> [N, H]</c>.</summary>
    internal static Tensor RnnCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool relu) =>
        RecurrentCells.Rnn(x, h, wIh, wHh, bIh, bHh, relu);

    /// <summary>One LSTM step (with an optional projection <paramref name="wHr"/>): <c>[N, in], [N, P], [N, H] -> ([N, P], [N, H])</c>.</summary>
    internal static (Tensor H, Tensor C) LstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh,
        Tensor? wHr = null) => RecurrentCells.Lstm(x, h, c, wIh, wHh, bIh, bHh, wHr);

    /// <summary>One GRU step: <c>[N, in], [N, H] -> [N, H]</c>.</summary>
    internal static Tensor GruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh) =>
        RecurrentCells.Gru(x, h, wIh, wHh, bIh, bHh);

    /// <summary>A whole Elman sequence in one fused op: <c>[T, N, in] -> [T, N, H]</c>.</summary>
    internal static Tensor RnnSequence(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse, bool relu) =>
        Ops.Recurrent.RnnSequence.Forward(x, h0, wIh, wHh, bIh, bHh, reverse, relu);

    /// <summary>A whole GRU sequence in one fused op: <c>[T, N, in] -> [T, N, H]</c>.</summary>
    internal static Tensor GruSequence(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor? bIh, Tensor? bHh, bool reverse) =>
        Ops.Recurrent.GruSequence.Forward(x, h0, wIh, wHh, bIh, bHh, reverse);

    /// <summary>
    /// A whole LSTM sequence in one fused op, unpacked into the outputs <c>[T, N, P]</c> and the last hidden and cell states.
    /// </summary>
    internal static (Tensor Output, Tensor HN, Tensor CN) LstmSequence(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh,
        Tensor? bIh, Tensor? bHh, Tensor? wHr, bool reverse, int hiddenSize, int outputSize)
    {
        Tensor packed = Ops.Recurrent.LstmSequence.Forward(x, h0, c0, wIh, wHh, bIh, bHh, wHr, reverse);
        return Ops.Recurrent.LstmSequence.Unpack(packed, x.Shape[0], x.Shape[1], hiddenSize, outputSize, reverse);
    }
}
