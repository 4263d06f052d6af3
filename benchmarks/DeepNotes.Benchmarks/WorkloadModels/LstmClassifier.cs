using DeepNotes.Layers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The <c>lstm_seq32_h256_b32</c> model of ../shared/bench/pytorch_workloads.py (<c>LSTMClf</c>): Lstm(64 → 256,
/// batch first) on [N, T, 64], then Dense(256 → 10) on the top layer's final hidden state <c>h_n[-1]</c>.
/// Child names follow the PyTorch model (rnn, fc).
/// </summary>
internal sealed class LstmClassifier : Module<Tensor, Tensor>
{
    private readonly Lstm _rnn;
    private readonly Dense _fc;

    public LstmClassifier()
    {
        _rnn = RegisterModule("rnn", new Lstm(64, 256, batchFirst: true));
        _fc = RegisterModule("fc", new Dense(256, 10));
    }

    public override Tensor Forward(Tensor input)
    {
        var (_, state) = _rnn.Call(input);
        return _fc.Call(state.H[-1]);
    }
}
