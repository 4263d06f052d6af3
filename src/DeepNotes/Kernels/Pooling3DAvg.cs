using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Average pooling over NCDHW volumes (sliding windows with PyTorch's divisor rules, and adaptive windows), forward and
/// backward, volume by volume on the <see cref="WorkerPool"/> (so results do not depend on the thread count).
/// </summary>
/// <remarks>
/// The sliding-window divisor follows PyTorch's <c>avg_pool3d</c> CPU kernel: the window is first clipped to the padded
/// input (which only matters in ceil mode), its size is the divisor when padding is counted; otherwise the divisor is
/// the number of real input elements in it; a divisor override replaces both. A window with no real element (possible
/// only in ceil mode) gives 0. Sums run in scan order (depth, row, column), except on the float32 2×2×2 stride-2 path
/// (<see cref="Pool3D2x2x2"/>), which sums rows first.
/// </remarks>
internal static class Pool3DAvg
{
    /// <summary>y[p, o] = sum of the window of o / its divisor.</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, Pool3DGeometry g, bool countIncludePad, int divisorOverride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Pool3D2x2x2.Applies(g))
        {
            Pool3D2x2x2.AvgForward(Unsafe.As<float[]>(x), xOffset, Unsafe.As<float[]>(y), g, divisorOverride != 0 ? divisorOverride : 8);
            return;
        }
        PlaneParallel.Run(new SlidingBody<T>(x, xOffset, y, 0, g, countIncludePad, divisorOverride, backward: false),
            g.Planes, g.OutputPlane * g.WindowSize);
    }

    /// <summary>dx = 0, then each output's gradient / divisor is added to every real element of its window.</summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] dx, Pool3DGeometry g, bool countIncludePad, int divisorOverride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Pool3D2x2x2.Applies(g))
        {
            Pool3D2x2x2.AvgBackward(Unsafe.As<float[]>(dy), dyOffset, Unsafe.As<float[]>(dx), g, divisorOverride != 0 ? divisorOverride : 8);
            return;
        }
        PlaneParallel.Run(new SlidingBody<T>(dx, 0, dy, dyOffset, g, countIncludePad, divisorOverride, backward: true),
            g.Planes, g.OutputPlane * g.WindowSize + g.InputPlane);
    }

    /// <summary>Adaptive average: output (i, j, k) is the mean of its window [⌊i·D/OD⌋, ⌈(i+1)·D/OD⌉) × … .</summary>
    public static void AdaptiveForward<T>(T[] x, int xOffset, T[] y, Pool3DGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(x, xOffset, y, 0, g, backward: false), g.Planes, (long)g.InputPlane + g.OutputPlane);

    /// <summary>Adaptive average backward: each output's gradient / window size to every element of its window.</summary>
    public static void AdaptiveBackward<T>(T[] dy, int dyOffset, T[] dx, Pool3DGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(dx, 0, dy, dyOffset, g, backward: true), g.Planes, (long)g.InputPlane + g.OutputPlane);

    /// <summary>
    /// One body for both directions: forward reads the input volumes (<paramref name="planes"/>) and writes outputs;
    /// backward clears and accumulates into them from the output gradient.
    /// </summary>
    private readonly struct SlidingBody<T>(T[] planes, int planeOffset, T[] outputs, int outputOffset, Pool3DGeometry g,
        bool countIncludePad, int divisorOverride, bool backward) : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> plane = planes.AsSpan(planeOffset + p * g.InputPlane, g.InputPlane);
                Span<T> outs = outputs.AsSpan(outputOffset + p * g.OutputPlane, g.OutputPlane);
                if (backward) plane.Clear();
                int o = 0;
                for (int od = 0; od < g.OD; od++)
                {
                    int d0 = od * g.SD - g.PD, d1 = Math.Min(d0 + g.KD, g.D + g.PD);
                    int dSpan = d1 - d0;
                    d0 = Math.Max(d0, 0);
                    d1 = Math.Min(d1, g.D);
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int h0 = oh * g.SH - g.PH, h1 = Math.Min(h0 + g.KH, g.H + g.PH);
                        int hSpan = h1 - h0;
                        h0 = Math.Max(h0, 0);
                        h1 = Math.Min(h1, g.H);
                        for (int ow = 0; ow < g.OW; ow++, o++)
                        {
                            int w0 = ow * g.SW - g.PW, w1 = Math.Min(w0 + g.KW, g.W + g.PW);
                            int padded = dSpan * hSpan * (w1 - w0);
                            w0 = Math.Max(w0, 0);
                            w1 = Math.Min(w1, g.W);
                            if (d0 >= d1 || h0 >= h1 || w0 >= w1)
                            {
                                if (!backward) outs[o] = T.Zero;
                                continue;
                            }
                            int divisor = divisorOverride != 0 ? divisorOverride
                                : countIncludePad ? padded : (d1 - d0) * (h1 - h0) * (w1 - w0);
                            T div = T.CreateTruncating(divisor);
                            if (backward)
                            {
                                T share = outs[o] / div;
                                for (int d = d0; d < d1; d++)
                                    for (int h = h0; h < h1; h++)
                                    {
                                        int row = d * hw + h * g.W;
                                        for (int i = row + w0, end = row + w1; i < end; i++) plane[i] += share;
                                    }
                            }
                            else
                            {
                                T sum = T.Zero;
                                for (int d = d0; d < d1; d++)
                                    for (int h = h0; h < h1; h++)
                                    {
                                        int row = d * hw + h * g.W;
                                        for (int i = row + w0, end = row + w1; i < end; i++) sum += plane[i];
                                    }
                                outs[o] = sum / div;
                            }
                        }
                    }
                }
            }
        }
    }

    private readonly struct AdaptiveBody<T>(T[] planes, int planeOffset, T[] outputs, int outputOffset, Pool3DGeometry g, bool backward)
        : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> plane = planes.AsSpan(planeOffset + p * g.InputPlane, g.InputPlane);
                Span<T> outs = outputs.AsSpan(outputOffset + p * g.OutputPlane, g.OutputPlane);
                if (g.OutputPlane == 1)
                {
                    // global average: one contiguous volume
                    T count = T.CreateTruncating(g.InputPlane);
                    if (backward) plane.Fill(outs[0] / count);
                    else outs[0] = TensorPrimitives.Sum<T>(plane) / count;
                    continue;
                }
                if (backward) plane.Clear();
                int o = 0;
                for (int od = 0; od < g.OD; od++)
                {
                    int d0 = AdaptivePooling.Start(od, g.D, g.OD), d1 = AdaptivePooling.End(od, g.D, g.OD);
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int h0 = AdaptivePooling.Start(oh, g.H, g.OH), h1 = AdaptivePooling.End(oh, g.H, g.OH);
                        for (int ow = 0; ow < g.OW; ow++, o++)
                        {
                            int w0 = AdaptivePooling.Start(ow, g.W, g.OW), w1 = AdaptivePooling.End(ow, g.W, g.OW);
                            T count = T.CreateTruncating((d1 - d0) * (h1 - h0) * (w1 - w0));
                            if (backward)
                            {
                                T share = outs[o] / count;
                                for (int d = d0; d < d1; d++)
                                    for (int h = h0; h < h1; h++)
                                    {
                                        int row = d * hw + h * g.W;
                                        for (int i = row + w0, end = row + w1; i < end; i++) plane[i] += share;
                                    }
                            }
                            else
                            {
                                T sum = T.Zero;
                                for (int d = d0; d < d1; d++)
                                    for (int h = h0; h < h1; h++)
                                    {
                                        int row = d * hw + h * g.W;
                                        for (int i = row + w0, end = row + w1; i < end; i++) sum += plane[i];
                                    }
                                outs[o] = sum / count;
                            }
                        }
                    }
                }
            }
        }
    }
}
