using DeepNotes;
using DeepNotes.Layers;
using static DeepNotes.Tests.Ops.OpTestHelpers;
using static DeepNotes.Tests.TestSupport.Assertions;

namespace DeepNotes.Tests.Normalization;

/// <summary>
/// Forward values, gradients and running statistics against PyTorch (<see cref="TorchValues"/>, produced by
/// reference/torch_normalization.py on the same closed-form inputs).
/// </summary>
public class TorchReferenceTests
{
    /// <summary>The script's wave(): offset + scale·(2·sin(0.7·i + phase) + 0.3·cos(1.3·i)) in row-major order.</summary>
    internal static Tensor Wave(int[] shape, double phase = 0, double scale = 1, double offset = 0, DType dtype = DType.Float64)
    {
        int n = new Shape(shape).ElementCount;
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = offset + scale * (2 * Math.Sin(0.7 * i + phase) + 0.3 * Math.Cos(1.3 * i));
        return Tensor.FromArray(v, new Shape(shape)).To(dtype);
    }

    internal static void Set(Tensor? p, params double[] values)
    {
        using (Autograd.NoGrad()) p!.CopyFrom(Tensor.FromArray(values, p.Shape).To(p.DType));
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 2e-5)]
    public void BatchNorm2D_TrainTwoSteps_ThenEval(DType dtype, double tol)
    {
        var bn = new BatchNorm2D(3, dtype: dtype);
        Set(bn.Weight, 0.5, 1.5, -1.0);
        Set(bn.Bias, 0.1, -0.2, 0.3);
        var x1 = Wave([4, 3, 2, 3], 0, 1, 0.5, dtype);
        x1.RequiresGrad = true;
        var y1 = bn.Call(x1);
        (y1 * Wave([4, 3, 2, 3], 2, 0.5, 0, dtype)).Sum().Backward();
        AssertClose(TorchValues.Bn2dTrainY1, y1, tol, tol);
        AssertClose(TorchValues.Bn2dTrainDx, x1.Grad!, tol, tol);
        AssertClose(TorchValues.Bn2dTrainDw, bn.Weight!.Grad!, tol, tol);
        AssertClose(TorchValues.Bn2dTrainDb, bn.Bias!.Grad!, tol, tol);
        bn.Call(Wave([4, 3, 2, 3], 1, 2, -1, dtype));
        AssertClose(TorchValues.Bn2dRunningMean, bn.RunningMean!, tol, tol);
        AssertClose(TorchValues.Bn2dRunningVar, bn.RunningVar!, tol, tol);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<int>());
        bn.Eval();
        AssertClose(TorchValues.Bn2dEvalY, bn.Call(x1.Detach()), tol, tol);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<int>()); // evaluation does not count
    }

    [Fact]
    public void BatchNorm2D_MomentumNull_IsCumulativeAverage()
    {
        var bn = new BatchNorm2D(3, momentum: null, dtype: DType.Float64);
        for (int k = 0; k < 3; k++) bn.Call(Wave([4, 3, 2, 3], k, 1 + k, 0.5 * k));
        AssertClose(TorchValues.Bn2dCumulativeMean, bn.RunningMean!, 1e-12, 1e-12);
        AssertClose(TorchValues.Bn2dCumulativeVar, bn.RunningVar!, 1e-12, 1e-12);
    }

    [Fact]
    public void BatchNorm1D_Rows_And_Sequences()
    {
        var b1 = new BatchNorm1D(3, dtype: DType.Float64);
        AssertClose(TorchValues.Bn1dTrainY, b1.Call(Wave([5, 3], 0.3, 1, 2)), 1e-12, 1e-12);
        AssertClose(TorchValues.Bn1dRunningVar, b1.RunningVar!, 1e-12, 1e-12);
        var b1l = new BatchNorm1D(2, affine: false, dtype: DType.Float64);
        AssertClose(TorchValues.Bn1dLTrainY, b1l.Call(Wave([3, 2, 4], 0.6)), 1e-12, 1e-12);
        AssertClose(TorchValues.Bn1dLRunningMean, b1l.RunningMean!, 1e-12, 1e-12);
    }

    [Theory]
    [InlineData(DType.Float64, 1e-12)]
    [InlineData(DType.Float32, 1e-5)]
    public void LayerNorm_TwoTrailingDims(DType dtype, double tol)
    {
        var ln = new LayerNorm([3, 4], dtype: dtype);
        using (Autograd.NoGrad())
        {
            ln.Weight!.CopyFrom(Wave([3, 4], 0.2, 0.5, 1, dtype));
            ln.Bias!.CopyFrom(Wave([3, 4], 0.4, 0.1, 0, dtype));
        }
        AssertClose(TorchValues.LnY, ln.Call(Wave([2, 3, 4], 0.9, 3, 5, dtype)), tol, tol);
    }
}
