using System.Buffers;
using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// A separable resampling of <see cref="Planes"/> row-major planes <c>[D, H, W] -> [OD, OH, OW]</c> (the N·C planes of
/// an NC(D)(H)W tensor): a table per spatial axis (<see cref="ResampleAxis{T}"/>; absent outer axes have size 1).
/// </summary>
internal sealed class ResamplePlan<T>(int planes, ResampleAxis<T>? depth, ResampleAxis<T>? height, ResampleAxis<T> width)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Independent planes (N·C).</summary>
    public int Planes { get; } = planes;

    /// <summary>The depth table of 5-D inputs, else null.</summary>
    public ResampleAxis<T>? Depth { get; } = depth;

    /// <summary>The height table of 4-D and 5-D inputs, else null.</summary>
    public ResampleAxis<T>? Height { get; } = height;

    /// <summary>The width (last axis) table.</summary>
    public ResampleAxis<T> Width { get; } = width;

    /// <summary>Input D, H, W and output OD, OH, OW (1 for an absent axis).</summary>
    public int D => Depth?.InSize ?? 1;
    public int H => Height?.InSize ?? 1;
    public int W => Width.InSize;
    public int OD => Depth?.OutSize ?? 1;
    public int OH => Height?.OutSize ?? 1;
    public int OW => Width.OutSize;

    /// <summary>Elements per input plane.</summary>
    public int InputPlane => D * H * W;

    /// <summary>Elements per output plane.</summary>
    public int OutputPlane => OD * OH * OW;

    /// <summary>Input depth slices some output reads (all true without a depth axis).</summary>
    public bool[] UsedDepth => _usedDepth ??= Depth?.UsedInputs() ?? [true];

    private bool[]? _usedDepth, _usedHeight;

    /// <summary>Input rows some output reads.</summary>
    public bool[] UsedHeight => _usedHeight ??= Height?.UsedInputs() ?? [true];

    /// <summary>Elements touched per plane in the forward pass, for the parallel grain.</summary>
    public long WorkPerPlane => (long)D * H * OW * Width.Taps + (long)D * OH * OW * (Height?.Taps ?? 0) + (long)OutputPlane * (Depth?.Taps ?? 0);
}

/// <summary>
/// Forward and backward of <see cref="ResamplePlan{T}"/>, plane by plane on the <see cref="WorkerPool"/>. Forward runs the
/// axes innermost first, as PyTorch's separable CPU kernel nests its sums: each needed input row is gathered along W
/// into a plane-sized scratch (<c>[D, H, OW]</c>), then whole rows are combined along H (<c>[D, OH, OW]</c>) and whole
/// <c>OH·OW</c> slabs along D, vectorised. Backward applies the adjoints in reverse order (slabs and rows spread with
/// scalar weights, then a scatter along W) in a fixed order within each plane, so it is deterministic and does not depend
/// on the thread count.
/// </summary>
internal static class SeparableResampling
{
    /// <summary>y (contiguous, <c>Planes × OutputPlane</c>) = the resampling of x (contiguous from <paramref name="xOffset"/>).</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, ResamplePlan<T> plan) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new ForwardBody<T>(x, xOffset, y, plan), plan.Planes, plan.WorkPerPlane);

    /// <summary>dx (contiguous, <c>Planes × InputPlane</c>, overwritten) = the adjoint resampling of dy.</summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] dx, ResamplePlan<T> plan) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new BackwardBody<T>(dy, dyOffset, dx, plan), plan.Planes, plan.WorkPerPlane + plan.InputPlane);

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] y, ResamplePlan<T> plan) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int first, int count)
        {
            int d = plan.D, h = plan.H, w = plan.W, od = plan.OD, oh = plan.OH, ow = plan.OW;
            T[]? rowsW = plan.Height is null ? null : ArrayPool<T>.Shared.Rent(d * h * ow);
            T[]? rowsH = plan.Depth is null ? null : ArrayPool<T>.Shared.Rent(d * oh * ow);
            try
            {
                for (int p = first; p < first + count; p++)
                {
                    ReadOnlySpan<T> src = x.AsSpan(xOffset + p * plan.InputPlane, plan.InputPlane);
                    Span<T> dst = y.AsSpan(p * plan.OutputPlane, plan.OutputPlane);
                    Span<T> afterW = rowsW is null ? dst : rowsW.AsSpan(0, d * h * ow);
                    for (int i = 0; i < d; i++)
                    {
                        if (!plan.UsedDepth[i]) continue;
                        for (int j = 0; j < h; j++)
                        {
                            if (!plan.UsedHeight[j]) continue;
                            int row = i * h + j;
                            ResampleRows.Gather(src.Slice(row * w, w), afterW.Slice(row * ow, ow), plan.Width);
                        }
                    }
                    if (plan.Height is null) continue;
                    Span<T> afterH = rowsH is null ? dst : rowsH.AsSpan(0, d * oh * ow);
                    for (int i = 0; i < d; i++)
                    {
                        if (!plan.UsedDepth[i]) continue;
                        ReadOnlySpan<T> slice = afterW.Slice(i * h * ow, h * ow);
                        for (int o = 0; o < oh; o++)
                            ResampleRows.Combine(slice, afterH.Slice((i * oh + o) * ow, ow), ow, plan.Height, o);
                    }
                    if (plan.Depth is null) continue;
                    int slab = oh * ow;
                    for (int o = 0; o < od; o++) ResampleRows.Combine(afterH, dst.Slice(o * slab, slab), slab, plan.Depth, o);
                }
            }
            finally
            {
                if (rowsW is not null) ArrayPool<T>.Shared.Return(rowsW);
                if (rowsH is not null) ArrayPool<T>.Shared.Return(rowsH);
            }
        }
    }

    private readonly struct BackwardBody<T>(T[] dy, int dyOffset, T[] dx, ResamplePlan<T> plan) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int first, int count)
        {
            int d = plan.D, h = plan.H, w = plan.W, od = plan.OD, oh = plan.OH, ow = plan.OW;
            T[]? gradW = plan.Height is null ? null : ArrayPool<T>.Shared.Rent(d * h * ow);
            T[]? gradH = plan.Depth is null ? null : ArrayPool<T>.Shared.Rent(d * oh * ow);
            try
            {
                for (int p = first; p < first + count; p++)
                {
                    ReadOnlySpan<T> g = dy.AsSpan(dyOffset + p * plan.OutputPlane, plan.OutputPlane);
                    Span<T> dst = dx.AsSpan(p * plan.InputPlane, plan.InputPlane);
                    ReadOnlySpan<T> beforeD = g;
                    if (plan.Depth is not null)
                    {
                        Span<T> acc = gradH.AsSpan(0, d * oh * ow);
                        acc.Clear();
                        int slab = oh * ow;
                        for (int o = 0; o < od; o++) ResampleRows.Spread(g.Slice(o * slab, slab), acc, slab, plan.Depth, o);
                        beforeD = acc;
                    }
                    ReadOnlySpan<T> beforeH = beforeD;
                    if (plan.Height is not null)
                    {
                        Span<T> acc = gradW.AsSpan(0, d * h * ow);
                        acc.Clear();
                        for (int i = 0; i < d; i++)
                        {
                            if (!plan.UsedDepth[i]) continue;
                            Span<T> slice = acc.Slice(i * h * ow, h * ow);
                            for (int o = 0; o < oh; o++)
                                ResampleRows.Spread(beforeD.Slice((i * oh + o) * ow, ow), slice, ow, plan.Height, o);
                        }
                        beforeH = acc;
                    }
                    dst.Clear();
                    for (int i = 0; i < d; i++)
                    {
                        if (!plan.UsedDepth[i]) continue;
                        for (int j = 0; j < h; j++)
                        {
                            if (!plan.UsedHeight[j]) continue;
                            int row = i * h + j;
                            ResampleRows.Scatter(beforeH.Slice(row * ow, ow), dst.Slice(row * w, w), plan.Width);
                        }
                    }
                }
            }
            finally
            {
                if (gradW is not null) ArrayPool<T>.Shared.Return(gradW);
                if (gradH is not null) ArrayPool<T>.Shared.Return(gradH);
            }
        }
    }
}
