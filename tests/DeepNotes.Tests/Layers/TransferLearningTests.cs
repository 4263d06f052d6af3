using DeepNotes.Layers;
using DeepNotes.Optimizers;

namespace DeepNotes.Tests.Layers;

/// <summary>Transfer learning: a new head through ReplaceModule, non-strict loads that skip mis-shaped keys, frozen BatchNorm statistics.</summary>
public class TransferLearningTests
{
    private sealed class Backbone : Module<Tensor, Tensor>
    {
        private readonly Conv2D _conv;
        private readonly BatchNorm2D _bn;
        private readonly Module<Tensor, Tensor> _head;

        public Backbone(int classes)
        {
            var g = new Generator(11);
            _conv = RegisterModule("conv", new Conv2D(1, 4, 3, padding: 1, generator: g));
            _bn = RegisterModule("bn", new BatchNorm2D(4));
            _head = RegisterModule("fc", new Dense(4, classes, generator: g));
        }

        public override Tensor Forward(Tensor x) => _head.Call(_bn.Call(_conv.Call(x)).Relu().Mean([2, 3]));
    }

    [Fact]
    public void ReplaceModule_SwapsTheHead_InTheForwardPassAndTheStateDict()
    {
        var model = new Backbone(10);
        var newHead = new Dense(4, 3, generator: new Generator(5));
        Module old = model.ReplaceModule("fc", newHead);
        Assert.IsType<Dense>(old);
        Assert.Equal([2, 3], model.Call(Tensor.Randn([2, 1, 6, 6], generator: new Generator(1))).Shape.ToArray());
        Assert.Equal([3, 4], model.StateDict()["fc.weight"].Shape.ToArray());
        Assert.Contains(model.Parameters(), p => ReferenceEquals(p, newHead.Parameters().First()));

        var seq = new Sequential(new Dense(3, 4), new Relu(), new Dense(4, 2));
        seq.ReplaceModule("2", new Dense(4, 7));
        Assert.Equal([5, 7], seq.Call(Tensor.Zeros([5, 3])).Shape.ToArray());
        Assert.Equal(7, ((Dense)seq[2]).OutFeatures);

        var nested = new Sequential(new Sequential(new Dense(3, 3), new Tanh()), new Dense(3, 1));
        nested.ReplaceModule("0.1", new Relu());
        Assert.IsType<Relu>(((Sequential)nested[0])[1]);
    }

    [Fact]
    public void ReplaceModule_BadNamesAndTypes_ThrowAndChangeNothing()
    {
        var seq = new Sequential(new Dense(3, 4), new Relu());
        var e = Assert.Throws<ArgumentException>(() => seq.ReplaceModule("5", new Relu()));
        Assert.Contains("no module named '5'", e.Message);
        Assert.Contains("[0, 1]", e.Message);
        var list = new ModuleList(new Dense(2, 2));
        var holder = new Sequential(new Dense(2, 2));
        Assert.Throws<ArgumentException>(() => holder.ReplaceModule("0", list)); // Sequential holds Module<Tensor, Tensor>
        Assert.IsType<Dense>(holder[0]);
        Assert.Same(holder[0], holder.NamedModules().Single(m => m.Name == "0").Module);
    }

    [Fact]
    public void FineTuning_NonStrictLoadOfABackbone_WithANewHead()
    {
        var pretrained = new Backbone(10);
        var state = pretrained.StateDict();
        var model = new Backbone(3);
        var result = model.LoadStateDict(state, strict: false);
        Assert.Equal(["fc.weight", "fc.bias"], result.MismatchedKeys.Select(m => m.Key));
        Assert.Empty(result.MissingKeys);
        Assert.Equal(state["conv.weight"].ToArray<float>(), model.StateDict()["conv.weight"].ToArray<float>());
        Assert.Equal([3, 4], model.StateDict()["fc.weight"].Shape.ToArray());
        Assert.Throws<ArgumentException>(() => model.LoadStateDict(state)); // strict still refuses
    }

    [Fact]
    public void FreezeWithBuffers_HoldsBatchNormInEval_SoRunningStatisticsStop_UntilUnfreeze()
    {
        var model = new Backbone(2);
        Tensor x = Tensor.Randn([4, 1, 5, 5], generator: new Generator(2));
        model.Freeze(includeBuffers: true);
        model.Train();
        var bn = (BatchNorm2D)model.NamedModules().Single(m => m.Name == "bn").Module;
        Assert.True(bn.IsHeldInEval);
        Assert.False(bn.IsTraining);
        Assert.True(model.IsTraining);
        var mean = model.StateDict()["bn.running_mean"].ToArray<float>();
        model.Call(x);
        Assert.Equal(mean, model.StateDict()["bn.running_mean"].ToArray<float>());
        Assert.All(model.Parameters(), p => Assert.False(p.RequiresGrad));

        model.Unfreeze();
        Assert.False(bn.IsHeldInEval);
        Assert.True(bn.IsTraining);
        model.Call(x);
        Assert.NotEqual(mean, model.StateDict()["bn.running_mean"].ToArray<float>());
    }

    [Fact]
    public void FreezeNormalization_KeepsStatisticsAndAffine_WhileTheRestTrains()
    {
        var model = new Backbone(2);
        model.FreezeNormalization();
        model.Train();
        var mean = model.StateDict()["bn.running_mean"].ToArray<float>();
        var bnWeight = model.StateDict()["bn.weight"].ToArray<float>();
        var convWeight = model.StateDict()["conv.weight"].ToArray<float>();
        var optimizer = new Sgd(model.Parameters(), 0.1);
        Tensor x = Tensor.Randn([4, 1, 5, 5], generator: new Generator(3));
        Functional.CrossEntropy(model.Call(x), Tensor.FromArray(new[] { 0, 1, 0, 1 })).Backward();
        optimizer.Step();
        Assert.Equal(mean, model.StateDict()["bn.running_mean"].ToArray<float>());
        Assert.Equal(bnWeight, model.StateDict()["bn.weight"].ToArray<float>());
        Assert.NotEqual(convWeight, model.StateDict()["conv.weight"].ToArray<float>());
    }
}
