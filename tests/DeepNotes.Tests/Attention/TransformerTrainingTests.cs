using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Optimizers;

namespace DeepNotes.Tests.Attention;

public class TransformerTrainingTests
{
    /// <summary>A causal pre-norm encoder with positional encodings learns to output the previous token (a copy shifted by one).</summary>
    private sealed class ShiftModel : Module<Tensor, Tensor>
    {
        private readonly Dense _embed;
        private readonly SinusoidalPositionalEncoding _pe;
        private readonly TransformerEncoder _encoder;
        private readonly Dense _head;

        public ShiftModel(Generator g)
        {
            _embed = RegisterModule("embed", new Dense(4, 16, generator: g));
            _pe = RegisterModule("pe", new SinusoidalPositionalEncoding(16, 32, dropout: 0, batchFirst: true));
            _encoder = RegisterModule("encoder", new TransformerEncoder(
                new TransformerEncoderLayer(16, 4, 32, dropout: 0, activation: TransformerActivation.Gelu, batchFirst: true, normFirst: true, generator: g),
                2, new LayerNorm(16)));
            _head = RegisterModule("head", new Dense(16, 4, generator: g));
        }

        public override Tensor Forward(Tensor x) => _head.Call(_encoder.Call(_pe.Call(_embed.Call(x)), null, isCausal: true));
    }

    [Fact]
    public void CausalEncoder_LearnsToEmitThePreviousToken()
    {
        var g = new Generator(31);
        var model = new ShiftModel(g);
        var opt = new Adam(model.Parameters(), learningRate: 3e-3);
        int B = 16, L = 10;
        double first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            var tokens = Tensor.RandInt(0, 4, [B, L], g).ToArray<int>();
            var x = new float[B * L * 4];
            var target = new int[B * L];
            for (int i = 0; i < B * L; i++)
            {
                x[i * 4 + tokens[i]] = 1;
                target[i] = i % L == 0 ? 0 : tokens[i - 1];
            }
            opt.ZeroGrad();
            var logits = model.Call(Tensor.FromArray(x, [B, L, 4])).Reshape(B * L, 4);
            var loss = Functional.CrossEntropy(logits, Tensor.FromArray(target, [B * L]));
            loss.Backward();
            opt.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(first > 1.0, $"initial loss {first}");
        Assert.True(last < 0.25, $"loss after 150 steps {last} (started at {first})");
    }
}
