using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Layers;

public class ModuleTests
{
    private sealed class Block : Module<Tensor, Tensor>
    {
        public Block()
        {
            Fc1 = RegisterModule("fc1", new Dense(4, 3));
            Fc2 = RegisterModule("fc2", new Dense(3, 2, bias: false));
            RegisterBuffer("steps", Tensor.Zeros([1], DType.Int32));
            RegisterBuffer("scratch", Tensor.Zeros([2]), persistent: false);
        }

        public Dense Fc1 { get; }

        public Dense Fc2 { get; }

        public override Tensor Forward(Tensor input) => Fc2.Forward(Fc1.Forward(input));
    }

    private sealed class Outer : Module<Tensor, Tensor>
    {
        public Outer()
        {
            RegisterParameter("scale", Tensor.Ones([2]));
            Encoder = RegisterModule("encoder", new Block());
        }

        public Block Encoder { get; }

        public override Tensor Forward(Tensor input) => Encoder.Forward(input) * GetParameter("scale")!;
    }

    private sealed class Registrar : Module
    {
        public void Parameter(string name, Tensor t) => RegisterParameter(name, t);

        public void Child(string name, Module m) => RegisterModule(name, m);
    }

    [Fact]
    public void NamedParameters_AreDottedPaths_OwnFirst_InRegistrationOrder()
    {
        var model = new Outer();
        Assert.Equal(["scale", "encoder.fc1.weight", "encoder.fc1.bias", "encoder.fc2.weight"],
            model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["", "encoder", "encoder.fc1", "encoder.fc2"], model.NamedModules().Select(m => m.Name));
    }

    [Fact]
    public void StateDict_MatchesPyTorchOrder_AndSkipsNonPersistentBuffers()
    {
        var model = new Outer();
        // PyTorch: state_dict().keys() of the same architecture (each module's parameters, then its buffers, then its children)
        Assert.Equal(["scale", "encoder.steps", "encoder.fc1.weight", "encoder.fc1.bias", "encoder.fc2.weight"],
            model.StateDict().Keys);
        Assert.Equal(["encoder.steps", "encoder.scratch"], model.NamedBuffers().Select(b => b.Name));
        Assert.False(model.StateDict()["scale"].RequiresGrad);
    }

    [Fact]
    public void Sequential_NamesChildrenByPosition_LikeNnSequential()
    {
        var model = new Sequential(new Dense(4, 8), new Flatten(), new Dense(8, 2));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name));
        var named = new Sequential(("hidden", (Module<Tensor, Tensor>)new Dense(2, 2)), ("out", new Dense(2, 1)));
        Assert.Equal(["hidden.weight", "hidden.bias", "out.weight", "out.bias"], named.NamedParameters().Select(p => p.Name));
        Assert.Equal(3, model.Count);
        var built = new Sequential().Add(new Dense(4, 3)).Add("act", new Relu());
        Assert.Equal(["0.weight", "0.bias"], built.NamedParameters().Select(p => p.Name));
        Assert.Equal(["", "0", "act"], built.NamedModules().Select(m => m.Name));
        Assert.IsType<Flatten>(model[1]);
        Assert.Equal([2, 2], model.Forward(Tensor.Ones([2, 4])).Shape.ToArray());
    }

    [Fact]
    public void SharedParameter_IsListedOnce()
    {
        var shared = new Dense(3, 3);
        var model = new Sequential(shared, shared);
        Assert.Equal(2, model.Parameters().Count());
        Assert.Equal(12, model.ParameterCount());
    }

    [Fact]
    public void TrainEval_PropagateToDescendants()
    {
        var model = new Outer();
        Assert.True(model.Encoder.Fc1.IsTraining);
        model.Eval();
        Assert.All(model.Modules(), m => Assert.False(m.IsTraining));
        model.Train();
        Assert.All(model.Modules(), m => Assert.True(m.IsTraining));
    }

    [Fact]
    public void ZeroGrad_ClearsEveryGradient()
    {
        var model = new Outer();
        model.Forward(Tensor.Randn([5, 4])).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Freeze_StopsGradients_AndCountsTrainableParameters()
    {
        var model = new Outer();
        Assert.Equal(2 + 4 * 3 + 3 + 3 * 2, model.ParameterCount());
        model.Encoder.Fc1.Freeze();
        Assert.Equal(2 + 3 * 2, model.ParameterCount(trainableOnly: true));
        model.Forward(Tensor.Randn([5, 4])).Sum().Backward();
        Assert.Null(model.Encoder.Fc1.Weight.Grad);
        Assert.NotNull(model.Encoder.Fc2.Weight.Grad);
        model.Unfreeze();
        Assert.Equal(model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }

    [Fact]
    public void To_Float64_ConvertsParametersAndFloatingBuffers_KeepingValues()
    {
        var model = new Outer();
        float[] before = model.Encoder.Fc1.Weight.ToArray<float>();
        model.Encoder.Fc1.Weight.RequiresGrad = false;
        model.To(DType.Float64);
        Assert.All(model.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        Assert.Equal(before.Select(v => (double)v), model.Encoder.Fc1.Weight.ToArray<double>());
        Assert.False(model.Encoder.Fc1.Weight.RequiresGrad);
        Assert.True(model.Encoder.Fc2.Weight.RequiresGrad);
        Assert.Equal(DType.Int32, model.Buffers().First(b => b.Rank == 1 && b.Shape[0] == 1).DType);
        var y = model.Forward(Tensor.Randn([2, 4], DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
    }

    [Fact]
    public void Registration_RejectsBadNames_Duplicates_NonLeaves_AndCycles()
    {
        var r = new Registrar();
        Assert.Contains("contain no '.'", Assert.Throws<ArgumentException>(() => r.Parameter("a.b", Tensor.Ones([1]))).Message);
        Assert.Throws<ArgumentException>(() => r.Parameter("", Tensor.Ones([1])));
        r.Parameter("w", Tensor.Ones([1]));
        Assert.Contains("already has a member named 'w'", Assert.Throws<ArgumentException>(() => r.Parameter("w", Tensor.Ones([1]))).Message);
        Assert.Contains("Int32", Assert.Throws<ArgumentException>(() => r.Parameter("i", Tensor.Ones([1], DType.Int32))).Message);
        var leaf = Tensor.Ones([1], requiresGrad: true);
        Assert.Contains("leaf", Assert.Throws<ArgumentException>(() => r.Parameter("n", leaf * 2)).Message);
        var child = new Registrar();
        r.Child("c", child);
        Assert.Contains("cycle", Assert.Throws<ArgumentException>(() => child.Child("back", r)).Message);
    }

    [Fact]
    public void ToString_PrintsTheTree()
    {
        var text = new Sequential(new Dense(4, 2), new Dropout(0.25)).ToString();
        Assert.Equal("Sequential\n  (0): Dense(in: 4, out: 2, bias: true)\n  (1): Dropout(p: 0.25)", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Apply_VisitsChildrenBeforeParent()
    {
        var visited = new List<string>();
        new Outer().Apply(m => visited.Add(m.GetType().Name));
        Assert.Equal(["Dense", "Dense", "Block", "Outer"], visited);
    }
}
