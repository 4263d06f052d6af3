using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Convolution;

/// <summary>Conv3D, ConvTranspose3D, ConvTranspose1D and padding modes: state dict, PyTorch's init, Describe, Summary FLOPs, errors.</summary>
public class Conv3DLayerTests
{
    [Fact]
    public void StateDict_NamesAndShapes_ArePyTorchs()
    {
        var conv = new Conv3D(6, 8, (3, 5, 2), groups: 2);
        Assert.Equal(["weight", "bias"], conv.StateDict().Keys);
        Assert.Equal([8, 3, 3, 5, 2], conv.StateDict()["weight"].Shape.ToArray());
        Assert.Equal([8], conv.StateDict()["bias"].Shape.ToArray());
        var up = new ConvTranspose3D(6, 8, 3, groups: 2);
        Assert.Equal([6, 4, 3, 3, 3], up.Weight.Shape.ToArray());
        Assert.Equal([8], up.Bias!.Shape.ToArray());
        var up1 = new ConvTranspose1D(4, 6, 5, groups: 2, bias: false);
        Assert.Equal(["weight"], up1.StateDict().Keys);
        Assert.Equal([4, 3, 5], up1.Weight.Shape.ToArray());
        Assert.Null(up1.Bias);
        Assert.Equal(3 * 64 * 27 + 64, new Conv3D(3, 64, 3).ParameterCount());
        // A padding mode changes nothing in the state dict (PyTorch's neither).
        Assert.Equal(["weight", "bias"], new Conv3D(2, 2, 3, paddingMode: PaddingMode.Reflect).StateDict().Keys);
    }

    [Fact]
    public void DefaultInit_IsWithinOneOverSqrtFanIn()
    {
        var conv = new Conv3D(4, 16, 3, generator: new Generator(1));
        double bound = 1 / Math.Sqrt(4 * 27);
        float[] w = conv.Weight.ToArray<float>(), b = conv.Bias!.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound);
        // Transposed: fan-in from weight.shape[1] = out/groups, as PyTorch.
        var up = new ConvTranspose3D(16, 4, 2, generator: new Generator(2));
        double upBound = 1 / Math.Sqrt(4 * 8);
        float[] uw = up.Weight.ToArray<float>();
        Assert.All(uw, v => Assert.InRange(v, -upBound, upBound));
        Assert.True(uw.Max() > 0.9 * upBound && uw.Min() < -0.9 * upBound);
        var up1 = new ConvTranspose1D(16, 6, 4, groups: 2, generator: new Generator(3));
        double up1Bound = 1 / Math.Sqrt(3 * 4);
        float[] u1 = up1.Weight.ToArray<float>();
        Assert.All(u1, v => Assert.InRange(v, -up1Bound, up1Bound));
        Assert.True(u1.Max() > 0.8 * up1Bound);
    }

    [Fact]
    public void Describe_ShowsTheArguments()
    {
        Assert.Equal("Conv3D(in: 3, out: 64, kernel: 3x3x3, stride: 1, padding: 1, bias: true)", new Conv3D(3, 64, 3, padding: 1).Describe());
        Assert.Equal("Conv3D(in: 4, out: 4, kernel: 1x3x3, stride: (1, 2, 2), padding: (0, 1, 1), dilation: (1, 2, 2), groups: 2, bias: false, padding mode: reflect)",
            new Conv3D(4, 4, (1, 3, 3), stride: (1, 2, 2), padding: (0, 1, 1), dilation: (1, 2, 2), groups: 2, bias: false, paddingMode: PaddingMode.Reflect).Describe());
        Assert.Equal("Conv3D(in: 2, out: 2, kernel: 3x3x3, stride: 1, padding: same, bias: true)", new Conv3D(2, 2, 3, padding: Padding.Same).Describe());
        Assert.Equal("ConvTranspose3D(in: 8, out: 4, kernel: 3x3x3, stride: 2, padding: 1, output padding: (1, 0, 1), bias: true)",
            new ConvTranspose3D(8, 4, 3, stride: 2, padding: 1, outputPadding: (1, 0, 1)).Describe());
        Assert.Equal("ConvTranspose1D(in: 8, out: 4, kernel: 4, stride: 2, padding: 1, output padding: 1, dilation: 2, bias: true)",
            new ConvTranspose1D(8, 4, 4, stride: 2, padding: 1, outputPadding: 1, dilation: 2).Describe());
        Assert.Equal("Conv2D(in: 1, out: 2, kernel: 3x3, stride: 1, padding: 1, bias: true, padding mode: circular)",
            new Conv2D(1, 2, 3, padding: 1, paddingMode: PaddingMode.Circular).Describe());
        Assert.Equal("Conv1D(in: 1, out: 2, kernel: 3, stride: 1, padding: 1, bias: true, padding mode: replicate)",
            new Conv1D(1, 2, 3, padding: 1, paddingMode: PaddingMode.Replicate).Describe());
    }

    [Fact]
    public void Summary_CountsFlops()
    {
        var model = new Sequential(new Conv3D(3, 8, 3, padding: 1), new ConvTranspose3D(8, 4, 2, stride: 2, bias: false),
            new Conv3D(4, 2, 3, paddingMode: PaddingMode.Replicate, padding: 1));
        var summary = model.Summary([2, 3, 4, 6, 6]);
        long out1 = 2L * 8 * 4 * 6 * 6;
        Assert.Equal(2 * out1 * 3 * 27 + out1, summary.Layers[0].Flops);
        Assert.Equal(2L * out1 * 4 * 8, summary.Layers[1].Flops); // every input element meets out/groups·kD·kH·kW taps
        Assert.Equal(new Shape(2, 4, 8, 12, 12), summary.Layers[1].OutputShapes.Single());
        long out3 = 2L * 2 * 8 * 12 * 12;
        Assert.Equal(2 * out3 * 4 * 27 + out3, summary.Layers[2].Flops);
        var up1 = new ConvTranspose1D(4, 6, 3, stride: 2);
        var x = Tensor.Zeros([2, 4, 5]);
        Assert.Equal(2L * 6 * 11 + 2L * 40 * 6 * 3, up1.EstimateForwardFlops(x, up1.Forward(x)));
    }

    [Fact]
    public void BadInputs_ThrowMessagesNamingTheLayer()
    {
        var conv = new Conv3D(3, 8, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 3, 2, 5, 5])));
        Assert.StartsWith("Conv3D(3 -> 8, kernel 3x3x3, stride 1, padding 0) expects input [N, 3, D, H, W] with D, H, W >= 3, got [1, 3, 2, 5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 3, 5, 5])));
        Assert.StartsWith("Conv3D(3 -> 8, kernel 3x3x3, stride 1, padding 0) expects input [N, 3, D, H, W], got [1, 3, 5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 4, 5, 5, 5])));
        Assert.Contains("got [1, 4, 5, 5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv3D(2, 4, (1, 5, 3), stride: 2, padding: (0, 1, 1), dilation: 2).Forward(Tensor.Zeros([1, 2, 3, 4, 9])));
        Assert.StartsWith("Conv3D(2 -> 4, kernel 1x5x3, stride 2, padding (0, 1, 1), dilation 2) expects input [N, 2, D, H, W] with D >= 1, H >= 7, W >= 3, got [1, 2, 3, 4, 9]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 3, 5, 5, 5], DType.Float64)));
        Assert.Contains("Float32 parameters, got a Float64 input", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ConvTranspose3D(4, 2, 3).Forward(Tensor.Zeros([1, 2, 5, 5, 5])));
        Assert.StartsWith("ConvTranspose3D(4 -> 2, kernel 3x3x3, stride 1, padding 0) expects input [N, 4, D, H, W], got [1, 2, 5, 5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ConvTranspose3D(2, 2, 3, padding: 3).Forward(Tensor.Zeros([1, 2, 1, 2, 2])));
        Assert.Contains("positive output size", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ConvTranspose1D(4, 2, 3).Forward(Tensor.Zeros([1, 2, 5])));
        Assert.StartsWith("ConvTranspose1D(4 -> 2, kernel 3, stride 1, padding 0) expects input [N, 4, L], got [1, 2, 5]", e.Message);
        // Reflect padding must be smaller than the input (Functional.Pad's rule, as PyTorch).
        e = Assert.Throws<ArgumentException>(() => new Conv3D(1, 1, 3, padding: 2, paddingMode: PaddingMode.Reflect).Forward(Tensor.Zeros([1, 1, 2, 4, 4])));
        Assert.Contains("reflect padding must be smaller", e.Message);
    }

    [Fact]
    public void BadHyperParameters_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Conv3D(3, 4, 3, groups: 2));
        Assert.Contains("not supported for strided", Assert.Throws<ArgumentException>(() => new Conv3D(3, 4, 3, stride: (1, 1, 2), padding: Padding.Same)).Message);
        Assert.Contains("output padding", Assert.Throws<ArgumentException>(() => new ConvTranspose3D(3, 4, 3, stride: (2, 2, 1), outputPadding: (1, 1, 1))).Message);
        Assert.Contains("output padding", Assert.Throws<ArgumentException>(() => new ConvTranspose1D(3, 4, 3, stride: 2, outputPadding: 2)).Message);
        Assert.Contains("kernel size must be positive", Assert.Throws<ArgumentException>(() => new Conv3D(3, 4, (3, 0, 3))).Message);
        Assert.Contains("stride must be at least 1", Assert.Throws<ArgumentException>(() => new Conv3D(3, 4, 3, stride: (0, 1, 1))).Message);
        Assert.Contains("dilation must be at least 1", Assert.Throws<ArgumentException>(() => new ConvTranspose3D(3, 4, 3, dilation: (1, 0, 1))).Message);
        Assert.Contains("padding must be non-negative", Assert.Throws<ArgumentException>(() => new ConvTranspose3D(3, 4, 3, padding: (0, -1, 0))).Message);
        Assert.Contains("padding must be non-negative", Assert.Throws<ArgumentException>(() => new ConvTranspose1D(3, 4, 3, padding: -1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv3D(3, 4, 3, padding: (1, -1, 1)));
        Assert.Contains("in channels (2) must be divisible by groups (3)", Assert.Throws<ArgumentException>(() =>
            Functional.ConvTranspose3D(Tensor.Zeros([1, 2, 3, 3, 3]), Tensor.Zeros([2, 2, 3, 3, 3]), groups: 3)).Message);
        // A 3-D padding needs three values or one; a 2-D convolution does not take three different values.
        Assert.Contains("a 3-D padding is one number or (depth, height, width), got (1, 2)",
            Assert.Throws<ArgumentException>(() => new Conv3D(3, 4, 3, padding: (1, 2))).Message);
        Assert.Contains("a 2-D padding is one number or (height, width), got (1, 2, 2)",
            Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 3, padding: (1, 2, 2))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv3D(3, 4, 3, paddingMode: (PaddingMode)17));
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv3D(Tensor.Zeros([1, 2, 5, 5, 5]), Tensor.Zeros([4, 2, 3, 3, 3]), Tensor.Zeros([3])));
        Assert.Contains("bias must be [4], got [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3D(Tensor.Zeros([1, 2, 5, 5, 5]), Tensor.Zeros([4, 2, 3, 3])));
        Assert.Contains("weight must be [out, in/groups, kD, kH, kW], got [4, 2, 3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.ConvTranspose3D(Tensor.Zeros([1, 2, 5, 5, 5]), Tensor.Zeros([2, 2, 3, 3])));
        Assert.Contains("weight must be [in, out/groups, kD, kH, kW], got [2, 2, 3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.ConvTranspose1D(Tensor.Zeros([1, 2, 5]), Tensor.Zeros([2, 2, 3]), groups: 4));
        Assert.Contains("in channels (2) must be divisible by groups (4)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3D(Tensor.Zeros([1, 2, 5, 5, 5], DType.Int32), Tensor.Zeros([4, 2, 3, 3, 3])));
        Assert.Contains("floating-point", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv3D(Tensor.Zeros([1, 2, 5, 5, 5], DType.Float64), Tensor.Zeros([4, 2, 3, 3, 3])));
        Assert.Contains("Conv3D", e.Message);
    }

    [Fact]
    public void Padding_WithDepth_ConvertsAndCompares()
    {
        Padding p = (1, 2, 3);
        Assert.Equal((1, 2, 3), (p.Depth, p.Height, p.Width));
        Assert.Equal("(1, 2, 3)", p.ToString());
        Padding one = 2;
        Assert.Equal(2, one.Depth);
        Assert.Equal(one, new Padding(2, 2, 2));
        Assert.Equal("2", new Padding(2, 2, 2).ToString());
        Assert.Equal(-1, ((Padding)(1, 2)).Depth);
        Assert.NotEqual((Padding)(1, 2, 3), (Padding)(2, 2, 3));
        Assert.Equal(0, Padding.Same.Depth);
    }

    [Fact]
    public void Float64Layers_RunAndSameKeepsTheSize()
    {
        var conv = new Conv3D(2, 3, (2, 3, 4), padding: Padding.Same, dilation: (2, 1, 1), dtype: DType.Float64);
        Assert.Equal([1, 3, 5, 6, 7], conv.Forward(Tensor.Zeros([1, 2, 5, 6, 7], DType.Float64)).Shape.ToArray());
        var valid = new Conv3D(2, 3, 3, padding: Padding.Valid);
        Assert.Equal([1, 3, 3, 4, 5], valid.Forward(Tensor.Zeros([1, 2, 5, 6, 7])).Shape.ToArray());
        var up = new ConvTranspose3D(2, 3, 2, stride: 2);
        Assert.Equal([1, 3, 10, 12, 14], up.Forward(Tensor.Zeros([1, 2, 5, 6, 7])).Shape.ToArray());
    }
}
