using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeepNotes.Kernels;

/// <summary>
/// Max pooling over NCHW planes, forward (values and the plane-local flat index of each maximum) and backward
/// (scatter of the output gradient to those indices).
/// </summary>
/// <remarks>
/// The window is scanned row by row and an element replaces the running maximum when it is greater or NaN, exactly
/// like PyTorch's CPU kernel: the first maximum in scan order wins a tie, a NaN propagates (the last NaN wins) and
/// padding counts as −∞. Float32 with a 2×2 stride-2 window takes <see cref="MaxPool2x2"/>, which follows the same rule.
/// </remarks>
internal static class MaxPooling
{
    /// <summary>y[p, o] = max over the window of o in plane p; indices[p, o] = its flat position in the plane.</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] y, int[] indices, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && MaxPool2x2.Applies(g))
        {
            MaxPool2x2.Forward(Unsafe.As<float[]>(x), xOffset, Unsafe.As<float[]>(y), indices, g);
            return;
        }
        PlaneParallel.Run(new ForwardBody<T>(x, xOffset, y, indices, g), g.Planes, (long)g.OutputPlane * g.KH * g.KW);
    }

    /// <summary>dx = 0, then dx[p, indices[p, o]] += dy[p, o] plane by plane (in output order, so results are fixed).</summary>
    public static void Backward<T>(T[] dy, int dyOffset, int[] indices, T[] dx, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && MaxPool2x2.Applies(g))
        {
            MaxPool2x2.Backward(Unsafe.As<float[]>(dy), dyOffset, indices, Unsafe.As<float[]>(dx), g);
            return;
        }
        PlaneParallel.Run(new BackwardBody<T>(dy, dyOffset, indices, dx, g), g.Planes, g.InputPlane + g.OutputPlane);
    }

    /// <summary>Adaptive max pooling: the window of output i is [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉) in each direction.</summary>
    public static void AdaptiveForward<T>(T[] x, int xOffset, T[] y, int[] indices, PoolGeometry g) where T : unmanaged, IFloatingPointIeee754<T> =>
        PlaneParallel.Run(new AdaptiveBody<T>(x, xOffset, y, indices, g), g.Planes, g.InputPlane + g.OutputPlane);

    /// <summary>The running-maximum rule: true when <paramref name="value"/> replaces <paramref name="max"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Replaces<T>(T value, T max) where T : IFloatingPointIeee754<T> => value > max || T.IsNaN(value);

    private readonly struct ForwardBody<T>(T[] x, int xOffset, T[] y, int[] indices, PoolGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<T> plane = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                int o = p * g.OutputPlane;
                for (int oh = 0; oh < g.OH; oh++)
                {
                    int h0 = oh * g.SH - g.PH, h1 = Math.Min(h0 + (g.KH - 1) * g.DH + 1, g.H);
                    while (h0 < 0) h0 += g.DH;
                    for (int ow = 0; ow < g.OW; ow++, o++)
                    {
                        int w0 = ow * g.SW - g.PW, w1 = Math.Min(w0 + (g.KW - 1) * g.DW + 1, g.W);
                        while (w0 < 0) w0 += g.DW;
                        int best = Math.Min(h0 * g.W + w0, g.InputPlane - 1);
                        T max = T.NegativeInfinity;
                        for (int h = h0; h < h1; h += g.DH)
                        {
                            for (int w = w0, i = h * g.W + w0; w < w1; w += g.DW, i += g.DW)
                            {
                                T v = plane[i];
                                if (Replaces(v, max))
                                {
                                    max = v;
                                    best = i;
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

    private readonly struct BackwardBody<T>(T[] dy, int dyOffset, int[] indices, T[] dx, PoolGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<T> plane = dx.AsSpan(p * g.InputPlane, g.InputPlane);
                plane.Clear();
                int o0 = p * g.OutputPlane;
                ReadOnlySpan<T> grad = dy.AsSpan(dyOffset + o0, g.OutputPlane);
                ReadOnlySpan<int> index = indices.AsSpan(o0, g.OutputPlane);
                for (int o = 0; o < grad.Length; o++) plane[index[o]] += grad[o];
            }
        }
    }

    private readonly struct AdaptiveBody<T>(T[] x, int xOffset, T[] y, int[] indices, PoolGeometry g) : IRangeBody
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int firstPlane, int planeCount)
        {
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<T> plane = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                int o = p * g.OutputPlane;
                for (int oh = 0; oh < g.OH; oh++)
                {
                    int h0 = AdaptivePooling.Start(oh, g.H, g.OH), h1 = AdaptivePooling.End(oh, g.H, g.OH);
                    for (int ow = 0; ow < g.OW; ow++, o++)
                    {
                        int w0 = AdaptivePooling.Start(ow, g.W, g.OW), w1 = AdaptivePooling.End(ow, g.W, g.OW);
                        int best = h0 * g.W + w0;
                        T max = T.NegativeInfinity;
                        for (int h = h0; h < h1; h++)
                        {
                            for (int i = h * g.W + w0, end = h * g.W + w1; i < end; i++)
                            {
                                T v = plane[i];
                                if (Replaces(v, max))
                                {
                                    max = v;
                                    best = i;
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
