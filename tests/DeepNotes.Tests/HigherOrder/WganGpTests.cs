using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Optimizers;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// WGAN-GP (Gulrajani et al. 2017): a critic trained with the gradient penalty λ·E[(‖∇ₓD(x̂)‖ − 1)²] at points x̂ between
/// real and generated samples. The penalty differentiates the critic's input gradient with respect to its weights, so it
/// only works with createGraph.
/// </summary>
public class WganGpTests
{
    private static Tensor Penalty(Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator generator)
    {
        Tensor eps = Tensor.Rand([real.Shape[0], 1], real.DType, generator);
        Tensor mixed = (eps * real + (1 - eps) * fake).Detach();
        mixed.RequiresGrad = true;
        Tensor scores = critic.Forward(mixed);
        Tensor grad = Autograd.Grad(scores.Sum(), [mixed], createGraph: true)[0];
        Tensor norms = (grad.Square().Sum(1) + 1e-12).Sqrt();
        return (norms - 1).Square().Mean();
    }

    private static double MeanGradientNorm(Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator generator)
    {
        Tensor eps = Tensor.Rand([real.Shape[0], 1], real.DType, generator);
        Tensor mixed = (eps * real + (1 - eps) * fake).Detach();
        mixed.RequiresGrad = true;
        Tensor grad = Autograd.Grad(critic.Forward(mixed).Sum(), [mixed])[0];
        return grad.Square().Sum(1).Sqrt().Mean().Item();
    }

    [Fact]
    public void Critic_WithGradientPenalty_TrainsAGenerator_AndKeepsItsGradientNormNearOne()
    {
        var gen = new Generator(2017);
        var generator = new Sequential(new Dense(2, 16, generator: gen), new Tanh(), new Dense(16, 2, generator: gen));
        var critic = new Sequential(new Dense(2, 32, generator: gen), new LeakyRelu(0.2), new Dense(32, 32, generator: gen),
            new LeakyRelu(0.2), new Dense(32, 1, generator: gen));
        var optG = new Adam(generator.Parameters(), 2e-3, beta1: 0.5, beta2: 0.9);
        var optD = new Adam(critic.Parameters(), 2e-3, beta1: 0.5, beta2: 0.9);
        Tensor center = Tensor.FromArray(new[] { 2f, -1f }, [1, 2]);
        Tensor Real() => Tensor.Randn([64, 2], DType.Float32, gen) * 0.3f + center;
        Tensor Noise() => Tensor.Randn([64, 2], DType.Float32, gen);
        double Distance()
        {
            using var _ = Autograd.NoGrad();
            return (generator.Forward(Tensor.Randn([512, 2], DType.Float32, gen)).Mean(0) - center.Reshape(2)).Square().Sum().Sqrt().Item();
        }

        double before = Distance();
        double lastPenalty = double.NaN;
        for (int step = 0; step < 150; step++)
        {
            for (int k = 0; k < 5; k++)
            {
                Tensor real = Real(), fake;
                using (Autograd.NoGrad()) fake = generator.Forward(Noise());
                Tensor penalty = Penalty(critic, real, fake, gen);
                Tensor loss = critic.Forward(fake).Mean() - critic.Forward(real).Mean() + penalty * 10;
                optD.ZeroGrad();
                loss.Backward();
                optD.Step();
                lastPenalty = penalty.Item();
            }
            Tensor generatorLoss = -critic.Forward(generator.Forward(Noise())).Mean();
            optG.ZeroGrad();
            generatorLoss.Backward();
            optG.Step();
        }

        double after = Distance();
        Assert.True(before > 1.5, $"the generator should start far from the data (distance {before})");
        Assert.True(after < 0.35, $"the generator should reach the data: distance of the means {before:F3} -> {after:F3}");
        Tensor realEnd = Real(), fakeEnd;
        using (Autograd.NoGrad()) fakeEnd = generator.Forward(Noise());
        double norm = MeanGradientNorm(critic, realEnd, fakeEnd, gen);
        Assert.InRange(norm, 0.6, 1.4); // the penalty holds the critic near 1-Lipschitz between the distributions
        Assert.True(lastPenalty < 0.2, $"penalty {lastPenalty}");
    }

    [Fact]
    public void WithoutThePenalty_TheCriticGradientGrows()
    {
        // The control for the test above: the same critic trained without the penalty leaves the 1-Lipschitz regime.
        var gen = new Generator(2017);
        var critic = new Sequential(new Dense(2, 32, generator: gen), new LeakyRelu(0.2), new Dense(32, 32, generator: gen),
            new LeakyRelu(0.2), new Dense(32, 1, generator: gen));
        var optD = new Adam(critic.Parameters(), 2e-3, beta1: 0.5, beta2: 0.9);
        Tensor real = Tensor.Randn([64, 2], DType.Float32, gen) * 0.3f + Tensor.FromArray(new[] { 2f, -1f }, [1, 2]);
        Tensor fake = Tensor.Randn([64, 2], DType.Float32, gen);
        for (int step = 0; step < 200; step++)
        {
            Tensor loss = critic.Forward(fake).Mean() - critic.Forward(real).Mean();
            optD.ZeroGrad();
            loss.Backward();
            optD.Step();
        }
        Assert.True(MeanGradientNorm(critic, real, fake, gen) > 3);
    }

    [Fact]
    public void PenaltyGradient_WithRespectToTheCriticWeights_MatchesFiniteDifferences()
    {
        var gen = new Generator(7);
        var critic = new Sequential(new Dense(2, 4, generator: gen), new Tanh(), new Dense(4, 1, generator: gen));
        critic.To(DType.Float64);
        Tensor real = Tensor.Randn([5, 2], DType.Float64, gen), fake = Tensor.Randn([5, 2], DType.Float64, gen);
        Tensor[] parameters = critic.Parameters().ToArray();
        GradCheck.Check(_ =>
        {
            using var grad = Autograd.EnableGrad(); // GradCheck's finite differences run without grad; the penalty needs it
            return Penalty(critic, real, fake, new Generator(3));
        }, parameters);
    }
}
