using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.HigherOrder.Coverage.GradGradInputs;

namespace DeepNotes.Tests.HigherOrder.Coverage;

/// <summary>
/// Second-order cases of attention (scaled dot-product attention, fused and with weights; multi-head and additive
/// attention; the transformer layers; positional encodings) and of the recurrent layers and cells. Tiny sizes: d_model 4,
/// 2 heads, sequence 3, batch 2; transformer layers without dropout; dropout cases replay a fixed generator's state on
/// every call, so each evaluation sees the same mask. Layer cases pass the module's parameters as inputs.
/// </summary>
public sealed class AttentionRecurrentGradGradCases : IGradGradCaseSource
{
    /// <summary>All outputs flattened into one vector, so the check differentiates every one of them.</summary>
    internal static Tensor Flat(params Tensor[] parts) => Tensor.Cat(parts.Select(p => p.Reshape(-1)).ToArray());

    /// <summary>A layer case: <paramref name="make"/> builds a float64 module when the inputs are made; its parameters follow the data inputs.</summary>
    internal static GradGradCase Layer<TModule>(string api, string label, Func<TModule> make, Func<Tensor[]> data,
        Func<TModule, Tensor[], Tensor> run, Func<TModule, IEnumerable<Tensor>>? parameters = null, double atol = 1e-5, double rtol = 1e-3)
        where TModule : Module
    {
        TModule? module = null;
        return new GradGradCase(api, label, t => run(module!, t), () =>
        {
            module = make();
            return [.. data(), .. parameters?.Invoke(module) ?? module.Parameters()];
        }, atol, rtol);
    }

    /// <summary>The named parameters of <paramref name="module"/> (each must exist), for cases that check only some.</summary>
    internal static IEnumerable<Tensor> Params(Module module, params string[] names)
    {
        var all = module.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        return names.Select(n => all.TryGetValue(n, out Tensor? p) ? p : throw new InvalidOperationException($"{module.GetType().Name} has no parameter {n}."));
    }

    /// <summary>Runs <paramref name="body"/> after restoring <paramref name="generator"/> to <paramref name="state"/>.</summary>
    internal static Tensor Replaying(Generator generator, byte[] state, Func<Tensor> body)
    {
        generator.SetState(state);
        return body();
    }

    /// <inheritdoc/>
    public IEnumerable<GradGradCase> Cases()
    {
        // Functional scaled dot-product attention: q, k, v [2, 3, 2].
        Tensor[] Qkv() => [Randn(1, 2, 3, 2), Randn(2, 2, 3, 2), Randn(3, 2, 3, 2)];
        yield return new("Functional.ScaledDotProductAttention", "",
            t => Functional.ScaledDotProductAttention(t[0], t[1], t[2]), Qkv);
        yield return new("Functional.ScaledDotProductAttention", "causal, scale 0.7",
            t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], isCausal: true, scale: 0.7), Qkv);
        yield return new("Functional.ScaledDotProductAttention", "float mask with grad",
            t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], t[3]), () => [.. Qkv(), Randn(4, 3, 3)]);
        var sdpaGenerator = new Generator(7);
        byte[] sdpaState = sdpaGenerator.GetState();
        yield return new("Functional.ScaledDotProductAttention", "dropout 0.3, fixed generator",
            t => Replaying(sdpaGenerator, sdpaState, () => Functional.ScaledDotProductAttention(t[0], t[1], t[2], dropoutP: 0.3, generator: sdpaGenerator)),
            Qkv);
        yield return new("Functional.ScaledDotProductAttentionWithWeights", "bool mask with a fully masked row",
            t =>
            {
                var mask = Tensor.FromArray(new[] { false, false, false, true, false, true, true, true, false }, [3, 3]);
                var (o, w) = Functional.ScaledDotProductAttentionWithWeights(t[0], t[1], t[2], mask);
                return Flat(o, w);
            }, Qkv);

        // Multi-head attention (embed 4, 2 heads): self-attention, [B, L, E] = [2, 3, 4].
        yield return Layer("Layers.MultiHeadAttention", "self-attention, batch first, weights",
            () => new MultiHeadAttention(4, 2, batchFirst: true, dtype: DType.Float64, generator: new Generator(11)),
            () => [Randn(12, 2, 3, 4)],
            (m, t) => { var (o, w) = m.Call(t[0], t[0], t[0]); return Flat(o, w!); });
        yield return Layer("Layers.MultiHeadAttention", "cross-attention, causal, key padding",
            () => new MultiHeadAttention(4, 2, dtype: DType.Float64, generator: new Generator(13)),
            () => [Randn(14, 3, 2, 4), Randn(15, 3, 2, 4)],
            (m, t) => m.Call(t[0], t[1], t[1], keyPaddingMask: Tensor.FromArray(new[] { false, false, true, false, false, false }, [2, 3]),
                needWeights: false, isCausal: true).Output);

        yield return Layer("Layers.AdditiveAttention", "",
            () => new AdditiveAttention(4, 4, 3, dtype: DType.Float64, generator: new Generator(17)),
            () => [Randn(18, 2, 3, 4), Randn(19, 2, 3, 4), Randn(20, 2, 3, 2)],
            (m, t) => { var (o, w) = m.Call((t[0], t[1], t[2])); return Flat(o, w); });

        // Transformer layers: d_model 4, 2 heads, feedforward 4, no dropout.
        yield return Layer("Layers.TransformerEncoderLayer", "post-norm, relu, causal",
            () => new TransformerEncoderLayer(4, 2, 4, dropout: 0, dtype: DType.Float64, generator: new Generator(21)),
            () => [Randn(22, 3, 2, 4)],
            (m, t) => m.Call(t[0], isCausal: true, srcMask: Functional.GenerateSquareSubsequentMask(3, DType.Float64)),
            m => Params(m, "self_attn.in_proj_weight", "linear1.weight", "norm1.weight", "norm2.bias"));
        yield return Layer("Layers.TransformerDecoderLayer", "pre-norm, gelu",
            () => new TransformerDecoderLayer(4, 2, 4, dropout: 0, activation: TransformerActivation.Gelu, normFirst: true, batchFirst: true,
                dtype: DType.Float64, generator: new Generator(23)),
            () => [Randn(24, 2, 3, 4), Randn(25, 2, 2, 4)],
            (m, t) => m.Call(t[0], t[1]),
            m => Params(m, "self_attn.in_proj_weight", "multihead_attn.out_proj.weight", "linear2.weight", "norm3.weight"));
        yield return Layer("Layers.TransformerEncoder", "2 layers and a final norm (layer 1's attention and the norm as inputs)",
            () => new TransformerEncoder(new TransformerEncoderLayer(4, 2, 4, dropout: 0, dtype: DType.Float64, generator: new Generator(26)), 2,
                new LayerNorm([4], dtype: DType.Float64)),
            () => [Randn(27, 3, 2, 4)],
            (m, t) => m.Call(t[0]),
            m => Params(m, "layers.1.self_attn.in_proj_weight", "norm.weight"));
        yield return Layer("Layers.TransformerDecoder", "1 layer (attention weights as inputs)",
            () => new TransformerDecoder(new TransformerDecoderLayer(4, 2, 4, dropout: 0, dtype: DType.Float64, generator: new Generator(28)), 1),
            () => [Randn(29, 3, 2, 4), Randn(30, 2, 2, 4)],
            (m, t) => m.Call(t[0], t[1], tgtIsCausal: true, tgtMask: Functional.GenerateSquareSubsequentMask(3, DType.Float64)),
            m => Params(m, "layers.0.self_attn.in_proj_weight", "layers.0.multihead_attn.in_proj_weight"));
        yield return Layer("Layers.Transformer", "1 + 1 layers (source and target, attention biases as inputs)",
            () => new Transformer(4, 2, 1, 1, 4, dropout: 0, dtype: DType.Float64, generator: new Generator(31)),
            () => [Randn(32, 3, 2, 4), Randn(33, 2, 2, 4)],
            (m, t) => m.Call(t[0], t[1]),
            m => Params(m, "encoder.layers.0.self_attn.in_proj_bias", "decoder.layers.0.self_attn.in_proj_bias", "decoder.layers.0.multihead_attn.in_proj_bias"));

        yield return Layer("Layers.SinusoidalPositionalEncoding", "",
            () => new SinusoidalPositionalEncoding(4, 8, dropout: 0, dtype: DType.Float64),
            () => [Randn(34, 3, 2, 4)],
            (m, t) => m.Call(t[0]).Square());
        yield return Layer("Layers.LearnedPositionalEncoding", "batch first",
            () => new LearnedPositionalEncoding(5, 4, dropout: 0, batchFirst: true, dtype: DType.Float64, generator: new Generator(35)),
            () => [Randn(36, 2, 3, 4)],
            (m, t) => m.Call(t[0]).Square());
        yield return Layer("Layers.RotaryPositionalEmbedding", "interleaved",
            () => new RotaryPositionalEmbedding(4, 8, dtype: DType.Float64),
            () => [Randn(37, 2, 3, 2, 4)],
            (m, t) => m.Call(t[0]).Square());

        // Recurrent layers (fused sequence ops) and cells: input 2, hidden 3, sequence 3, batch 2.
        yield return Layer("Layers.Rnn", "tanh, initial state, output and h_n",
            () => new Rnn(2, 3, dtype: DType.Float64, generator: new Generator(41)),
            () => [Randn(42, 3, 2, 2), Randn(43, 1, 2, 3)],
            (m, t) => { var (o, h) = m.Call((t[0], t[1])); return Flat(o, h); });
        yield return Layer("Layers.Rnn", "relu, bidirectional, batch first",
            () => new Rnn(2, 3, nonlinearity: RnnNonlinearity.Relu, batchFirst: true, bidirectional: true, dtype: DType.Float64, generator: new Generator(44)),
            () => [Randn(45, 2, 3, 2)],
            (m, t) => { var (o, h) = m.Call(t[0]); return Flat(o, h); });
        yield return Layer("Layers.RnnCell", "",
            () => new RnnCell(2, 3, dtype: DType.Float64, generator: new Generator(46)),
            () => [Randn(47, 2, 2), Randn(48, 2, 3)],
            (m, t) => m.Call((t[0], t[1])));
        yield return Layer("Layers.Lstm", "initial states, output, h_n and c_n",
            () => new Lstm(2, 3, dtype: DType.Float64, generator: new Generator(49)),
            () => [Randn(50, 3, 2, 2), Randn(51, 1, 2, 3), Randn(52, 1, 2, 3)],
            (m, t) => { var (o, s) = m.Call((t[0], new LstmState(t[1], t[2]))); return Flat(o, s.H, s.C); });
        yield return Layer("Layers.Lstm", "2 layers, bidirectional, projection 2",
            () => new Lstm(2, 3, numLayers: 2, bidirectional: true, projSize: 2, dtype: DType.Float64, generator: new Generator(53)),
            () => [Randn(54, 3, 2, 2)],
            (m, t) => { var (o, s) = m.Call(t[0]); return Flat(o, s.H, s.C); },
            m => Params(m, "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse", "weight_hr_l1_reverse"));
        yield return Layer("Layers.LstmCell", "",
            () => new LstmCell(2, 3, dtype: DType.Float64, generator: new Generator(55)),
            () => [Randn(56, 2, 2), Randn(57, 2, 3), Randn(58, 2, 3)],
            (m, t) => { var s = m.Call((t[0], new LstmState(t[1], t[2]))); return Flat(s.H, s.C); });
        yield return Layer("Layers.Gru", "initial state, output and h_n",
            () => new Gru(2, 3, dtype: DType.Float64, generator: new Generator(59)),
            () => [Randn(60, 3, 2, 2), Randn(61, 1, 2, 3)],
            (m, t) => { var (o, h) = m.Call((t[0], t[1])); return Flat(o, h); });
        yield return Layer("Layers.GruCell", "",
            () => new GruCell(2, 3, dtype: DType.Float64, generator: new Generator(62)),
            () => [Randn(63, 2, 2), Randn(64, 2, 3)],
            (m, t) => m.Call((t[0], t[1])));
    }
}
