using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;

namespace DeepNotes.Tests.Activations;

/// <summary>
/// Float64 GradCheck of the activations of issue 14, as functions (contiguous, transposed and sliced inputs) and as
/// modules. Inputs are |x| in [0.2, 2] (or scaled by 2.2 to reach past ±3 for the hard functions); the kinks are
/// never within the finite-difference step of such draws.
/// </summary>
public class MoreGradCheckTests
{
    private static readonly string[] s_elementwise =
    [
        "Silu", "Mish", "Hardswish", "Hardsigmoid", "Hardtanh", "Hardtanh36", "Hardshrink", "Softshrink", "Tanhshrink", "Softsign",
        "LogSigmoid", "Selu", "Celu", "Celu05", "Threshold", "RReluEval", "RReluTrain", "AlphaDropout", "FeatureAlphaDropout",
    ];

    public static TheoryData<string, Layout> Elementwise()
    {
        var data = new TheoryData<string, Layout>();
        foreach (var name in s_elementwise)
            foreach (var layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    /// <summary>The function under test; random ones take a fresh generator per call so every evaluation draws the same mask.</summary>
    internal static Func<Tensor, Tensor> Function(string name) => name switch
    {
        "Silu" => x => x.Silu(),
        "Mish" => x => Functional.Mish(x),
        "Hardswish" => x => (x * 2.2).Hardswish(),
        "Hardsigmoid" => x => Functional.Hardsigmoid(x * 2.2),
        "Hardtanh" => x => x.Hardtanh(),
        "Hardtanh36" => x => Functional.Hardtanh(x * 2.2, -3, 1.5),
        "Hardshrink" => x => x.Hardshrink(),
        "Softshrink" => x => Functional.Softshrink(x, 0.7),
        "Tanhshrink" => x => x.Tanhshrink(),
        "Softsign" => x => Functional.Softsign(x),
        "LogSigmoid" => x => x.LogSigmoid(),
        "Selu" => x => Functional.Selu(x),
        "Celu" => x => x.Celu(),
        "Celu05" => x => Functional.Celu(x, 0.5),
        "Threshold" => x => x.Threshold(0.5, -2),
        "RReluEval" => x => Functional.RRelu(x, 0.1, 0.3),
        "RReluTrain" => x => Functional.RRelu(x, 0.1, 0.3, training: true, generator: new Generator(11)),
        "AlphaDropout" => x => Functional.AlphaDropout(x, 0.3, training: true, generator: new Generator(12)),
        "FeatureAlphaDropout" => x => Functional.FeatureAlphaDropout(x, 0.4, training: true, generator: new Generator(13)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Elementwise))]
    public void Function_GradCheck(string name, Layout layout)
    {
        var f = Function(name);
        Check(t => f(t[0]), Input([3, 5], 0x14AC + (ulong)name.Length, Values.AwayFromZero, layout));
    }

    [Theory]
    [InlineData(0, Layout.Contiguous)]
    [InlineData(1, Layout.Contiguous)]
    [InlineData(-1, Layout.Contiguous)]
    [InlineData(0, Layout.Transposed)]
    [InlineData(-1, Layout.Transposed)]
    [InlineData(1, Layout.Sliced)]
    [InlineData(-1, Layout.Sliced)]
    public void Softmin_and_Glu_GradCheck_along_axes(int axis, Layout layout)
    {
        var x = Input([2, 4, 6], 0x61E + (ulong)(axis + 3), Values.Normal, layout);
        Check(t => Functional.Softmin(t[0], axis), x);
        Check(t => Functional.Glu(t[0], axis), x);
    }

    internal static readonly string[] ModuleNameList =
    [
        "Silu", "Mish", "Hardswish", "Hardsigmoid", "Hardtanh", "Hardshrink", "Softshrink", "Tanhshrink", "Softsign", "LogSigmoid",
        "Selu", "Celu", "Threshold", "Softmin", "Glu", "RRelu", "RReluEval", "Softmax2D", "AlphaDropout", "FeatureAlphaDropout",
    ];

    public static TheoryData<string> ModuleNames => new(ModuleNameList);

    internal static Module<Tensor, Tensor> MakeModule(string name) => name switch
    {
        "Silu" => new Silu(),
        "Mish" => new Mish(),
        "Hardswish" => new Hardswish(),
        "Hardsigmoid" => new Hardsigmoid(),
        "Hardtanh" => new Hardtanh(-0.5, 1.5),
        "Hardshrink" => new Hardshrink(0.3),
        "Softshrink" => new Softshrink(0.4),
        "Tanhshrink" => new Tanhshrink(),
        "Softsign" => new Softsign(),
        "LogSigmoid" => new LogSigmoid(),
        "Selu" => new Selu(),
        "Celu" => new Celu(0.7),
        "Threshold" => new Threshold(0.1, 20),
        "Softmin" => new Softmin(1),
        "Glu" => new Glu(-1),
        "RRelu" => new RRelu(0.2, 0.4, new Generator(3)),
        "RReluEval" => (Module<Tensor, Tensor>)new RRelu(0.2, 0.4).Eval(),
        "Softmax2D" => new Softmax2D(),
        "AlphaDropout" => new AlphaDropout(0.2, new Generator(4)),
        "FeatureAlphaDropout" => new FeatureAlphaDropout(0.5, new Generator(5)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_GradCheck(string name)
    {
        // a fresh module per evaluation, so the random ones draw the same mask every time
        var x = Input([2, 3, 2, 4], 0x30E, Values.AwayFromZero, Layout.Transposed);
        Check(t => MakeModule(name).Call(t[0]), x);
    }
}
