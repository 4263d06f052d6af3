using DeepNotes;
using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Optimizers;

namespace DeepNotes.Tests.Training;

/// <summary>End-to-end behaviour of the training stack: modules, cross-entropy, backward, optimizers and data together.</summary>
public class TrainingTests
{
    private static Sequential Mlp(Generator g, double dropout = 0) => new(
        new Flatten(),
        new Dense(784, 64, generator: g), new Relu(), new Dropout(dropout, generator: g),
        new Dense(64, 32, generator: g), new Relu(),
        new Dense(32, 10, generator: g));

    [Fact]
    public void LossAtInitialisation_IsAboutLn10_ForA10ClassClassifier()
    {
        var (_, test) = FashionMnist.LoadEmbeddedSubset();
        var model = new Sequential(new Flatten(), new Dense(784, 256, generator: new Generator(1)), new Relu(),
            new Dense(256, 128, generator: new Generator(2)), new Relu(), new Dense(128, 10, generator: new Generator(3)));
        using (Autograd.NoGrad())
        {
            double loss = Functional.CrossEntropy(model.Forward(test.Inputs), test.Targets).Item();
            // PyTorch's default init gives small logits, so the prediction starts close to uniform: -ln(1/10).
            Assert.InRange(loss, Math.Log(10) - 0.1, Math.Log(10) + 0.1);
        }
    }

    [Fact]
    public void SmallMlp_Overfits8Samples_ToLossBelow1e3()
    {
        var g = new Generator(7);
        var x = Tensor.Randn([8, 20], generator: g);
        var y = Tensor.FromArray(new[] { 0, 1, 2, 3, 4, 5, 6, 7 });
        var model = new Sequential(new Dense(20, 64, generator: g), new Tanh(), new Dense(64, 10, generator: g));
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-2);
        double loss = double.NaN;
        for (int step = 0; step < 300 && !(loss < 1e-3); step++)
        {
            optimizer.ZeroGrad();
            var l = Functional.CrossEntropy(model.Forward(x), y);
            l.Backward();
            optimizer.Step();
            loss = l.Item();
        }
        Assert.True(loss < 1e-3, $"loss after training: {loss}");
        using (Autograd.NoGrad())
            Assert.Equal(y.ToArray<int>(), model.Forward(x).ArgMax(1).ToArray<int>());
    }

    [Fact]
    public void TrainingOnTheEmbeddedSubset_ReachesWellAboveChance()
    {
        var (train, test) = FashionMnist.LoadEmbeddedSubset();
        var model = Mlp(new Generator(3));
        var optimizer = new Adam(model.Parameters(), learningRate: 2e-3);
        var loader = new DataLoader(train, 32, shuffle: true, generator: new Generator(4));
        for (int epoch = 0; epoch < 3; epoch++)
            foreach (var (images, labels) in loader)
            {
                optimizer.ZeroGrad();
                Functional.CrossEntropy(model.Forward(images), labels).Backward();
                optimizer.Step();
            }
        model.Eval();
        using (Autograd.NoGrad())
        {
            int[] predicted = model.Forward(test.Inputs).ArgMax(1).ToArray<int>(), expected = test.Targets.ToArray<int>();
            double accuracy = predicted.Zip(expected).Count(p => p.First == p.Second) / (double)expected.Length;
            Assert.InRange(accuracy, 0.65, 1.0); // chance is 0.1; this small net reaches ~0.75 here
        }
    }

    [Fact]
    public void SeededTrainingRun_IsBitwiseReproducible_AndIndependentOfTheThreadCount()
    {
        byte[] first = TrainAndSnapshot();
        byte[] second = TrainAndSnapshot();
        Assert.Equal(first, second);
        int threads = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            Assert.Equal(first, TrainAndSnapshot());
        }
        finally
        {
            Parallelism.ThreadCount = threads;
        }
    }

    /// <summary>Trains with shuffling and dropout from fixed seeds and returns the raw bytes of every parameter.</summary>
    private static byte[] TrainAndSnapshot()
    {
        var (train, _) = FashionMnist.LoadEmbeddedSubset();
        var model = Mlp(new Generator(11), dropout: 0.2);
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
        var loader = new DataLoader(train, 64, shuffle: true, generator: new Generator(12));
        int steps = 0;
        foreach (var (images, labels) in loader)
        {
            optimizer.ZeroGrad();
            Functional.CrossEntropy(model.Forward(images), labels).Backward();
            optimizer.Step();
            if (++steps == 10) break;
        }
        var bytes = new List<byte>();
        foreach (var p in model.Parameters())
            foreach (float v in p.ToArray<float>()) bytes.AddRange(BitConverter.GetBytes(v));
        return [.. bytes];
    }
}
