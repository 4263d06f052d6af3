using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>GroupNorm and InstanceNorm2D: GradCheck, PyTorch and hand values, running statistics, constant inputs, errors.</summary>
public class GroupInstanceNormTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void GroupNorm_GradCheck(int groups)
    {
        var x = Input([2, 6, 3, 2], 201);
        var w = Input([6], 202);
        var b = Input([6], 203);
        Check(t => Functional.GroupNorm(t[0], groups, t[1], t[2]), x, w, b);
    }

    [Fact]
    public void GroupNorm_GradCheck_Module_NonContiguous_LongRows()
    {
        var gn = new GroupNorm(2, 4, dtype: DType.Float64);
        using (Autograd.NoGrad())
        {
            gn.Weight!.CopyFrom(Input([4], 211, requiresGrad: false));
            gn.Bias!.CopyFrom(Input([4], 212, requiresGrad: false));
        }
        var x = Input([2, 4, 40], 213, layout: Layout.Sliced);
        Check(t => { var y = gn.Call(t[0]); return y * y; }, x);
        Check(_ => gn.Call(x.Detach()), gn.Weight!, gn.Bias!);
        Check(t => Functional.GroupNorm(t[0], 4) * t[0], Input([3, 4, 5], 214));
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-5)]
    public void GroupNorm_MatchesPyTorch(DType dtype, double tol)
    {
        var gn = new GroupNorm(2, 4, dtype: dtype);
        using (Autograd.NoGrad())
        {
            gn.Weight!.CopyFrom(Tensor.FromArray(new double[] { 1, -0.5, 2, 0.25 }, [4]).To(dtype));
            gn.Bias!.CopyFrom(Tensor.FromArray(new double[] { 0, 0.1, -0.1, 0.2 }, [4]).To(dtype));
        }
        AssertClose(TorchValues.GnY, gn.Call(TorchReferenceTests.Wave([2, 4, 3, 2], 0.5, 1, 1, dtype)), tol, tol);
    }

    [Fact]
    public void GroupNorm_OneGroup_IsLayerNormOverAllButBatch_ByHand()
    {
        var g = new Generator(221);
        var xs = Enumerable.Range(0, 2 * 3 * 4).Select(_ => g.NextNormal()).ToArray();
        var y = Functional.GroupNorm(Tensor.FromArray(xs, [2, 3, 4]), 1);
        AssertClose(LayerNormTests.Reference(xs, 12, null, null, 1e-5), y, 1e-13, 1e-13);
        // G = C is instance normalization: rows of 4
        var yi = Functional.GroupNorm(Tensor.FromArray(xs, [2, 3, 4]), 3);
        AssertClose(LayerNormTests.Reference(xs, 4, null, null, 1e-5), yi, 1e-13, 1e-13);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InstanceNorm_GradCheck(bool affine)
    {
        var x = Input([2, 3, 3, 4], 231);
        if (!affine)
        {
            Check(t => { var y = new InstanceNorm2D(3, dtype: DType.Float64).Call(t[0]); return y * y; }, x);
            return;
        }
        var w = Input([3], 232);
        var b = Input([3], 233);
        Check(t => Functional.InstanceNorm(t[0], weight: t[1], bias: t[2]), x, w, b);
        // evaluation with running statistics: a per-channel affine map
        var rm = Input([3], 234, requiresGrad: false);
        var rv = Input([3], 235, Values.Positive, requiresGrad: false);
        Check(t => Functional.InstanceNorm(t[0], rm, rv, t[1], t[2], useInputStats: false), x, w, b);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-5)]
    public void InstanceNorm_MatchesPyTorch_DefaultAndTracked(DType dtype, double tol)
    {
        var plain = new InstanceNorm2D(3, dtype: dtype);
        Assert.Empty(plain.StateDict());
        AssertClose(TorchValues.InY, plain.Call(TorchReferenceTests.Wave([2, 3, 2, 3], 0.1, 1, -0.5, dtype)), tol, tol);

        var tracked = new InstanceNorm2D(3, affine: true, trackRunningStats: true, dtype: dtype);
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], tracked.StateDict().Keys);
        using (Autograd.NoGrad())
        {
            tracked.Weight!.CopyFrom(Tensor.FromArray(new double[] { 1.5, 0.5, -1 }, [3]).To(dtype));
            tracked.Bias!.CopyFrom(Tensor.FromArray(new double[] { 0.2, 0, -0.3 }, [3]).To(dtype));
        }
        AssertClose(TorchValues.InTrackedTrainY, tracked.Call(TorchReferenceTests.Wave([2, 3, 2, 3], 0.1, 1, -0.5, dtype)), tol, tol);
        AssertClose(TorchValues.InRunningMean, tracked.RunningMean!, tol, tol);
        AssertClose(TorchValues.InRunningVar, tracked.RunningVar!, tol, tol);
        tracked.Eval();
        AssertClose(TorchValues.InTrackedEvalY, tracked.Call(TorchReferenceTests.Wave([2, 3, 2, 3], 0.7, 2, 0.5, dtype)), tol, tol);
    }

    [Fact]
    public void InstanceNorm_Unbatched_EqualsBatchOfOne()
    {
        var x = Input([3, 4, 5], 241, requiresGrad: false);
        var norm = new InstanceNorm2D(3, dtype: DType.Float64);
        var y = norm.Call(x);
        Assert.Equal(new Shape(3, 4, 5), y.Shape);
        Assert.Equal(D(norm.Call(x.Unsqueeze(0))), D(y));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ConstantInputs_AreFinite(DType dtype)
    {
        var x = Tensor.Full([2, 4, 3, 3], 5, dtype);
        x.RequiresGrad = true;
        var gn = new GroupNorm(2, 4, dtype: dtype);
        var inn = new InstanceNorm2D(4, affine: true, dtype: dtype);
        var y = gn.Call(x) + inn.Call(x);
        Assert.All(D(y), v => Assert.Equal(0.0, v));
        (y * y + y).Sum().Backward();
        Assert.All(D(x.Grad!), v => Assert.True(double.IsFinite(v)));
        Assert.All(D(gn.Weight!.Grad!).Concat(D(inn.Weight!.Grad!)), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void BadInputs_NameExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new GroupNorm(2, 4).Call(Tensor.Zeros([2, 6, 3])));
        Assert.Contains("GroupNorm(2, 4) expects input [N, 4, *], got [2, 6, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GroupNorm(3, 4));
        Assert.Contains("num_channels (4) must be divisible by num_groups (3)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.GroupNorm(Tensor.Zeros([2, 5, 3]), 2));
        Assert.Contains("got input of shape [2, 5, 3] and num_groups=2", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GroupNorm(2, 2).Call(Tensor.Zeros([1, 2])));
        Assert.StartsWith("Expected more than 1 value per channel when training, got input size [1, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm2D(3).Call(Tensor.Zeros([2, 3, 1, 1])));
        Assert.StartsWith("Expected more than 1 spatial element when training, got input size [2, 3, 1, 1]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new InstanceNorm2D(3).Call(Tensor.Zeros([2, 4, 5, 5])));
        Assert.Contains("InstanceNorm2D(3) expects input [N, 3, H, W] or [3, H, W], got [2, 4, 5, 5]", e.Message);
        var tracked = new InstanceNorm2D(3, trackRunningStats: true);
        tracked.Eval();
        Assert.Equal(new Shape(2, 3, 1, 1), tracked.Call(Tensor.Zeros([2, 3, 1, 1])).Shape); // running statistics: fine
        Assert.Equal("GroupNorm(2, 4, eps: 1E-05, affine: true)", new GroupNorm(2, 4).Describe());
        Assert.Equal("InstanceNorm2D(3, eps: 1E-05, momentum: 0.1, affine: false, track_running_stats: false)", new InstanceNorm2D(3).Describe());
    }
}
