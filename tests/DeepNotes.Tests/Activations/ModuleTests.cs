using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Activations;

/// <summary>The activation modules: descriptions, parameters (PRelu's learnable weight), dtype changes and use in Sequential.</summary>
public class ModuleTests
{
    [Fact]
    public void Describe_NamesTheModuleAndItsSettings()
    {
        Assert.Equal("Relu", new Relu().Describe());
        Assert.Equal("Sigmoid", new Sigmoid().Describe());
        Assert.Equal("Tanh", new Tanh().Describe());
        Assert.Equal("Relu6", new Relu6().Describe());
        Assert.Equal("Sign", new Sign().Describe());
        Assert.Equal("LeakyRelu(negativeSlope: 0.01)", new LeakyRelu().Describe());
        Assert.Equal("LeakyRelu(negativeSlope: 0.2)", new LeakyRelu(0.2).Describe());
        Assert.Equal("Elu(alpha: 1)", new Elu().Describe());
        Assert.Equal("Elu(alpha: 0.5)", new Elu(0.5).Describe());
        Assert.Equal("Gelu(approximate: None)", new Gelu().Describe());
        Assert.Equal("Gelu(approximate: Tanh)", new Gelu(GeluApproximation.Tanh).Describe());
        Assert.Equal("Softplus(beta: 1, threshold: 20)", new Softplus().Describe());
        Assert.Equal("Softplus(beta: 2.5, threshold: 10)", new Softplus(2.5, 10).Describe());
        Assert.Equal("Softmax(axis: 1)", new Softmax(1).Describe());
        Assert.Equal("LogSoftmax(axis: -1)", new LogSoftmax(-1).Describe());
        Assert.Equal("PRelu(numParameters: 1)", new PRelu().Describe());
        Assert.Equal("PRelu(numParameters: 64)", new PRelu(64).Describe());
    }

    [Fact]
    public void ParameterFreeModules_HaveNoParameters()
    {
        foreach (var name in GradCheckTests.ModuleNames)
        {
            var m = GradCheckTests.MakeModule(name);
            Assert.Equal(0, m.ParameterCount());
            Assert.Empty(m.NamedParameters());
        }
    }

    [Fact]
    public void PRelu_HasOneLearnableWeight_InitialisedLikePyTorch()
    {
        var shared = new PRelu();
        Assert.Equal(1, shared.ParameterCount());
        var (name, weight) = Assert.Single(shared.NamedParameters());
        Assert.Equal("weight", name);
        Assert.Equal(new Shape(1), weight.Shape);
        Assert.Equal(DType.Float32, weight.DType);
        Assert.True(weight.RequiresGrad);
        Assert.Equal(0.25, weight.Item());

        var perChannel = new PRelu(3, init: 0.1, dtype: DType.Float64);
        Assert.Equal(3, perChannel.ParameterCount());
        Assert.Equal(new[] { 0.1, 0.1, 0.1 }, perChannel.Weight.ToArray<double>());
    }

    [Fact]
    public void PRelu_Forward_UsesTheWeightPerChannel_AndTrainsIt()
    {
        var m = new PRelu(2, init: 0.5);
        var x = Tensor.FromArray(new float[] { -2, 4, -1, -3, 1, -4, 2, -2 }, new Shape(2, 2, 2)); // [N=2, C=2, L=2]
        var y = m.Forward(x);
        Assert.Equal(new float[] { -1, 4, -0.5f, -1.5f, 1, -2, 2, -1 }, y.ToArray<float>());
        y.Sum().Backward();
        // d/dw_c = Σ x over the elements of channel c with x ≤ 0: c0: −2 + −4 = −6, c1: −1 − 3 − 2 = −6
        Assert.Equal(new float[] { -6, -6 }, m.Weight.Grad!.ToArray<float>());
    }

    [Fact]
    public void PRelu_To_Float64_ReplacesTheWeight()
    {
        var m = new PRelu(3);
        m.To(DType.Float64);
        Assert.Equal(DType.Float64, m.Weight.DType);
        var y = m.Forward(Tensor.Full([2, 3], -4.0, DType.Float64));
        Assert.Equal(DType.Float64, y.DType);
        Assert.All(y.ToArray<double>(), v => Assert.Equal(-1.0, v));
    }

    [Fact]
    public void Modules_InSequential_MatchTheFunctions()
    {
        var x = Tensor.FromArray(new double[,] { { -1.5, 0.5, 2 }, { 3, -0.25, 7 } });
        var model = new Sequential(new LeakyRelu(0.1), new Elu(), new Relu6(), new Softmax(1));
        var expected = Functional.Softmax(x.LeakyRelu(0.1).Elu().Relu6(), 1);
        Assert.Equal(expected.ToArray<double>(), model.Forward(x).ToArray<double>());
        Assert.Equal(x.Gelu(GeluApproximation.Tanh).ToArray<double>(), new Gelu(GeluApproximation.Tanh).Forward(x).ToArray<double>());
        Assert.Equal(x.Softplus(2, 5).ToArray<double>(), new Softplus(2, 5).Forward(x).ToArray<double>());
        Assert.Equal(x.LogSoftmax(0).ToArray<double>(), new LogSoftmax(0).Forward(x).ToArray<double>());
    }
}
