using DeepNotes;
using DeepNotes.Losses;
using static DeepNotes.Tests.Losses.LossTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Losses;

/// <summary>
/// The fused cross-entropy (the classifier hot path: float32 [N, C] logits, Int32 targets, mean) against an
/// independent scalar double loop, forward and gradient, at a realistic size; and the [N, C, d...] permutation.
/// </summary>
public class FusedCrossEntropyTests
{
    /// <summary>Loss and gradient by the textbook definitions, in double, one element at a time.</summary>
    private static (double Loss, double[] Grad) Reference(double[] x, int[] t, int n, int c)
    {
        double total = 0;
        var grad = new double[n * c];
        for (int r = 0; r < n; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < c; j++) max = Math.Max(max, x[r * c + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.Exp(x[r * c + j] - max);
            double lse = max + Math.Log(sum);
            total += lse - x[r * c + t[r]];
            for (int j = 0; j < c; j++)
                grad[r * c + j] = (Math.Exp(x[r * c + j] - lse) - (j == t[r] ? 1 : 0)) / n;
        }
        return (total / n, grad);
    }

    [Theory]
    [InlineData(DType.Float32, 128, 10)]
    [InlineData(DType.Float64, 128, 10)]
    [InlineData(DType.Float32, 7, 1000)]
    [InlineData(DType.Float32, 3, 1)]
    public void MatchesAScalarLoop(DType dtype, int n, int c)
    {
        double[] xv = Normal(n * c, 1234, scale: 4);
        if (dtype == DType.Float32) xv = xv.Select(v => (double)(float)v).ToArray(); // the reference sees the float32 inputs
        int[] tv = Classes(n, c, 99);
        var x = Make(xv, [n, c], dtype, requiresGrad: true);
        Tensor loss = Functional.CrossEntropy(x, Ints(tv, [n]));
        Assert.Equal("CrossEntropyBackward", loss.GradFnName);
        loss.Backward();
        var (refLoss, refGrad) = Reference(xv, tv, n, c);
        double tol = dtype == DType.Float32 ? 2e-6 : 1e-13;
        Assert.Equal(refLoss, loss.Item(), tol * Math.Max(1, refLoss));
        AssertClose(refGrad, x.Grad!, dtype == DType.Float32 ? 1e-8 : 1e-16, dtype == DType.Float32 ? 1e-5 : 1e-12);
    }

    [Fact]
    public void SpatialInputEqualsTheSameRowsMovedToTheLastAxis()
    {
        // [N, C, H, W] with targets [N, H, W] is the [N·H·W, C] problem with the class axis moved last
        var x = Tensor.Randn([2, 3, 2, 4], DType.Float64, new Generator(8), requiresGrad: true);
        var t = Ints(Classes(16, 3, 9), [2, 2, 4]);
        Tensor loss = Functional.CrossEntropy(x, t, reduction: Reduction.None);
        Assert.Equal(new Shape([2, 2, 4]), loss.Shape);
        Tensor rows = x.Detach().Permute(0, 2, 3, 1).Reshape(16, 3);
        Tensor flat = Functional.CrossEntropy(rows, t.Reshape(16), reduction: Reduction.None);
        AssertClose(flat.ToArray<double>(), loss.Reshape(16), 0, 1e-14);
        // the gradient lands back in [N, C, H, W] order
        loss.Sum().Backward();
        var r2 = rows.Clone();
        r2.RequiresGrad = true;
        Functional.CrossEntropy(r2, t.Reshape(16), reduction: Reduction.Sum).Backward();
        AssertClose(r2.Grad!.Reshape(2, 2, 4, 3).Permute(0, 3, 1, 2).Contiguous().ToArray<double>(), x.Grad!, 0, 1e-14);
    }

    [Fact]
    public void NonContiguousLogitsAreAccepted()
    {
        var xt = Tensor.Randn([4, 6], DType.Float64, new Generator(10), requiresGrad: true); // viewed as [6, 4]
        var t = Ints([0, 3, 1, 2, 2, 0], [6]);
        GradCheck.Check(i => Functional.CrossEntropy(i[0].T, t, labelSmoothing: 0.1), xt);
        Assert.Equal(Functional.CrossEntropy(xt.T.Contiguous(), t).Item(), Functional.CrossEntropy(xt.T, t).Item(), 1e-15);
    }
}
