using DeepNotes;
using DeepNotes.Layers;

/// <summary>
/// A character-level language model: Embedding(V → E) → Lstm(E → H, L layers, batch first) → Dense(H → V), mapping
/// character ids <c>[N, T]</c> and an optional state to next-character logits <c>[N, T, V]</c> and the final state.
/// </summary>
internal sealed class CharModel : Module<(Tensor Ids, LstmState? State), (Tensor Logits, LstmState State)>
{
    private readonly Embedding _embedding;
    private readonly Lstm _lstm;
    private readonly Dense _head;

    public CharModel(int vocabulary, int embeddingDim, int hidden, int layers, double dropout, Generator generator)
    {
        _embedding = RegisterModule("embedding", new Embedding(vocabulary, embeddingDim, generator: generator));
        _lstm = RegisterModule("lstm", new Lstm(embeddingDim, hidden, numLayers: layers, batchFirst: true, dropout: layers > 1 ? dropout : 0, generator: generator));
        _head = RegisterModule("head", new Dense(hidden, vocabulary, generator: generator));
    }

    public override (Tensor Logits, LstmState State) Forward((Tensor Ids, LstmState? State) input)
    {
        Tensor x = _embedding.Call(input.Ids);                 // [N, T, E]
        var (output, state) = _lstm.Call((x, input.State));   // [N, T, H]
        return (_head.Call(output), state);                   // [N, T, V]
    }
}
