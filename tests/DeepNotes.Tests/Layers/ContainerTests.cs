using DeepNotes;
using DeepNotes.Initializers;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Layers;

/// <summary>
/// The structural modules of issue 14 — Identity, Unflatten, Lambda, ModuleList, ModuleDict, ParameterList,
/// ParameterDict — and Dense's fused activation: state_dict names equal to PyTorch 1.13's (printed by
/// reference/structure_reference.py), indexing, errors, and the Keras exam network as one Dense layer per line in
/// Summary (151,410 parameters, 810 activations per sample).
/// </summary>
public class ContainerTests
{
    // ---- values printed by reference/structure_reference.py ----
    private static readonly string[] NetNames = ["blocks.0.weight", "blocks.0.bias", "blocks.2.weight", "heads.cls.weight", "heads.cls.bias", "heads.box.weight", "heads.box.bias", "scales.0", "scales.1", "extra.alpha", "extra.beta", "bag.weight"];
    private static readonly string[] ModuleListNames = ["0.weight", "0.bias", "1.weight", "1.bias"];
    private static readonly string[] ParameterListNames = ["0", "1"];
    private static readonly string[] ParameterDictNames = ["w", "b"];
    // ---- end of printed values ----

    /// <summary>The C# twin of the script's Net.</summary>
    private sealed class Net : Module
    {
        public Net()
        {
            Blocks = RegisterModule("blocks", new ModuleList(new Dense(2, 3), new Relu(), new Dense(3, 1, bias: false)));
            Heads = RegisterModule("heads", new ModuleDict(("cls", new Dense(3, 2)), ("box", new Bilinear(2, 3, 4))));
            Scales = RegisterModule("scales", new ParameterList(Tensor.Ones([2]), Tensor.Ones([3])));
            Extra = RegisterModule("extra", new ParameterDict(("alpha", Tensor.Ones([1])), ("beta", Tensor.Ones([2, 2]))));
            RegisterModule("bag", new EmbeddingBag(5, 3, EmbeddingBagMode.Sum));
        }

        public ModuleList Blocks { get; }

        public ModuleDict Heads { get; }

        public ParameterList Scales { get; }

        public ParameterDict Extra { get; }
    }

    [Fact]
    public void State_dict_names_match_torch()
    {
        var net = new Net();
        Assert.Equal(NetNames, net.StateDict().Keys);
        Assert.Equal(ModuleListNames, new ModuleList(new Dense(2, 3), new Dense(3, 1)).StateDict().Keys);
        Assert.Equal(ParameterListNames, new ParameterList(Tensor.Ones([2]), Tensor.Ones([3])).StateDict().Keys);
        Assert.Equal(ParameterDictNames, new ParameterDict(("w", Tensor.Ones([2])), ("b", Tensor.Ones([1]))).StateDict().Keys);
        Assert.Equal((6 + 3) + 3 + (6 + 2) + (24 + 4) + (2 + 3) + (1 + 4) + 15, net.ParameterCount());
    }

    [Fact]
    public void ModuleList_indexes_enumerates_and_appends()
    {
        var list = new ModuleList();
        Assert.Empty(list);
        var a = new Dense(2, 2);
        var b = new Relu();
        list.Add(a).AddRange([b, new Tanh()]);
        Assert.Equal(3, list.Count);
        Assert.Same(a, list[0]);
        Assert.Same(b, list[-2]);
        Assert.Equal(["0", "1", "2"], list.NamedChildren().Select(c => c.Name));
        Assert.IsType<Tanh>(list.Last());
        Assert.Contains("index 3 is out of range for 3 modules", Assert.Throws<ArgumentOutOfRangeException>(() => list[3]).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-4]);
        Assert.Equal("ModuleList(count: 3)", list.Describe());
        // Train/Eval and To reach the items
        list.Eval();
        Assert.False(a.IsTraining);
        list.To(DType.Float64);
        Assert.Equal(DType.Float64, a.Weight.DType);
    }

    [Fact]
    public void ModuleDict_keeps_insertion_order_and_rejects_bad_keys()
    {
        var dict = new ModuleDict(("zeta", new Relu()), ("alpha", new Dense(2, 3)));
        Assert.Equal(["zeta", "alpha"], dict.Keys);
        Assert.Equal(["alpha.weight", "alpha.bias"], dict.StateDict().Keys);
        Assert.IsType<Dense>(dict["alpha"]);
        Assert.True(dict.ContainsKey("zeta"));
        Assert.True(dict.TryGetValue("zeta", out var z) && z is Relu);
        Assert.False(dict.TryGetValue("nope", out _));
        Assert.Contains("ModuleDict has no module 'nope'; keys: [zeta, alpha]", Assert.Throws<KeyNotFoundException>(() => dict["nope"]).Message);
        Assert.Contains("already has a member named 'zeta'", Assert.Throws<ArgumentException>(() => dict.Add("zeta", new Tanh())).Message);
        Assert.Contains("contain no '.'", Assert.Throws<ArgumentException>(() => dict.Add("a.b", new Tanh())).Message);
        Assert.Equal(2, dict.Count); // the failed adds changed nothing
        Assert.Equal(["zeta", "alpha"], dict.Select(kv => kv.Key));
    }

    [Fact]
    public void ParameterList_and_ParameterDict_register_trainable_parameters_that_follow_To()
    {
        var list = new ParameterList();
        var p0 = list.Add(Tensor.Zeros([2]));
        Assert.True(p0.RequiresGrad);
        list.Add(Tensor.Ones([3]));
        Assert.Equal(2, list.Count);
        Assert.Equal(2, list.Parameters().Count());
        list.To(DType.Float64);
        Assert.Equal(DType.Float64, list[0].DType);
        Assert.Equal(DType.Float64, list[-1].DType);
        Assert.All(list, p => Assert.Equal(DType.Float64, p.DType));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[2]);
        Assert.Contains("must be Float32 or Float64", Assert.Throws<ArgumentException>(() => list.Add(Tensor.FromArray(new[] { 1, 2 }))).Message);
        Assert.Equal(2, list.Count);

        var dict = new ParameterDict(("w", Tensor.Ones([2])));
        dict.Add("b", Tensor.Zeros([1]));
        Assert.Equal(["w", "b"], dict.Keys);
        dict.To(DType.Float64);
        Assert.Equal(DType.Float64, dict["b"].DType);
        Assert.True(dict.TryGetValue("w", out var w) && w.DType == DType.Float64);
        Assert.Contains("ParameterDict has no parameter 'x'; keys: [w, b]", Assert.Throws<KeyNotFoundException>(() => dict["x"]).Message);
        Assert.Throws<ArgumentException>(() => dict.Add("w", Tensor.Ones([1])));
        Assert.Equal("ParameterDict(count: 2)", dict.Describe());
    }

    [Fact]
    public void Gradients_reach_parameters_held_in_containers()
    {
        var net = new Net();
        var x = Tensor.Randn([4, 2], DType.Float32, new Generator(1));
        var h = ((Dense)net.Blocks[0]).Call(x);
        var y = ((Dense)net.Heads["cls"]).Call(h) * net.Scales[0] + net.Extra["alpha"];
        y.Sum().Backward();
        Assert.NotNull(((Dense)net.Blocks[0]).Weight.Grad);
        Assert.NotNull(net.Scales[0].Grad);
        Assert.Equal(8.0, net.Extra["alpha"].Grad!.ToArray<float>()[0]);
    }

    [Fact]
    public void Identity_returns_its_input_and_Lambda_applies_its_function()
    {
        var x = Tensor.Randn([2, 3], DType.Float32, new Generator(2));
        Assert.Same(x, new Identity().Call(x));
        var lambda = new Lambda(t => t * 2.0, "Double");
        Assert.Equal((x * 2.0).ToArray<float>(), lambda.Call(x).ToArray<float>());
        Assert.Equal("Lambda(Double)", lambda.Describe());
        Assert.Equal("Lambda", new Lambda(t => t).Describe());
        Assert.Contains("Double: the wrapped function returned null", Assert.Throws<InvalidOperationException>(() => new Lambda(_ => null!, "Double").Call(x)).Message);
        Assert.Throws<ArgumentNullException>(() => new Lambda(null!));

        // gradients flow through both
        var p = Tensor.Randn([2, 3], DType.Float64, new Generator(3), requiresGrad: true);
        new Sequential(new Identity(), new Lambda(t => t * t)).Call(p).Sum().Backward();
        Assert.Equal((p * 2.0).ToArray<double>(), p.Grad!.ToArray<double>());
    }

    [Fact]
    public void Unflatten_splits_a_dimension_like_torch()
    {
        var x = Tensor.Arange(0, 24, dtype: DType.Float32).Reshape(2, 12);
        Assert.Equal(new Shape([2, 3, 4]), new Unflatten(1, [3, 4]).Call(x).Shape);
        Assert.Equal(new Shape([2, 2, 3, 2]), new Unflatten(-1, [2, -1, 2]).Call(x).Shape);
        Assert.Equal(x.ToArray<float>(), new Unflatten(1, [3, 4]).Call(x).ToArray<float>());
        Assert.Equal("Unflatten(dim: 1, sizes: [3, 4])", new Unflatten(1, [3, 4]).Describe());
        var u = new Sequential(new Flatten(), new Unflatten(1, [3, 4]));
        Assert.Equal(new Shape([2, 3, 4]), u.Call(x.Reshape(2, 3, 4)).Shape);

        Assert.Contains("don't multiply up to the size of dim 1 (12)", Assert.Throws<ArgumentException>(() => new Unflatten(1, [5, 2]).Call(x)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Unflatten(2, [3, 4]).Call(x));
        Assert.Contains("at most one -1", Assert.Throws<ArgumentException>(() => new Unflatten(1, [-1, -1])).Message);
        Assert.Contains("must not be empty", Assert.Throws<ArgumentException>(() => new Unflatten(1, [])).Message);
    }

    [Fact]
    public void Keras_exam_network_with_fused_activations_has_151410_parameters_and_810_activations()
    {
        // Input(400) -> Dense(300, relu) -> Dense(100, relu) -> Dense(10, softmax), one layer per line as in Keras
        var model = new Sequential(
            new Dense(400, 300, Activation.Relu),
            new Dense(300, 100, Activation.Relu),
            new Dense(100, 10, Activation.Softmax));
        var summary = model.Summary([1, 400]);
        Assert.Equal(151_410, summary.TotalParameters);
        Assert.Equal(810, summary.Activations);
        Assert.Equal(3, summary.Layers.Count);
        Assert.Equal(2L * (400 * 300 + 300 * 100 + 100 * 10) + 300 + 100 + 10, summary.Flops);
        string table = summary.ToString();
        Assert.Contains("Total params: 151,410", table);
        Assert.Contains("Activations per sample: 810", table);

        var y = model.Call(Tensor.Randn([5, 400], DType.Float32, new Generator(4)));
        foreach (var row in Enumerable.Range(0, 5))
            Assert.Equal(1.0, y.Select(0, row).Sum().ToArray<float>()[0], 5);
    }

    [Fact]
    public void Dense_activation_equals_the_separate_layer_and_keeps_the_state_dict()
    {
        foreach (Activation activation in Enum.GetValues<Activation>())
        {
            var fused = new Dense(4, 3, activation, dtype: DType.Float64, generator: new Generator(5));
            var plain = new Dense(4, 3, dtype: DType.Float64, generator: new Generator(5));
            Assert.Equal(plain.StateDict().Keys, fused.StateDict().Keys);
            Assert.Equal(plain.Weight.ToArray<double>(), fused.Weight.ToArray<double>());
            Assert.Equal(activation, fused.Activation);
            var x = Tensor.Randn([2, 4], DType.Float64, new Generator(6));
            Tensor h = plain.Call(x);
            var expected = activation switch
            {
                Activation.None => h,
                Activation.Relu => h.Relu(),
                Activation.Sigmoid => h.Sigmoid(),
                Activation.Tanh => h.Tanh(),
                Activation.Softmax => h.Softmax(-1),
                Activation.LogSoftmax => h.LogSoftmax(-1),
                Activation.Gelu => h.Gelu(),
                Activation.Silu => h.Silu(),
                Activation.Mish => h.Mish(),
                Activation.Elu => h.Elu(),
                Activation.Selu => h.Selu(),
                Activation.LeakyRelu => h.LeakyRelu(),
                Activation.Relu6 => h.Relu6(),
                Activation.Softplus => h.Softplus(),
                Activation.Softsign => h.Softsign(),
                Activation.Hardswish => h.Hardswish(),
                Activation.Hardsigmoid => h.Hardsigmoid(),
                _ => throw new InvalidOperationException($"no expectation for {activation}"),
            };
            Assert.Equal(expected.ToArray<double>(), fused.Call(x).ToArray<double>());
        }
        Assert.Equal("Dense(in: 4, out: 3, bias: true, activation: Relu)", new Dense(4, 3, Activation.Relu).Describe());
        Assert.Equal("Dense(in: 4, out: 3, bias: false)", new Dense(4, 3, Activation.None, bias: false).Describe());
        Assert.Contains("unknown activation 99", Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(4, 3, (Activation)99)).Message);
    }

    [Fact]
    public void Dense_with_activation_passes_GradCheck()
    {
        var dense = new Dense(3, 4, Activation.Silu, dtype: DType.Float64, generator: new Generator(7));
        var x = Tensor.Randn([2, 3], DType.Float64, new Generator(8), requiresGrad: true);
        Assert.True(GradCheck.Check(t => dense.Call(t[0]), x, dense.Weight, dense.Bias!));
    }

    [Fact]
    public void TruncNormal_fills_within_bounds_with_the_truncated_moments_and_reproduces()
    {
        var t = Tensor.Zeros([100_000], DType.Float64);
        Init.TruncNormal(t, mean: 1, std: 2, a: 0, b: 3, generator: new Generator(9));
        var v = t.ToArray<double>();
        Assert.All(v, e => Assert.InRange(e, 0, 3));
        // N(1, 2²) cut to [0, 3]: α = −0.5, β = 1; mean = μ + σ(φ(α) − φ(β))/Z, Z = Φ(β) − Φ(α)
        double phiA = Math.Exp(-0.125) / Math.Sqrt(2 * Math.PI), phiB = Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI);
        double z = 0.8413447460685429 - 0.3085375387259869;
        double mean = 1 + 2 * (phiA - phiB) / z;
        double variance = 4 * (1 + (-0.5 * phiA - 1 * phiB) / z - Math.Pow((phiA - phiB) / z, 2));
        Assert.InRange(v.Average(), mean - 0.01, mean + 0.01);
        Assert.InRange(v.Select(e => (e - mean) * (e - mean)).Average(), variance * 0.98, variance * 1.02);

        var again = Tensor.Zeros([100_000], DType.Float64);
        Init.TruncNormal(again, 1, 2, 0, 3, new Generator(9));
        Assert.Equal(v, again.ToArray<double>());

        // far in a tail, every draw still lands inside, and Float32 works
        var tail = Init.TruncNormal(Tensor.Zeros([1000]), a: 6, b: 7, generator: new Generator(10)).ToArray<float>();
        Assert.All(tail, e => Assert.InRange(e, 6f, 7f));

        Assert.Contains("std must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => Init.TruncNormal(Tensor.Zeros([2]), std: 0)).Message);
        Assert.Contains("expected a < b", Assert.Throws<ArgumentOutOfRangeException>(() => Init.TruncNormal(Tensor.Zeros([2]), a: 1, b: 1)).Message);
        Assert.Throws<ArgumentException>(() => Init.TruncNormal(Tensor.FromArray(new[] { 1 })));
    }
}
