using DeepNotes;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Nodes that differentiate a sub-graph of their own inputs (RecordComposite in createGraph passes, Autograd.Checkpoint)
/// stop at those inputs: when one input is computed from another, its gradient reaches the other once, not twice.
/// </summary>
public class SubgraphBackwardTests
{
    /// <summary>a·b recorded with a fused first-order backward and the composite a·b for createGraph passes.</summary>
    private static Tensor CompositeProduct(Tensor a, Tensor b)
    {
        Tensor y;
        using (Autograd.NoGrad()) y = a * b;
        return Tensor.RecordComposite(y, "FusedProductBackward", [a, b], g =>
        {
            using (Autograd.NoGrad()) return [g * b, g * a];
        }, t => t[0] * t[1], a, b);
    }

    [Fact]
    public void Composite_WithAnInputComputedFromTheOther_CountsEachPathOnce()
    {
        var b = Tensor.FromArray(new double[] { 0.5, -1.5, 2 }, requiresGrad: true);
        Tensor a = b.Sin(); // a depends on b
        // f = sin(b)·b: df/db = cos(b)·b + sin(b); d²f/db² = 2cos(b) − sin(b)·b
        Tensor g = Autograd.Grad(CompositeProduct(a, b).Sum(), [b], createGraph: true)[0];
        double[] bv = [0.5, -1.5, 2];
        double[] expected = [.. bv.Select(v => Math.Cos(v) * v + Math.Sin(v))];
        double[] got = g.ToArray<double>();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], got[i], 1e-14);
        double[] second = Autograd.Grad(g.Sum(), [b])[0].ToArray<double>();
        for (int i = 0; i < 3; i++) Assert.Equal(2 * Math.Cos(bv[i]) - Math.Sin(bv[i]) * bv[i], second[i], 1e-14);
        // first order (the fused path) agrees
        double[] first = Autograd.Grad(CompositeProduct(b.Sin(), b).Sum(), [b])[0].ToArray<double>();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], first[i], 1e-14);
    }

    [Fact]
    public void AutogradGrad_StillFollowsEveryPath_ThroughAnIntermediateInput()
    {
        // the public Grad keeps PyTorch's semantics: the gradient w.r.t. b includes the path through a
        var b = Tensor.FromArray(new double[] { 1, 2 }, requiresGrad: true);
        Tensor a = b * 3;
        Tensor[] g = Autograd.Grad((a * b).Sum(), [a, b]);
        Assert.Equal(new double[] { 1, 2 }, g[0].ToArray<double>());
        Assert.Equal(new double[] { 6, 12 }, g[1].ToArray<double>()); // a + 3b = 6b
    }
}
