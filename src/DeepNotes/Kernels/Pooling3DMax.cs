using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Max pooling over NCDHW volumes, forward: the value and the volume-local flat index (<c>d·H·W + h·W + w</c>, PyTorch's
/// <c>return_indices</c>) of each window's maximum, sliding (kernel, stride, padding, dilation) or adaptive. Backward is
/// the scatter of <see cref="MaxPooling.Backward{T}"/> over the flat volumes (<see cref="Pool3DGeometry.Flat"/>).
/// </summary>
/// <remarks>
/// The window is scanned depth-major, then row by row, and an element replaces the running maximum when it is greater
/// or NaN, exactly like PyTorch's CPU kernel: the first maximum in scan order wins a tie, a NaN propagates and padding
/// counts as −∞. Volumes are split across the <see cref="WorkerPool"/> whole, so results do not depend on the thread count.
/// Float32 with a 2×2×2 stride-2 window takes <see cref="Pool3D2x2x2"/>, which follows the same rule.
/// </remarks>
internal static class Pool3DMax
{
    /// <summary>y[p, o] = max over the window of o in volume p; indices[p, o] = its flat position in the volume.</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, int[] indices, Pool3DGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Pool3D2x2x2.Applies(g))
        {
            Pool3D2x2x2.MaxForward(Unsafe.As<float[]>(x), xOffset, Unsafe.As<float[]>(y), indices, g);
            return;
        }
        PlaneParallel.Run(new SlidingBody<T>(x, xOffset, y, indices, g), g.Planes, g.OutputPlane * g.WindowSize);
    }

    /// <summary>dx = 0, then dx[p, indices[p, o]] += dy[p, o] volume by volume (in output order, so results are fixed).</summary>
    public static void Backward<T>(T[] dy, int dyOffset, int[] indices, T[] dx, Pool3DGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Pool3D2x2x2.Applies(g))
            Pool3D2x2x2.MaxBackward(Unsafe.As<float[]>(dy), dyOffset, indices, Unsafe.As<float[]>(dx), g);
        else
            MaxPooling.Backward(dy, dyOffset, indices, dx, g.Flat);
    }

    /// <summary>Adaptive: the window of output i is [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉) in each dimension.</summary>
    public static void AdaptiveForward<T>(T[] x, int xOffset, T[] y, int[] indices, Pool3DGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(x, xOffset, y, indices, g), g.Planes, (long)g.InputPlane + g.OutputPlane);

    private readonly struct SlidingBody<T>(T[] x, int xOffset, T[] y, int[] indices, Pool3DGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<T> plane = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                Span<T> outs = y.AsSpan(p * g.OutputPlane, g.OutputPlane);
                Span<int> where = indices.AsSpan(p * g.OutputPlane, g.OutputPlane);
                int o = 0;
                for (int od = 0; od < g.OD; od++)
                {
                    int d0 = od * g.SD - g.PD, d1 = Math.Min(d0 + (g.KD - 1) * g.DD + 1, g.D);
                    while (d0 < 0) d0 += g.DD;
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int h0 = oh * g.SH - g.PH, h1 = Math.Min(h0 + (g.KH - 1) * g.DH + 1, g.H);
                        while (h0 < 0) h0 += g.DH;
                        for (int ow = 0; ow < g.OW; ow++, o++)
                        {
                            int w0 = ow * g.SW - g.PW, w1 = Math.Min(w0 + (g.KW - 1) * g.DW + 1, g.W);
                            while (w0 < 0) w0 += g.DW;
                            int best = Math.Min(d0 * hw + h0 * g.W + w0, g.InputPlane - 1);
                            T max = T.NegativeInfinity;
                            for (int d = d0; d < d1; d += g.DD)
                            {
                                for (int h = h0; h < h1; h += g.DH)
                                {
                                    int row = d * hw + h * g.W;
                                    for (int i = row + w0, end = row + w1; i < end; i += g.DW)
                                    {
                                        T v = plane[i];
                                        if (v > max || T.IsNaN(v))
                                        {
                                            max = v;
                                            best = i;
                                        }
                                    }
                                }
                            }
                            outs[o] = max;
                            where[o] = best;
                        }
                    }
                }
            }
        }
    }

    private readonly struct AdaptiveBody<T>(T[] x, int xOffset, T[] y, int[] indices, Pool3DGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<T> plane = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                int o = p * g.OutputPlane;
                for (int od = 0; od < g.OD; od++)
                {
                    int d0 = AdaptivePooling.Start(od, g.D, g.OD), d1 = AdaptivePooling.End(od, g.D, g.OD);
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int h0 = AdaptivePooling.Start(oh, g.H, g.OH), h1 = AdaptivePooling.End(oh, g.H, g.OH);
                        for (int ow = 0; ow < g.OW; ow++, o++)
                        {
                            int w0 = AdaptivePooling.Start(ow, g.W, g.OW), w1 = AdaptivePooling.End(ow, g.W, g.OW);
                            int best = d0 * hw + h0 * g.W + w0;
                            T max = T.NegativeInfinity;
                            for (int d = d0; d < d1; d++)
                            {
                                for (int h = h0; h < h1; h++)
                                {
                                    int row = d * hw + h * g.W;
                                    for (int i = row + w0, end = row + w1; i < end; i++)
                                    {
                                        T v = plane[i];
                                        if (v > max || T.IsNaN(v))
                                        {
                                            max = v;
                                            best = i;
                                        }
                                    }
                                }
                            }
                            y[o] = max;
                            indices[o] = best;
                        }
                    }
                }
            }
        }
    }
}
