using DeepNotes;
using DeepNotes.Kernels;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Polygamma values (against mpmath, more exact than torch's trigamma) and Hessian-vector products of the ops whose backward became differentiable (cumprod and prod with
/// zeros, scatter_reduce prod and amax) against torch 1.13, from the committed script
/// <c>reference/tensor_ops_reference.py</c>.
/// </summary>
public class TensorOpsReferenceTests
{
    private static readonly double[] Xs = [0.7, 2.5, 12.0, -0.5, -2.3];

    private static readonly double[][] PolygammaReference =
    [
        [2.834049156694611, 0.49035775610023485, 0.08690187287176838, 8.934802200544679, 14.725912160961292],
        [-6.4349928741909235, -0.2362040516417274, -0.007547205368998912, -0.82879664423432, 68.71379252927031],
        [25.879149678427737, 0.22390584881725206, 0.001310093231070826, 193.40909103400244, 768.9350646661422],
        [-144.70825364302465, -0.3137559995067314, -0.0003409100507010894, -3.4742498266672253, 9738.671736569251],
    ];

    private static Tensor X() => Tensor.FromArray(new[] { 0.0, 2, 0, 3, 0.5, 0, 0, 1.5, -1.5, 0.5, 2, 1 }, [3, 4]);

    private static readonly Tensor V = Tensor.FromArray(new[] { 0.3, -0.2, 0.5, 1, 0.7, 0.1, -0.4, 0.2, -0.6, 0.9, 0.8, -0.1 }, [3, 4]);
    private static readonly Tensor Index = Tensor.FromArray(new[] { 1, 3, 0, 1, 0, 0, 2, 2, 3 }, [3, 3]);
    private static readonly Tensor Src = Tensor.FromArray(new[] { 0.0, 0.8, 1.4, -0.9, 0, 0.6, 1.3, -0.7, 2.2 }, [3, 3]);

    /// <summary>d⟨∂f/∂x · 1, v⟩/dx, as the script's hvp.</summary>
    private static double[] Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v)
    {
        x = x.Detach();
        x.RequiresGrad = true;
        Tensor y = f(x);
        Tensor g = Autograd.Grad(y, [x], Tensor.OnesLike(y), createGraph: true)[0];
        return Autograd.Grad((g * v).Sum(), [x])[0].ToArray<double>();
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Polygamma_MatchesTorch()
    {
        for (int n = 1; n <= 4; n++)
            Close(PolygammaReference[n - 1], Xs.Select(x => SpecialMath.Polygamma(n, x)).ToArray());
    }

    [Fact]
    public void CumprodWithZeros_Hvp_MatchesTorch() =>
        Close(new double[] { 8.8, 1.2, 5.3999999999999995, 0.0, 1.4, -0.3500000000000001, 0.11250000000000002, 0.0, 6.900000000000002, -12.3, -9.3, -7.5 }, Hvp(t => t.Cumprod(1) * t, X(), V));

    [Fact]
    public void ProdWithZeros_Hvp_MatchesTorch() =>
        Close(new double[] { 15.0, 0.0, 9.0, 0.0, 0.0, -0.6000000000000001, 0.15000000000000002, 0.0, 1.4499999999999997, -10.950000000000001, -7.65, -13.05 }, Hvp(t => t.Prod(1) * t.Sum(1), X(), V));

    [Fact]
    public void ScatterReduceProd_Hvp_MatchesTorch()
    {
        Close(new double[] { 0.84, 0.0, 1.0, 1.6, 0.0, -0.18000000000000002, -0.8, 0.4000000000000001, -1.2, 1.8, -1.456, -0.44000000000000006 }, Hvp(t => t.ScatterReduce(1, Index, Src, ScatterReduction.Prod) * t, X(), V));
        Tensor vs = Tensor.FromArray(new[] { 0.2, -0.5, 0.4, 0.9, 0.3, -0.8, 0.1, 0.6, -0.2 }, [3, 3]);
        Tensor x = X();
        Close(new double[] { 2.6900000000000004, 2.6899999999999995, 2.6900000000000004, 2.6900000000000004, -1.4700000000000009, 3.1000000000000005, 3.810000000000001, 3.46, 2.6900000000000004 }, Hvp(s => x.ScatterReduce(1, Index, s, ScatterReduction.Prod, includeSelf: false) * s.Sum(), Src, vs));
    }

    [Fact]
    public void ScatterReduceAmax_Hvp_MatchesTorch() =>
        Close(new double[] { 0.0, -0.4, 1.0, 2.0, 1.4, 0.2, -0.8, 0.4, -1.2, 1.8, 1.6, -0.0 }, Hvp(t => t.ScatterReduce(1, Index, Src * 0.5, ScatterReduction.Amax) * t, X() + 0.01, V));
}
