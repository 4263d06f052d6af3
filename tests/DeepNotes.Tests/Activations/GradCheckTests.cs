using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// Float64 GradCheck (central differences against backward) of every activation, as a function and as a module, on
/// contiguous and non-contiguous inputs whose values stay away from the kinks (0, and 6 for ReLU6).
/// </summary>
public class GradCheckTests
{
    public static TheoryData<string, Layout> Elementwise()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in new[] { "Relu", "Sigmoid", "Tanh", "LeakyRelu", "LeakyRelu03", "Elu", "Elu07", "Gelu", "GeluTanh",
                                     "Softplus", "Softplus2", "Relu6", "Sign" })
            foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    internal static Func<Tensor, Tensor> Function(string name) => name switch
    {
        "Relu" => x => x.Relu(),
        "Sigmoid" => x => x.Sigmoid(),
        "Tanh" => x => Functional.Tanh(x),
        "LeakyRelu" => x => x.LeakyRelu(),
        "LeakyRelu03" => x => Functional.LeakyRelu(x, 0.3),
        "Elu" => x => x.Elu(),
        "Elu07" => x => Functional.Elu(x, 0.7),
        "Gelu" => x => x.Gelu(),
        "GeluTanh" => x => Functional.Gelu(x, GeluApproximation.Tanh),
        "Softplus" => x => x.Softplus(),
        "Softplus2" => x => Functional.Softplus(x, beta: 2, threshold: 5), // |2x| ≤ 4.4 here: below the threshold
        "Relu6" => x => x.Relu6(),
        "Sign" => x => Functional.Sign(x),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Elementwise))]
    public void Function_GradCheck(string name, Layout layout)
    {
        var f = Function(name);
        // |x| in [0.2, 2]: away from the kinks at 0; values spread over both sides.
        Check(t => f(t[0]), Input([3, 5], 0xAC7 + (ulong)name.Length, Values.AwayFromZero, layout));
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Gelu")]
    [InlineData("GeluTanh")]
    [InlineData("Softplus")]
    [InlineData("Elu")]
    public void Function_GradCheck_InTheTails(string name)
    {
        // x in ±[2, 8]: where the smooth activations saturate and their derivatives are small
        var x = Input([12], 0x7A11, Values.Positive, requiresGrad: false) * 4.0;
        var signs = Tensor.FromArray(new[] { 1.0, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1 });
        var input = (x * signs).Detach();
        input.RequiresGrad = true;
        Check(t => Function(name)(t[0]), input);
    }

    [Fact]
    public void Relu6_GradCheck_AboveSix()
    {
        var x = (Input([8], 0x606, Values.Positive, requiresGrad: false) + 5.0).Detach(); // [5.5, 7]
        var v = x.ToArray<double>();
        Assert.DoesNotContain(v, e => Math.Abs(e - 6) < 0.01);
        x.RequiresGrad = true;
        Check(t => t[0].Relu6(), x);
    }

    [Theory]
    [InlineData(0, Layout.Contiguous)]
    [InlineData(1, Layout.Contiguous)]
    [InlineData(2, Layout.Contiguous)]
    [InlineData(-1, Layout.Contiguous)]
    [InlineData(-3, Layout.Contiguous)]
    [InlineData(0, Layout.Transposed)]
    [InlineData(-1, Layout.Transposed)]
    [InlineData(1, Layout.Sliced)]
    [InlineData(2, Layout.Sliced)]
    public void SoftmaxAndLogSoftmax_GradCheck_AlongAxes(int axis, Layout layout)
    {
        var x = Input([2, 3, 4], 0x50F7 + (ulong)(axis + 3), Values.Normal, layout);
        Check(t => t[0].Softmax(axis), x);
        Check(t => Functional.LogSoftmax(t[0], axis), x);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("1,5")]
    [InlineData("3,1,2")]
    [InlineData("")]
    public void SoftmaxAndLogSoftmax_GradCheck_OddShapes(string shape)
    {
        var x = Input(S(shape), 0x0DD);
        Check(t => t[0].Softmax(-1), x);
        Check(t => t[0].LogSoftmax(0), x);
    }

    [Theory]
    [InlineData("2,3,2,2", 3, Layout.Contiguous)]
    [InlineData("2,3,2,2", 3, Layout.Transposed)]
    [InlineData("4,3", 3, Layout.Contiguous)]
    [InlineData("4,3", 3, Layout.Transposed)]
    [InlineData("4,3", 1, Layout.Sliced)]
    [InlineData("2,3,5", 1, Layout.Contiguous)]
    [InlineData("5", 1, Layout.Contiguous)]
    public void PRelu_GradCheck_InputAndWeight(string shape, int weights, Layout layout)
    {
        var x = Input(S(shape), 0x9E1, Values.AwayFromZero, layout);
        var w = Tensor.FromArray(new[] { 0.25, -0.5, 1.5 }[..weights], requiresGrad: true);
        Check(t => Functional.PRelu(t[0], t[1]), x, w);
    }

    [Fact]
    public void PRelu_GradCheck_ScalarWeight()
    {
        var x = Input([3, 4], 0x9E2, Values.AwayFromZero);
        var w = Tensor.Scalar(0.2, DType.Float64, requiresGrad: true);
        Check(t => Functional.PRelu(t[0], t[1]), x, w);
    }

    public static TheoryData<string> ModuleNames => new()
    {
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Gelu", "GeluTanh", "Softplus", "Relu6", "Sign", "Softmax", "LogSoftmax",
    };

    internal static Module<Tensor, Tensor> MakeModule(string name) => name switch
    {
        "Relu" => new Relu(),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "LeakyRelu" => new LeakyRelu(0.05),
        "Elu" => new Elu(0.8),
        "Gelu" => new Gelu(),
        "GeluTanh" => new Gelu(GeluApproximation.Tanh),
        "Softplus" => new Softplus(beta: 1.5, threshold: 10),
        "Relu6" => new Relu6(),
        "Sign" => new Sign(),
        "Softmax" => new Softmax(1),
        "LogSoftmax" => new LogSoftmax(-1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_GradCheck(string name)
    {
        var module = MakeModule(name);
        Check(t => module.Forward(t[0]), Input([4, 3], 0x30D, Values.AwayFromZero, Layout.Transposed));
    }

    [Theory]
    [InlineData(1, "3,4")]
    [InlineData(3, "2,3,2,2")]
    [InlineData(3, "4,3")]
    public void PReluModule_GradCheck_InputAndWeight(int numParameters, string shape)
    {
        var module = new PRelu(numParameters, init: -0.3, dtype: DType.Float64);
        var x = Input(S(shape), 0x9E3, Values.AwayFromZero);
        // GradCheck perturbs module.Weight in place, so the module sees the perturbation.
        Check(t => module.Forward(t[0]), x, module.Weight);
    }
}
