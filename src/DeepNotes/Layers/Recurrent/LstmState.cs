namespace DeepNotes.Layers;

/// <summary>
/// The state of an LSTM: hidden state <see cref="H"/> and cell state <see cref="C"/>, each <c>[N, H]</c> for an
/// <see cref="LstmCell"/> (or <c>[H]</c> unbatched) and <c>[num_layers · directions, N, H]</c> for an <see cref="Lstm"/>
/// — except that an <see cref="Lstm"/> with a projection (proj_size P) has <see cref="H"/>
/// <c>[num_layers · directions, N, P]</c>. PyTorch passes the same pair as the tuple <c>(h, c)</c>.
/// </summary>
/// <param name="H">The hidden state (what the LSTM outputs).</param>
/// <param name="C">The cell state.</param>
public readonly record struct LstmState(Tensor H, Tensor C);
