using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>BatchNorm1D/2D: GradCheck in training and eval, hand formulas, running statistics, state dict, errors.</summary>
public class BatchNormTests
{
    /// <summary>Independent per-channel reference over [N, C, L] in a scalar double loop; also returns biased and unbiased variance.</summary>
    internal static (double[] Y, double[] Mean, double[] BiasedVar, double[] UnbiasedVar) Reference(double[] x, int n, int c, int l,
        double[] gamma, double[] beta, double eps)
    {
        var y = new double[x.Length];
        var mean = new double[c];
        var bv = new double[c];
        var uv = new double[c];
        int m = n * l;
        for (int ch = 0; ch < c; ch++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) s += x[(i * c + ch) * l + j];
            mean[ch] = s / m;
            double q = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) q += Math.Pow(x[(i * c + ch) * l + j] - mean[ch], 2);
            bv[ch] = q / m;
            uv[ch] = q / (m - 1);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < l; j++)
                    y[(i * c + ch) * l + j] = (x[(i * c + ch) * l + j] - mean[ch]) / Math.Sqrt(bv[ch] + eps) * gamma[ch] + beta[ch];
        }
        return (y, mean, bv, uv);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GradCheck_2D_InputWeightBias(bool training)
    {
        var x = Input([3, 2, 3, 4], 101);
        var w = Input([2], 102);
        var b = Input([2], 103);
        var rm = Input([2], 104, requiresGrad: false);
        var rv = Input([2], 105, Values.Positive, requiresGrad: false);
        // Functional form with running statistics copied per call, so finite differences never see an update
        Check(t => Functional.BatchNorm(t[0], rm.Clone(), rv.Clone(), t[1], t[2], training), x, w, b);
    }

    [Theory]
    [InlineData(true, Layout.Contiguous)]
    [InlineData(true, Layout.Transposed)]
    [InlineData(false, Layout.Sliced)]
    public void GradCheck_1D_RowsAndSequences(bool training, Layout layout)
    {
        var rows = Input([5, 3], 111, layout: layout);
        var seq = Input([3, 3, 20], 112, layout: layout);
        var w = Input([3], 113);
        var b = Input([3], 114);
        var rm = Input([3], 115, requiresGrad: false);
        var rv = Input([3], 116, Values.Positive, requiresGrad: false);
        Check(t => Functional.BatchNorm(t[0], rm.Clone(), rv.Clone(), t[1], t[2], training), rows, w, b);
        Check(t => Functional.BatchNorm(t[0], rm.Clone(), rv.Clone(), t[1], t[2], training), seq, w, b);
    }

    [Fact]
    public void GradCheck_Modules_TrainAndEval_NoAffine()
    {
        var bn = new BatchNorm2D(3, dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            bn.Weight!.CopyFrom(Input([3], 121, requiresGrad: false));
            bn.Bias!.CopyFrom(Input([3], 122, requiresGrad: false));
        }
        var x = Input([2, 3, 2, 5], 123);
        Check(t => { var y = bn.Call(t[0]); return y * y; }, x);
        Check(_ => bn.Call(x.Detach()), bn.Weight!, bn.Bias!);
        bn.Eval();
        Check(t => { var y = bn.Call(t[0]); return y * y; }, x);
        Check(_ => bn.Call(x.Detach()), bn.Weight!, bn.Bias!);
        var plain = new BatchNorm1D(4, affine: false, dtype: DType.Float64);
        Check(t => plain.Call(t[0]) * t[0], Input([6, 4], 124));
    }

    [Theory]
    [InlineData(7, 5, 1)]      // [N, C]: the row path
    [InlineData(40, 33, 1)]    // [N, C] with more channels than a vector, split over threads
    [InlineData(4, 3, 50)]     // [N, C, L]: the channel path with vector tails
    [InlineData(2, 70, 784)]   // [N, C, H·W] big enough to run in parallel
    public void Forward_And_RunningStats_MatchHandFormulas(int n, int c, int l)
    {
        var g = new Generator((ulong)(n * 1000 + c * 10 + l));
        double[] xs = Enumerable.Range(0, n * c * l).Select(_ => 10 + 3 * g.NextNormal()).ToArray();
        double[] gamma = Enumerable.Range(0, c).Select(_ => g.NextNormal()).ToArray();
        double[] beta = Enumerable.Range(0, c).Select(_ => g.NextNormal()).ToArray();
        var (ry, rmean, _, ruv) = Reference(xs, n, c, l, gamma, beta, 1e-5);
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            double tol = dtype == DType.Float64 ? 1e-11 : 5e-4;
            var bn = new BatchNorm1D(c, dtype: dtype);
            using (Autograd.NoGrad())
            {
                bn.Weight!.CopyFrom(Tensor.FromArray(gamma, [c]).To(dtype));
                bn.Bias!.CopyFrom(Tensor.FromArray(beta, [c]).To(dtype));
            }
            int[] shape = l == 1 ? [n, c] : [n, c, l];
            var y = bn.Call(Tensor.FromArray(xs, new Shape(shape)).To(dtype));
            AssertClose(ry, y, tol, tol);
            AssertClose(rmean.Select(v => 0.1 * v).ToArray(), bn.RunningMean!, tol, tol);
            AssertClose(ruv.Select(v => 0.9 + 0.1 * v).ToArray(), bn.RunningVar!, tol, tol);
        }
    }

    [Fact]
    public void Eval_UsesRunningStats_ByHand()
    {
        var bn = new BatchNorm2D(2, dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            bn.RunningMean!.CopyFrom(Tensor.FromArray(new double[] { 1, -2 }, [2]));
            bn.RunningVar!.CopyFrom(Tensor.FromArray(new double[] { 4, 0.25 }, [2]));
            bn.Weight!.CopyFrom(Tensor.FromArray(new double[] { 3, 1 }, [2]));
            bn.Bias!.CopyFrom(Tensor.FromArray(new double[] { 0.5, 0 }, [2]));
        }
        bn.Eval();
        var y = bn.Call(Tensor.FromArray(new double[] { 3, 5, -1, -2 }, [1, 2, 2, 1]));
        double s0 = Math.Sqrt(4 + 1e-5), s1 = Math.Sqrt(0.25 + 1e-5);
        AssertClose([(3 - 1) / s0 * 3 + 0.5, (5 - 1) / s0 * 3 + 0.5, (-1 + 2) / s1, 0], y, 1e-14, 1e-14);
        // a single value per channel is fine in evaluation
        var single = new BatchNorm1D(2);
        single.Eval();
        Assert.Equal(new Shape(1, 2), single.Call(Tensor.Ones([1, 2])).Shape);
    }

    [Fact]
    public void TrainEvalSwitch_AndUntrackedStats()
    {
        var bn = new BatchNorm1D(2, dtype: DType.Float64);
        var x = Tensor.FromArray(new double[] { 0, 10, 2, 20, 4, 60 }, [3, 2]);
        // training: channel 0 = {0, 2, 4} (mean 2, biased var 8/3), channel 1 = {10, 20, 60} (mean 30, biased var 1400/3)
        double s0 = Math.Sqrt(8.0 / 3 + 1e-5), s1 = Math.Sqrt(1400.0 / 3 + 1e-5);
        double[] expectedTrain = [-2 / s0, -20 / s1, 0, -10 / s1, 2 / s0, 30 / s1];
        AssertClose(expectedTrain, bn.Call(x), 1e-14, 1e-14);
        // running: mean 0.1·[2, 30], var 0.9 + 0.1·[4, 700] (unbiased)
        AssertClose([0.2, 3], bn.RunningMean!, 1e-14, 1e-14);
        AssertClose([1.3, 70.9], bn.RunningVar!, 1e-14, 1e-14);
        Assert.True(bn.IsTraining);
        bn.Eval();
        Assert.False(bn.IsTraining);
        double e0 = Math.Sqrt(1.3 + 1e-5), e1 = Math.Sqrt(70.9 + 1e-5);
        AssertClose([-0.2 / e0, 7 / e1, 1.8 / e0, 17 / e1, 3.8 / e0, 57 / e1], bn.Call(x), 1e-14, 1e-14);
        AssertClose([0.2, 3], bn.RunningMean!, 1e-14, 1e-14); // evaluation does not update
        bn.Train();
        AssertClose(expectedTrain, bn.Call(x), 1e-14, 1e-14);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<int>());

        // without running statistics, evaluation normalises with the batch like training and there are no buffers
        var free = new BatchNorm1D(2, trackRunningStats: false, dtype: DType.Float64);
        Assert.Equal(["weight", "bias"], free.StateDict().Keys);
        Assert.Null(free.RunningMean);
        free.Eval();
        AssertClose(expectedTrain, free.Call(x), 1e-14, 1e-14);
    }

    [Fact]
    public void SingleValuePerChannel_InTraining_ThrowsLikePyTorch()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchNorm1D(3).Call(Tensor.Zeros([1, 3])));
        Assert.StartsWith("Expected more than 1 value per channel when training, got input size [1, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BatchNorm2D(4).Call(Tensor.Zeros([1, 4, 1, 1])));
        Assert.StartsWith("Expected more than 1 value per channel when training, got input size [1, 4, 1, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros([1, 3, 1]), null, null, training: true));
        Assert.StartsWith("Expected more than 1 value per channel", e.Message);
        var bn = new BatchNorm1D(3);
        Assert.Throws<ArgumentException>(() => bn.Call(Tensor.Zeros([1, 3])));
        Assert.Equal(0, bn.NumBatchesTracked!.Item<int>()); // nothing changed by the failed call
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ConstantChannels_AreFinite(DType dtype)
    {
        var bn = new BatchNorm2D(3, dtype: dtype);
        var x = Tensor.Full([4, 3, 5, 5], -3.5, dtype);
        x.RequiresGrad = true;
        var y = bn.Call(x);
        Assert.All(D(y), v => Assert.Equal(0.0, v));
        (y * y + y).Sum().Backward();
        Assert.All(D(x.Grad!), v => Assert.True(double.IsFinite(v)));
        Assert.All(D(bn.Weight!.Grad!), v => Assert.True(double.IsFinite(v)));
        Assert.All(D(bn.RunningVar!), v => Assert.Equal(0.9, v, 6));
        var rows = new BatchNorm1D(3, dtype: dtype).Call(Tensor.Full([5, 3], 2, dtype));
        Assert.All(D(rows), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void StateDict_HasPyTorchNames_AndLoadsPyTorchState()
    {
        var bn = new BatchNorm2D(4);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], bn.StateDict().Keys);
        Assert.Equal(DType.Int64, bn.NumBatchesTracked!.DType); // torch.long, as PyTorch
        Assert.Equal(0, bn.NumBatchesTracked.Rank);
        Assert.Equal(8, bn.ParameterCount());
        // a state as PyTorch saves it: float running statistics, an integer num_batches_tracked (I64 in safetensors → Int32)
        var state = new Dictionary<string, Tensor>
        {
            ["weight"] = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, [4]),
            ["bias"] = Tensor.FromArray(new float[] { 0, 1, 0, 1 }, [4]),
            ["running_mean"] = Tensor.FromArray(new float[] { 0.5f, -0.5f, 1, 2 }, [4]),
            ["running_var"] = Tensor.FromArray(new float[] { 2, 3, 4, 5 }, [4]),
            ["num_batches_tracked"] = Tensor.Scalar(17, DType.Int32),
        };
        Assert.True(bn.LoadStateDict(state).IsExactMatch);
        Assert.Equal(17, bn.NumBatchesTracked!.Item<int>());
        Assert.Equal([2f, 3, 4, 5], bn.RunningVar!.ToArray<float>());

        var file = Path.Combine(Path.GetTempPath(), $"bn-{Guid.NewGuid():N}.safetensors");
        try
        {
            DeepNotes.Serialization.SafeTensors.Save(file, bn.StateDict());
            var back = new BatchNorm2D(4);
            back.LoadStateDict(DeepNotes.Serialization.SafeTensors.Load(file));
            Assert.Equal(17, back.NumBatchesTracked!.Item<int>());
            Assert.Equal([0.5f, -0.5f, 1, 2], back.RunningMean!.ToArray<float>());
        }
        finally { File.Delete(file); }

        bn.To(DType.Float64);
        Assert.Equal(DType.Float64, bn.RunningMean!.DType);
        Assert.Equal(DType.Int64, bn.NumBatchesTracked!.DType);
        Assert.Equal(new Shape(2, 4, 3, 3), bn.Call(Tensor.Randn([2, 4, 3, 3], DType.Float64)).Shape);
    }

    [Fact]
    public void Results_DoNotDependOnThreadCount()
    {
        foreach (int[] shape in new[] { new[] { 16, 24, 20, 20 }, new[] { 512, 96 } })
        {
            var x = Input(shape, 131, dtype: DType.Float32);
            var up = Input(shape, 132, requiresGrad: false, dtype: DType.Float32);
            float[][] Run(int threads)
            {
                int saved = Parallelism.ThreadCount;
                Parallelism.ThreadCount = threads;
                try
                {
                    var bn = new BatchNorm1D(shape[1]);
                    x.Grad = null;
                    var y = Functional.BatchNorm(x, bn.RunningMean, bn.RunningVar, bn.Weight, bn.Bias, training: true);
                    y.Backward(up);
                    return [y.ToArray<float>(), x.Grad!.ToArray<float>(), bn.Weight!.Grad!.ToArray<float>(), bn.RunningVar!.ToArray<float>()];
                }
                finally { Parallelism.ThreadCount = saved; }
            }
            var one = Run(1);
            var two = Run(2);
            var four = Run(4);
            for (int k = 0; k < one.Length; k++)
            {
                Assert.Equal(one[k], two[k]);
                Assert.Equal(one[k], four[k]);
            }
        }
    }

    [Fact]
    public void BadInputs_NameExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchNorm2D(64).Call(Tensor.Zeros([8, 32, 14, 14])));
        Assert.Equal("BatchNorm2D(64) expects input [N, 64, H, W], got [8, 32, 14, 14]. (Parameter 'input')", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BatchNorm2D(3).Call(Tensor.Zeros([8, 3, 14])));
        Assert.Contains("expects input [N, 3, H, W], got [8, 3, 14]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BatchNorm1D(10).Call(Tensor.Zeros([8, 12])));
        Assert.Contains("BatchNorm1D(10) expects input [N, 10] or [N, 10, L], got [8, 12]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BatchNorm1D(10).Call(Tensor.Zeros([8, 10], DType.Float64)));
        Assert.Contains("BatchNorm1D(10) has Float32 parameters, got a Float64 input", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros([4, 3]), Tensor.Zeros([2]), Tensor.Ones([2])));
        Assert.Contains("running_mean must have shape [3] for input [4, 3], got [2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros([4, 3]), null, null));
        Assert.Contains("must be given when not training", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(Tensor.Zeros([4]), null, null, training: true));
        Assert.Contains("rank ≥ 2, got [4]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2D(3, momentum: 1.5));
        Assert.Equal("BatchNorm2D(64, eps: 1E-05, momentum: 0.1, affine: true, track_running_stats: true)", new BatchNorm2D(64).Describe());
        Assert.Equal(7L * 2 * 64 * 9, new BatchNorm2D(64).EstimateForwardFlops(null, Tensor.Zeros([2, 64, 3, 3])));
    }
}
