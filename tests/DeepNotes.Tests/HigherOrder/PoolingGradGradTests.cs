using DeepNotes;
using DeepNotes.Tests.HigherOrder.Coverage;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Second derivatives of pooling, padding, grid sampling, embeddings and channel dropout, over the options that change
/// their backward and over contiguous, transposed and sliced inputs; and the gradients of <c>createGraph</c> passes
/// (recorded ops, composites) equal to the fused first-order ones.
/// </summary>
public class PoolingGradGradTests
{
    private static Tensor Distinct(ulong seed, params int[] shape) => PoolingSamplingGradGradCases.Distinct(seed, shape);

    private static Tensor Randn(ulong seed, params int[] shape) => GradGradInputs.Randn(seed, shape);

    /// <summary>GradGradCheck of f(x)² and of f on a transposed and on a sliced view of x (non-contiguous inputs).</summary>
    private static void CheckLayouts(Func<Tensor, Tensor> f, Tensor x)
    {
        GradCheck.GradGradCheck(t => f(t[0]).Square(), x);
        int r = x.Rank;
        GradCheck.GradGradCheck(t => f(t[0].Transpose(r - 1, r - 2)).Square(), x);
        if (x.Shape[-1] > 2) GradCheck.GradGradCheck(t => f(t[0].Narrow(r - 1, 1, x.Shape[-1] - 1)) * f(t[0].Narrow(r - 1, 0, x.Shape[-1] - 1)), x);
    }

    /// <summary>The gradient of sum(f(x)·w) from a createGraph pass equals the first-order (fused) one.</summary>
    private static void SameGradients(Func<Tensor[], Tensor> f, double tolerance, params Tensor[] inputs)
    {
        Tensor y = f(inputs);
        Tensor w = Tensor.Rand(y.Shape, y.DType, new Generator(3)) + 0.5;
        Tensor[] first = Autograd.Grad((f(inputs) * w).Sum(), inputs);
        Tensor[] second = Autograd.Grad((f(inputs) * w).Sum(), inputs, createGraph: true);
        for (int i = 0; i < inputs.Length; i++)
        {
            double[] a = first[i].To(DType.Float64).ToArray<double>(), b = second[i].To(DType.Float64).ToArray<double>();
            Assert.Equal(a.Length, b.Length);
            for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= tolerance, $"input {i}, element {k}: {a[k]} vs {b[k]}");
        }
    }

    [Theory]
    [InlineData(2, 2, 0, 1, false)]
    [InlineData(3, 2, 1, 1, false)]
    [InlineData(3, 2, 1, 1, true)]
    [InlineData(2, 1, 1, 2, false)]
    [InlineData(3, 3, 1, 1, true)]
    public void MaxPool2D(int kernel, int stride, int padding, int dilation, bool ceil)
    {
        CheckLayouts(x => Functional.MaxPool2D(x, kernel, stride, padding, dilation, ceil), Distinct(100, 1, 2, 5, 6));
        CheckLayouts(x => Functional.MaxPool1D(x, kernel, stride, padding, dilation, ceil), Distinct(101, 1, 5, 7));
    }

    [Theory]
    [InlineData(2, 1, 0, 1, false)]
    [InlineData(3, 2, 1, 1, true)]
    [InlineData(2, 1, 1, 2, false)]
    public void MaxPool3D(int kernel, int stride, int padding, int dilation, bool ceil) =>
        CheckLayouts(x => Functional.MaxPool3D(x, kernel, stride, padding, dilation, ceil), Distinct(102, 1, 1, 3, 4, 5));

    [Fact]
    public void AdaptiveMaxPool()
    {
        CheckLayouts(x => Functional.AdaptiveMaxPool2D(x, (3, 2)), Distinct(103, 1, 2, 5, 4));
        CheckLayouts(x => Functional.AdaptiveMaxPool1D(x, 4), Distinct(104, 1, 2, 7));
        CheckLayouts(x => Functional.AdaptiveMaxPool3D(x, (2, 2, 3)), Distinct(105, 1, 1, 3, 3, 4));
    }

    [Fact]
    public void MaxPool_ThirdOrder()
    {
        // d³/dx³ of Σ maxpool(x)³ through the recorded scatter-add and its gather
        Tensor x = Distinct(106, 1, 1, 4, 4);
        Tensor y = Functional.MaxPool2D(x, 2, 1).Pow(3).Sum();
        Tensor g = Autograd.Grad(y, [x], createGraph: true)[0];
        Tensor h = Autograd.Grad(g.Sum(), [x], createGraph: true)[0];
        Tensor t = Autograd.Grad(h.Sum(), [x])[0];
        // each x is the max of m windows (m = how often it is picked): g = 3m·x², h = 6m·x, t = 6m
        Tensor counts = Autograd.Grad(Functional.MaxPool2D(x, 2, 1).Sum(), [x])[0];
        double[] expected = (counts * 6).ToArray<double>(), actual = t.ToArray<double>();
        Assert.Contains(expected, v => v > 6); // some element is the max of several windows
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(2, 2, 0, false, true, null)]
    [InlineData(3, 2, 1, false, true, null)]
    [InlineData(3, 2, 1, false, false, null)]
    [InlineData(3, 2, 1, true, true, null)]
    [InlineData(3, 2, 1, true, false, null)]
    [InlineData(2, 1, 1, false, true, 3)]
    public void AvgPool(int kernel, int stride, int padding, bool ceil, bool countIncludePad, int? divisor)
    {
        CheckLayouts(x => Functional.AvgPool2D(x, kernel, stride, padding, ceil, countIncludePad, divisor), Randn(110, 1, 2, 5, 6));
        CheckLayouts(x => Functional.AvgPool1D(x, kernel, stride, padding, ceil, countIncludePad), Randn(111, 1, 5, 7));
        CheckLayouts(x => Functional.AvgPool3D(x, kernel, stride, padding, ceil, countIncludePad, divisor), Randn(112, 1, 1, 3, 4, 5));
    }

    [Fact]
    public void AdaptiveAvgPool()
    {
        CheckLayouts(x => Functional.AdaptiveAvgPool2D(x, (3, 4)), Randn(113, 1, 2, 5, 5));
        CheckLayouts(x => Functional.AdaptiveAvgPool2D(x, null, 2), Randn(114, 2, 3, 5));
        CheckLayouts(x => Functional.AdaptiveAvgPool1D(x, 3), Randn(115, 1, 2, 7));
        CheckLayouts(x => Functional.AdaptiveAvgPool3D(x, (2, 3, 2)), Randn(116, 1, 1, 3, 4, 5));
        CheckLayouts(Functional.GlobalAvgPool2D, Randn(117, 1, 2, 3, 4));
    }

    [Fact]
    public void AvgPool_HessianVectorProductIsTwiceTheAdjointOfThePooling()
    {
        // f = Σ avgpool(x)²: the Hessian is 2·AᵀA, so H·1 = 2·Aᵀ(A·1)
        Tensor x = Randn(118, 1, 1, 4, 4);
        Tensor g = Autograd.Grad(Functional.AvgPool2D(x, 2, 1).Square().Sum(), [x], createGraph: true)[0];
        Tensor hv = Autograd.Grad(g.Sum(), [x], createGraph: true)[0];
        Tensor ones = Tensor.Ones(x.Shape, DType.Float64);
        ones.RequiresGrad = true;
        Tensor pooled = Functional.AvgPool2D(ones, 2, 1);
        Tensor expected = Autograd.Grad((pooled * pooled.Detach() * 2).Sum(), [ones])[0];
        double[] e = expected.ToArray<double>(), a = hv.ToArray<double>();
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-14, $"{i}: {e[i]} vs {a[i]}");
        Assert.Contains(a, v => v != a[0]); // not a constant: the border elements are in fewer windows
    }

    [Fact]
    public void LPPool()
    {
        CheckLayouts(x => Functional.LPPool2D(x, 2, 2, 1), GradGradInputs.Uniform(120, 0.5, 2, 1, 2, 3, 4));
        CheckLayouts(x => Functional.LPPool2D(x, 3, (2, 3), ceilMode: true), GradGradInputs.Uniform(121, 0.5, 2, 1, 1, 4, 5));
        CheckLayouts(x => Functional.LPPool1D(x, 1.5, 3, 2), GradGradInputs.Uniform(122, 0.5, 2, 1, 5, 7));
    }

    [Theory]
    [InlineData(PaddingMode.Reflect)]
    [InlineData(PaddingMode.Replicate)]
    [InlineData(PaddingMode.Circular)]
    [InlineData(PaddingMode.Constant)]
    public void Pad(PaddingMode mode)
    {
        CheckLayouts(x => Functional.Pad(x, [2, 1], mode), Randn(130, 3, 4));
        CheckLayouts(x => Functional.Pad(x, [1, 2, 2, 0], mode), Randn(131, 1, 3, 4));
        CheckLayouts(x => Functional.Pad(x, [1, 1, 0, 1, 1, 0], mode), Randn(132, 1, 2, 3, 3));
        CheckLayouts(x => Functional.Pad(x, [-1, 2, 1, -1], mode), Randn(133, 1, 4, 4));
    }

    [Theory]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, true)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Border, false)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, false)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, true)]
    [InlineData(GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Nearest, GridSamplePaddingMode.Reflection, true)]
    [InlineData(GridSampleMode.Bicubic, GridSamplePaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Bicubic, GridSamplePaddingMode.Border, true)]
    [InlineData(GridSampleMode.Bicubic, GridSamplePaddingMode.Reflection, false)]
    public void GridSample2D(GridSampleMode mode, GridSamplePaddingMode padding, bool alignCorners)
    {
        Tensor x = Randn(140, 1, 2, 3, 4);
        Tensor grid = GradGradInputs.Uniform(141, -1.3, 1.3, 1, 2, 3, 2);
        GradCheck.GradGradCheck(t => Functional.GridSample(t[0], t[1], mode, padding, alignCorners).Square(), x, grid);
        // non-contiguous input and grid
        GradCheck.GradGradCheck(t => Functional.GridSample(t[0].Transpose(2, 3), t[1].Transpose(1, 2), mode, padding, alignCorners)
            * Functional.GridSample(t[0].Narrow(3, 1, 3), t[1].Narrow(2, 0, 2), mode, padding, alignCorners).Sum(), x, grid);
        SameGradients(t => Functional.GridSample(t[0], t[1], mode, padding, alignCorners), 1e-12, Randn(142, 2, 2, 3, 4),
            GradGradInputs.Uniform(143, -1.3, 1.3, 2, 3, 2, 2));
    }

    [Theory]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, false)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Border, true)]
    [InlineData(GridSampleMode.Bilinear, GridSamplePaddingMode.Reflection, false)]
    [InlineData(GridSampleMode.Nearest, GridSamplePaddingMode.Border, false)]
    public void GridSample3D(GridSampleMode mode, GridSamplePaddingMode padding, bool alignCorners)
    {
        Tensor x = Randn(144, 1, 1, 2, 3, 3);
        Tensor grid = GradGradInputs.Uniform(145, -1.3, 1.3, 1, 1, 2, 2, 3);
        GradCheck.GradGradCheck(t => Functional.GridSample(t[0], t[1], mode, padding, alignCorners).Square(), x, grid);
        SameGradients(t => Functional.GridSample(t[0], t[1], mode, padding, alignCorners), 1e-12, Randn(146, 1, 2, 2, 3, 3),
            GradGradInputs.Uniform(147, -1.3, 1.3, 1, 2, 2, 2, 3));
    }

    [Fact]
    public void GridSample_Float32CreateGraphMatchesFirstOrder()
    {
        Tensor x = Tensor.Randn(new Shape(1, 2, 4, 4), DType.Float32, new Generator(148));
        Tensor grid = Tensor.Rand(new Shape(1, 3, 3, 2), DType.Float32, new Generator(149)) * 2.4f - 1.2f;
        x.RequiresGrad = true;
        grid = grid.Detach();
        grid.RequiresGrad = true;
        foreach (GridSampleMode mode in Enum.GetValues<GridSampleMode>())
            SameGradients(t => Functional.GridSample(t[0], t[1], mode, GridSamplePaddingMode.Reflection), 1e-4, x, grid);
    }

    [Fact]
    public void AffineGridIntoGridSample()
    {
        Tensor theta = GradGradInputs.Of([0.83, 0.27, 0.11, -0.19, 1.17, -0.06], 1, 2, 3);
        Tensor x = Randn(150, 1, 2, 4, 4);
        GradCheck.GradGradCheck(t => Functional.GridSample(t[1], Functional.AffineGrid(t[0], [1, 2, 3, 3], alignCorners: true), alignCorners: true).Square(), theta, x);
        Tensor theta3 = GradGradInputs.Of([0.9, 0.1, 0.0, 0.1, -0.1, 1.1, 0.2, 0.0, 0.05, 0.0, 0.8, -0.1], 1, 3, 4);
        Tensor x3 = Randn(151, 1, 1, 2, 3, 3);
        GradCheck.GradGradCheck(t => Functional.GridSample(t[1], Functional.AffineGrid(t[0], [1, 1, 2, 2, 2])).Square(), theta3, x3);
    }

    [Fact]
    public void Embedding()
    {
        Tensor ids = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 2, 3, 3 }, new Shape(2, 4));
        Tensor w = Randn(160, 5, 3);
        GradCheck.GradGradCheck(t => Functional.Embedding(ids, t[0]).Square(), w);
        GradCheck.GradGradCheck(t => Functional.Embedding(ids, t[0], paddingIdx: 3).Square(), w);
        GradCheck.GradGradCheck(t => Functional.Embedding(ids.To(DType.Int64), t[0].Transpose(0, 1).Transpose(0, 1), paddingIdx: -1).Pow(3), w);
        GradCheck.GradGradCheck(t => Functional.Embedding(ids, t[0].Narrow(1, 1, 2)).Square(), w);
        // max_norm renormalises (a copy of) the weight in place without autograd, as PyTorch: the gradients are unchanged
        SameGradients(t => Functional.Embedding(ids, t[0].Clone(), maxNorm: 1.0), 0, Randn(162, 5, 3));
        SameGradients(t => Functional.Embedding(ids, t[0], paddingIdx: 1), 0, Randn(161, 5, 3));
    }

    [Theory]
    [InlineData(EmbeddingBagMode.Sum, false)]
    [InlineData(EmbeddingBagMode.Sum, true)]
    [InlineData(EmbeddingBagMode.Mean, false)]
    [InlineData(EmbeddingBagMode.Max, false)]
    public void EmbeddingBag(EmbeddingBagMode mode, bool perSampleWeights)
    {
        Tensor ids = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 2, 2, 4 }, new Shape(8));
        Tensor offsets = Tensor.FromArray(new[] { 0, 3, 3, 6 }, new Shape(4)); // bag 1 is empty
        Tensor w = mode == EmbeddingBagMode.Max ? Distinct(170, 5, 3) : Randn(170, 5, 3);
        Tensor psw = Randn(171, 8);
        Tensor[] inputs = perSampleWeights ? [w, psw] : [w];
        Tensor? P(Tensor[] t) => perSampleWeights ? t[1] : null;
        GradCheck.GradGradCheck(t => Functional.EmbeddingBag(ids, t[0], offsets, mode, P(t)).Square(), inputs);
        GradCheck.GradGradCheck(t => Functional.EmbeddingBag(ids, t[0], offsets, mode, P(t), paddingIdx: 4).Square(), inputs);
        Tensor rows = Tensor.FromArray(new[] { 1, 3, 1, 0, 4, 2 }, new Shape(2, 3));
        GradCheck.GradGradCheck(t => Functional.EmbeddingBag(rows, t[0].Transpose(0, 1).Transpose(0, 1), null, mode,
            perSampleWeights ? t[1].Narrow(0, 0, 6).Reshape(2, 3) : null, paddingIdx: 1).Square(), inputs);
        SameGradients(t => Functional.EmbeddingBag(ids, t[0], offsets, mode, perSampleWeights ? t[1] : null, paddingIdx: 2), 1e-14,
            [mode == EmbeddingBagMode.Max ? Distinct(172, 5, 3) : Randn(172, 5, 3), .. perSampleWeights ? new[] { Randn(173, 8) } : []]);
    }

    [Fact]
    public void Dropout2D_ReplaysItsMask()
    {
        Tensor x = Randn(180, 2, 3, 2, 2);
        GradCheck.GradGradCheck(t => Functional.Dropout2D(t[0], 0.5, generator: new Generator(7)).Square(), x);
        SameGradients(t => Functional.Dropout2D(t[0], 0.4, generator: new Generator(8)), 0, Randn(181, 3, 2, 2));
    }

    [Fact]
    public void ThirdDerivatives()
    {
        // GradGradCheck of a createGraph gradient checks the third derivatives
        static Tensor GradientOf(Func<Tensor[], Tensor> f, Tensor[] t, int of) =>
            Autograd.Grad(f(t), [t[of]], createGraph: true)[0];
        Tensor x = Randn(200, 1, 1, 3, 3), grid = GradGradInputs.Uniform(201, -1.2, 1.2, 1, 2, 2, 2);
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.GridSample(u[0], u[1], GridSampleMode.Bicubic).Pow(3).Sum(), t, 1), x, grid);
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.GridSample(u[0], u[1], paddingMode: GridSamplePaddingMode.Reflection).Pow(3).Sum(), t, 0), x, grid);
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.AvgPool2D(u[0], 2, 1, 1, countIncludePad: false).Pow(4).Sum(), t, 0), Randn(202, 1, 1, 3, 3));
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.MaxPool2D(u[0], 2, 1).Pow(4).Sum(), t, 0), Distinct(203, 1, 1, 3, 3));
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.Pad(u[0], [1, 2], PaddingMode.Reflect).Pow(4).Sum(), t, 0), Randn(204, 2, 4));
        Tensor ids = Tensor.FromArray(new[] { 1, 3, 1, 0, 2 }, new Shape(5));
        Tensor offsets = Tensor.FromArray(new[] { 0, 2 }, new Shape(2));
        GradCheck.GradGradCheck(t => GradientOf(u => Functional.EmbeddingBag(ids, u[0], offsets, EmbeddingBagMode.Sum, u[1]).Pow(3).Sum(), t, 1),
            Randn(205, 4, 2), Randn(206, 5));
    }

    [Fact]
    public void CreateGraphGradients_EqualFirstOrder()
    {
        SameGradients(t => Functional.MaxPool2D(t[0], 3, 2, 1, ceilMode: true), 0, Distinct(190, 2, 2, 5, 5));
        SameGradients(t => Functional.MaxPool3D(t[0], 2, 1, 1), 0, Distinct(191, 1, 2, 3, 3, 3));
        SameGradients(t => Functional.AdaptiveMaxPool2D(t[0], (2, 3)), 0, Distinct(192, 1, 2, 5, 5));
        SameGradients(t => Functional.AdaptiveMaxPool3D(t[0], (2, 2, 2)), 0, Distinct(193, 1, 1, 3, 3, 3));
        SameGradients(t => Functional.AvgPool2D(t[0], 3, 2, 1, true, false), 1e-15, Randn(194, 1, 2, 5, 5));
        SameGradients(t => Functional.AvgPool3D(t[0], 2, 1, 1, divisorOverride: 5), 1e-15, Randn(195, 1, 2, 3, 3, 3));
        SameGradients(t => Functional.AdaptiveAvgPool2D(t[0], (2, 3)), 1e-15, Randn(196, 1, 2, 5, 5));
        SameGradients(t => Functional.AdaptiveAvgPool3D(t[0], (2, 2, 2)), 1e-15, Randn(197, 1, 1, 3, 3, 3));
        SameGradients(t => Functional.Pad(t[0], [2, 1, 1, 2], PaddingMode.Reflect), 0, Randn(198, 1, 3, 4));
        // Float32 takes the same recorded ops
        Tensor x32 = Tensor.Randn(new Shape(1, 2, 4, 4), DType.Float32, new Generator(199));
        x32.RequiresGrad = true;
        SameGradients(t => Functional.MaxPool2D(t[0], 2), 0, x32);
        SameGradients(t => Functional.AvgPool2D(t[0], 3, 1, 1), 1e-6, x32);
    }
}
