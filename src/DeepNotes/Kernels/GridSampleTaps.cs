using System.Numerics;

namespace DeepNotes.Kernels;

/// <summary>
/// The sizes of one <c>F.grid_sample</c>: input <c>[N, C, D, H, W]</c> (D = 1 for 4-D input), grid of
/// <c>OD·OH·OW</c> points per image with <see cref="Dims"/> coordinates each (x → W, y → H, z → D).
/// </summary>
internal readonly record struct GridSampleGeometry(int N, int C, int D, int H, int W, int OutPositions, int Dims,
    GridSampleMode Mode, GridSamplePaddingMode Padding, bool AlignCorners)
{
    /// <summary>Elements per input plane.</summary>
    public int InPlane => D * H * W;

    /// <summary>Input pixels one point reads at most: 1 nearest, 2<sup>d</sup> bilinear, 16 bicubic.</summary>
    public int MaxTaps => Mode switch
    {
        GridSampleMode.Nearest => 1,
        GridSampleMode.Bicubic => 16,
        _ => 1 << Dims,
    };

    /// <summary>Size of spatial axis <paramref name="a"/> (0 = x/W, 1 = y/H, 2 = z/D).</summary>
    public int Size(int a) => a == 0 ? W : a == 1 ? H : D;

    /// <summary>Plane stride of spatial axis <paramref name="a"/>.</summary>
    public int Stride(int a) => a == 0 ? 1 : a == 1 ? W : H * W;
}

/// <summary>
/// PyTorch's grid-sampler index arithmetic for one sampling point, as a list of taps: the plane offset of each input pixel
/// read (−1 when it lies outside, i.e. reads zero), its weight, and the weight's derivative with respect to each grid
/// coordinate (through unnormalisation, clipping and reflection). Coordinates are unnormalised as
/// ((g + 1)/2)(size − 1) with align corners, else ((g + 1)·size − 1)/2; border padding clips into [0, size − 1];
/// reflection reflects at −0.5 and size − 0.5 (align corners: 0 and size − 1) and then clips. See docs/resampling.md.
/// </summary>
internal static class GridSampleTaps
{
    /// <summary>
    /// Fills <paramref name="offsets"/> and <paramref name="weights"/> (<see cref="GridSampleGeometry.MaxTaps"/> each) and,
    /// when not empty, <paramref name="derivatives"/> (MaxTaps·Dims) for the point at <paramref name="coords"/>.
    /// </summary>
    public static void Build<T>(ReadOnlySpan<T> coords, in GridSampleGeometry g, Span<int> offsets, Span<T> weights, Span<T> derivatives)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dims = g.Dims;
        if (g.Mode == GridSampleMode.Bicubic)
        {
            Bicubic(coords, g, offsets, weights, derivatives);
            return;
        }
        Span<T> src = stackalloc T[3];
        Span<T> mult = stackalloc T[3];
        for (int a = 0; a < dims; a++) src[a] = SourceIndex(coords[a], g.Size(a), g.Padding, g.AlignCorners, out mult[a]);
        if (g.Mode == GridSampleMode.Nearest)
        {
            int offset = 0;
            for (int a = 0; a < dims; a++)
            {
                T r = T.Round(src[a], MidpointRounding.ToEven);
                int i = InBounds(r, g.Size(a)) ? int.CreateTruncating(r) : -1;
                if (i < 0 || offset < 0) offset = -1;
                else offset += i * g.Stride(a);
            }
            offsets[0] = offset;
            weights[0] = T.One;
            if (!derivatives.IsEmpty) derivatives[..dims].Clear();
            return;
        }
        Span<int> low = stackalloc int[3];
        Span<T> wLow = stackalloc T[3];
        Span<T> wHigh = stackalloc T[3];
        for (int a = 0; a < dims; a++)
        {
            T f = T.Floor(src[a]);
            low[a] = int.CreateSaturating(f);
            wLow[a] = f + T.One - src[a];
            wHigh[a] = src[a] - f;
        }
        int corners = 1 << dims;
        for (int k = 0; k < corners; k++)
        {
            int offset = 0;
            T w = T.One;
            for (int a = 0; a < dims; a++)
            {
                bool high = ((k >> a) & 1) != 0;
                int i = low[a] + (high ? 1 : 0);
                if (offset >= 0 && (uint)i < (uint)g.Size(a)) offset += i * g.Stride(a);
                else offset = -1;
                w *= high ? wHigh[a] : wLow[a];
            }
            offsets[k] = offset;
            weights[k] = w;
            if (derivatives.IsEmpty) continue;
            for (int a = 0; a < dims; a++)
            {
                T d = ((k >> a) & 1) != 0 ? mult[a] : -mult[a];
                for (int b = 0; b < dims; b++)
                {
                    if (b != a) d *= ((k >> b) & 1) != 0 ? wHigh[b] : wLow[b];
                }
                derivatives[k * dims + a] = d;
            }
        }
    }

    private static void Bicubic<T>(ReadOnlySpan<T> coords, in GridSampleGeometry g, Span<int> offsets, Span<T> weights, Span<T> derivatives)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T ix = Unnormalize(coords[0], g.W, g.AlignCorners, out T multX);
        T iy = Unnormalize(coords[1], g.H, g.AlignCorners, out T multY);
        T fx = T.Floor(ix), fy = T.Floor(iy);
        Span<T> cx = stackalloc T[4], cy = stackalloc T[4], gx = stackalloc T[4], gy = stackalloc T[4];
        ResampleAxis<T>.CubicCoefficients(ix - fx, cx);
        ResampleAxis<T>.CubicCoefficients(iy - fy, cy);
        CubicCoefficientDerivatives(ix - fx, gx);
        CubicCoefficientDerivatives(iy - fy, gy);
        Span<int> xs = stackalloc int[4], ys = stackalloc int[4];
        for (int j = 0; j < 4; j++)
        {
            xs[j] = TapIndex(fx - T.One + T.CreateTruncating(j), g.W, g.Padding, g.AlignCorners);
            ys[j] = TapIndex(fy - T.One + T.CreateTruncating(j), g.H, g.Padding, g.AlignCorners);
        }
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                int k = i * 4 + j;
                offsets[k] = xs[j] < 0 || ys[i] < 0 ? -1 : ys[i] * g.W + xs[j];
                weights[k] = cx[j] * cy[i];
                if (derivatives.IsEmpty) continue;
                derivatives[2 * k] = -(gx[j] * cy[i]) * multX;
                derivatives[2 * k + 1] = -(gy[i] * cx[j]) * multY;
            }
        }
    }

    /// <summary>Minus the derivatives of the cubic convolution weights with respect to t (PyTorch's <c>get_cubic_coefficients_grad</c>).</summary>
    private static void CubicCoefficientDerivatives<T>(T t, Span<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = T.CreateTruncating(-0.75), two = T.CreateTruncating(2), three = T.CreateTruncating(3);
        T eight = T.CreateTruncating(8), ten = T.CreateTruncating(10);
        T x = -T.One - t;
        c[0] = (-three * a * x - ten * a) * x - eight * a;
        x = -t;
        c[1] = (-three * (a + two) * x - two * (a + three)) * x;
        x = T.One - t;
        c[2] = (three * (a + two) * x - two * (a + three)) * x;
        x = two - t;
        c[3] = (three * a * x - ten * a) * x + eight * a;
    }

    /// <summary>An integral tap coordinate through the padding (border clip, reflection), then the index or −1 outside.</summary>
    private static int TapIndex<T>(T coord, int size, GridSamplePaddingMode padding, bool alignCorners) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T c = ApplyPadding(coord, size, padding, alignCorners, out _);
        return InBounds(c, size) ? int.CreateTruncating(c) : -1;
    }

    private static bool InBounds<T>(T c, int size) where T : unmanaged, IFloatingPointIeee754<T> =>
        c >= T.Zero && c < T.CreateTruncating(size) && T.IsFinite(c);

    /// <summary>The unnormalised, padded source coordinate along an axis and d(source)/d(grid coordinate).</summary>
    public static T SourceIndex<T>(T coord, int size, GridSamplePaddingMode padding, bool alignCorners, out T derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T c = Unnormalize(coord, size, alignCorners, out T m);
        c = ApplyPadding(c, size, padding, alignCorners, out T mp);
        derivative = m * mp;
        return c;
    }

    private static T Unnormalize<T>(T coord, int size, bool alignCorners, out T derivative) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T one = T.One, two = T.CreateTruncating(2), s = T.CreateTruncating(size);
        if (alignCorners)
        {
            derivative = (s - one) / two;
            return (coord + one) / two * (s - one);
        }
        derivative = s / two;
        return ((coord + one) * s - one) / two;
    }

    private static T ApplyPadding<T>(T c, int size, GridSamplePaddingMode padding, bool alignCorners, out T derivative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        derivative = T.One;
        if (padding == GridSamplePaddingMode.Border)
        {
            c = Clip(c, size, out derivative);
        }
        else if (padding == GridSamplePaddingMode.Reflection)
        {
            c = alignCorners
                ? Reflect(c, T.Zero, T.CreateTruncating(2 * (size - 1)), out T dr)
                : Reflect(c, -T.One, T.CreateTruncating(2 * size - 1), out dr);
            c = Clip(c, size, out T dc);
            derivative = dr * dc;
        }
        // PyTorch's safe_downgrade_to_int_range: a coordinate that cannot be an index reads outside
        if (!T.IsFinite(c) || c > T.CreateTruncating(int.MaxValue - 1) || c < T.CreateTruncating(int.MinValue)) c = T.CreateTruncating(-100);
        return c;
    }

    private static T Clip<T>(T c, int size, out T derivative) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.CreateTruncating(size - 1);
        if (c <= T.Zero)
        {
            derivative = T.Zero;
            return T.Zero;
        }
        if (c >= max)
        {
            derivative = T.Zero;
            return max;
        }
        derivative = T.One;
        return c;
    }

    /// <summary>Reflects <paramref name="c"/> into [twiceLow/2, twiceHigh/2] (PyTorch's <c>reflect_coordinates</c>).</summary>
    private static T Reflect<T>(T c, T twiceLow, T twiceHigh, out T derivative) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (twiceLow == twiceHigh)
        {
            derivative = T.Zero;
            return T.Zero;
        }
        T two = T.CreateTruncating(2);
        T min = twiceLow / two, span = (twiceHigh - twiceLow) / two;
        c -= min;
        T sign = T.One;
        if (c < T.Zero)
        {
            sign = -T.One;
            c = -c;
        }
        T extra = c % span;
        T flips = T.Floor(c / span);
        if (T.IsEvenInteger(flips))
        {
            derivative = sign;
            return extra + min;
        }
        derivative = -sign;
        return span - extra + min;
    }
}
