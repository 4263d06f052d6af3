using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace DeepNotes.Kernels;

/// <summary>
/// Float32 3-D pooling with a 2×2×2 window, stride 2 and no padding — the pooling of most video networks — on the fast
/// 2-D kernels: max pooling runs <see cref="MaxPool2x2"/> over every depth slice (as N·C·D planes), then keeps the
/// larger of each pair of slices; average pooling sums four rows and then column pairs; both backward passes write
/// every input element once (no clearing, no scatter).
/// </summary>
/// <remarks>
/// Max: the in-slice 2×2 results follow PyTorch's scan rule (see <see cref="MaxPool2x2"/>); every index of the first
/// slice of a pair precedes every index of the second, so "take the second when it is greater or NaN" keeps the element
/// PyTorch's depth-major scan keeps (a tie goes to the earlier slice, the later NaN wins). Average: the window sum is
/// ((row₀ + row₁) + row₂) + row₃ per column, then the column pair, divided by the divisor (8 unless overridden) — a
/// different summation order from PyTorch's, within float rounding. Volumes are split whole across threads.
/// </remarks>
internal static class Pool3D2x2x2
{
    /// <summary>True for a 2×2×2 stride-2 unpadded, undilated window over an even width that the 2-D kernel takes.</summary>
    public static bool Applies(Pool3DGeometry g) =>
        g is { KD: 2, KH: 2, KW: 2, SD: 2, SH: 2, SW: 2, PD: 0, PH: 0, PW: 0, DD: 1, DH: 1, DW: 1 }
        && g.OD == g.D / 2 && g.OD > 0 && MaxPool2x2.Applies(Slices(g));

    /// <summary>The volumes as N·C·D independent H × W planes with a 2×2 stride-2 window.</summary>
    private static PoolGeometry Slices(Pool3DGeometry g) => new(g.Planes * g.D, g.H, g.W, g.OH, g.OW, 2, 2, 2, 2, 0, 0, 1, 1);

    public static void MaxForward(float[] x, int xOffset, float[] y, int[] indices, Pool3DGeometry g)
    {
        PoolGeometry s = Slices(g);
        int n = s.Planes * s.OutputPlane;
        float[] sliceMax = ArrayPool<float>.Shared.Rent(n);
        int[] sliceIndex = ArrayPool<int>.Shared.Rent(n);
        try
        {
            MaxPool2x2.Forward(x, xOffset, sliceMax, sliceIndex, s);
            PlaneParallel.Run(new MaxCombineBody(sliceMax, sliceIndex, y, indices, g), g.Planes, 2L * g.OutputPlane);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sliceIndex);
            ArrayPool<float>.Shared.Return(sliceMax);
        }
    }

    public static void MaxBackward(float[] dy, int dyOffset, int[] indices, float[] dx, Pool3DGeometry g) =>
        PlaneParallel.Run(new MaxBackwardBody(dy, dyOffset, indices, dx, g), g.Planes, g.InputPlane);

    public static void AvgForward(float[] x, int xOffset, float[] y, Pool3DGeometry g, float divisor) =>
        PlaneParallel.Run(new AvgForwardBody(x, xOffset, y, g, divisor), g.Planes, g.InputPlane);

    public static void AvgBackward(float[] dy, int dyOffset, float[] dx, Pool3DGeometry g, float divisor) =>
        PlaneParallel.Run(new AvgBackwardBody(dy, dyOffset, dx, g, divisor), g.Planes, g.InputPlane);

    /// <summary>Per output: the first slice's 2×2 result unless the second's is greater or NaN; indices made volume-flat.</summary>
    private readonly struct MaxCombineBody(float[] sliceMax, int[] sliceIndex, float[] y, int[] indices, Pool3DGeometry g) : IRangeBody
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W, op = g.OH * g.OW;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                for (int od = 0; od < g.OD; od++)
                {
                    int a = (p * g.D + 2 * od) * op, b = a + op, o = p * g.OutputPlane + od * op;
                    int offsetA = 2 * od * hw, offsetB = offsetA + hw;
                    int i = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        Vector512<int> shiftA = Vector512.Create(offsetA), shiftB = Vector512.Create(offsetB);
                        for (; i <= op - Vector512<float>.Count; i += Vector512<float>.Count)
                        {
                            var va = Vector512.Create(sliceMax.AsSpan(a + i, Vector512<float>.Count));
                            var vb = Vector512.Create(sliceMax.AsSpan(b + i, Vector512<float>.Count));
                            var takeB = Vector512.GreaterThan(vb, va) | ~Vector512.Equals(vb, vb);
                            Vector512.ConditionalSelect(takeB, vb, va).CopyTo(y.AsSpan(o + i, Vector512<float>.Count));
                            var ia = Vector512.Create(sliceIndex.AsSpan(a + i, Vector512<int>.Count)) + shiftA;
                            var ib = Vector512.Create(sliceIndex.AsSpan(b + i, Vector512<int>.Count)) + shiftB;
                            Vector512.ConditionalSelect(takeB.AsInt32(), ib, ia).CopyTo(indices.AsSpan(o + i, Vector512<int>.Count));
                        }
                    }
                    for (; i < op; i++)
                    {
                        float va = sliceMax[a + i], vb = sliceMax[b + i];
                        bool takeB = vb > va || float.IsNaN(vb);
                        y[o + i] = takeB ? vb : va;
                        indices[o + i] = takeB ? sliceIndex[b + i] + offsetB : sliceIndex[a + i] + offsetA;
                    }
                }
            }
        }
    }

    /// <summary>Each input row gets its output row's gradient where the saved index is its own, else 0; rows and slices in no window get 0.</summary>
    private readonly struct MaxBackwardBody(float[] dy, int dyOffset, int[] indices, float[] dx, Pool3DGeometry g) : IRangeBody
    {
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W, op = g.OH * g.OW;
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<float> volume = dx.AsSpan(p * g.InputPlane, g.InputPlane);
                ReadOnlySpan<float> grad = dy.AsSpan(dyOffset + p * g.OutputPlane, g.OutputPlane);
                ReadOnlySpan<int> index = indices.AsSpan(p * g.OutputPlane, g.OutputPlane);
                for (int d = 0; d < 2 * g.OD; d++)
                {
                    for (int row = 0; row < 2 * g.OH; row++)
                    {
                        int outRow = (d >> 1) * op + (row >> 1) * g.OW, at = d * hw + row * g.W;
                        MaxPool2x2.BackwardRow(grad.Slice(outRow, g.OW), index.Slice(outRow, g.OW), at, volume.Slice(at, g.W));
                    }
                    if (g.H > 2 * g.OH) volume.Slice(d * hw + 2 * g.OH * g.W, g.W).Clear(); // odd height
                }
                if (g.D > 2 * g.OD) volume[(2 * g.OD * hw)..].Clear(); // odd depth
            }
        }
    }

    private readonly struct AvgForwardBody(float[] x, int xOffset, float[] y, Pool3DGeometry g, float divisor) : IRangeBody
    {
        [System.Runtime.CompilerServices.SkipLocalsInit]
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W, width = 2 * g.OW;
            Span<float> sum = width <= 1024 ? stackalloc float[width] : new float[width];
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                ReadOnlySpan<float> volume = x.AsSpan(xOffset + p * g.InputPlane, g.InputPlane);
                int o = p * g.OutputPlane;
                for (int od = 0; od < g.OD; od++)
                {
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        int r0 = 2 * od * hw + 2 * oh * g.W;
                        TensorPrimitives.Add(volume.Slice(r0, width), volume.Slice(r0 + g.W, width), sum);
                        TensorPrimitives.Add(sum, volume.Slice(r0 + hw, width), sum);
                        TensorPrimitives.Add(sum, volume.Slice(r0 + hw + g.W, width), sum);
                        for (int ow = 0; ow < g.OW; ow++, o++) y[o] = (sum[2 * ow] + sum[2 * ow + 1]) / divisor;
                    }
                }
            }
        }
    }

    private readonly struct AvgBackwardBody(float[] dy, int dyOffset, float[] dx, Pool3DGeometry g, float divisor) : IRangeBody
    {
        [System.Runtime.CompilerServices.SkipLocalsInit]
        public void Run(int firstPlane, int planeCount)
        {
            int hw = g.H * g.W, width = 2 * g.OW;
            Span<float> share = width <= 1024 ? stackalloc float[width] : new float[width];
            for (int p = firstPlane; p < firstPlane + planeCount; p++)
            {
                Span<float> volume = dx.AsSpan(p * g.InputPlane, g.InputPlane);
                ReadOnlySpan<float> grad = dy.AsSpan(dyOffset + p * g.OutputPlane, g.OutputPlane);
                int o = 0;
                for (int od = 0; od < g.OD; od++)
                {
                    for (int oh = 0; oh < g.OH; oh++)
                    {
                        for (int ow = 0; ow < g.OW; ow++, o++) share[2 * ow] = share[2 * ow + 1] = grad[o] / divisor;
                        int r0 = 2 * od * hw + 2 * oh * g.W;
                        share.CopyTo(volume.Slice(r0, width));
                        share.CopyTo(volume.Slice(r0 + g.W, width));
                        share.CopyTo(volume.Slice(r0 + hw, width));
                        share.CopyTo(volume.Slice(r0 + hw + g.W, width));
                    }
                    if (g.H > 2 * g.OH)
                    {
                        volume.Slice(2 * od * hw + 2 * g.OH * g.W, g.W).Clear(); // odd height
                        volume.Slice((2 * od + 1) * hw + 2 * g.OH * g.W, g.W).Clear();
                    }
                }
                if (g.D > 2 * g.OD) volume[(2 * g.OD * hw)..].Clear(); // odd depth
            }
        }
    }
}
