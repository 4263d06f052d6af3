using DeepNotes;
using DeepNotes.Distributions;

namespace DeepNotes.Tests.Distributions;

/// <summary>The two uses the namespace exists for: a VAE-style pathwise loss and a REINFORCE score-function loss, trained by plain gradient steps.</summary>
public class DistributionUsageTests
{
    [Fact]
    public void Vae_RSampleAndKl_TrainLocAndLogScaleTowardTheTarget()
    {
        // minimise E_q[(z − 3)²] + KL(q ‖ N(0, 1)) over q = N(mu, exp(logS)); optimum: mu = 3·1/(1 + 1) = 1.5, s² = 1/2
        var mu = Tensor.Zeros([1], DType.Float64, requiresGrad: true);
        var logS = Tensor.Zeros([1], DType.Float64, requiresGrad: true);
        var prior = new Normal(0.0, 1.0, DType.Float64);
        var g = new Generator(1);
        for (int step = 0; step < 400; step++)
        {
            var q = new Normal(mu, logS.Exp());
            Tensor z = q.RSample([256], g);
            Tensor loss = (z - 3.0).Pow(2).Mean() / 2.0 + Distribution.KlDivergence(q, prior).Sum();
            mu.Grad = null;
            logS.Grad = null;
            loss.Backward();
            using (Autograd.NoGrad())
            {
                mu.AddInPlace(mu.Grad!, -0.05);
                logS.AddInPlace(logS.Grad!, -0.05);
            }
        }
        Assert.InRange(mu.Item(), 1.4, 1.6);
        Assert.InRange(Math.Exp(2 * logS.Item()), 0.4, 0.6);
    }

    [Fact]
    public void Reinforce_CategoricalLogProb_LearnsTheBestArm()
    {
        double[] rewards = [0.1, 1.0, 0.3];
        var logits = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        var g = new Generator(2);
        for (int step = 0; step < 200; step++)
        {
            var pi = new Categorical(logits: logits);
            Tensor actions = pi.Sample([64], g);
            var r = Tensor.FromArray(actions.ToArray<int>().Select(a => rewards[a]).ToArray());
            Tensor loss = -(pi.LogProb(actions) * (r - r.Mean())).Mean();
            logits.Grad = null;
            loss.Backward();
            using (Autograd.NoGrad()) logits.AddInPlace(logits.Grad!, -0.5);
        }
        Assert.True(new Categorical(logits: logits).Probs.ToArray<double>()[1] > 0.9);
    }
}
