using DeepNotes;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>createGraph on Backward and Autograd.Grad: gradients that are differentiable tensors, to any order.</summary>
public class HigherOrderEngineTests
{
    private static Tensor Vec(params double[] v) => Tensor.FromArray(v, [v.Length]);

    private static Tensor Leaf(params double[] v)
    {
        var t = Vec(v);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void Grad_WithCreateGraph_IsDifferentiableToThirdOrder()
    {
        Tensor x = Leaf(0.5, -1.25, 2);
        Tensor y = (x * x * x).Sum();                                  // x³
        Tensor g1 = Autograd.Grad(y, [x], createGraph: true)[0];       // 3x²
        Assert.True(g1.RequiresGrad);
        Assert.Equal(new[] { 0.75, 4.6875, 12 }, g1.ToArray<double>());
        Tensor g2 = Autograd.Grad(g1.Sum(), [x], createGraph: true)[0]; // 6x
        Assert.Equal(new[] { 3, -7.5, 12.0 }, g2.ToArray<double>());
        Tensor g3 = Autograd.Grad(g2.Sum(), [x])[0];                  // 6
        Assert.Equal(new[] { 6.0, 6, 6 }, g3.ToArray<double>());
        Assert.False(g3.RequiresGrad);
    }

    [Fact]
    public void Grad_WithoutCreateGraph_HasNoGraph_AndSaysHowToGetOne()
    {
        Tensor x = Leaf(1, 2);
        Tensor g = Autograd.Grad((x * x).Sum(), [x])[0];
        Assert.False(g.RequiresGrad);
        var ex = Assert.Throws<InvalidOperationException>(() => g.Sum().Backward());
        Assert.Contains("does not require grad", ex.Message);
        var direct = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(g, [x], Tensor.Ones([2], DType.Float64)));
        Assert.Contains("without createGraph", direct.Message);
        Assert.Contains("createGraph: true", direct.Message);
    }

    [Fact]
    public void NoGraph_Messages_NameTheCause()
    {
        Tensor x = Leaf(1, 2);
        Tensor y;
        using (Autograd.NoGrad())
        {
            y = (x * x).Sum();
            var off = Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.Contains("grad mode is off", off.Message);
        }
        var plain = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("shape []", plain.Message);
        Assert.Contains("Autograd.NoGrad()", plain.Message);
        Assert.Contains("createGraph", plain.Message);
    }

    [Fact]
    public void Backward_WithCreateGraph_LeavesDifferentiableGrads_ForAGradientPenalty()
    {
        // f(x, w) = Σ (w x)²; ∂f/∂x = 2w²x; penalty P = Σ (∂f/∂x)² = 4 Σ w⁴x²; ∂P/∂w = 16 w³ x².
        Tensor x = Leaf(1, -2), w = Leaf(0.5, 3);
        Tensor f = (w * x * (w * x)).Sum();
        f.Backward(null, createGraph: true);
        Assert.True(x.Grad!.RequiresGrad);
        Assert.Equal(new[] { 0.5, -36.0 }, x.Grad.ToArray<double>());
        Tensor penalty = (x.Grad * x.Grad).Sum();
        Tensor[] gw = Autograd.Grad(penalty, [w]);
        Assert.Equal(new[] { 16 * 0.125 * 1, 16 * 27.0 * 4 }, gw[0].ToArray<double>());
    }

    [Fact]
    public void RetainGraph_DefaultsToCreateGraph()
    {
        Tensor x = Leaf(3);
        Tensor y = (x * x).Sum();
        Autograd.Grad(y, [x], createGraph: true);
        Assert.Equal(6.0, Autograd.Grad(y, [x])[0].Item()); // the graph was retained
        var freed = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, [x]));
        Assert.Contains("second time", freed.Message);
    }

    [Fact]
    public void AccumulatedLeafGrads_StayDifferentiable()
    {
        Tensor x = Leaf(2);
        (x * x).Sum().Backward(null, createGraph: true);     // 2x
        (x * x * x).Sum().Backward(null, createGraph: true); // + 3x²
        Assert.Equal(16.0, x.Grad!.Item());
        Assert.Equal(2 + 6 * 2.0, Autograd.Grad(x.Grad.Sum(), [x])[0].Item());
    }

    [Fact]
    public void CreateGraph_ThroughAFirstOrderOnlyOp_ThrowsNamingTheOp()
    {
        var conv = new DeepNotes.Layers.Conv2D(1, 1, 3);
        conv.To(DType.Float64);
        Tensor x = Tensor.Randn([1, 1, 5, 5], DType.Float64, new Generator(1));
        x.RequiresGrad = true;
        Tensor y = conv.Forward(x).Sum();
        var ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad(y, [x], createGraph: true));
        Assert.Contains("ConvolutionBackward", ex.Message);
        Assert.Contains("createGraph", ex.Message);
        Assert.Equal([1, 1, 5, 5], Autograd.Grad(conv.Forward(x).Sum(), [x])[0].Shape.ToArray()); // first order still works
    }

    [Fact]
    public void PiecewiseConstantOps_HaveZeroSecondDerivatives()
    {
        Tensor x = Leaf(0.3, 1.7, -2.2);
        Tensor g = Autograd.Grad((x.Floor() * x + x.Round()).Sum(), [x], createGraph: true)[0]; // floor(x)
        Assert.Equal(new[] { 0.0, 1, -3 }, g.ToArray<double>());
        Tensor gg = Autograd.Grad(g.Sum(), [x], allowUnused: true)[0];
        Assert.Equal(new[] { 0.0, 0, 0 }, gg.ToArray<double>());
    }

    [Fact]
    public void FirstOrderTraining_IsUnchanged_GradsHaveNoGraph()
    {
        var model = new DeepNotes.Layers.Sequential(new DeepNotes.Layers.Dense(3, 4), new DeepNotes.Layers.Relu(), new DeepNotes.Layers.Dense(4, 1));
        Tensor x = Tensor.Randn([5, 3], DType.Float32, new Generator(2));
        model.Forward(x).Sum().Backward();
        foreach (var p in model.Parameters())
        {
            Assert.NotNull(p.Grad);
            Assert.False(p.Grad!.RequiresGrad);
        }
    }
}
