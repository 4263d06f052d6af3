using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// Behaviour of the issue-14 activation layers beyond their values: training versus evaluation mode of RReLU and the
/// alpha dropouts, the self-normalising statistics of alpha dropout, reproducibility on a seed, the mask structure of
/// feature alpha dropout, and the errors for bad configuration and bad input.
/// </summary>
public class MoreModuleTests
{
    [Fact]
    public void RRelu_draws_slopes_in_lower_upper_in_training_and_uses_their_mean_in_eval()
    {
        var layer = new RRelu(0.1, 0.3, new Generator(1));
        var x = Tensor.Full([1000], -2.0, DType.Float64);
        var slopes = (layer.Call(x) / -2.0).ToArray<double>();
        Assert.All(slopes, s => Assert.InRange(s, 0.1, 0.3));
        Assert.True(slopes.Distinct().Count() > 900, "each element gets its own slope");
        Assert.InRange(slopes.Average(), 0.19, 0.21);

        layer.Eval();
        Assert.All((layer.Call(x) / -2.0).ToArray<double>(), s => Assert.Equal(0.2, s, 15));
        // positive inputs pass in both modes
        Assert.Equal([3.0], layer.Call(Tensor.FromArray(new[] { 3.0 })).ToArray<double>());
        layer.Train();
        Assert.Equal([3.0], layer.Call(Tensor.FromArray(new[] { 3.0 })).ToArray<double>());
    }

    [Fact]
    public void RRelu_gradient_at_zero_is_the_drawn_slope_in_training()
    {
        var x = Tensor.FromArray(new[] { 0.0, 0.0, 1.0 }, requiresGrad: true);
        var y = Functional.RRelu(x, 0.2, 0.25, training: true, generator: new Generator(9));
        y.Sum().Backward();
        var g = x.Grad!.ToArray<double>();
        Assert.InRange(g[0], 0.2, 0.25);
        Assert.InRange(g[1], 0.2, 0.25);
        Assert.NotEqual(g[0], g[1]);
        Assert.Equal(1.0, g[2]);
    }

    [Fact]
    public void Random_layers_reproduce_on_the_same_seed()
    {
        var x = Tensor.Randn([4, 5, 3], DType.Float32, new Generator(2));
        foreach (var make in new Func<Generator, Module<Tensor, Tensor>>[]
                 { g => new RRelu(generator: g), g => new AlphaDropout(0.3, g), g => new FeatureAlphaDropout(0.3, g) })
        {
            var a = make(new Generator(77)).Call(x).ToArray<float>();
            var b = make(new Generator(77)).Call(x).ToArray<float>();
            var c = make(new Generator(78)).Call(x).ToArray<float>();
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }

    [Fact]
    public void AlphaDropout_keeps_zero_mean_and_unit_variance_and_is_identity_in_eval()
    {
        var x = Tensor.Randn([200_000], DType.Float64, new Generator(3));
        var layer = new AlphaDropout(0.2, new Generator(4));
        var y = layer.Call(x).ToArray<double>();
        double mean = y.Average(), variance = y.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        // the dropped elements all sit at a·α′·(p − 1)
        double a = 1 / Math.Sqrt((1.7580993408473766 * 1.7580993408473766 * 0.2 + 1) * 0.8);
        double dropped = a * 1.7580993408473766 * (0.2 - 1);
        double fraction = y.Count(v => v == dropped) / (double)y.Length;
        Assert.InRange(fraction, 0.19, 0.21);

        layer.Eval();
        Assert.Same(x, layer.Call(x));
        Assert.Same(x, Functional.AlphaDropout(x, 0.5)); // training defaults to false, as F.alpha_dropout
        Assert.Same(x, Functional.AlphaDropout(x, 0, training: true));
    }

    [Fact]
    public void AlphaDropout_with_p_one_gives_zeros_and_zero_gradient()
    {
        var x = Tensor.Randn([3, 4], DType.Float64, new Generator(5));
        x.RequiresGrad = true;
        var y = Functional.AlphaDropout(x, 1, training: true);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(0.0, v));
        y.Sum().Backward();
        Assert.All(x.Grad!.ToArray<double>(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void FeatureAlphaDropout_drops_whole_feature_maps()
    {
        var x = Tensor.Ones([6, 8, 5, 5], DType.Float64);
        var y = Functional.FeatureAlphaDropout(x, 0.5, training: true, generator: new Generator(6));
        var v = y.ToArray<double>();
        int dropped = 0;
        for (int map = 0; map < 48; map++)
        {
            var values = v.Skip(map * 25).Take(25).Distinct().ToArray();
            Assert.Single(values);
            if (values[0] < 0) dropped++;
        }
        Assert.InRange(dropped, 10, 38);
    }

    [Fact]
    public void Describe_names_the_configuration()
    {
        Assert.Equal("Hardtanh(minVal: -2, maxVal: 2.5)", new Hardtanh(-2, 2.5).Describe());
        Assert.Equal("Softshrink(lambda: 0.25)", new Softshrink(0.25).Describe());
        Assert.Equal("Hardshrink(lambda: 0.5)", new Hardshrink().Describe());
        Assert.Equal("Celu(alpha: 0.5)", new Celu(0.5).Describe());
        Assert.Equal("Threshold(threshold: 0.1, value: -1)", new Threshold(0.1, -1).Describe());
        Assert.Equal("RRelu(lower: 0.125, upper: 0.3333333333333333)", new RRelu().Describe());
        Assert.Equal("Glu(axis: 1)", new Glu(1).Describe());
        Assert.Equal("Softmin(axis: -1)", new Softmin(-1).Describe());
        Assert.Equal("AlphaDropout(p: 0.5)", new AlphaDropout().Describe());
        Assert.Equal("FeatureAlphaDropout(p: 0.1)", new FeatureAlphaDropout(0.1).Describe());
        Assert.Equal("Silu", new Silu().Describe());
        Assert.Empty(new Mish().Parameters());
    }

    [Fact]
    public void Bad_configuration_throws_naming_the_value()
    {
        Assert.Contains("minVal (1) must be less than maxVal (1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Hardtanh(1, 1)).Message);
        Assert.Contains("minVal (2) must be less than maxVal (1)", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Hardtanh(Tensor.Ones([2]), 2, 1)).Message);
        Assert.Contains("Hardshrink: lambda must be finite and non-negative, got -0.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Hardshrink(-0.5)).Message);
        Assert.Contains("Softshrink: lambda", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2]).Softshrink(double.NaN)).Message);
        Assert.Contains("Celu: alpha must be finite and non-zero, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Celu(0)).Message);
        Assert.Contains("Celu: alpha", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones([2]).Celu(double.PositiveInfinity)).Message);
        Assert.Contains("Threshold: threshold must not be NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new Threshold(double.NaN, 0)).Message);
        Assert.Contains("lower (0.5) and upper (0.1)", Assert.Throws<ArgumentOutOfRangeException>(() => new RRelu(0.5, 0.1)).Message);
        Assert.Contains("AlphaDropout probability must be in [0, 1], got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new AlphaDropout(1.5)).Message);
        Assert.Contains("FeatureAlphaDropout probability", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.FeatureAlphaDropout(Tensor.Ones([2, 2]), -0.1)).Message);
    }

    [Fact]
    public void Bad_input_throws_naming_the_op_and_the_shape_or_dtype()
    {
        var ints = Tensor.FromArray(new[] { 1, 2 });
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
                 {
                     ("Silu", t => t.Silu()), ("Mish", t => t.Mish()), ("Hardswish", t => t.Hardswish()), ("Hardsigmoid", t => t.Hardsigmoid()),
                     ("Hardtanh", t => t.Hardtanh()), ("Hardshrink", t => t.Hardshrink()), ("Softshrink", t => t.Softshrink()),
                     ("Tanhshrink", t => t.Tanhshrink()), ("Softsign", t => t.Softsign()), ("LogSigmoid", t => t.LogSigmoid()),
                     ("Selu", t => t.Selu()), ("Celu", t => t.Celu()), ("Threshold", t => t.Threshold(0, 0)),
                     ("RRelu", t => Functional.RRelu(t)), ("Glu", t => Functional.Glu(t)), ("AlphaDropout", t => Functional.AlphaDropout(t, 0.5, true)),
                 })
            Assert.Contains($"{name} expects a floating-point tensor (Float32 or Float64), got Int32", Assert.Throws<ArgumentException>(() => f(ints)).Message);

        Assert.Contains("Glu: the halved axis 1 must have even size, got 3 in [2, 3]",
            Assert.Throws<ArgumentException>(() => new Glu(1).Call(Tensor.Ones([2, 3]))).Message);
        Assert.Contains("Glu: a 0-dimensional tensor", Assert.Throws<ArgumentException>(() => Functional.Glu(Tensor.Scalar(1.0))).Message);
        Assert.Contains("Glu: axis 2 is out of range for a tensor of rank 2", Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Glu(Tensor.Ones([2, 2]), 2)).Message);
        Assert.Contains("Softmax2D expects input [N, C, H, W] or [C, H, W], got [2, 3]",
            Assert.Throws<ArgumentException>(() => new Softmax2D().Call(Tensor.Ones([2, 3]))).Message);
        Assert.Contains("FeatureAlphaDropout expects an input of at least 2 dimensions [N, C, *], got [4]",
            Assert.Throws<ArgumentException>(() => new FeatureAlphaDropout().Call(Tensor.Ones([4]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Softmin(3).Call(Tensor.Ones([2, 3])));
    }

    [Fact]
    public void Empty_inputs_give_empty_outputs()
    {
        var empty = Tensor.Zeros([0, 4], DType.Float64);
        foreach (var name in MoreGradCheckTests.ModuleNameList)
        {
            if (name == "Softmax2D") continue;
            Assert.Equal(name == "Glu" ? new Shape([0, 2]) : empty.Shape, MoreGradCheckTests.MakeModule(name).Call(empty).Shape);
        }
    }
}
