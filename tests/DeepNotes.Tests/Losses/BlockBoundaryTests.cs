using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// The elementwise losses run in blocks of 2048 elements; inputs larger than a block (with per-element positive
/// weights whose broadcast must stay aligned across blocks) against scalar double loops of the textbook formulas.
/// </summary>
public class BlockBoundaryTests
{
    private const int N = 301, C = 7; // 2107 elements: one full block and a partial one

    private static double Softplus(double v) => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void BceWithLogitsWithPosWeightAcrossBlocks(DType dtype)
    {
        double[] xv = Normal(N * C, 1, scale: 5), yv = Uniform(N * C, 0, 1, 2), pwv = [0.5, 1, 2, 3, 4, 5, 6];
        if (dtype == DType.Float32) xv = xv.Select(v => (double)(float)v).ToArray();
        if (dtype == DType.Float32) yv = yv.Select(v => (double)(float)v).ToArray();
        var x = Make(xv, [N, C], dtype, requiresGrad: true);
        Tensor loss = Functional.BinaryCrossEntropyWithLogits(x, Make(yv, [N, C], dtype), reduction: Reduction.None,
            posWeight: Make(pwv, [C], dtype));
        var expected = new double[N * C];
        var expectedGrad = new double[N * C];
        for (int i = 0; i < N * C; i++)
        {
            double pw = pwv[i % C], lw = 1 + (pw - 1) * yv[i];
            expected[i] = (1 - yv[i]) * xv[i] + lw * Softplus(-xv[i]); // −[pw·y·ln σ(x) + (1 − y)·ln(1 − σ(x))]
            expectedGrad[i] = (1 - yv[i]) - lw / (1 + Math.Exp(xv[i]));
        }
        var (rtol, atol) = dtype == DType.Float32 ? (1e-5, 1e-6) : (1e-12, 1e-13);
        AssertClose(expected, loss, atol, rtol, "values");
        loss.Sum().Backward();
        AssertClose(expectedGrad, x.Grad!, atol, rtol, "gradient");
        Tensor mean = Functional.BinaryCrossEntropyWithLogits(x, Make(yv, [N, C], dtype), posWeight: Make(pwv, [C], dtype));
        Assert.Equal(expected.Average(), mean.Item(), dtype == DType.Float32 ? 1e-5 : 1e-12);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void MseAndWeightedBceSumsAcrossBlocks(DType dtype)
    {
        double[] xv = Normal(N * C, 3), yv = Normal(N * C, 4);
        if (dtype == DType.Float32) { xv = xv.Select(v => (double)(float)v).ToArray(); yv = yv.Select(v => (double)(float)v).ToArray(); }
        double expected = xv.Zip(yv, (a, b) => (a - b) * (a - b)).Sum();
        Assert.Equal(expected, Functional.MseLoss(Make(xv, [N, C], dtype), Make(yv, [N, C], dtype), Reduction.Sum).Item(),
            dtype == DType.Float32 ? 1e-5 * expected : 1e-10);

        double[] p = Uniform(N * C, 0.01, 0.99, 5), t = Uniform(N * C, 0, 1, 6), w = Uniform(N, 0.5, 2, 7);
        if (dtype == DType.Float32)
        {
            p = p.Select(v => (double)(float)v).ToArray(); t = t.Select(v => (double)(float)v).ToArray(); w = w.Select(v => (double)(float)v).ToArray();
        }
        double bce = 0;
        for (int i = 0; i < N * C; i++) bce -= w[i / C] * (t[i] * Math.Log(p[i]) + (1 - t[i]) * Math.Log(1 - p[i]));
        Tensor actual = Functional.BinaryCrossEntropy(Make(p, [N, C], dtype), Make(t, [N, C], dtype), Make(w, [N, 1], dtype));
        Assert.Equal(bce / (N * C), actual.Item(), dtype == DType.Float32 ? 1e-5 : 1e-12);
    }
}
