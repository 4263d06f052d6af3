using System.Globalization;
using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Losses;
using DeepNotes.Metrics;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;
using DeepNotes.Training;

// Trains a classifier on Fashion-MNIST with Trainer.Fit, saves it as safetensors, reloads the file into a fresh model
// and prints that model's "test accuracy: 0.xxxx" as the last line.
//   dotnet run -c Release --project samples/FashionMnist -- [--model mlp] [--epochs 10] [--batch-size 64]
//       [--lr 0.001] [--seed 1] [--data FOLDER] [--subset] [--threads N] [--save PATH]
// Uses the full data set from FOLDER (default /usr/share/datasets/fashion-mnist, Debian package
// dataset-fashion-mnist) and falls back to the small subset embedded in DeepNotes when it is absent.
var options = SampleOptions.Parse(args);
if (options is null) return 2;
if (options.Threads is int threads) Parallelism.ThreadCount = threads;
Generator.ManualSeed(options.Seed);

TensorDataset train, test;
if (options.Subset)
{
    (train, test) = FashionMnist.LoadEmbeddedSubset();
    Console.WriteLine($"Fashion-MNIST: the embedded subset ({train.Count} training, {test.Count} test images), as asked.");
}
else
{
    (train, test) = FashionMnist.LoadOrSubset(options.DataFolder, out bool isFull);
    Console.WriteLine(isFull
        ? $"Fashion-MNIST: full data set from {options.DataFolder ?? FashionMnist.DefaultFolder} ({train.Count} training, {test.Count} test images)."
        : $"Fashion-MNIST: full data not found in {options.DataFolder ?? FashionMnist.DefaultFolder}; using the embedded subset "
          + $"({train.Count} training, {test.Count} test images). Install it with: sudo apt-get install dataset-fashion-mnist");
}

Module<Tensor, Tensor> model = Models.Create(options.Model);
Console.WriteLine($"model: {options.Model}, {Parallelism.ThreadCount} threads");
Console.WriteLine(model.Summary([1, 1, 28, 28]));

var optimizer = new Adam(model.Parameters(), learningRate: options.LearningRate);
var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer);
var history = trainer.Fit(train, options.Epochs, options.BatchSize,
    validationData: test,
    metrics: [new AccuracyMetric()],
    callbacks: [new LearningRateScheduler(new CosineAnnealingLR(optimizer, tMax: options.Epochs)), new TerminateOnNaN()],
    // redrawn in place on a terminal; one line per epoch when the output goes to a file or a pipe
    progress: new ConsoleProgressBar(overwrite: !Console.IsOutputRedirected),
    generator: new Generator(options.Seed),
    validationBatchSize: 1000);
var seconds = history.Epochs.Select(e => e.Duration.TotalSeconds).Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"trained {history.Epochs.Count} epochs, median {seconds[seconds.Length / 2]:F2} s/epoch (training and validation)"));

// The trained weights go to a safetensors file (PyTorch's state_dict names); a fresh model of the same architecture
// loads them strictly and is evaluated, so the printed accuracy is that of the saved file.
string path = options.SavePath ?? $"fashion-mnist-{options.Model}.safetensors";
model.Save(path, new Dictionary<string, string> { ["model"] = options.Model, ["epochs"] = history.Epochs.Count.ToString(CultureInfo.InvariantCulture) });
Console.WriteLine($"saved {model.ParameterCount():N0} parameters to {Path.GetFullPath(path)} ({new FileInfo(path).Length:N0} bytes)");

Module<Tensor, Tensor> reloaded = Models.Create(options.Model);
reloaded.Load(path);
reloaded.Eval();
var accuracy = new AccuracyMetric();
using (Autograd.NoGrad())
{
    foreach (var (images, labels) in new DataLoader(test, batchSize: 1000)) accuracy.Update(reloaded.Call(images), labels);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"reloaded from {path}: {accuracy.Count:N0} test images, validation accuracy after the last epoch was {history.Epochs[^1].Logs["val_accuracy"]:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {accuracy.Compute():F4}"));
return 0;
