using DeepNotes;
using DeepNotes.Layers;
using DeepNotes.Tests.Ops;
using static DeepNotes.Tests.Normalization.TorchReferenceTests;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>BatchNorm3D and InstanceNorm3D against PyTorch 1.13 (<see cref="Norm3DTorchValues"/>), plus GradCheck, errors, state dicts and FLOPs.</summary>
public class Norm3DTests
{
    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void BatchNorm3D_TrainTwoSteps_ThenEval_MatchesPyTorch(DType dtype, double tol)
    {
        var bn = new BatchNorm3D(3, dtype: dtype);
        Set(bn.Weight, 0.5, 1.5, -1.0);
        Set(bn.Bias, 0.1, -0.2, 0.3);
        var x1 = Wave([2, 3, 2, 3, 2], 0, 1, 0.5, dtype);
        x1.RequiresGrad = true;
        Tensor y1 = bn.Call(x1);
        (y1 * Wave([2, 3, 2, 3, 2], 2, 0.5, 0, dtype)).Sum().Backward();
        AssertClose(Norm3DTorchValues.Bn3dTrainY1, y1, tol, tol);
        AssertClose(Norm3DTorchValues.Bn3dTrainDx, x1.Grad!, tol, tol);
        AssertClose(Norm3DTorchValues.Bn3dTrainDw, bn.Weight!.Grad!, tol, tol);
        AssertClose(Norm3DTorchValues.Bn3dTrainDb, bn.Bias!.Grad!, tol, tol);
        bn.Call(Wave([2, 3, 2, 3, 2], 1, 2, -1, dtype));
        AssertClose(Norm3DTorchValues.Bn3dRunningMean, bn.RunningMean!, tol, tol);
        AssertClose(Norm3DTorchValues.Bn3dRunningVar, bn.RunningVar!, tol, tol);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<int>());
        bn.Eval();
        AssertClose(Norm3DTorchValues.Bn3dEvalY, bn.Call(x1.Detach()), tol, tol);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void InstanceNorm3D_Default_AndTrackedAffine_MatchPyTorch(DType dtype, double tol)
    {
        AssertClose(Norm3DTorchValues.In3dY, new InstanceNorm3D(3, dtype: dtype).Call(Wave([2, 3, 2, 2, 3], 0.1, 1, -0.5, dtype)), tol, tol);
        var inn = new InstanceNorm3D(3, momentum: 0.2, affine: true, trackRunningStats: true, dtype: dtype);
        Set(inn.Weight, 1.5, -0.5, 0.75);
        Set(inn.Bias, 0.2, 0.0, -0.3);
        var x = Wave([2, 3, 2, 2, 3], 0.4, 1.5, 0.2, dtype);
        x.RequiresGrad = true;
        Tensor y = inn.Call(x);
        (y * Wave([2, 3, 2, 2, 3], 1.1, 0.7, 0, dtype)).Sum().Backward();
        AssertClose(Norm3DTorchValues.In3dTrainY, y, tol, tol);
        AssertClose(Norm3DTorchValues.In3dTrainDx, x.Grad!, tol, tol);
        AssertClose(Norm3DTorchValues.In3dTrainDw, inn.Weight!.Grad!, tol, tol);
        AssertClose(Norm3DTorchValues.In3dTrainDb, inn.Bias!.Grad!, tol, tol);
        inn.Call(Wave([2, 3, 2, 2, 3], 2.5, 0.5, 1, dtype));
        AssertClose(Norm3DTorchValues.In3dRunningMean, inn.RunningMean!, tol, tol);
        AssertClose(Norm3DTorchValues.In3dRunningVar, inn.RunningVar!, tol, tol);
        inn.Eval();
        AssertClose(Norm3DTorchValues.In3dEvalY, inn.Call(Wave([3, 2, 2, 3], 0.9, 1, 0, dtype)), tol, tol, shape: [3, 2, 2, 3]);
    }

    [Fact]
    public void StateDicts_HavePyTorchsNamesAndShapes()
    {
        var bn = new BatchNorm3D(4);
        Assert.Equal(Norm3DTorchValues.Bn3dStateDict, bn.StateDict().Select(kv => kv.Key));
        Assert.All(bn.StateDict().Where(kv => kv.Key != "num_batches_tracked"), kv => Assert.Equal(new Shape(4), kv.Value.Shape));
        Assert.Equal(0, bn.StateDict().Single(kv => kv.Key == "num_batches_tracked").Value.Rank);
        Assert.Equal(Norm3DTorchValues.In3dStateDict, new InstanceNorm3D(4, affine: true, trackRunningStats: true).StateDict().Select(kv => kv.Key));
        Assert.Empty(new InstanceNorm3D(4).StateDict());
        Assert.Equal(new[] { "running_mean", "running_var", "num_batches_tracked" }, new BatchNorm3D(2, affine: false).StateDict().Select(kv => kv.Key));
    }

    public static TheoryData<Layout> Layouts => new(Enum.GetValues<Layout>());

    [Theory]
    [MemberData(nameof(Layouts))]
    public void GradCheck_Float64(Layout layout)
    {
        var bn = new BatchNorm3D(2, dtype: DType.Float64);
        Set(bn.Weight, 0.7, -1.3);
        Set(bn.Bias, 0.2, 0.1);
        var inn = new InstanceNorm3D(2, affine: true, dtype: DType.Float64);
        Set(inn.Weight, 1.2, 0.4);
        Tensor x = Input([2, 2, 2, 3, 4], 7, Values.Normal, layout);
        Assert.True(GradCheck.Check(t => bn.Call(t[0]), x));
        Assert.True(GradCheck.Check(t => inn.Call(t[0]), x));
        bn.Eval();
        Assert.True(GradCheck.Check(t => bn.Call(t[0]), x));
        Assert.True(GradCheck.Check(t => inn.Call(t[0]), Input([2, 2, 3, 4], 8, Values.Normal, layout))); // unbatched
    }

    [Fact]
    public void BadInputs_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => new BatchNorm3D(3).Call(Tensor.Zeros([2, 3, 4, 4])));
        Assert.StartsWith("BatchNorm3D(3) expects input [N, 3, D, H, W], got [2, 3, 4, 4].", e.Message);
        Assert.Contains("expects input [N, 3, D, H, W], got [2, 4, 2, 2, 2]", Assert.Throws<ArgumentException>(() => new BatchNorm3D(3).Call(Tensor.Zeros([2, 4, 2, 2, 2]))).Message);
        Assert.Contains("Expected more than 1 value per channel when training",
            Assert.Throws<ArgumentException>(() => new BatchNorm3D(3).Call(Tensor.Zeros([1, 3, 1, 1, 1]))).Message);
        Assert.Contains("InstanceNorm3D(3) expects input [N, 3, D, H, W] or [3, D, H, W], got [2, 3, 4]",
            Assert.Throws<ArgumentException>(() => new InstanceNorm3D(3).Call(Tensor.Zeros([2, 3, 4]))).Message);
        Assert.Contains("has Float32 parameters, got a Float64 input",
            Assert.Throws<ArgumentException>(() => new BatchNorm3D(3).Call(Tensor.Zeros([2, 3, 2, 2, 2], DType.Float64))).Message);
    }

    [Fact]
    public void Summary_CountsNormalizationFlops()
    {
        var summary = new Sequential(new BatchNorm3D(3), new InstanceNorm3D(3)).Summary([2, 3, 2, 4, 4]);
        Assert.Equal(new long[] { 2L * 192, 7L * 192 }, summary.Layers.Select(l => l.Flops)); // Summary runs in evaluation mode: the batch norm uses its running statistics
        Assert.Equal(6, summary.TotalParameters); // γ, β of the batch norm; the instance norm has none by default
    }
}
