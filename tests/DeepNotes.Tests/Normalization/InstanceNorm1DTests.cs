using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.Normalization.TorchReferenceTests;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>
/// InstanceNorm1D: PyTorch values (<see cref="TorchValues"/>, from reference/torch_normalization.py) for the default,
/// tracked-affine (train, running update, eval) and unbatched forms; float64 GradChecks; hand values; errors.
/// </summary>
public class InstanceNorm1DTests
{
    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void Default_MatchesPyTorch(DType dtype, double tol)
    {
        var norm = new InstanceNorm1D(3, dtype: dtype);
        Assert.Empty(norm.StateDict());
        Tensor y = norm.Call(Wave([2, 3, 5], 0.2, 1, 0.3, dtype));
        Assert.Equal(dtype, y.DType);
        AssertClose(TorchValues.In1dY, y, tol, tol, shape: [2, 3, 5]);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 5e-5)]
    public void TrackedAffine_TrainTwoSteps_ThenEval_MatchPyTorch(DType dtype, double tol)
    {
        var norm = new InstanceNorm1D(3, momentum: 0.2, affine: true, trackRunningStats: true, dtype: dtype);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], norm.StateDict().Keys);
        Set(norm.Weight, 0.8, -1.2, 2.0);
        Set(norm.Bias, 0.1, 0.4, -0.5);
        var x1 = Wave([4, 3, 6], 0.3, 1.5, 0.2, dtype);
        x1.RequiresGrad = true;
        var y1 = norm.Call(x1);
        (y1 * Wave([4, 3, 6], 1.7, 0.5, 0, dtype)).Sum().Backward();
        AssertClose(TorchValues.In1dTrainY, y1, tol, tol);
        AssertClose(TorchValues.In1dTrainDx, x1.Grad!, tol, tol);
        AssertClose(TorchValues.In1dTrainDw, norm.Weight!.Grad!, tol, tol);
        AssertClose(TorchValues.In1dTrainDb, norm.Bias!.Grad!, tol, tol);
        norm.Call(Wave([4, 3, 6], 2.1, 0.7, -0.4, dtype));
        AssertClose(TorchValues.In1dRunningMean, norm.RunningMean!, tol, tol);
        AssertClose(TorchValues.In1dRunningVar, norm.RunningVar!, tol, tol);
        Assert.Equal(0, norm.NumBatchesTracked!.Item<int>()); // instance norm never counts, as in PyTorch

        norm.Eval();
        var xe = Wave([2, 3, 6], 0.9, 1.2, 0.6, dtype);
        xe.RequiresGrad = true;
        var ye = norm.Call(xe);
        (ye * Wave([2, 3, 6], 0.4, 1, 0, dtype)).Sum().Backward();
        AssertClose(TorchValues.In1dEvalY, ye, tol, tol);
        AssertClose(TorchValues.In1dEvalDx, xe.Grad!, tol, tol);
        AssertClose(TorchValues.In1dRunningMean, norm.RunningMean!, tol, tol); // evaluation does not update
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void Unbatched_TrainAndEval_MatchPyTorch(DType dtype, double tol)
    {
        var norm = new InstanceNorm1D(2, affine: true, trackRunningStats: true, dtype: dtype);
        Tensor y = norm.Call(Wave([2, 7], 0.5, 2, 1, dtype));
        Assert.Equal(new Shape(2, 7), y.Shape);
        AssertClose(TorchValues.In1dUnbatchedTrainY, y, tol, tol);
        AssertClose(TorchValues.In1dUnbatchedRunningMean, norm.RunningMean!, tol, tol);
        AssertClose(TorchValues.In1dUnbatchedRunningVar, norm.RunningVar!, tol, tol);
        norm.Eval();
        AssertClose(TorchValues.In1dUnbatchedEvalY, norm.Call(Wave([2, 7], 1.5, 1, 0, dtype)), tol, tol, shape: [2, 7]);
    }

    [Fact]
    public void Values_ByHand_AndMomentumNullKeepsTheRunningStatistics()
    {
        // row [1, 2, 3, 4]: mean 2.5, biased variance 1.25; row [2, 2, 2, 6]: mean 3, variance 3
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 2, 2, 2, 6 }, [1, 2, 4]);
        var norm = new InstanceNorm1D(2, momentum: null, affine: true, trackRunningStats: true, dtype: DType.Float64);
        Set(norm.Weight, 2, 1);
        Set(norm.Bias, 0, 10);
        double s1 = Math.Sqrt(1.25 + 1e-5), s2 = Math.Sqrt(3 + 1e-5);
        double[] expected = [2 * -1.5 / s1, 2 * -0.5 / s1, 2 * 0.5 / s1, 2 * 1.5 / s1, 10 - 1 / s2, 10 - 1 / s2, 10 - 1 / s2, 10 + 3 / s2];
        AssertClose(expected, norm.Call(x), 1e-14, 1e-14);
        // momentum null means 0 in instance norm (PyTorch): the running statistics stay at their initial 0 and 1
        Assert.Equal([0.0, 0], D(norm.RunningMean!));
        Assert.Equal([1.0, 1], D(norm.RunningVar!));
        // with momentum 1 they become the batch averages of the per-instance mean and unbiased variance
        var one = new InstanceNorm1D(2, momentum: 1, trackRunningStats: true, dtype: DType.Float64);
        one.Call(x);
        AssertClose([2.5, 3], one.RunningMean!, 1e-14, 1e-14);
        AssertClose([1.25 * 4 / 3, 3.0 * 4 / 3], one.RunningVar!, 1e-14, 1e-14);
    }

    [Fact]
    public void GradCheck_AffineTrain_Eval_Unbatched()
    {
        var norm = new InstanceNorm1D(3, affine: true, trackRunningStats: true, dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            norm.Weight!.CopyFrom(Input([3], 301, requiresGrad: false));
            norm.Bias!.CopyFrom(Input([3], 302, requiresGrad: false));
        }
        var x = Input([2, 3, 5], 303);
        // training: input statistics (the running update inside the checked function does not change the output)
        Check(t => { var y = norm.Call(t[0]); return y * y; }, x);
        Check(_ => norm.Call(x.Detach()), norm.Weight!, norm.Bias!);
        // evaluation with the (now updated, non-trivial) running statistics
        norm.Eval();
        Assert.NotEqual([0.0, 0, 0], D(norm.RunningMean!));
        Check(t => { var y = norm.Call(t[0]); return y * y; }, x);
        Check(_ => norm.Call(x.Detach()), norm.Weight!, norm.Bias!);
        // unbatched [C, L], in training and non-contiguous
        norm.Train();
        Check(t => { var y = norm.Call(t[0]); return y * y; }, Input([3, 6], 304, layout: Layout.Sliced));
        Check(t => { var y = new InstanceNorm1D(4, dtype: DType.Float64).Call(t[0]); return y * t[0]; }, Input([4, 7], 305));
        // the functional form on [N, C, L]
        Check(t => Functional.InstanceNorm(t[0], weight: t[1], bias: t[2]), Input([2, 3, 4], 306), Input([3], 307), Input([3], 308));
    }

    [Fact]
    public void Unbatched_EqualsBatchOfOne()
    {
        var x = Input([3, 9], 311, requiresGrad: false);
        var norm = new InstanceNorm1D(3, dtype: DType.Float64);
        Assert.Equal(D(norm.Call(x.Unsqueeze(0))), D(norm.Call(x)));
    }

    [Fact]
    public void BadInputs_NameExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3).Call(Tensor.Zeros([2, 3, 4, 5])));
        Assert.StartsWith("InstanceNorm1D(3) expects input [N, 3, L] or [3, L], got [2, 3, 4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3).Call(Tensor.Zeros([2, 4, 5])));
        Assert.StartsWith("InstanceNorm1D(3) expects input [N, 3, L] or [3, L], got [2, 4, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3).Call(Tensor.Zeros([3])));
        Assert.StartsWith("InstanceNorm1D(3) expects input [N, 3, L] or [3, L], got [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3).Call(Tensor.Zeros([2, 3, 1])));
        Assert.StartsWith("Expected more than 1 spatial element when training, got input size [2, 3, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3).Call(Tensor.Zeros([3, 1])));
        Assert.StartsWith("Expected more than 1 spatial element when training, got input size [1, 3, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm1D(3, affine: true).Call(Tensor.Zeros([2, 3, 4], DType.Float64)));
        Assert.StartsWith("InstanceNorm1D(3) has Float32 parameters, got a Float64 input.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InstanceNorm1D(3, momentum: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InstanceNorm1D(-1));
        var tracked = new InstanceNorm1D(3, trackRunningStats: true);
        tracked.Eval();
        Assert.Equal(new Shape(2, 3, 1), tracked.Call(Tensor.Zeros([2, 3, 1])).Shape); // running statistics: one element is fine
    }

    [Fact]
    public void Describe_And_Flops_LikeInstanceNorm2D()
    {
        Assert.Equal("InstanceNorm1D(3, eps: 1E-05, momentum: 0.1, affine: false, track_running_stats: false)", new InstanceNorm1D(3).Describe());
        Assert.Equal("InstanceNorm1D(8, eps: 0.001, momentum: null, affine: true, track_running_stats: true)",
            new InstanceNorm1D(8, 1e-3, null, true, true).ToString());
        var norm = new InstanceNorm1D(4, affine: true);
        Assert.Equal(2, norm.Parameters().Count());
        Tensor x = Tensor.Zeros([2, 4, 5]);
        Assert.Equal(7L * 40, norm.EstimateForwardFlops(x, norm.Call(x + Tensor.Arange(0, 40).Reshape([2, 4, 5]))));
        var same = new InstanceNorm2D(4, affine: true);
        Tensor x2 = Tensor.Arange(0, 40).Reshape([2, 4, 5, 1]);
        Assert.Equal(same.EstimateForwardFlops(x2, same.Call(x2)), norm.EstimateForwardFlops(x, norm.Call(x2.Reshape([2, 4, 5]))));
    }
}
