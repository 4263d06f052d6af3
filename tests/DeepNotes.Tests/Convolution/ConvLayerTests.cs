using DeepNotes;
using DeepNotes.Layers;

namespace DeepNotes.Tests.Convolution;

/// <summary>Layer construction: parameter shapes, counts and names, PyTorch's init bounds, Describe, FLOPs and bad-input messages.</summary>
public class ConvLayerTests
{
    [Theory]
    [InlineData(1, 32, 3)]
    [InlineData(32, 64, 3)]
    [InlineData(3, 16, 5)]
    [InlineData(8, 4, 1)]
    public void ParameterCount_IsKKCinCoutPlusCout(int cin, int cout, int k)
    {
        Assert.Equal(k * k * cin * cout + cout, new Conv2D(cin, cout, k).ParameterCount());
        Assert.Equal(k * k * cin * cout, new Conv2D(cin, cout, k, bias: false).ParameterCount());
        Assert.Equal(k * cin * cout + cout, new Conv1D(cin, cout, k).ParameterCount());
        Assert.Equal(k * k * cin * cout + cout, new ConvTranspose2D(cin, cout, k).ParameterCount());
    }

    [Fact]
    public void Shapes_AndStateDictNames_ArePyTorchs()
    {
        var conv = new Conv2D(6, 8, (3, 5), groups: 2);
        Assert.Equal([8, 3, 3, 5], conv.Weight.Shape.ToArray());
        Assert.Equal([8], conv.Bias!.Shape.ToArray());
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        var up = new ConvTranspose2D(6, 8, 3, groups: 2);
        Assert.Equal([6, 4, 3, 3], up.Weight.Shape.ToArray());
        Assert.Equal([4, 2, 7], new Conv1D(2, 4, 7).Weight.Shape.ToArray());
        Assert.Null(new Conv2D(1, 2, 3, bias: false).Bias);
    }

    [Fact]
    public void DefaultInit_IsWithinOneOverSqrtFanIn_AndFillsTheRange()
    {
        var conv = new Conv2D(16, 32, 3, generator: new Generator(1));
        double bound = 1 / Math.Sqrt(16 * 9);
        float[] w = conv.Weight.ToArray<float>(), b = conv.Bias!.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.All(b, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound);
        // ConvTranspose2D: PyTorch's fan-in comes from weight.shape[1] = out/groups.
        var up = new ConvTranspose2D(16, 4, 3, generator: new Generator(2));
        double upBound = 1 / Math.Sqrt(4 * 9);
        float[] uw = up.Weight.ToArray<float>();
        Assert.All(uw, v => Assert.InRange(v, -upBound, upBound));
        Assert.True(uw.Max() > 0.9 * upBound);
    }

    [Fact]
    public void Describe_AndFlops()
    {
        Assert.Equal("Conv2D(in: 1, out: 32, kernel: 3x3, stride: 1, padding: 1, bias: true)", new Conv2D(1, 32, 3, padding: 1).Describe());
        Assert.Equal("Conv2D(in: 4, out: 4, kernel: 3x3, stride: 1, padding: same, dilation: 2, groups: 4, bias: false)",
            new Conv2D(4, 4, 3, padding: Padding.Same, dilation: 2, groups: 4, bias: false).Describe());
        Assert.Equal("Conv1D(in: 2, out: 3, kernel: 5, stride: 2, padding: 1, bias: true)", new Conv1D(2, 3, 5, stride: 2, padding: 1).Describe());
        Assert.Equal("ConvTranspose2D(in: 8, out: 4, kernel: 3x3, stride: 2, padding: 1, output padding: 1, bias: true)",
            new ConvTranspose2D(8, 4, 3, stride: 2, padding: 1, outputPadding: 1).Describe());

        var conv = new Conv2D(32, 64, 3, padding: 1);
        var x = Tensor.Zeros([2, 32, 28, 28]);
        long outputs = 2L * 64 * 28 * 28;
        Assert.Equal(2 * outputs * 32 * 9 + outputs, conv.EstimateForwardFlops(x, conv.Forward(x)));
        var up = new ConvTranspose2D(8, 4, 3, stride: 2, bias: false);
        var xu = Tensor.Zeros([1, 8, 5, 5]);
        Assert.Equal(2L * 8 * 25 * 4 * 9, up.EstimateForwardFlops(xu, up.Forward(xu)));
    }

    [Fact]
    public void BadInputs_ThrowMessagesNamingInputKernelStrideAndPadding()
    {
        var conv = new Conv2D(1, 32, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([8, 1, 2, 2])));
        Assert.StartsWith("Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0) expects input [N, 1, H, W] with H, W >= 3, got [8, 1, 2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([8, 3, 28, 28])));
        Assert.StartsWith("Conv2D(1 -> 32, kernel 3x3, stride 1, padding 0) expects input [N, 1, H, W], got [8, 3, 28, 28]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([1, 28, 28])));
        Assert.Contains("got [1, 28, 28]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv2D(2, 4, (5, 3), stride: 2, padding: 1, dilation: 2).Forward(Tensor.Zeros([1, 2, 4, 9])));
        Assert.StartsWith("Conv2D(2 -> 4, kernel 5x3, stride 2, padding 1, dilation 2) expects input [N, 2, H, W] with H >= 7, W >= 3, got [1, 2, 4, 9]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv1D(3, 4, 5).Forward(Tensor.Zeros([2, 3, 4])));
        Assert.StartsWith("Conv1D(3 -> 4, kernel 5, stride 1, padding 0) expects input [N, 3, L] with L >= 5, got [2, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([8, 1, 28, 28], DType.Float64)));
        Assert.Contains("Float32 parameters, got a Float64 input", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ConvTranspose2D(4, 2, 3).Forward(Tensor.Zeros([1, 2, 5, 5])));
        Assert.StartsWith("ConvTranspose2D(4 -> 2, kernel 3x3, stride 1, padding 0) expects input [N, 4, H, W], got [1, 2, 5, 5]", e.Message);
    }

    [Fact]
    public void BadHyperParameters_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 3, groups: 2));
        Assert.Contains("not supported for strided", Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 3, stride: 2, padding: Padding.Same)).Message);
        Assert.Contains("output padding", Assert.Throws<ArgumentException>(() => new ConvTranspose2D(3, 4, 3, stride: 2, outputPadding: 2)).Message);
        Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 0));
        Assert.Throws<ArgumentException>(() => new Conv2D(3, 4, 3, stride: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2D(3, 4, 3, padding: -1));
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv2D(Tensor.Zeros([1, 2, 5, 5]), Tensor.Zeros([4, 2, 3, 3]), Tensor.Zeros([3])));
        Assert.Contains("bias must be [4], got [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv2D(Tensor.Zeros([1, 2, 5, 5]), Tensor.Zeros([4, 2, 3])));
        Assert.Contains("weight must be [out, in/groups, kH, kW], got [4, 2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.Conv2D(Tensor.Zeros([1, 2, 5, 5], DType.Int32), Tensor.Zeros([4, 2, 3, 3])));
        Assert.Contains("floating-point", e.Message);
    }

    [Fact]
    public void Float64Layer_AndToDType_Work()
    {
        var conv = new Conv2D(2, 3, 3, padding: 1, generator: new Generator(3));
        var x = Tensor.Randn([1, 2, 4, 4], generator: new Generator(4));
        float[] y32 = conv.Forward(x).ToArray<float>();
        conv.To(DType.Float64);
        double[] y64 = conv.Forward(x.To(DType.Float64)).ToArray<double>();
        for (int i = 0; i < y32.Length; i++) Assert.Equal(y64[i], y32[i], 1e-5);
    }
}
