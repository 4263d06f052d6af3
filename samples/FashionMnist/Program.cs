using System.Diagnostics;
using System.Globalization;
using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;

// Trains a classifier on Fashion-MNIST and prints "test accuracy: 0.xxxx" as its last line.
//   dotnet run -c Release --project samples/FashionMnist -- [--model mlp] [--epochs 10] [--batch-size 64]
//       [--lr 0.001] [--seed 1] [--data FOLDER] [--subset] [--threads N]
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
Console.WriteLine($"model: {options.Model}, {model.ParameterCount():N0} parameters, {Parallelism.ThreadCount} threads");
Console.WriteLine(model);

var optimizer = new Adam(model.Parameters(), learningRate: options.LearningRate);
var schedule = new CosineAnnealingLR(optimizer, tMax: options.Epochs);
var loader = new DataLoader(train, options.BatchSize, shuffle: true, generator: new Generator(options.Seed));
var testLoader = new DataLoader(test, 1000);

double testAccuracy = 0;
for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    model.Train();
    double lossSum = 0;
    long correct = 0, seen = 0;
    foreach (var (images, labels) in loader)
    {
        optimizer.ZeroGrad();
        Tensor logits = model.Forward(images);
        Tensor loss = Functional.CrossEntropy(logits, labels);
        loss.Backward();
        optimizer.Step();
        lossSum += loss.Item() * labels.ElementCount;
        correct += Evaluation.CountCorrect(logits, labels);
        seen += labels.ElementCount;
    }
    schedule.Step();
    double trainSeconds = clock.Elapsed.TotalSeconds;
    testAccuracy = Evaluation.Accuracy(model, testLoader);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch,2}/{options.Epochs}  train loss {lossSum / seen:F4}  train acc {(double)correct / seen:F4}  test acc {testAccuracy:F4}  ({trainSeconds:F2} s/epoch)"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy: {testAccuracy:F4}"));
return 0;
