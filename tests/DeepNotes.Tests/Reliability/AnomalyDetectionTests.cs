using DeepNotes.Layers;

namespace DeepNotes.Tests.Reliability;

/// <summary><see cref="Autograd.DetectAnomaly"/>: NaN or ±∞ from an op (forward) or a backward function throws at once.</summary>
public class AnomalyDetectionTests
{
    private static Tensor Leaf(params float[] values) => Tensor.FromArray(values, requiresGrad: true);

    [Fact]
    public void Forward_LogOfNegative_ThrowsNamingTheOp()
    {
        var x = Leaf(1, -2, 3);
        using (Autograd.DetectAnomaly())
        {
            Assert.True(Autograd.IsAnomalyDetectionEnabled);
            var ex = Assert.Throws<InvalidOperationException>(() => x.Log());
            Assert.Equal("Anomaly detected in forward: Log (LogBackward) produced NaN in its output [3] Float32, first at flat index 1.", ex.Message);
        }
        Assert.False(Autograd.IsAnomalyDetectionEnabled);
        Assert.True(float.IsNaN(x.Log().ToArray<float>()[1])); // outside the scope: the NaN is returned, as in PyTorch
    }

    [Fact]
    public void Forward_Infinity_IsCaught_UnlessAllowed()
    {
        var x = Leaf(1, 200);
        using (Autograd.DetectAnomaly())
            Assert.Contains("Exp (ExpBackward) produced infinity in its output [2] Float32, first at flat index 1",
                Assert.Throws<InvalidOperationException>(() => x.Exp()).Message);
        using (Autograd.DetectAnomaly(checkForwardInfinity: false))
        {
            Assert.True(float.IsPositiveInfinity(x.Exp().ToArray<float>()[1]));
            Assert.Contains("Log (LogBackward) produced NaN", Assert.Throws<InvalidOperationException>(() => (x * -1).Log()).Message);
        }
    }

    [Fact]
    public void Forward_ANaNAlreadyInAnInput_IsSaidToComeFromIt()
    {
        var x = Leaf(1, float.NaN);
        using (Autograd.DetectAnomaly())
        {
            var ex = Assert.Throws<InvalidOperationException>(() => x.Reshape(2, 1));
            Assert.Equal("Anomaly detected in forward: Reshape (ReshapeBackward) produced NaN in its output [2, 1] Float32, first at flat index 1, " +
                "but its input 0 ([2] Float32) already held NaN at flat index 1 (a leaf, or a tensor computed without recording).", ex.Message);
        }
    }

    [Fact]
    public void Forward_OpsThatRecordNoNode_AreNotChecked()
    {
        using (Autograd.DetectAnomaly())
        {
            Assert.True(float.IsNaN(Tensor.FromArray(new[] { -1f }).Log().ToArray<float>()[0])); // no input requires grad
            var x = Leaf(-1);
            using (Autograd.NoGrad())
                Assert.True(float.IsNaN(x.Log().ToArray<float>()[0]));
        }
    }

    [Fact]
    public void Backward_SqrtAtZero_ThrowsNamingSqrtBackward_AndTheInput()
    {
        var x = Tensor.FromArray(new[] { 4.0, 0.0, 1.0 }, requiresGrad: true);
        using (Autograd.DetectAnomaly())
        {
            Tensor y = x.Sqrt().Sum(); // sqrt(0) = 0 is fine in forward; its gradient 1/(2·0) is not
            var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.Equal("Anomaly detected in backward: SqrtBackward produced infinity in the gradient for its input 0 ([3] Float64), " +
                "first at flat index 1, from a finite gradient of its output ([3] Float64).", ex.Message);
            Assert.Null(x.Grad);
        }
        x.Sqrt().Sum().Backward(); // outside the scope: infinity, as PyTorch gives
        Assert.Equal(new[] { 0.25, double.PositiveInfinity, 0.5 }, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void Backward_ANaNGradientFromTheCaller_IsReported()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        using (Autograd.DetectAnomaly())
        {
            Tensor y = x * 3;
            var ex = Assert.Throws<InvalidOperationException>(() => y.Backward(Tensor.FromArray(new[] { 1.0, double.NaN })));
            Assert.Contains("MulBackward produced NaN in the gradient for its input 0 ([2] Float64)", ex.Message);
            Assert.Contains("the gradient of its output ([2] Float64) it received already held NaN at flat index 1", ex.Message);
        }
    }

    [Fact]
    public void Scopes_Nest_AndRestore()
    {
        var x = Leaf(-1);
        Assert.False(Autograd.IsAnomalyDetectionEnabled);
        using (Autograd.DetectAnomaly())
        {
            using (Autograd.DetectAnomaly()) Assert.True(Autograd.IsAnomalyDetectionEnabled);
            Assert.True(Autograd.IsAnomalyDetectionEnabled);
            using (Autograd.NoAnomalyDetection())
            {
                Assert.False(Autograd.IsAnomalyDetectionEnabled);
                Assert.True(float.IsNaN(x.Log().ToArray<float>()[0]));
            }
            Assert.Throws<InvalidOperationException>(() => x.Log());
            using (Autograd.DetectAnomaly(checkForwardInfinity: false)) Assert.True(Autograd.IsAnomalyDetectionEnabled);
            Assert.Throws<InvalidOperationException>(() => (x * 1000).Exp().Log()); // forward infinity checked again
        }
        Assert.False(Autograd.IsAnomalyDetectionEnabled);
        default(AnomalyModeScope).Dispose(); // restores "off"
        Assert.False(Autograd.IsAnomalyDetectionEnabled);
    }

    [Fact]
    public void Mode_IsPerThread()
    {
        var x = Leaf(-1);
        bool otherSawEnabled = true;
        Exception? otherError = null;
        using (Autograd.DetectAnomaly())
        {
            var thread = new Thread(() =>
            {
                try
                {
                    otherSawEnabled = Autograd.IsAnomalyDetectionEnabled;
                    x.Log(); // not inside a scope on this thread: no throw
                }
                catch (Exception e) { otherError = e; }
            });
            thread.Start();
            thread.Join();
            Assert.Throws<InvalidOperationException>(() => x.Log());
        }
        Assert.False(otherSawEnabled);
        Assert.Null(otherError);

        // And the other way round: a scope on another thread does not reach this one.
        var inScope = new ManualResetEventSlim();
        var done = new ManualResetEventSlim();
        Exception? caught = null;
        var worker = new Thread(() =>
        {
            using (Autograd.DetectAnomaly())
            {
                inScope.Set();
                try { x.Log(); } catch (InvalidOperationException e) { caught = e; }
                done.Wait();
            }
        });
        worker.Start();
        inScope.Wait();
        Assert.False(Autograd.IsAnomalyDetectionEnabled);
        Assert.True(float.IsNaN(x.Log().ToArray<float>()[0]));
        done.Set();
        worker.Join();
        Assert.NotNull(caught);
    }

    [Fact]
    public void CustomFunction_IsCheckedInBothDirections()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, requiresGrad: true);
        Tensor Bad(Tensor t) => Autograd.Function("HalfBrokenBackward",
            forward: xs => xs[0] * 2,
            backward: (xs, y, g) => [g / (xs[0] - 1)], // 1/0 at x = 1
            t);
        using (Autograd.DetectAnomaly())
        {
            Tensor y = Bad(x).Sum();
            Assert.Contains("HalfBrokenBackward produced infinity in the gradient for its input 0 ([2] Float64), first at flat index 0",
                Assert.Throws<InvalidOperationException>(() => y.Backward()).Message);
        }
    }

    private static BatchNorm1D Norm()
    {
        var bn = new BatchNorm1D(2);
        bn.Train();
        return bn;
    }

    [Fact]
    public void BatchNorm_WithoutTheScope_ANaNBatchPoisonsTheRunningStatisticsForGood_AsInPyTorch()
    {
        var bn = Norm();
        bn.Forward(Tensor.FromArray(new[,] { { 1f, float.NaN }, { 3f, 4f } }));
        Assert.True(float.IsNaN(bn.RunningMean!.ToArray<float>()[1]));
        Assert.False(float.IsNaN(bn.RunningMean!.ToArray<float>()[0]));
        bn.Forward(Tensor.FromArray(new[,] { { 1f, 2f }, { 3f, 4f } })); // a clean batch does not heal it
        Assert.True(float.IsNaN(bn.RunningMean!.ToArray<float>()[1]));
        Assert.True(float.IsNaN(bn.RunningVar!.ToArray<float>()[1]));
        bn.Eval();
        Assert.True(float.IsNaN(bn.Forward(Tensor.FromArray(new[,] { { 1f, 2f } })).ToArray<float>()[1]));
    }

    [Fact]
    public void BatchNorm_UnderTheScope_ANaNBatchThrowsNamingTheLayer_AndChangesNothing()
    {
        var bn = Norm();
        bn.Forward(Tensor.FromArray(new[,] { { 1f, 2f }, { 3f, 5f } }));
        float[] mean = bn.RunningMean!.ToArray<float>(), variance = bn.RunningVar!.ToArray<float>();
        using (Autograd.DetectAnomaly())
        {
            // The output is NaN too, so the op's own forward check fires first; the layer reports the statistics.
            var ex = Assert.Throws<InvalidOperationException>(() => bn.Forward(Tensor.FromArray(new[,] { { 1f, float.NaN }, { 3f, 4f } })));
            Assert.StartsWith("Anomaly detected in BatchNorm1D(2): this training batch would leave NaN in running_mean (first at channel 1)", ex.Message);
            Assert.Contains("BatchNormBackward", ex.InnerException!.Message);
            // Without a graph (no grad), the layer's own check catches it.
            using (Autograd.NoGrad())
                Assert.StartsWith("Anomaly detected in BatchNorm1D(2): this training batch would leave NaN in running_mean",
                    Assert.Throws<InvalidOperationException>(() => bn.Forward(Tensor.FromArray(new[,] { { float.NaN, 1f }, { 3f, 4f } }))).Message);
        }
        Assert.Equal(mean, bn.RunningMean!.ToArray<float>());
        Assert.Equal(variance, bn.RunningVar!.ToArray<float>());
        Assert.Equal(1, bn.NumBatchesTracked!.Item<int>());
    }

    [Fact]
    public void BatchNorm_UnderTheScope_AnOverflowingVariance_ThrowsEvenThoughTheOutputIsFinite()
    {
        var bn = Norm();
        var x = Tensor.FromArray(new[,] { { 3e19f, 1f }, { -3e19f, 2f } }); // variance 9e38·2 overflows Float32
        using (Autograd.DetectAnomaly())
        {
            var ex = Assert.Throws<InvalidOperationException>(() => bn.Forward(x));
            Assert.StartsWith("Anomaly detected in BatchNorm1D(2): this training batch would leave infinity in running_var (first at channel 0)", ex.Message);
            Assert.Null(ex.InnerException);
            bn.Eval();
            bn.Forward(x); // evaluation does not update the statistics: nothing to guard
        }
        Assert.Equal(new[] { 0f, 0f }, bn.RunningMean!.ToArray<float>());
        Assert.Equal(new[] { 1f, 1f }, bn.RunningVar!.ToArray<float>());
        Assert.Equal(0, bn.NumBatchesTracked!.Item<int>());
    }

    [Fact]
    public void InstanceNorm_TrackingStatistics_IsGuardedToo()
    {
        var norm = new InstanceNorm1D(1, trackRunningStats: true);
        norm.Train();
        using (Autograd.DetectAnomaly())
            Assert.StartsWith("Anomaly detected in InstanceNorm1D(1): this training batch would leave NaN in running_mean",
                Assert.Throws<InvalidOperationException>(() => norm.Forward(Tensor.FromArray(new[] { 1f, float.NaN, 2f }, [1, 1, 3]))).Message);
        Assert.Equal(new[] { 0f }, norm.RunningMean!.ToArray<float>());
    }
}
