using DeepNotes.Kernels;
using DeepNotes.Ops.Pooling;

namespace DeepNotes.Ops.Resampling;

/// <summary>
/// <c>F.grid_sample</c> (validated by <see cref="Functional"/>): output (n, c, point) = Σ over the point's taps of
/// weight · input(n, c, tap) (<see cref="GridSampleTaps"/>). Backward: the input gradient scatters each output gradient
/// onto the taps with the same weights; the grid gradient sums input · output gradient · d(weight)/d(grid) over taps
/// and channels (zero for nearest). Not differentiable twice, as in PyTorch.
/// </summary>
internal static class GridSampling
{
    public static Tensor Forward(Tensor x, Tensor grid, GridSampleGeometry g, Shape outputShape)
    {
        Tensor xc = x.ContiguousRaw(), gc = grid.ContiguousRaw();
        var y = PoolBuffers.Uninitialized(outputShape, x.DType);
        if (outputShape.ElementCount > 0)
        {
            if (x.DType == DType.Float32) GridSampleKernel.Forward(xc.Data<float>(), xc.Offset, gc.Data<float>(), gc.Offset, y.Data<float>(), g);
            else GridSampleKernel.Forward(xc.Data<double>(), xc.Offset, gc.Data<double>(), gc.Offset, y.Data<double>(), g);
        }
        return Tensor.Record(y, g.Dims == 2 ? "GridSampler2DBackward" : "GridSampler3DBackward", [x, grid], grad =>
        {
            Tensor gradc = grad.ContiguousRaw();
            Tensor? dx = x.RequiresGrad ? PoolBuffers.Uninitialized(x.Shape, x.DType) : null;
            Tensor? dgrid = grid.RequiresGrad ? PoolBuffers.Uninitialized(grid.Shape, grid.DType) : null;
            if (x.DType == DType.Float32)
                GridSampleKernel.Backward(gradc.Data<float>(), gradc.Offset, xc.Data<float>(), xc.Offset, gc.Data<float>(), gc.Offset,
                    dx?.Data<float>(), dgrid?.Data<float>(), g);
            else
                GridSampleKernel.Backward(gradc.Data<double>(), gradc.Offset, xc.Data<double>(), xc.Offset, gc.Data<double>(), gc.Offset,
                    dx?.Data<double>(), dgrid?.Data<double>(), g);
            return [dx, dgrid];
        }, x, grid);
    }
}
