using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Training;
using static DeepNotes.Tests.Training.FitTestSupport;

namespace DeepNotes.Tests.Training;

/// <summary>Fit with losses made of named terms, and with a custom step function (GAN-style training).</summary>
public class FitCustomStepTests
{
    private static Sequential Model() =>
        new(new Dense(3, 8, generator: new Generator(4)), new Tanh(), new Dense(8, 1, generator: new Generator(5)));

    [Fact]
    public void LossTerms_AreLoggedPerEpochAndOnValidation_AndTrainLikeTheirTotal()
    {
        var data = LinearProblem(64);
        var val = LinearProblem(16, seed: 3);
        var mse = new MseLoss();
        LossTerms Terms(Tensor o, Tensor t) => new(mse.Forward(o, t) + o.Square().Mean() * 0.1,
            new Dictionary<string, Tensor> { ["mse"] = mse.Forward(o, t), ["l2"] = o.Square().Mean() });

        var a = Model();
        var history = new Trainer(a, Terms, new Adam(a.Parameters(), 0.05)).Fit(data, 2, 16, validationData: val, generator: new Generator(9));
        var b = Model();
        new Trainer(b, (o, t) => mse.Forward(o, t) + o.Square().Mean() * 0.1, new Adam(b.Parameters(), 0.05)).Fit(data, 2, 16, generator: new Generator(9));
        foreach (var (name, values) in WeightsOf(b)) Assert.Equal(values, WeightsOf(a)[name]);

        var logs = history.Epochs[^1].Logs;
        Assert.Equal(["loss", "mse", "l2", "val_loss", "val_mse", "val_l2", "lr"], logs.Keys);
        Assert.Equal(logs["loss"], logs["mse"] + 0.1 * logs["l2"], 5);
        Assert.Equal(logs["val_loss"], logs["val_mse"] + 0.1 * logs["val_l2"], 5);
    }

    [Fact]
    public void CustomStep_RunsTwoOptimizers_AndLogsItsTerms_LikeTheHandWrittenLoop()
    {
        // A GAN-shaped step: a "critic" and the model are trained in turn with their own optimizers.
        var data = LinearProblem(48);
        Dictionary<string, float[]> Run(bool viaFit, out History? history)
        {
            var model = Model();
            var critic = new Sequential(new Dense(1, 4, generator: new Generator(6)), new Tanh(), new Dense(4, 1, generator: new Generator(7)));
            var optModel = new Adam(model.Parameters(), 0.02);
            var optCritic = new Sgd(critic.Parameters(), 0.05);
            StepResult Step(TrainBatch b)
            {
                optCritic.ZeroGrad();
                Tensor fake;
                using (Autograd.NoGrad()) fake = model.Call(b.Input);
                Tensor dLoss = critic.Call(fake).Mean() - critic.Call(b.Target).Mean();
                dLoss.Backward();
                optCritic.Step();
                optModel.ZeroGrad();
                Tensor output = model.Call(b.Input);
                Tensor gLoss = -critic.Call(output).Mean() + (output - b.Target).Square().Mean();
                gLoss.Backward();
                optModel.Step();
                return new StepResult(gLoss.Item()) { Terms = new Dictionary<string, double> { ["d_loss"] = dLoss.Item() }, Output = output };
            }
            history = null;
            if (viaFit)
                history = new Trainer(model, Step, optModel).Fit(data, 2, 16, generator: new Generator(9), metrics: [MeanAbsoluteError()]);
            else
            {
                var shuffle = new Generator(9);
                for (int e = 0; e < 2; e++)
                {
                    int i = 0;
                    foreach (var (x, y) in new DataLoader(data, 16, shuffle: true, generator: shuffle)) Step(new TrainBatch(x, y, e, i++));
                }
            }
            return WeightsOf(model);
        }

        var expected = Run(viaFit: false, out _);
        var actual = Run(viaFit: true, out var history);
        foreach (var (name, values) in expected) Assert.Equal(values, actual[name]);
        Assert.Equal(["loss", "d_loss", "mae", "lr"], history!.Epochs[0].Logs.Keys);
    }

    [Fact]
    public void CustomStep_RefusesFitOptionsItCannotHonour_AndEvaluateWithoutALoss()
    {
        var model = Model();
        var trainer = new Trainer(model, b => new StepResult(0), new Sgd(model.Parameters(), 0.1));
        var data = LinearProblem(16);
        Assert.Contains("custom step", Assert.Throws<ArgumentException>(() => trainer.Fit(data, 1, gradientClipping: GradientClip.ByNorm(1))).Message);
        Assert.Contains("custom step", Assert.Throws<ArgumentException>(() => trainer.Fit(data, 1, accumulationSteps: 2)).Message);
        Assert.Contains("evaluationLoss", Assert.Throws<ArgumentException>(() => trainer.Fit(data, 1, validationSplit: 0.25)).Message);
        Assert.Contains("evaluationLoss", Assert.Throws<InvalidOperationException>(() => trainer.Evaluate(data)).Message);
        Assert.Contains("StepResult.Output", Assert.Throws<InvalidOperationException>(() => trainer.Fit(data, 1, metrics: [MeanAbsoluteError()])).Message);
        var withLoss = new Trainer(model, b => new StepResult(1), new Sgd(model.Parameters(), 0.1), new MseLoss().Forward);
        Assert.True(withLoss.Evaluate(data)["loss"] > 0);
        var clash = new Trainer(model, b => new StepResult(1) { Terms = new Dictionary<string, double> { ["lr"] = 1 } }, new Sgd(model.Parameters(), 0.1));
        Assert.Contains("'lr' clashes", Assert.Throws<ArgumentException>(() => clash.Fit(data, 1)).Message);
    }
}
