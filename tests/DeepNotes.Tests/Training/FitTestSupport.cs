using DeepNotes.Metrics;
using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Optimizers;
using DeepNotes.Training;

namespace DeepNotes.Tests.Training;

/// <summary>Small problems and helper callbacks shared by the Fit and callback tests.</summary>
internal static class FitTestSupport
{
    /// <summary>y = x·[1, −2, 0.5] + 0.3 for 64 random x [64, 3]: a linear model can fit it exactly.</summary>
    public static TensorDataset LinearProblem(int n = 64, ulong seed = 11)
    {
        var g = new Generator(seed);
        var x = Tensor.Randn([n, 3], generator: g);
        var w = Tensor.FromArray(new float[] { 1f, -2f, 0.5f }, [3, 1]);
        var y = x.MatMul(w) + 0.3;
        return new TensorDataset(x, y);
    }

    public static (Sequential Model, Trainer Trainer) LinearTrainer(double learningRate = 0.1, ulong seed = 3)
    {
        var model = new Sequential(new Dense(3, 1, generator: new Generator(seed)));
        return (model, new Trainer(model, new MseLoss(), new Sgd(model.Parameters(), learningRate)));
    }

    public static FunctionMetric MeanAbsoluteError() =>
        new("mae", (output, target) => (output - target).Abs().Mean().Item());

    public static Dictionary<string, float[]> WeightsOf(Module model) =>
        model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Contiguous().ToArray<float>());
}

/// <summary>Overwrites one log value per epoch with a scripted sequence, so monitor callbacks see known values.</summary>
internal sealed class ScriptedLogs(string key, params double[] values) : Callback
{
    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => logs[key] = values[epoch];
}

/// <summary>Records a copy of the model's weights at the end of every epoch.</summary>
internal sealed class WeightRecorder : Callback
{
    public List<Dictionary<string, float[]>> Epochs { get; } = [];

    public override void OnEpochEnd(int epoch, IDictionary<string, double> logs) => Epochs.Add(FitTestSupport.WeightsOf(Trainer.Model));
}

/// <summary>A synchronous progress sink keeping every report.</summary>
internal sealed class ProgressLog : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value) => Reports.Add(value);
}

/// <summary>Identity layer recording the mode and grad mode of every forward call.</summary>
internal sealed class ModeProbe : Module<Tensor, Tensor>
{
    public List<(bool Training, bool Grad)> Calls { get; } = [];

    public override Tensor Forward(Tensor input)
    {
        Calls.Add((IsTraining, Autograd.IsGradEnabled));
        return input;
    }
}
