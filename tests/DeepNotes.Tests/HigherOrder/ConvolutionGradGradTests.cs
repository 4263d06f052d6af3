using DeepNotes;
using DeepNotes.Kernels;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second (and one third) derivatives of the convolutions: 1-D, 2-D and 3-D, plain and transposed, over stride, padding
/// (explicit, asymmetric 'same', valid, reflect/replicate/circular modes), dilation, groups, bias and output padding,
/// with contiguous, transposed and sliced inputs, and every kernel path (im2col, direct, Winograd).
/// </summary>
public class ConvolutionGradGradTests
{
    /// <summary>A 2-D convolution configuration: input shape, weight shape, bias, and the call.</summary>
    private sealed record Conv2DCase(int[] X, int[] W, bool Bias, Func<Tensor, Tensor, Tensor?, Tensor> F);

    private static readonly Dictionary<string, Conv2DCase> s_conv2D = new()
    {
        ["plain"] = new([2, 2, 3, 4], [3, 2, 2, 2], true, (x, w, b) => Functional.Conv2D(x, w, b)),
        ["stride (2, 1), padding (1, 0)"] = new([1, 2, 4, 3], [2, 2, 2, 2], true, (x, w, b) => Functional.Conv2D(x, w, b, stride: (2, 1), padding: (1, 0))),
        ["stride 3, padding 1 (unused rows)"] = new([1, 1, 5, 5], [2, 1, 2, 2], false, (x, w, b) => Functional.Conv2D(x, w, b, stride: 3, padding: 1)),
        ["same, even kernel (asymmetric)"] = new([1, 2, 3, 4], [2, 2, 2, 3], true, (x, w, b) => Functional.Conv2D(x, w, b, padding: Padding.Same)),
        ["same, dilation 2"] = new([1, 1, 4, 4], [2, 1, 2, 2], false, (x, w, b) => Functional.Conv2D(x, w, b, padding: Padding.Same, dilation: 2)),
        ["valid, dilation (2, 1)"] = new([1, 2, 4, 3], [2, 2, 2, 2], true, (x, w, b) => Functional.Conv2D(x, w, b, padding: Padding.Valid, dilation: (2, 1))),
        ["groups 2"] = new([1, 4, 3, 3], [4, 2, 2, 2], true, (x, w, b) => Functional.Conv2D(x, w, b, groups: 2)),
        ["depthwise, stride 2, padding 1"] = new([2, 2, 4, 4], [4, 1, 3, 3], true, (x, w, b) => Functional.Conv2D(x, w, b, stride: 2, padding: 1, groups: 2)),
        ["pointwise 1x1"] = new([2, 3, 2, 3], [2, 3, 1, 1], false, (x, w, b) => Functional.Conv2D(x, w, b)),
    };

    public static TheoryData<string, Layout> Conv2DCases()
    {
        var data = new TheoryData<string, Layout>();
        foreach (string name in s_conv2D.Keys)
            foreach (Layout layout in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced })
                data.Add(name, layout);
        return data;
    }

    /// <summary>
    /// The convolution alone (bilinear: its second derivatives are the transposed convolution and the weight gradient)
    /// and squared (so the second derivative composes two convolutions), with x and w in the given layout.
    /// </summary>
    [Theory]
    [MemberData(nameof(Conv2DCases))]
    public void Conv2D(string name, Layout layout)
    {
        Conv2DCase c = s_conv2D[name];
        Tensor x = Input(c.X, 1, layout: layout), w = Input(c.W, 2, layout: layout);
        Tensor[] inputs = c.Bias ? [x, w, Input([c.W[0]], 3)] : [x, w];
        Assert.True(GradCheck.GradGradCheck(t => c.F(t[0], t[1], c.Bias ? t[2] : null), inputs));
        Assert.True(GradCheck.GradGradCheck(t => c.F(t[0], t[1], c.Bias ? t[2] : null).Square(), inputs));
    }

    [Fact]
    public void Conv2D_NonContiguousOutputGradient_AndSharedWeight()
    {
        // the gradient reaching the convolution is a transposed view; the weight is used twice (its gradients add up)
        Tensor x = Input([1, 2, 3, 3], 4), w = Input([2, 2, 2, 2], 5);
        GradCheck.GradGradCheck(t =>
        {
            Tensor y = Functional.Conv2D(t[0], t[1], padding: 1);
            return Functional.Conv2D(y.Transpose(2, 3).Tanh(), t[1]).Sin() * 2;
        }, x, w);
    }

    [Theory]
    [InlineData((int)ConvPath.Im2Col)]
    [InlineData((int)ConvPath.Direct)]
    [InlineData((int)ConvPath.Winograd)]
    public void EveryKernelPath_SharesTheDifferentiableBackward(int path)
    {
        Conv.ForcedPath = (ConvPath)path;
        try
        {
            Tensor x = Input([1, 2, 4, 4], 6), w = Input([2, 2, 3, 3], 7), b = Input([2], 8);
            GradCheck.GradGradCheck(t => Functional.Conv2D(t[0], t[1], t[2], padding: 1).Tanh(), x, w, b);
        }
        finally
        {
            Conv.ForcedPath = ConvPath.Auto;
        }
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void Conv1D(Layout layout)
    {
        Tensor x = Input([2, 2, 6], 10, layout: layout), w = Input([4, 1, 3], 11, layout: layout), b = Input([4], 12);
        GradCheck.GradGradCheck(t => Functional.Conv1D(t[0], t[1], t[2], stride: 2, padding: 1, groups: 2).Square(), x, w, b);
        GradCheck.GradGradCheck(t => Functional.Conv1D(t[0], t[1], padding: Padding.Same, dilation: 2, groups: 2).Tanh(), x, w);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Sliced)]
    public void Conv3D(Layout layout)
    {
        Tensor x = Input([1, 2, 3, 3, 3], 13, layout: layout), w = Input([2, 1, 2, 2, 2], 14, layout: layout), b = Input([2], 15);
        GradCheck.GradGradCheck(t => Functional.Conv3D(t[0], t[1], t[2], stride: (2, 1, 1), padding: (1, 0, 1), groups: 2).Square(), x, w, b);
        GradCheck.GradGradCheck(t => Functional.Conv3D(t[0], t[1], padding: Padding.Same, dilation: (1, 2, 1), groups: 2), x, w);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void ConvTranspose2D(Layout layout)
    {
        Tensor x = Input([1, 2, 2, 3], 16, layout: layout), w = Input([2, 2, 2, 2], 17, layout: layout), b = Input([2], 18);
        GradCheck.GradGradCheck(t => Functional.ConvTranspose2D(t[0], t[1], t[2], stride: 2, padding: (1, 0), outputPadding: (1, 0)).Square(), x, w, b);
        Tensor wg = Input([2, 1, 2, 2], 19, layout: layout);
        GradCheck.GradGradCheck(t => Functional.ConvTranspose2D(t[0], t[1], stride: (1, 2), groups: 2, dilation: 2).Tanh(), x, wg);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Sliced)]
    public void ConvTranspose1DAnd3D(Layout layout)
    {
        Tensor x1 = Input([2, 2, 3], 20, layout: layout), w1 = Input([2, 2, 3], 21, layout: layout), b1 = Input([4], 22);
        GradCheck.GradGradCheck(t => Functional.ConvTranspose1D(t[0], t[1], t[2], stride: 3, padding: 1, outputPadding: 2, groups: 2, dilation: 1).Square(), x1, w1, b1);
        Tensor x3 = Input([1, 1, 2, 2, 2], 23, layout: layout), w3 = Input([1, 2, 2, 2, 2], 24, layout: layout), b3 = Input([2], 25);
        GradCheck.GradGradCheck(t => Functional.ConvTranspose3D(t[0], t[1], t[2], stride: (2, 1, 2), padding: (0, 1, 0), outputPadding: (1, 0, 0)).Tanh(), x3, w3, b3);
    }

    /// <summary>The layers, with their weight and bias among the checked inputs, in every padding mode.</summary>
    [Theory]
    [InlineData(PaddingMode.Constant)]
    [InlineData(PaddingMode.Reflect)]
    [InlineData(PaddingMode.Replicate)]
    [InlineData(PaddingMode.Circular)]
    public void Layers_InEveryPaddingMode(PaddingMode mode)
    {
        CheckLayer(new Conv1D(2, 2, 3, padding: 2, dilation: 2, paddingMode: mode), [1, 2, 4], 30);
        CheckLayer(new Conv2D(1, 2, (2, 3), padding: (1, 2), paddingMode: mode), [1, 1, 3, 3], 31);
        CheckLayer(new Conv2D(2, 2, 3, padding: Padding.Same, groups: 2, bias: false, paddingMode: mode), [1, 2, 3, 3], 32);
        CheckLayer(new Conv3D(1, 1, 2, padding: (1, 0, 1), paddingMode: mode), [1, 1, 2, 2, 3], 33);
    }

    /// <summary>The padding the layers' modes run on: reflect, replicate and circular pads (and crops) of 1-D to 3-D inputs.</summary>
    [Theory]
    [InlineData(PaddingMode.Reflect)]
    [InlineData(PaddingMode.Replicate)]
    [InlineData(PaddingMode.Circular)]
    public void Pad_InEveryMode(PaddingMode mode)
    {
        Tensor x = Input([1, 2, 3, 3], 37, layout: Layout.Transposed);
        GradCheck.GradGradCheck(t => Functional.Pad(t[0], [2, 1, 1, -1], mode).Square() * Functional.Pad(t[0], [1, 0, 0, 2], mode).Sum(), x);
        Tensor v = Input([1, 1, 2, 2, 3], 38);
        GradCheck.GradGradCheck(t => Functional.Pad(t[0], [1, 1, 0, 1, 1, 0], mode).Tanh(), v);
    }

    [Fact]
    public void TransposedLayers()
    {
        CheckLayer(new ConvTranspose1D(2, 2, 2, stride: 2, groups: 2), [2, 2, 2], 34);
        CheckLayer(new ConvTranspose2D(2, 1, 2, stride: 2, padding: 1, outputPadding: 1), [1, 2, 2, 2], 35);
        CheckLayer(new ConvTranspose3D(1, 2, (1, 2, 2), stride: (1, 2, 1), bias: false), [1, 1, 2, 2, 2], 36);
    }

    private static void CheckLayer(Module<Tensor, Tensor> layer, int[] shape, ulong seed)
    {
        layer.To(DType.Float64);
        Tensor x = Input(shape, seed);
        GradCheck.GradGradCheck(t => layer.Forward(t[0]).Tanh(), [x, .. layer.Parameters()]);
    }

    /// <summary>Third derivatives: the createGraph gradient of a tanh of a convolution, differentiated twice more.</summary>
    [Fact]
    public void ThirdOrder()
    {
        Tensor x = Input([1, 2, 3, 3], 40), w = Input([2, 1, 2, 2], 41), b = Input([2], 42);
        GradCheck.GradGradCheck(t =>
        {
            Tensor s = Functional.Conv2D(t[0], t[1], t[2], stride: (1, 2), padding: 1, groups: 2).Tanh().Sum();
            Tensor[] g = Autograd.Grad(s, [t[0], t[1], t[2]], createGraph: true);
            return Tensor.Cat(g.Select(v => v.Reshape(-1)).ToArray());
        }, x, w, b);
        Tensor xt = Input([1, 2, 2, 2], 43), wt = Input([2, 1, 2, 2], 44);
        GradCheck.GradGradCheck(t =>
        {
            Tensor s = Functional.ConvTranspose2D(t[0], t[1], stride: 2).Sin().Sum();
            Tensor[] g = Autograd.Grad(s, [t[0], t[1]], createGraph: true);
            return Tensor.Cat(g.Select(v => v.Reshape(-1)).ToArray());
        }, xt, wt);
    }

    /// <summary>The createGraph gradients equal the fused first-order ones, and carry a graph only when asked for.</summary>
    [Theory]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void CreateGraphGradients_EqualTheFirstOrderOnes(int dims, bool transposed)
    {
        Tensor x = Input(dims == 2 ? [2, 2, 4, 5] : [1, 2, 3, 4, 3], 50), b = Input([4], 52);
        Tensor w = Input(dims == 2 ? [transposed ? 2 : 4, 2, 2, 3] : [transposed ? 2 : 4, 2, 2, 2, 3], 51);
        Tensor F(Tensor[] t) => (dims, transposed) switch
        {
            (2, false) => Functional.Conv2D(t[0], t[1], t[2], stride: 2, padding: (1, 2)),
            (2, true) => Functional.ConvTranspose2D(t[0], t[1], t[2], stride: 2, padding: (1, 0), outputPadding: 1, groups: 2),
            (_, false) => Functional.Conv3D(t[0], t[1], t[2], padding: Padding.Same, dilation: (1, 1, 2)),
            _ => Functional.ConvTranspose3D(t[0], t[1], t[2], stride: (2, 1, 2), groups: 2),
        };
        Tensor[] first = Autograd.Grad(F([x, w, b]).Square().Sum(), [x, w, b]);
        Tensor[] second = Autograd.Grad(F([x, w, b]).Square().Sum(), [x, w, b], createGraph: true);
        for (int i = 0; i < 3; i++)
        {
            Assert.False(first[i].RequiresGrad);
            Assert.True(second[i].RequiresGrad);
            AssertClose(D(first[i]), second[i], 1e-12, 1e-12, shape: first[i].Shape.ToArray());
        }
    }

    [Fact]
    public void DoubleBackward_RecordsTheAdjointOps_InFloat32Too()
    {
        Tensor[] HessianRowSums(DType dtype)
        {
            Tensor x = Input([1, 1, 3, 3], 60, dtype: dtype), w = Input([1, 1, 2, 2], 61, dtype: dtype);
            Tensor[] g = Autograd.Grad(Functional.Conv2D(x, w, padding: 1).Square().Sum(), [x, w], createGraph: true);
            Assert.Equal("ConvolutionBackwardWeightBackward", g[1].GradFnName);
            Assert.Equal("ConvolutionBackward", g[0].GradFnName); // the input gradient is a recorded transposed convolution
            return Autograd.Grad(g[0].Sum() + g[1].Sum(), [x, w]);
        }
        Tensor[] f32 = HessianRowSums(DType.Float32), f64 = HessianRowSums(DType.Float64);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(DType.Float32, f32[i].DType);
            AssertFloat32Agrees(f64[i], f32[i]);
        }
    }
}
