using DeepNotes;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>createGraph on Backward and Autograd.Grad: gradients that are differentiable tensors, to any order.</summary>
public class HigherOrderEngineTests
{
    private static Tensor Vec(params double[] v) => Tensor.FromArray(v, [v.Length]);

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

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

    /// <summary>x² recorded with a first-order-only backward (2x·g computed without recording), as a fused kernel would be.</summary>
    private static Tensor FirstOrderSquare(Tensor x)
    {
        Tensor y;
        using (Autograd.NoGrad()) y = x * x;
        return Tensor.Record(y, "FusedSquareBackward", [x], g =>
        {
            using (Autograd.NoGrad()) return [g * x * 2];
        }, x);
    }

    /// <summary>x³ recorded with a fused first-order backward and the composite x·x·x for createGraph passes.</summary>
    private static Tensor CompositeCube(Tensor x)
    {
        Tensor y;
        using (Autograd.NoGrad()) y = x * x * x;
        return Tensor.RecordComposite(y, "FusedCubeBackward", [x], g =>
        {
            using (Autograd.NoGrad()) return [g * x * x * 3];
        }, t => t[0] * t[0] * t[0], x);
    }

    [Fact]
    public void CreateGraph_ThroughAFirstOrderOnlyOp_ThrowsNamingTheOp()
    {
        Tensor x = Leaf(0.5, -1.5, 2);
        var ex = Assert.Throws<NotSupportedException>(() => Autograd.Grad(FirstOrderSquare(x).Sum(), [x], createGraph: true));
        Assert.Contains("FusedSquareBackward", ex.Message);
        Assert.Contains("createGraph", ex.Message);
        Assert.Equal(new[] { 1.0, -3, 4 }, Autograd.Grad(FirstOrderSquare(x).Sum(), [x])[0].ToArray<double>()); // first order still works
    }

    [Fact]
    public void Grad_RunsOnlyThePartOfTheGraphLeadingToTheInputs()
    {
        // The first-order-only node lies below the input h: differentiating with respect to h never runs (or frees) it.
        Tensor x = Leaf(0.5, -1.5, 2);
        Tensor h = FirstOrderSquare(x);
        Tensor y = (h * h * h).Sum();
        Tensor g = Autograd.Grad(y, [h], createGraph: true)[0];                  // 3h²
        Assert.Equal(new[] { 0.1875, 15.1875, 48 }, g.ToArray<double>());
        Tensor gh = Autograd.Grad(g.Sum(), [h], retainGraph: true)[0];             // 6h
        Assert.Equal(new[] { 1.5, 13.5, 24 }, gh.ToArray<double>());
        // The graph below h is intact and first-order backward through it still works: d(Σ3h²)/dx = 6h·2x.
        Assert.Equal(new[] { 1.5, -40.5, 96 }, Autograd.Grad(g.Sum(), [x])[0].ToArray<double>());
        // A node beside the inputs (here w's branch) is not run either.
        Tensor w = Leaf(1, 2, 3);
        Tensor z = Leaf(2, 2, 2);
        Tensor beside = (FirstOrderSquare(w) * z + z * z).Sum();
        Assert.Equal(new[] { 5.0, 8, 13 }, Autograd.Grad(beside, [z], createGraph: true)[0].ToArray<double>());
    }

    [Fact]
    public void RecordComposite_FirstOrderUsesTheFusedBackward_CreateGraphTheComposite()
    {
        Tensor x = Leaf(0.5, -1.5, 2);
        Tensor g1 = Autograd.Grad(CompositeCube(x).Sum(), [x])[0];
        Assert.False(g1.RequiresGrad);
        Assert.Equal(new[] { 0.75, 6.75, 12 }, g1.ToArray<double>());
        Tensor g = Autograd.Grad(CompositeCube(x).Sum(), [x], createGraph: true)[0];
        Assert.True(g.RequiresGrad);
        Close(new[] { 0.75, 6.75, 12 }, g.ToArray<double>());
        Tensor gg = Autograd.Grad(g.Sum(), [x], createGraph: true)[0];            // 6x
        Close(new[] { 3.0, -9, 12 }, gg.ToArray<double>());
        Close(new[] { 6.0, 6, 6 }, Autograd.Grad(gg.Sum(), [x])[0].ToArray<double>());
        // Through a non-leaf input: the composite's graph reaches down through the input's own history.
        Tensor u = Leaf(0.25, 1, -0.5);
        GradCheck.GradGradCheck(t => CompositeCube(t[0] * t[1]).Sin(), u, Leaf(1.5, -0.5, 2));
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
