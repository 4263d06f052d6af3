using DeepNotes.Data;
using DeepNotes.Layers;
using DeepNotes.Optimizers;
using DeepNotes.Optimizers.Schedules;
using DeepNotes.Serialization;
using static DeepNotes.Tests.Serialization.SerializationTestHelpers;

namespace DeepNotes.Tests.Serialization;

/// <summary>
/// Checkpoints that also carry generator states and a ReduceLROnPlateau: a run with shuffling, dropout and a plateau
/// schedule resumes bit for bit.
/// </summary>
public class CheckpointRandomStateTests
{
    private static readonly TensorDataset s_data = new(Tensor.Randn([40, 3], DType.Float32, new Generator(21)), Tensor.Randn([40, 2], DType.Float32, new Generator(22)));

    private sealed class Run
    {
        public Run(ulong seed)
        {
            Shuffle = new Generator(seed);
            Masks = new Generator(seed + 1);
            Model = new Sequential(new Dense(3, 16, generator: new Generator(seed + 2)), new Relu(), new Dropout(0.3, generator: Masks),
                new Dense(16, 2, generator: new Generator(seed + 3)));
            Optimizer = new Adam(Model.Parameters(), 0.05);
            // patience 0 and a large threshold so that the rate really is reduced during the run
            Plateau = new ReduceLROnPlateau(Optimizer, factor: 0.5, patience: 0, threshold: 0.05);
            Loader = new DataLoader(s_data, batchSize: 8, shuffle: true, generator: Shuffle);
        }

        public Generator Shuffle { get; }
        public Generator Masks { get; }
        public Sequential Model { get; }
        public Adam Optimizer { get; }
        public ReduceLROnPlateau Plateau { get; }
        public DataLoader Loader { get; }
        public Dictionary<string, Generator> Generators => new() { ["shuffle"] = Shuffle, ["dropout"] = Masks };

        public void Epochs(int count)
        {
            for (int e = 0; e < count; e++)
            {
                double sum = 0;
                foreach (var (x, y) in Loader)
                {
                    Optimizer.ZeroGrad();
                    var loss = Functional.MseLoss(Model.Call(x), y);
                    loss.Backward();
                    Optimizer.Step();
                    sum += loss.Item();
                }
                Plateau.Step(sum);
            }
        }
    }

    private static MemoryStream Save(Run run, bool withGenerators)
    {
        var stream = new MemoryStream();
        Checkpoint.Save(stream, run.Model, run.Optimizer, epoch: 3, plateau: run.Plateau, generators: withGenerators ? run.Generators : null);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void Shuffle_dropout_and_plateau_resume_bit_for_bit()
    {
        var reference = new Run(1);
        reference.Epochs(6);
        Assert.True(reference.Optimizer.LearningRate < 0.05); // the plateau schedule acted

        var first = new Run(1);
        first.Epochs(3);
        using var stream = Save(first, withGenerators: true);
        var resumed = new Run(77); // other seeds: everything must come from the checkpoint
        Checkpoint.Load(stream, resumed.Model, resumed.Optimizer, plateau: resumed.Plateau, generators: resumed.Generators);
        Assert.Equal(first.Plateau.GetState(), resumed.Plateau.GetState());
        Assert.Equal(first.Plateau.LastLearningRates, resumed.Plateau.LastLearningRates);
        resumed.Epochs(3);

        foreach (var (key, value) in reference.Model.StateDict()) AssertSame(value, resumed.Model.StateDict()[key]);
        Assert.Equal(reference.Plateau.GetState(), resumed.Plateau.GetState());
        Assert.Equal(reference.Optimizer.LearningRate, resumed.Optimizer.LearningRate);
    }

    [Fact]
    public void Without_the_generator_states_the_resumed_run_differs()
    {
        // Guards the test above: the batches and masks of a resumed run depend on the restored generators.
        var reference = new Run(1);
        reference.Epochs(6);
        var first = new Run(1);
        first.Epochs(3);
        using var stream = Save(first, withGenerators: false);
        var resumed = new Run(77);
        Checkpoint.Load(stream, resumed.Model, resumed.Optimizer, plateau: resumed.Plateau);
        resumed.Epochs(3);
        Assert.NotEqual(reference.Model.StateDict()["0.weight"].ToArray<float>(), resumed.Model.StateDict()["0.weight"].ToArray<float>());
    }

    [Fact]
    public void Missing_plateau_or_generator_is_reported_by_name()
    {
        var run = new Run(1);
        run.Epochs(1);
        using var plain = new MemoryStream();
        Checkpoint.Save(plain, run.Model, run.Optimizer, epoch: 1, generators: new Dictionary<string, Generator> { ["shuffle"] = run.Shuffle });

        plain.Position = 0;
        var e1 = Assert.Throws<ArgumentException>(() => Checkpoint.Load(plain, run.Model, run.Optimizer, plateau: run.Plateau));
        Assert.Contains("no ReduceLROnPlateau state", e1.Message);

        plain.Position = 0;
        var e2 = Assert.Throws<ArgumentException>(() => Checkpoint.Load(plain, run.Model, run.Optimizer, generators: run.Generators));
        Assert.Contains("no generator named 'dropout' was saved (saved: shuffle)", e2.Message);

        var other = new Adam(new Run(2).Model.Parameters(), 0.1);
        var e3 = Assert.Throws<ArgumentException>(() => Checkpoint.Save(new MemoryStream(), run.Model, other, 1, plateau: run.Plateau));
        Assert.Contains("plateau scheduler must wrap the optimizer", e3.Message);
    }

    [Fact]
    public void A_fresh_plateau_with_infinite_best_round_trips()
    {
        var run = new Run(1);
        using var stream = Save(run, withGenerators: false);
        var resumed = new Run(2);
        resumed.Plateau.SetState(new ReduceLROnPlateauState(3, 1, 1, 4));
        Checkpoint.Load(stream, resumed.Model, resumed.Optimizer, plateau: resumed.Plateau);
        Assert.Equal(new ReduceLROnPlateauState(double.PositiveInfinity, 0, 0, 0), resumed.Plateau.GetState());
    }
}
