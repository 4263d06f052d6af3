using System.Numerics;
using DeepNotes.Kernels;

namespace DeepNotes.Ops.Resampling;

/// <summary>
/// <c>F.grid_sample</c> (validated by <see cref="Functional"/>): output (n, c, point) = Σ over the point's taps of
/// weight · input(n, c, tap) (<see cref="GridSampleTaps"/>). Backward: the input gradient scatters each output gradient
/// onto the taps with the same weights; the grid gradient sums input · output gradient · d(weight)/d(grid) over taps
/// and channels (zero for nearest). A <c>createGraph</c> pass differentiates <see cref="Composite"/>, the same sampling
/// written in differentiable ops, so second derivatives with respect to input and grid work (PyTorch has them for
/// bilinear only; here every mode).
/// </summary>
internal static class GridSampling
{
    public static Tensor Forward(Tensor x, Tensor grid, GridSampleGeometry g, Shape outputShape)
    {
        Tensor xc = x.ContiguousRaw(), gc = grid.ContiguousRaw();
        var y = ShapeMoves.Empty(outputShape, x.DType);
        if (outputShape.ElementCount > 0)
        {
            if (x.DType == DType.Float32) GridSampleKernel.Forward(xc.Data<float>(), xc.Offset, gc.Data<float>(), gc.Offset, y.Data<float>(), g);
            else GridSampleKernel.Forward(xc.Data<double>(), xc.Offset, gc.Data<double>(), gc.Offset, y.Data<double>(), g);
        }
        Tensor[] inputs = [x, grid];
        return Tensor.RecordDifferentiable(y, g.Dims == 2 ? "GridSampler2DBackward" : "GridSampler3DBackward", inputs, grad =>
        {
            if (Autograd.IsCreatingGraph)
            {
                Tensor?[] grads = Tensor.CompositeGradients(inputs, t => Composite(t[0], t[1], g, outputShape), grad);
                // nearest: the composite does not read the grid; its gradient is zero, as the fused one
                if (grid.RequiresGrad && grads[1] is null) grads[1] = Tensor.ZeroGradient(grid.Shape, grid.DType);
                return grads;
            }
            Tensor gradc = grad.ContiguousRaw();
            Tensor? dx = x.RequiresGrad ? ShapeMoves.Empty(x.Shape, x.DType) : null;
            Tensor? dgrid = grid.RequiresGrad ? ShapeMoves.Empty(grid.Shape, grid.DType) : null;
            if (x.DType == DType.Float32)
                GridSampleKernel.Backward(gradc.Data<float>(), gradc.Offset, xc.Data<float>(), xc.Offset, gc.Data<float>(), gc.Offset,
                    dx?.Data<float>(), dgrid?.Data<float>(), g);
            else
                GridSampleKernel.Backward(gradc.Data<double>(), gradc.Offset, xc.Data<double>(), xc.Offset, gc.Data<double>(), gc.Offset,
                    dx?.Data<double>(), dgrid?.Data<double>(), g);
            return [dx, dgrid];
        }, x, grid);
    }

    /// <summary>
    /// The sampling in differentiable ops: the taps (input offsets, −1 outside) and, per point and axis, the fractional
    /// source coordinate u₀ and its slope du/d(grid) are read at the grid's current values, and u is rebuilt as
    /// u₀ + slope·(grid − grid₀) — equal in value, and in every derivative wherever the taps do not change (the coordinate
    /// maps are piecewise linear: unnormalisation, clipping, reflection). The weights are products of u and 1 − u
    /// (bilinear, trilinear) or of cubic-convolution polynomials in u (bicubic); nearest has weight 1 and no dependence on
    /// the grid. y = Σ over taps of weight · input gathered at the tap (weight 0 outside).
    /// </summary>
    private static Tensor Composite(Tensor x, Tensor grid, GridSampleGeometry g, Shape outputShape)
    {
        int n = g.N, points = n * g.OutPositions, taps = g.MaxTaps, dims = g.Dims;
        var offsets = new int[points * taps];
        var u0 = new double[dims * points];
        var slope = new double[dims * points];
        var at = new double[dims * points];
        Tensor gc = grid.ContiguousRaw();
        if (grid.DType == DType.Float32) Tabulate(gc.Data<float>(), gc.Offset, g, offsets, u0, slope, at);
        else Tabulate(gc.Data<double>(), gc.Offset, g, offsets, u0, slope, at);

        var valid = new double[offsets.Length];
        var index = new int[offsets.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            valid[i] = offsets[i] >= 0 ? 1 : 0;
            index[i] = Math.Max(offsets[i], 0);
        }
        Tensor weights = Constant(valid, new Shape(n, g.OutPositions, taps), x.DType);
        if (g.Mode != GridSampleMode.Nearest)
        {
            var u = new Tensor[dims];
            var pointShape = new Shape(n, g.OutPositions);
            for (int a = 0; a < dims; a++)
            {
                Tensor ga = grid.Narrow(grid.Rank - 1, a, 1).Reshape(n, g.OutPositions);
                u[a] = (ga - Constant(at[(a * points)..((a + 1) * points)], pointShape, x.DType))
                    * Constant(slope[(a * points)..((a + 1) * points)], pointShape, x.DType)
                    + Constant(u0[(a * points)..((a + 1) * points)], pointShape, x.DType);
            }
            var w = new Tensor[taps];
            if (g.Mode == GridSampleMode.Bicubic)
            {
                Tensor[] cx = Cubic(u[0]), cy = Cubic(u[1]);
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++) w[i * 4 + j] = cx[j] * cy[i];
            }
            else
            {
                for (int k = 0; k < taps; k++)
                {
                    Tensor? product = null;
                    for (int a = 0; a < dims; a++)
                    {
                        Tensor factor = ((k >> a) & 1) != 0 ? u[a] : 1 - u[a];
                        product = product is null ? factor : product * factor;
                    }
                    w[k] = product!;
                }
            }
            weights = Tensor.Stack(w, 2) * weights;
        }
        int c = g.C;
        Tensor idx = Expand.Raw(Tensor.FromArray(index, new Shape(n, 1, g.OutPositions * taps)),
            new Shape(n, c, g.OutPositions * taps));
        Tensor values = x.Reshape(n, c, g.InPlane).Gather(2, idx).Reshape(n, c, g.OutPositions, taps);
        return (values * weights.Unsqueeze(1)).Sum(3).Reshape(outputShape.ToArray());
    }

    /// <summary>The four cubic-convolution weights (A = −0.75) of fractional offset t, as <see cref="ResampleAxis{T}.CubicCoefficients"/>.</summary>
    private static Tensor[] Cubic(Tensor t)
    {
        const double A = -0.75;
        static Tensor Near(Tensor s) => ((A + 2) * s - (A + 3)) * s * s + 1;               // |s| ≤ 1
        static Tensor Far(Tensor s) => ((A * s - 5 * A) * s + 8 * A) * s - 4 * A;          // 1 < |s| < 2
        return [Far(t + 1), Near(t), Near(1 - t), Far(2 - t)];
    }

    private static Tensor Constant(double[] values, Shape shape, DType dtype)
    {
        Tensor t = Tensor.FromArray(values, shape);
        return dtype == DType.Float64 ? t : t.To(dtype);
    }

    /// <summary>Per point: its tap offsets (<see cref="GridSampleTaps.Build"/>), and per axis the grid value, u₀ and slope (axis-major).</summary>
    private static void Tabulate<T>(T[] grid, int gridOffset, GridSampleGeometry g, int[] offsets, double[] u0, double[] slope, double[] at)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int points = g.N * g.OutPositions, taps = g.MaxTaps, dims = g.Dims;
        Span<int> tapOffsets = stackalloc int[16];
        Span<T> tapWeights = stackalloc T[16];
        // bicubic pads its tap indices, not its coordinates
        GridSamplePaddingMode padding = g.Mode == GridSampleMode.Bicubic ? GridSamplePaddingMode.Zeros : g.Padding;
        for (int q = 0; q < points; q++)
        {
            ReadOnlySpan<T> coords = grid.AsSpan(gridOffset + q * dims, dims);
            GridSampleTaps.Build(coords, g, tapOffsets, tapWeights, Span<T>.Empty);
            tapOffsets[..taps].CopyTo(offsets.AsSpan(q * taps, taps));
            for (int a = 0; a < dims; a++)
            {
                T source = GridSampleTaps.SourceIndex(coords[a], g.Size(a), padding, g.AlignCorners, out T derivative);
                u0[a * points + q] = double.CreateTruncating(source - T.Floor(source));
                slope[a * points + q] = double.CreateTruncating(derivative);
                at[a * points + q] = double.CreateTruncating(coords[a]);
            }
        }
    }
}
