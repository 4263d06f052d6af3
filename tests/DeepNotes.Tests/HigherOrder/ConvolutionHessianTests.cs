using DeepNotes;
using static DeepNotes.Tests.HigherOrder.ConvolutionHessianReference;

namespace DeepNotes.Tests.HigherOrder;

/// <summary>
/// Hessians of a small CNN (Conv2D 1→2 3×3 padding 1, tanh, Conv2D 2→2 3×3 stride 2, tanh, flatten, Dense 8→1, squared
/// error) against torch.autograd.functional (torch 1.13, committed script reference/hessian_cnn_reference.py).
/// </summary>
public class ConvolutionHessianTests
{
    private static Tensor R(double[] values, int[] shape) => Tensor.FromArray((double[])values.Clone(), new Shape(shape));

    /// <summary>Within 1e-8 relative (an absolute floor of 1e-14 for the entries torch gives as zero).</summary>
    private static void Close(double[] expected, int[] shape, Tensor actual)
    {
        Assert.Equal(shape, actual.Shape.ToArray());
        double[] a = actual.ToArray<double>();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= 1e-8 * Math.Abs(expected[i]) + 1e-14, $"element {i}: expected {expected[i]}, got {a[i]}");
    }

    private static readonly (double[] Values, int[] Shape)[] s_parameters =
        [(W1, W1Shape), (B1, B1Shape), (W2, W2Shape), (B2, B2Shape), (W3, W3Shape), (B3, B3Shape)];

    private static Tensor Cnn(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor w3, Tensor b3)
    {
        Tensor h = Functional.Conv2D(x, w1, b1, padding: 1).Tanh();
        h = Functional.Conv2D(h, w2, b2, stride: 2).Tanh();
        Tensor y = Functional.Linear(h.Flatten(1), w3, b3);
        return (y - R(T, TShape)).Square().Mean();
    }

    /// <summary>The network as a function of one flat vector holding every parameter in state-dict order.</summary>
    private static Tensor OfParameters(Tensor p)
    {
        var parts = new Tensor[s_parameters.Length];
        for (int i = 0, start = 0; i < parts.Length; i++)
        {
            int n = s_parameters[i].Values.Length;
            parts[i] = p.Narrow(0, start, n).Reshape(s_parameters[i].Shape);
            start += n;
        }
        return Cnn(R(X, XShape), parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    private static Tensor FlatParameters() => Tensor.FromArray(s_parameters.SelectMany(p => p.Values).ToArray(), [s_parameters.Sum(p => p.Values.Length)]);

    [Fact]
    public void Hessian_WithRespectToTheParameters_MatchesTorch()
    {
        Tensor p = FlatParameters();
        Close(CnnLoss, CnnLossShape, OfParameters(p));
        Close(HessParams, HessParamsShape, Autograd.Hessian(OfParameters, p));
        Close(HvpParams, HvpParamsShape, Autograd.Hvp(OfParameters, p, R(V, VShape)).Hvp);
    }

    [Fact]
    public void Hessian_WithRespectToTheInput_MatchesTorch()
    {
        Tensor Loss(Tensor x) => Cnn(x, R(W1, W1Shape), R(B1, B1Shape), R(W2, W2Shape), R(B2, B2Shape), R(W3, W3Shape), R(B3, B3Shape));
        Close(HessInput, HessInputShape, Autograd.Hessian(Loss, R(X, XShape)));
    }

    [Fact]
    public void Hessian_OfTheParameters_IsSymmetric_AndHasCurvatureInTheConvolutionBlocks()
    {
        double[] h = Autograd.Hessian(OfParameters, FlatParameters()).ToArray<double>();
        int n = (int)Math.Sqrt(h.Length);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                Assert.True(Math.Abs(h[i * n + j] - h[j * n + i]) <= 1e-12 * (1 + Math.Abs(h[i * n + j])), $"H[{i},{j}] != H[{j},{i}]");
        // the first convolution's weight block (18 x 18) is not zero: the curvature really flows through both convolutions
        Assert.Contains(Enumerable.Range(0, 18).SelectMany(i => Enumerable.Range(0, 18).Select(j => h[i * n + j])), v => Math.Abs(v) > 1e-4);
    }
}
