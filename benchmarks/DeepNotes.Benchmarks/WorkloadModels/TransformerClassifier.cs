using DeepNotes.Layers;

namespace DeepNotes.Benchmarks;

/// <summary>
/// The pre-norm transformer encoder block of <c>Block</c> in ../shared/bench/pytorch_workloads.py:
/// x + MHA(LN(x)) then x + FF(LN(x)) with FF = Dense(d→ff) → GELU → Dense(ff→d), on [B, L, d] (batch first).
/// Child names follow the PyTorch model (ln1, att, ln2, ff.0, ff.2).
/// </summary>
internal sealed class PreNormBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm _ln1;
    private readonly MultiHeadAttention _att;
    private readonly LayerNorm _ln2;
    private readonly Sequential _ff;

    public PreNormBlock(int d = 256, int heads = 8, int ff = 1024)
    {
        _ln1 = RegisterModule("ln1", new LayerNorm(d));
        _att = RegisterModule("att", new MultiHeadAttention(d, heads, batchFirst: true));
        _ln2 = RegisterModule("ln2", new LayerNorm(d));
        _ff = RegisterModule("ff", new Sequential(new Dense(d, ff), new Gelu(), new Dense(ff, d)));
    }

    public override Tensor Forward(Tensor x)
    {
        Tensor y = _ln1.Call(x);
        x = x + _att.Call(y, y, y, needWeights: false).Output;
        return x + _ff.Call(_ln2.Call(x));
    }
}

/// <summary>
/// The <c>transformer_block_s64_d256_b16</c> model (<c>TfClf</c>): one <see cref="PreNormBlock"/> (d 256, 8 heads,
/// ff 1024), the mean over the sequence and Dense(256→10); input [16, 64, 256].
/// </summary>
internal sealed class TransformerClassifier : Module<Tensor, Tensor>
{
    private readonly PreNormBlock _b;
    private readonly Dense _fc;

    public TransformerClassifier()
    {
        _b = RegisterModule("b", new PreNormBlock());
        _fc = RegisterModule("fc", new Dense(256, 10));
    }

    public override Tensor Forward(Tensor x) => _fc.Call(_b.Call(x).Mean(1));
}
