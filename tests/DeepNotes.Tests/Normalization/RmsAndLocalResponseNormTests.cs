using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Normalization.TorchReferenceTests;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using V = DeepNotes.Tests.Normalization.RmsLrnTorchValues;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>RmsNorm, LocalResponseNorm and BatchNorm without running statistics, against reference/rms_lrn_reference.py.</summary>
public class RmsAndLocalResponseNormTests
{
    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void RmsNorm_MatchesTheFormula_ValuesAndGradients(DType dtype, double tol)
    {
        var norm = new RmsNorm(4, eps: 1e-6, dtype: dtype);
        Set(norm.Weight, [.. Enumerable.Range(0, 4).Select(i => 0.5 + 0.25 * (2 * Math.Sin(0.7 * i + 1.0) + 0.3 * Math.Cos(1.3 * i)))]);
        var x = Wave([2, 3, 4], 0.3, 1, 0.2, dtype);
        x.RequiresGrad = true;
        var y = norm.Call(x);
        (y * Wave([2, 3, 4], 2, 0.5, 0, dtype)).Sum().Backward();
        AssertClose(V.RmsY, y, tol, tol);
        AssertClose(V.RmsDx, x.Grad!, tol, tol);
        AssertClose(V.RmsDw, norm.Weight!.Grad!, tol, tol);
    }

    [Fact]
    public void RmsNorm_TwoDims_NoWeight_DefaultEpsIsMachineEpsilon()
    {
        var norm = new RmsNorm([3, 4], elementwiseAffine: false, dtype: DType.Float64);
        Assert.Null(norm.Weight);
        Assert.Null(norm.Eps);
        Assert.Empty(norm.StateDict());
        var x = Wave([2, 3, 4], 0.9, 0.01);   // small values: eps matters at 1e-16 only
        x.RequiresGrad = true;
        var y = norm.Call(x);
        (y * Wave([2, 3, 4], 2, 0.5)).Sum().Backward();
        AssertClose(V.Rms2Y, y, 1e-12, 1e-12);
        AssertClose(V.Rms2Dx, x.Grad!, 1e-9, 1e-9);
        // the default eps is torch.finfo(dtype).eps: for a zero row y = 0 / sqrt(eps) = 0, and with a tiny row the eps shows
        var tiny = Tensor.Full([1, 4], 1e-4, DType.Float32);
        float expected = (float)(1e-4 / Math.Sqrt(1e-8 + Math.Pow(2, -23)));
        Assert.Equal(expected, Functional.RmsNorm(tiny, [4]).ToArray<float>()[0], 4);
        Assert.Equal(1e-4 / Math.Sqrt(1e-8 + Math.Pow(2, -52)), Functional.RmsNorm(Tensor.Full([1, 4], 1e-4, DType.Float64), [4]).ToArray<double>()[0], 15);
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void RmsNorm_GradCheck(Layout layout)
    {
        var x = Input([2, 3, 4], 41, layout: layout);
        var w = Input([4], 42);
        Check(a => Functional.RmsNorm(a[0], [4], a[1], 1e-5), x, w);
        Check(a => Functional.RmsNorm(a[0], [3, 4]), x);
    }

    [Fact]
    public void RmsNorm_StateDict_Summary_AndErrors()
    {
        var norm = new RmsNorm(8);
        Assert.Equal(["weight"], norm.StateDict().Keys.ToArray());
        Assert.Equal([8], norm.Weight!.Shape.ToArray());
        Assert.All(norm.Weight.ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.Equal(8, norm.ParameterCount());
        var summary = new Sequential(norm).Summary([2, 5, 8]);
        Assert.Equal(4L * 2 * 5 * 8, summary.Flops);
        var ex = Assert.Throws<ArgumentException>(() => norm.Call(Tensor.Zeros([2, 5, 7])));
        Assert.Contains("RmsNorm([8]) expects input [*, 8], got [2, 5, 7]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => norm.Call(Tensor.Zeros([2, 8], DType.Float64)));
        Assert.Contains("Float32 parameters", ex.Message);
        Assert.Throws<ArgumentException>(() => new RmsNorm([]));
        Assert.Throws<ArgumentException>(() => new RmsNorm(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsNorm(4, eps: -1));
        ex = Assert.Throws<ArgumentException>(() => Functional.RmsNorm(Tensor.Zeros([2, 4]), [4], Tensor.Ones([3])));
        Assert.Contains("expects weight [4], got [3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Functional.RmsNorm(Tensor.Zeros([2, 4], DType.Int32), [4]));
    }

    [Theory]
    [InlineData("Lrn3", 3, 1e-2, 0.75, 1.0, new[] { 2, 5, 4 })]
    [InlineData("Lrn4", 4, 0.5, 0.75, 2.0, new[] { 2, 5, 2, 3 })]
    [InlineData("Lrn1", 1, 0.3, 0.5, 1.0, new[] { 1, 2, 3 })]
    public void LocalResponseNorm_MatchesPyTorch(string name, int size, double alpha, double beta, double k, int[] shape)
    {
        double[] expectedY = (double[])typeof(V).GetField(name + "Y", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;
        double[] expectedDx = (double[])typeof(V).GetField(name + "Dx", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.GetValue(null)!;
        foreach (var (dtype, tol) in new[] { (DType.Float64, 1e-12), (DType.Float32, 2e-5) })
        {
            var lrn = new LocalResponseNorm(size, alpha, beta, k);
            var x = Wave(shape, 0.4, 1.5, 0.1, dtype);
            x.RequiresGrad = true;
            var y = lrn.Call(x);
            (y * Wave(shape, 2, 0.5, 0, dtype)).Sum().Backward();
            AssertClose(expectedY, y, tol, tol);
            AssertClose(expectedDx, x.Grad!, tol, tol);
        }
    }

    [Theory]
    [InlineData(Layout.Contiguous)]
    [InlineData(Layout.Transposed)]
    [InlineData(Layout.Sliced)]
    public void LocalResponseNorm_GradCheck(Layout layout)
    {
        var x = Input([2, 4, 3, 3], 43, layout: layout);
        Check(a => Functional.LocalResponseNorm(a[0], 3, 0.5, 0.75, 1.5), x);
        Check(a => Functional.LocalResponseNorm(a[0], 2, 0.2, 0.5, 1.0), x);
    }

    [Fact]
    public void LocalResponseNorm_EmptyInput_NoParameters_Summary_AndErrors()
    {
        var lrn = new LocalResponseNorm(5);
        Assert.Empty(lrn.StateDict());
        Assert.Equal([0, 3, 4], lrn.Call(Tensor.Zeros([0, 3, 4])).Shape.ToArray());
        Assert.Equal(9L * 2 * 3 * 4, new Sequential(lrn).Summary([2, 3, 4]).Flops);
        var ex = Assert.Throws<ArgumentException>(() => lrn.Call(Tensor.Zeros([2, 3])));
        Assert.Contains("expected 3-D or higher dimensional input", ex.Message);
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalResponseNorm(0));
        Assert.Throws<ArgumentException>(() => lrn.Call(Tensor.Zeros([2, 3, 4], DType.Int32)));
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void BatchNorm_WithoutRunningStats_UsesBatchStatisticsInEval_AndHasNoBuffers(DType dtype, double tol)
    {
        var bn = new BatchNorm1D(3, trackRunningStats: false, dtype: dtype);
        Assert.Equal(["weight", "bias"], bn.StateDict().Keys.ToArray()); // torch: weight, bias
        Assert.Null(bn.RunningMean);
        Assert.Null(bn.RunningVar);
        Assert.Null(bn.NumBatchesTracked);
        Set(bn.Weight, 0.5, 1.5, -1.0);
        Set(bn.Bias, 0.1, -0.2, 0.3);
        bn.Eval();
        var x = Wave([4, 3, 5], 0.6, 1, 0.5, dtype);
        x.RequiresGrad = true;
        var y = bn.Call(x);
        (y * Wave([4, 3, 5], 2, 0.5, 0, dtype)).Sum().Backward();
        AssertClose(V.BnUntrackedEvalY, y, tol, tol);
        AssertClose(V.BnUntrackedEvalDx, x.Grad!, tol, tol);
        // training gives the same (batch statistics both ways) and changes no state
        bn.Train();
        AssertClose(V.BnUntrackedEvalY, bn.Call(x), tol, tol);
        Assert.Equal(["weight", "bias"], bn.StateDict().Keys.ToArray());
        var bn2 = new BatchNorm2D(3, trackRunningStats: false);
        bn2.Eval();
        Assert.Equal(7L * 2 * 3 * 2 * 2, new Sequential(bn2).Summary([2, 3, 2, 2]).Flops);
    }
}
