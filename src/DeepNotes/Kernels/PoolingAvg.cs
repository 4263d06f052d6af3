using System.Numerics;
using System.Numerics.Tensors;

namespace DeepNotes.Kernels;

/// <summary>
/// Average pooling over NCHW planes (sliding windows with PyTorch's divisor rules, and adaptive windows), forward and
/// backward, plane by plane on the <see cref="WorkerPool"/> (so results do not depend on the thread count).
/// </summary>
/// <remarks>
/// The sliding-window divisor follows PyTorch's CPU kernel exactly: the window is first clipped to the padded input
/// (which only matters in ceil mode, where a last window may run past the right padding), its size is the divisor when
/// padding is counted; otherwise the divisor is the number of real input elements in it; a divisor override replaces
/// both. A window with no real element (possible only in ceil mode) gives 0.
/// </remarks>
internal static class AvgPooling
{
    /// <summary>y[p, o] = sum of the window of o / its divisor.</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, PoolGeometry g, bool countIncludePad, int divisorOverride)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new SlidingBody<T>(x, xOffset, y, 0, g, countIncludePad, divisorOverride, backward: false),
            g.Planes, (long)g.OutputPlane * g.KH * g.KW);

    /// <summary>dx = 0, then each output's gradient / divisor is added to every real element of its window.</summary>
    public static void Backward<T>(T[] dy, int dyOffset, T[] dx, PoolGeometry g, bool countIncludePad, int divisorOverride)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new SlidingBody<T>(dx, 0, dy, dyOffset, g, countIncludePad, divisorOverride, backward: true),
            g.Planes, (long)g.OutputPlane * g.KH * g.KW + g.InputPlane);

    /// <summary>Adaptive average: output (i, j) is the mean of rows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) × the same for columns.</summary>
    public static void AdaptiveForward<T>(T[] x, int xOffset, T[] y, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(x, xOffset, y, 0, g, backward: false), g.Planes, g.InputPlane + g.OutputPlane);

    /// <summary>Adaptive average backward: each output's gradient / window size to every element of its window.</summary>
    public static void AdaptiveBackward<T>(T[] dy, int dyOffset, T[] dx, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(dx, 0, dy, dyOffset, g, backward: true), g.Planes, g.InputPlane + g.OutputPlane);

    /// <summary>
    /// One body for both directions: forward reads the input planes (<paramref name="planes"/>) and writes outputs;
    /// backward clears and accumulates into them from the output gradient.
    /// </summary>
    private readonly struct SlidingBody<T>(T[] planes, int planeOffset, T[] outputs, int outputOffset, PoolGeometry g,
        bool countIncludePad, int divisorOverride, bool backward) : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> plane = planes.AsSpan(planeOffset + p * g.InputPlane, g.InputPlane);
                Span<T> outs = outputs.AsSpan(outputOffset + p * g.OutputPlane, g.OutputPlane);
                if (backward) plane.Clear();
                int o = 0;
                for (int oh = 0; oh < g.OH; oh++)
                {
                    int h0 = oh * g.SH - g.PH, h1 = Math.Min(h0 + g.KH, g.H + g.PH);
                    int hSpan = h1 - h0;
                    h0 = Math.Max(h0, 0);
                    h1 = Math.Min(h1, g.H);
                    for (int ow = 0; ow < g.OW; ow++, o++)
                    {
                        int w0 = ow * g.SW - g.PW, w1 = Math.Min(w0 + g.KW, g.W + g.PW);
                        int padded = hSpan * (w1 - w0);
                        w0 = Math.Max(w0, 0);
                        w1 = Math.Min(w1, g.W);
                        if (h0 >= h1 || w0 >= w1)
                        {
                            if (!backward) outs[o] = T.Zero;
                            continue;
                        }
                        int divisor = divisorOverride != 0 ? divisorOverride : countIncludePad ? padded : (h1 - h0) * (w1 - w0);
                        T d = T.CreateTruncating(divisor);
                        if (backward)
                        {
                            T share = outs[o] / d;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++) plane[h * g.W + w] += share;
                        }
                        else
                        {
                            T sum = T.Zero;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++) sum += plane[h * g.W + w];
                            outs[o] = sum / d;
                        }
                    }
                }
            }
        }
    }

    private readonly struct AdaptiveBody<T>(T[] planes, int planeOffset, T[] outputs, int outputOffset, PoolGeometry g, bool backward)
        : IRangeBody where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> plane = planes.AsSpan(planeOffset + p * g.InputPlane, g.InputPlane);
                Span<T> outs = outputs.AsSpan(outputOffset + p * g.OutputPlane, g.OutputPlane);
                if (g.OutputPlane == 1)
                {
                    // global average: one contiguous plane
                    T count = T.CreateTruncating(g.InputPlane);
                    if (backward) plane.Fill(outs[0] / count);
                    else outs[0] = TensorPrimitives.Sum<T>(plane) / count;
                    continue;
                }
                if (backward) plane.Clear();
                int o = 0;
                for (int oh = 0; oh < g.OH; oh++)
                {
                    int h0 = AdaptivePooling.Start(oh, g.H, g.OH), h1 = AdaptivePooling.End(oh, g.H, g.OH);
                    for (int ow = 0; ow < g.OW; ow++, o++)
                    {
                        int w0 = AdaptivePooling.Start(ow, g.W, g.OW), w1 = AdaptivePooling.End(ow, g.W, g.OW);
                        T count = T.CreateTruncating((h1 - h0) * (w1 - w0));
                        if (backward)
                        {
                            T share = outs[o] / count;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++) plane[h * g.W + w] += share;
                        }
                        else
                        {
                            T sum = T.Zero;
                            for (int h = h0; h < h1; h++)
                                for (int w = w0; w < w1; w++) sum += plane[h * g.W + w];
                            outs[o] = sum / count;
                        }
                    }
                }
            }
        }
    }
}
